"""Moving a deck between engines: `export -f json` from one, `import` into the other."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizapp import exit_codes
from quizapp.cli import app
from quizapp.deck.db import open_database
from quizapp.deck.sync import import_paths
from tests.conftest import POSTGRES_ENV, T0, fresh_postgres_database
from tests.export.conftest import FIXTURE_NOTES
from tests.export.test_json import snapshot, study

runner = CliRunner()


@pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason="needs a PostgreSQL server")
def test_a_deck_moves_to_the_other_engine_and_back_keeping_every_field(
    engine, db_url, backend, tmp_path: Path, request: pytest.FixtureRequest
):
    import_paths(engine, [FIXTURE_NOTES], now=T0)
    study(engine, days=4)
    if backend == "sqlite":
        other, drop = fresh_postgres_database(request.getfixturevalue("postgres_admin"))
        request.addfinalizer(drop)
    else:
        other = f"sqlite:///{tmp_path / 'moved.db'}"
    backup = tmp_path / "backup.json"

    exported = runner.invoke(app, ["export", "-f", "json", "-o", str(backup), "--db", db_url])
    imported = runner.invoke(app, ["import", str(backup), "--db", other])

    assert exported.exit_code == exit_codes.OK, exported.output
    # The notes' folder is not a source of the other deck: restored, with that one warning.
    assert imported.exit_code == exit_codes.CONTENT_PROBLEMS, imported.output
    assert "is not imported on this machine" in imported.stderr
    assert "errors 0, warnings 1" in imported.stdout
    moved = open_database(other)
    try:
        original = snapshot(engine)
        assert len(original["reviews"]) > 20
        assert snapshot(moved) == original
        # And back again into a copy of itself: nothing is added twice.
        back = tmp_path / "back.json"
        runner.invoke(app, ["export", "-f", "json", "-o", str(back), "--db", other])
        again = runner.invoke(app, ["import", str(back), "--db", db_url])
        assert "added 0" in again.stdout
        assert snapshot(engine) == original
    finally:
        moved.dispose()
