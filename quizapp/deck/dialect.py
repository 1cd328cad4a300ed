"""The one place where SQLite and PostgreSQL differ: SQL functions, write locks, read-only probes.

Everything else in quizapp writes portable SQLAlchemy; what cannot be portable is a construct
here, compiled per dialect, so a new dialect is one more `@compiles` per construct.
"""

from __future__ import annotations

import zlib
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

WRITE_OPTION = "quizapp_write"
"""Execution option of writing connections: "exclusive" or "shared" (see `begin_writer`)."""

EXCLUSIVE = "exclusive"
SHARED = "shared"

DECK_LOCK_KEY = zlib.crc32(b"quizapp deck writer")
"""PostgreSQL advisory lock that plays the part of SQLite's database write lock.

Advisory locks are scoped to the current database, so two decks on one server never wait
for each other.
"""


class study_day(FunctionElement[str]):
    """`YYYY-MM-DD` of a stored UTC time moved by `minutes` (the zone offset less the rollover).

    `study_day(ReviewLog.reviewed_at, -240 + 540)` is the local study day of each review.
    """

    type = String()
    inherit_cache = True

    def __init__(self, column: Any, minutes: int) -> None:
        self.minutes = int(minutes)
        super().__init__(column)


@compiles(study_day, "sqlite")
def _study_day_sqlite(element: study_day, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"date({column}, '{element.minutes:+d} minutes')"


@compiles(study_day, "postgresql")
def _study_day_postgresql(element: study_day, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.clauses, **kw)
    return f"to_char({column} + interval '{element.minutes:d} minutes', 'YYYY-MM-DD')"


def begin_writer(conn: Connection, mode: str) -> None:
    """Start a writing transaction so that writers queue instead of failing.

    SQLite: `BEGIN IMMEDIATE` takes the file's write lock at once (two processes that both
    read then write would otherwise deadlock, and SQLite answers one "database is locked").
    PostgreSQL: rows are locked where they are changed (`SELECT … FOR UPDATE`); on top of
    that, an exclusive writer (an import, a restore, settings) holds the deck's advisory
    lock alone, while shared writers (ratings, quiz answers) hold it together, so an import
    never interleaves with a rating and ratings never wait for each other.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    if conn.dialect.name == "postgresql":
        function = "pg_advisory_xact_lock_shared" if mode == SHARED else "pg_advisory_xact_lock"
        conn.exec_driver_sql(f"SELECT {function}({DECK_LOCK_KEY})")


def insert_or_lock(dialect_name: str, model: type, values: dict[str, Any], touch: str) -> Any:
    """`INSERT … ON CONFLICT (key) DO UPDATE SET touch = touch`: the row, made if missing and
    locked until the commit, in one statement; add `.returning(…)` to read it in the same
    round trip. `model` is an ORM class, so that `.returning(model)` gives its objects.

    On PostgreSQL the conflicting row is locked and updated in place (a no-op update), so
    two processes making or changing the same row at once (a user's first rating of a card
    from two sessions) queue, and the second reads the first one's committed values, as a
    `SELECT … FOR UPDATE` would. On SQLite the transaction holds the write lock already.
    """
    if dialect_name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = model.__table__  # type: ignore[attr-defined]
    return (
        insert(model)
        .values(**values)
        .on_conflict_do_update(
            index_elements=list(table.primary_key.columns), set_={touch: table.c[touch]}
        )
    )


def begin_reader(conn: Connection) -> None:
    """Start a reading transaction: deferred on SQLite (WAL readers never wait)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")


def one_statement_reads(dialect_name: str) -> dict[str, Any]:
    """Execution options of connections that read one statement at a time (the review queue).

    PostgreSQL: autocommit, so the statement is one round trip, without a `BEGIN` before it
    and a `ROLLBACK` after it, and psycopg keeps the statements it has prepared (a
    `ROLLBACK` makes it drop them). SQLite: none; it runs in-process, so its deferred `BEGIN`
    (`begin_reader`) costs no round trip.
    """
    return {"isolation_level": "AUTOCOMMIT"} if dialect_name == "postgresql" else {}


def read_only_probe(conn: Connection) -> None:
    """Raise the database's own error if nothing may be written through this connection."""
    if conn.dialect.name == "postgresql":
        if conn.exec_driver_sql("SHOW transaction_read_only").scalar() == "on":
            raise PermissionError("the server only allows reading (transaction_read_only)")
        return
    # SQLite opens a file it may not write read-only without a word and only fails at the
    # first write; this one changes nothing.
    conn.exec_driver_sql("UPDATE meta SET value = value WHERE 0 = 1")


DRIVER_PACKAGES = {
    "psycopg": "pip install 'quizapp[postgres]'",
    "psycopg2": "pip install psycopg2-binary, or write postgresql+psycopg:// and "
    "pip install 'quizapp[postgres]'",
    "pymysql": "pip install pymysql",
    "MySQLdb": "pip install mysqlclient",
}
"""How to install the DBAPI module a URL asks for (the pip package is not always named
after the module: MySQLdb comes in mysqlclient)."""

DEFAULT_DRIVERS = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}
"""URL schemes without a driver, and the driver quizapp installs for them."""


def with_default_driver(url: str) -> str:
    """`postgresql://…` → `postgresql+psycopg://…` (SQLAlchemy would pick psycopg2)."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme in DEFAULT_DRIVERS:
        return f"{DEFAULT_DRIVERS[scheme]}://{rest}"
    return url
