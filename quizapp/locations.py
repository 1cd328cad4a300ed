"""Every on-disk location quizapp uses, one function each."""

from __future__ import annotations

from pathlib import Path

import platformdirs

_PACKAGE_DIR = Path(__file__).resolve().parent


def checkout_root() -> Path | None:
    """The project checkout this package runs from, or None when installed elsewhere.

    A checkout is recognised by the `pyproject.toml` and `content/` beside the package,
    which is what an editable install (the README's commands) looks like.
    """
    root = _PACKAGE_DIR.parent
    if (root / "pyproject.toml").is_file() and (root / "content").is_dir():
        return root
    return None


def bundled_content() -> Path:
    """The notes that ship with quizapp: `content/` in a checkout, packaged copy otherwise."""
    root = checkout_root()
    if root is not None:
        return root / "content"
    return _PACKAGE_DIR / "_bundled_content"


def data_dir() -> Path:
    """Where the database lives by default: `data/` in a checkout, else the user data folder."""
    root = checkout_root()
    if root is not None:
        return root / "data"
    return Path(platformdirs.user_data_dir("quizapp", appauthor=False))


def imported_decks() -> Path:
    """Where decks imported from Anki packages are kept as Markdown notes, a folder each."""
    return data_dir() / "imported"


def default_database() -> Path:
    """The SQLite file used when neither `--db` nor `QUIZAPP_DB` names another."""
    return data_dir() / "quizapp.db"
