"""Alembic migrations: one history for SQLite and PostgreSQL, pre-Alembic decks stamped."""

from __future__ import annotations

import json
import sys

import fsrs
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel
from typer.testing import CliRunner

from quizapp import exit_codes
from quizapp.cli import app
from quizapp.deck import db as deck_db
from quizapp.deck.db import HEAD, DatabaseError, make_engine, open_database
from quizapp.deck.models import SCHEMA_VERSION
from quizapp.srs.deck_settings import get_deck_settings


def _scripts() -> ScriptDirectory:
    config = deck_db._alembic_config(None)  # type: ignore[arg-type]
    return ScriptDirectory.from_config(config)


def test_the_migrations_are_one_linear_history_ending_at_the_schema_version():
    scripts = _scripts()
    assert scripts.get_heads() == [HEAD] == [f"{SCHEMA_VERSION:04d}"]
    chain = [rev.revision for rev in scripts.walk_revisions()]
    assert chain == [f"{n:04d}" for n in range(SCHEMA_VERSION, 0, -1)]


def test_a_new_database_has_every_table_and_column_of_the_models(engine):
    inspector = inspect(engine)
    for table in SQLModel.metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD


def _pre_alembic_deck(url: str, version: int) -> None:
    """A deck as quizapp wrote it before Alembic: schema `version`, no alembic_version."""
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(deck_db._alembic_config(conn), f"{version:04d}")
        conn.execute(text("DROP TABLE alembic_version"))
        conn.execute(
            text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": str(version)}
        )
        conn.execute(
            text(
                "INSERT INTO deck (id, name, new_per_day, reviews_per_day, desired_retention) "
                "VALUES (7, '운영체제', 15, 150, 0.85)"
            )
        )
    engine.dispose()


def test_a_schema_4_deck_made_before_alembic_is_stamped_and_upgraded_not_recreated(db_url):
    _pre_alembic_deck(db_url, 4)

    engine = open_database(db_url)

    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        deck = conn.execute(text("SELECT name, new_per_day FROM deck WHERE id = 7")).one()
        version = conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'"))
        assert version.scalar() == str(SCHEMA_VERSION)
    assert tuple(deck) == ("운영체제", 15)
    engine.dispose()


def test_a_database_at_an_unknown_newer_revision_is_refused(db_url):
    open_database(db_url).dispose()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()

    with pytest.raises(DatabaseError, match="newer quizapp") as caught:
        open_database(db_url)
    assert "revision 9999" in str(caught.value)


def test_a_missing_driver_names_the_package_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg raises ImportError
    url = "postgresql://quiz@/study?host=/nonexistent"
    with pytest.raises(DatabaseError, match=r"pip install 'quizapp\[postgres\]'"):
        make_engine(url)

    result = CliRunner().invoke(app, ["cards", "--db", url])

    assert result.exit_code == exit_codes.CONTENT_PROBLEMS
    assert "pip install 'quizapp[postgres]'" in result.stderr


@pytest.mark.parametrize(
    ("url", "module", "advice"),
    [
        ("postgresql+psycopg2://quiz@/study", "psycopg2", "pip install psycopg2-binary, or"),
        ("mysql://quiz@localhost/study", "MySQLdb", "pip install mysqlclient"),
    ],
)
def test_the_advice_for_a_missing_driver_is_a_command_that_works(monkeypatch, url, module, advice):
    monkeypatch.setitem(sys.modules, module, None)
    result = CliRunner().invoke(app, ["cards", "--db", url])
    assert result.exit_code == exit_codes.CONTENT_PROBLEMS
    message = " ".join(result.stderr.split())
    assert f"needs the {module} driver, which is not installed: {advice}" in message
    assert "'psycopg2-binary (" not in message and "'MySQLdb'" not in message
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an ImportError


def test_schema_6_gives_a_decks_fitted_parameters_to_its_owner(db_url):
    """Before schema 6 a deck's fitted FSRS weights were its one user's; they stay theirs."""
    fitted = [round(w * 1.05, 4) for w in fsrs.Scheduler().parameters]
    _pre_alembic_deck(db_url, 5)
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE deck SET fsrs_parameters = :p"), {"p": json.dumps(fitted)})
        owner = conn.execute(text("SELECT name FROM deckuser WHERE role = 'owner'")).scalar()
    engine.dispose()

    engine = open_database(db_url)

    with engine.connect() as conn:
        assert conn.execute(text("SELECT fsrs_parameters FROM deck")).scalar() is None
    assert get_deck_settings(engine, "운영체제", user=owner).fsrs_parameters == tuple(fitted)
    assert get_deck_settings(engine, "운영체제", user="새 멤버").fsrs_parameters is None
    # The deck's own defaults are untouched.
    assert get_deck_settings(engine, "운영체제", user=owner).new_per_day == 15
    engine.dispose()
