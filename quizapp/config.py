"""Which database to open: `--db` flag > `QUIZAPP_DB` environment > default location."""

from __future__ import annotations

import os

from quizapp import locations

DB_ENV_VAR = "QUIZAPP_DB"


def database_url(flag: str | None = None, environ: dict[str, str] | None = None) -> str:
    """An SQLAlchemy URL for the deck database.

    `flag` and the environment variable may each be a file path or a full SQLAlchemy URL
    (anything containing `://`).
    """
    env = os.environ if environ is None else environ
    chosen = flag or env.get(DB_ENV_VAR) or str(locations.default_database())
    if "://" in chosen:
        return chosen
    return f"sqlite:///{os.path.abspath(os.path.expanduser(chosen))}"
