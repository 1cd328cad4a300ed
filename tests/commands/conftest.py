"""What the command tests share: a folder of notes and a deck path, both in `tmp_path`.

A test module says what its notes hold with a module-level `NOTE` (one Markdown file).
"""

from __future__ import annotations

from datetime import datetime, tzinfo
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


@pytest.fixture
def cli_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The moment the in-process `quizapp` commands take for now: noon today, local time,
    far from the 04:00 day rollover. A test that dates reviews from it sees the same days
    as the command, whenever the suite runs (with the real clock, a run across 04:00 moved
    the command's "today" away from the test's)."""
    import quizapp.cli

    fixed = datetime.now().astimezone().replace(hour=12, minute=0, second=0, microsecond=0)

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> datetime:
            return fixed if tz is None else fixed.astimezone(tz)

    monkeypatch.setattr(quizapp.cli, "datetime", Frozen)
    return fixed
