"""What the command tests share: a folder of notes and a deck path, both in `tmp_path`.

A test module says what its notes hold with a module-level `NOTE` (one Markdown file).
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def notes(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A notes folder (its name has a space, as users' folders do) with the module's NOTE."""
    folder = tmp_path / "my notes"
    folder.mkdir()
    (folder / "tcp.md").write_text(request.module.NOTE, encoding="utf-8")
    return folder


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A deck file that does not exist yet."""
    return str(tmp_path / "mine.db")
