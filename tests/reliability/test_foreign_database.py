"""A database that is not a quizapp deck is refused and left byte for byte as it was."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizapp import exit_codes
from quizapp.cli import app
from quizapp.deck.db import DatabaseError, open_database

runner = CliRunner()


def anki_collection(path: Path) -> Path:
    """An SQLite file shaped like an Anki collection: tables, but no `meta`."""
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE col (id INTEGER PRIMARY KEY, crt INTEGER, models TEXT, decks TEXT);"
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, guid TEXT, flds TEXT);"
        "CREATE TABLE cards (id INTEGER PRIMARY KEY, nid INTEGER);"
        "INSERT INTO col VALUES (1, 1700000000, '{}', '{}');"
        "INSERT INTO notes VALUES (1, 'g', 'TCP란?\x1f연결 지향');"
    )
    db.commit()
    db.close()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", [["cards"], ["stats"], ["orphans"], ["import", "NOTES"]])
def test_a_foreign_sqlite_file_is_refused_untouched_by_every_command(tmp_path, command):
    foreign = anki_collection(tmp_path / "collection.anki2")
    before = digest(foreign)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "tcp.md").write_text("#### Q. SYN?\n\nA. 연결 요청\n", encoding="utf-8")
    args = [str(notes) if arg == "NOTES" else arg for arg in command]
    result = runner.invoke(app, [*args, "--db", str(foreign)], catch_exceptions=False)
    assert result.exit_code == exit_codes.CONTENT_PROBLEMS
    assert "is an SQLite database but not a quizapp deck (it holds cards, col, notes)" in (
        result.stderr
    )
    assert "left untouched" in result.stderr
    assert digest(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["collection.anki2", "notes"]


def test_an_empty_file_and_a_real_deck_still_open(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    open_database(f"sqlite:///{empty}").dispose()
    open_database(f"sqlite:///{empty}").dispose()  # now a deck: opens again
    with pytest.raises(DatabaseError, match="not a quizapp deck"):
        open_database(f"sqlite:///{anki_collection(tmp_path / 'c.anki2')}")


def test_import_of_a_missing_path_creates_no_database(tmp_path):
    deck = tmp_path / "deck.db"
    result = runner.invoke(app, ["import", str(tmp_path / "missing"), "--db", str(deck)])
    assert result.exit_code == exit_codes.USAGE
    assert "missing: no such file or folder" in result.stderr
    assert not deck.exists()
