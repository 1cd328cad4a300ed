"""Opening the deck database: engine, SQLite pragmas, schema creation and in-place upgrades."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, case, event, func, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, create_engine

from quizapp.deck.models import SCHEMA_VERSION, Meta

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another process's transaction before giving up."""


class DatabaseError(Exception):
    """The database cannot be opened or used (unreachable, read-only, newer schema)."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while a review or an import writes; NORMAL keeps every committed
    # transaction through a process crash (the WAL is fsynced at checkpoints), and never
    # corrupts the file.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _begin(conn: Any) -> None:
    # A writing transaction takes the write lock when it starts, not at its first write:
    # two processes that both read then write would otherwise deadlock, and SQLite answers
    # one of them "database is locked" at once instead of waiting for the busy timeout.
    # Readers begin deferred, so in WAL mode they never wait for a writer.
    immediate = conn.get_execution_options().get(WRITE_OPTION, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


WRITE_OPTION = "quizapp_write"


def writer(engine: Engine) -> Engine:
    """The same engine, for sessions that write: their transactions begin IMMEDIATE."""
    return engine.execution_options(**{WRITE_OPTION: True})


def sqlite_file(url: str) -> Path | None:
    """The file an SQLite URL names (also as a `file:` URI), or None (memory, other backends)."""
    parsed = make_url(url)
    name = parsed.database
    if parsed.get_backend_name() != "sqlite" or not name or name == ":memory:":
        return None
    if parsed.query.get("uri") == "true":
        if not name.startswith("file:") or "mode=memory" in str(parsed.query.get("mode")):
            return None
        name = name.removeprefix("file:").removeprefix("//")
        if not name or name.startswith(":memory:"):
            return None
    return Path(name)


def make_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite tuned for one user and several processes.

    The folder of a plain database path is created; a `file:` URI's is not (it may say
    `mode=ro`, and SQLite would read `file:` as a folder name).
    """
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    file = sqlite_file(url)
    if file is not None and parsed.query.get("uri") != "true":
        file.parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "isolation_level": None}
        if is_sqlite
        else {},
    )
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin)
    return engine


def _add_note_problems(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE note ADD COLUMN problems_json TEXT NOT NULL DEFAULT '[]'"))
    conn.execute(text("CREATE INDEX ix_note_path ON note (path)"))
    # Problems are only known once a note is parsed: make the next import parse every
    # file again instead of skipping unchanged ones.
    conn.execute(text("DELETE FROM meta WHERE key = 'import_rules_version'"))


def _add_quiz_results(conn: Connection) -> None:
    from quizapp.deck.models import QuizAnswer, QuizRun

    for model in (QuizRun, QuizAnswer):
        model.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]


def _add_library(conn: Connection) -> None:
    from quizapp.deck.models import Source

    Source.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]
    conn.execute(text("ALTER TABLE card ADD COLUMN skipped BOOLEAN DEFAULT 0 NOT NULL"))
    conn.execute(text("ALTER TABLE deck ADD COLUMN learning_steps TEXT"))


# Upgrades from version N to N+1; `ensure_schema` runs them in order in one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {
    1: _add_note_problems,
    2: _add_quiz_results,
    3: _add_library,
}


def schema_version(conn: Connection) -> int | None:
    if not inspect(conn).has_table("meta"):
        return None
    row = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    return int(row[0]) if row else None


def ensure_schema(engine: Engine) -> None:
    """Create the tables in a new database, or upgrade an older one in place."""
    with writer(engine).begin() as conn:
        version = schema_version(conn)
        if version is None:
            SQLModel.metadata.create_all(conn)
            conn.execute(
                text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"),
                {"v": str(SCHEMA_VERSION)},
            )
            return
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"the database was written by a newer quizapp (schema {version}, "
                f"this one knows {SCHEMA_VERSION}); upgrade quizapp to open it"
            )
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
            conn.execute(
                text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
                {"v": str(version)},
            )
        # Tables added by this version but unknown to the old file are created empty.
        SQLModel.metadata.create_all(conn)


def open_database(url: str) -> Engine:
    """An engine on an up-to-date schema; raises DatabaseError with a readable reason.

    A read-only deck with a current schema opens (it can be read); `read_only_reason`
    tells callers that mean to write.
    """
    from sqlalchemy.exc import ArgumentError, DBAPIError

    file = None
    try:
        file = sqlite_file(url)
        if file is not None:
            _refuse_foreign(file)
        engine = make_engine(url)
    except ArgumentError as exc:
        raise DatabaseError(f"not a database path or URL: {url} ({exc})") from exc
    except OSError as exc:
        # Only a plain file path gets its folder made, so `file` is set here.
        reason = f"cannot create the folder {exc.filename}: {exc.strerror or exc}"
        if isinstance(exc, FileExistsError | NotADirectoryError):
            reason = f"{exc.filename} is a file, not a folder"
        raise DatabaseError(f"cannot create the deck {file}: {reason}") from exc
    try:
        ensure_schema(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise DatabaseError(_describe(url, file, exc.orig)) from exc
    return engine


def _refuse_foreign(file: Path) -> None:
    """Raise DatabaseError, before anything touches `file`, when it is an SQLite database
    that is not a quizapp deck: tables but no `meta` (an Anki collection, say). Opening it
    would add our tables and switch it to WAL, changing someone else's file."""
    import sqlite3
    from urllib.parse import quote

    try:
        if not file.is_file() or file.stat().st_size == 0:
            return
        uri = f"file:{quote(str(file.resolve()))}?mode=ro"
        connection = sqlite3.connect(uri, uri=True)
    except (OSError, sqlite3.Error):
        return
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    except sqlite3.Error:
        return  # not a database at all: `_describe` says so when it is opened
    finally:
        connection.close()
    if tables and "meta" not in tables:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise DatabaseError(
            f"{file} is an SQLite database but not a quizapp deck (it holds {shown}); "
            "it was left untouched: give --db a new file or an existing deck"
        )


def _describe(url: str, file: Path | None, error: BaseException | None) -> str:
    """What went wrong opening the deck, in the user's terms (the file, not SQLite's codes)."""
    reason = str(error)
    if file is not None:
        if file.is_dir():
            return f"cannot open the deck {file}: it is a folder, not a database file"
        if not file.parent.is_dir():
            return f"cannot open the deck {file}: the folder {file.parent} does not exist"
        if "readonly" in reason:
            return f"cannot open the deck {file}: it is read-only and needs an upgrade ({reason})"
        if "not a database" in reason:
            return f"cannot open the deck {file}: it is not a quizapp database ({reason})"
        return f"cannot open the deck {file}: {reason}"
    return f"cannot open the database {url}: {reason}"


def read_only_reason(engine: Engine) -> str | None:
    """Why nothing can be saved in this deck (a read-only file or URL), or None if it can.

    SQLite opens a file it may not write read-only without a word and only fails at the
    first write; this tries one that changes nothing.
    """
    from sqlalchemy.exc import DBAPIError

    try:
        with writer(engine).begin() as conn:
            conn.execute(text("UPDATE meta SET value = value WHERE 0"))
    except DBAPIError as exc:
        return str(exc.orig)
    return None


def get_meta(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return row.value if row else None


def set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """SQL for "how many rows of the group meet `condition`" (0, not NULL, for none)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
