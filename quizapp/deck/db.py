"""Opening the deck database: engine, SQLite pragmas, Alembic migrations, read-only checks.

SQLite and PostgreSQL are both first class; what differs between them is in
`quizapp.deck.dialect`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, case, event, func, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, create_engine

from quizapp.deck.dialect import (
    DRIVER_PACKAGES,
    EXCLUSIVE,
    SHARED,
    WRITE_OPTION,
    begin_reader,
    begin_writer,
    one_statement_reads,
    read_only_probe,
    with_default_driver,
)
from quizapp.deck.models import SCHEMA_VERSION, Meta

BUSY_TIMEOUT_MS = 30_000
"""How long a writer waits for another process's transaction before giving up."""

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = f"{SCHEMA_VERSION:04d}"
"""The Alembic revision of the current schema: revision `000N` is schema version N."""


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


def _begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(WRITE_OPTION)
    if mode:
        begin_writer(conn, mode)
    else:
        begin_reader(conn)


def writer(engine: Engine, *, shared: bool = False) -> Engine:
    """The same engine, for sessions that write.

    Exclusive writers (imports, restores, settings) run one at a time; shared writers
    (ratings, quiz answers) run together on PostgreSQL and lock the rows they change.
    On SQLite every writer holds the file's write lock.
    """
    return engine.execution_options(**{WRITE_OPTION: SHARED if shared else EXCLUSIVE})


def reader(engine: Engine) -> Engine:
    """The same engine, for reads of one statement at a time that should cost one round trip
    (see `dialect.one_statement_reads`). Statements read through one of its connections do
    not share a snapshot on PostgreSQL."""
    return engine.execution_options(**one_statement_reads(engine.dialect.name))


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
    """An engine for `url`: SQLite tuned for one user and several processes, or PostgreSQL.

    The folder of a plain database path is created; a `file:` URI's is not (it may say
    `mode=ro`, and SQLite would read `file:` as a folder name). A URL whose driver is not
    installed raises DatabaseError naming the package to install.
    """
    url = with_default_driver(url)
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    try:
        parsed.get_dialect().import_dbapi()
    except ImportError as exc:
        module = (exc.name or "").split(".")[0]
        how = DRIVER_PACKAGES.get(module, f"install the Python package that provides {module}")
        raise DatabaseError(
            f"{parsed.drivername} needs the {module or 'database'} driver, which is not "
            f"installed: {how}"
        ) from exc
    file = sqlite_file(url)
    if file is not None and parsed.query.get("uri") != "true":
        file.parent.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "isolation_level": None}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url)
    event.listen(engine, "begin", _begin)
    return engine


def schema_version(conn: Connection) -> int | None:
    """The schema version the database says it has (the `meta` row every version writes)."""
    if not inspect(conn).has_table("meta"):
        return None
    row = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).first()
    return int(row[0]) if row else None


def _alembic_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_config(conn: Connection) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """One exclusive transaction for a whole upgrade; SQLite's foreign keys are off during it.

    SQLite changes a table's columns by copying it, which foreign keys would refuse; they
    can only be switched off outside a transaction, and are checked again before commit.
    """
    with writer(engine).connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
        try:
            with conn.begin():
                yield conn
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise DatabaseError(f"the upgrade broke a reference: {tuple(broken)}")
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]


def ensure_schema(engine: Engine) -> None:
    """Create the tables in a new database, or upgrade an older one in place (Alembic).

    A database written before quizapp used Alembic has only `meta.schema_version`: it is
    stamped with the matching revision and upgraded from there, never recreated. A database
    at the head revision costs one query.
    """
    with engine.connect() as conn:
        if _alembic_revision(conn) == HEAD and schema_version(conn) == SCHEMA_VERSION:
            return
    from alembic import command
    from alembic.script import ScriptDirectory

    with _migrating(engine) as conn:
        revision = _alembic_revision(conn)
        version = schema_version(conn)
        if version is not None and version > SCHEMA_VERSION:
            raise _newer(f"schema {version}")
        config = _alembic_config(conn)
        if revision is not None:
            known = {rev.revision for rev in ScriptDirectory.from_config(config).walk_revisions()}
            if revision not in known:
                raise _newer(f"revision {revision}")
        elif version is not None:
            command.stamp(config, f"{version:04d}")
        command.upgrade(config, "head")
        if version is None:
            conn.execute(
                text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"),
                {"v": str(SCHEMA_VERSION)},
            )
        else:
            # Kept for quizapp versions before Alembic: they refuse a newer file by it.
            conn.execute(
                text("UPDATE meta SET value = :v WHERE key = 'schema_version'"),
                {"v": str(SCHEMA_VERSION)},
            )


def _newer(what: str) -> DatabaseError:
    return DatabaseError(
        f"the database was written by a newer quizapp ({what}, this one knows schema "
        f"{SCHEMA_VERSION}); upgrade quizapp to open it"
    )


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
    except DatabaseError:
        engine.dispose()
        raise
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
    reason = str(error).strip()
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
    shown = make_url(with_default_driver(url)).render_as_string(hide_password=True)
    return f"cannot open the database {shown}: {reason}"


def read_only_reason(engine: Engine) -> str | None:
    """Why nothing can be saved in this deck (a read-only file or server), or None if it can."""
    from sqlalchemy.exc import DBAPIError

    try:
        with writer(engine).begin() as conn:
            read_only_probe(conn)
    except DBAPIError as exc:
        return str(exc.orig)
    except PermissionError as exc:
        return str(exc)
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
