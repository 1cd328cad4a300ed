"""Running `quizapp` in-process as the command tests do."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from quizapp.cli import app

runner = CliRunner()


def run(*args: str) -> Result:
    """`quizapp ARGS…`; an exception escaping the command fails the test with its traceback."""
    return runner.invoke(app, list(args), catch_exceptions=False)
