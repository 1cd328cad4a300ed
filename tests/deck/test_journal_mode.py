"""Every connection to a SQLite deck writes through the WAL with synchronous=NORMAL: a
committed rating survives a process crash. The random crash test notices a deck opened
without a journal only now and then; this reads the settings back on each new connection."""

from __future__ import annotations

from pathlib import Path

from quizapp.deck.db import open_database


def test_each_connection_journals_through_the_wal(tmp_path: Path) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'deck.db'}")
    try:
        for _ in range(2):  # a fresh connection each time: the setting is per connection
            with engine.connect() as conn:
                raw = conn.connection.dbapi_connection
                assert raw is not None
                cursor = raw.cursor()
                assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
                assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
                assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
            engine.dispose()
    finally:
        engine.dispose()
