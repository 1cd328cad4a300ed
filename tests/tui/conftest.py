"""A small Korean deck imported at a fixed time, for Pilot and snapshot tests of the screens."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from quizapp.deck.sync import import_paths
from tests.conftest import T0

FIXTURE_NOTES = Path(__file__).parent / "fixtures" / "notes"


@pytest.fixture
def korean_deck(engine: Engine) -> Engine:
    summary = import_paths(engine, [FIXTURE_NOTES], now=T0)
    assert summary.added > 0 and not summary.problems
    return engine


QUIZ_NOTES = Path(__file__).parent / "fixtures" / "quiz"


@pytest.fixture
def quiz_deck(engine: Engine) -> Engine:
    """A Korean note with every question kind: definitions, a procedure linked to a scenario,
    a "why" question with a rubric, and flow questions."""
    summary = import_paths(engine, [QUIZ_NOTES], now=T0)
    assert summary.added > 0 and not summary.problems
    return engine
