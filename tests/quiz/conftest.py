"""Quiz fixtures: the analyser (loaded once per test process) and the bundled rubrics."""

from __future__ import annotations

from functools import cache

import pytest

from quizapp.locations import bundled_content
from quizapp.notes import read_note
from quizapp.notes.rubric import Rubric
from quizapp.quiz.analyser import Analyser, load_analyser


@pytest.fixture(scope="session")
def analyser() -> Analyser:
    return load_analyser()


@cache
def bundled_rubrics() -> dict[str, Rubric]:
    """The rubric of every bundled card that has one, by card id."""
    root = bundled_content()
    rubrics = {}
    for path in sorted(root.rglob("*.md")):
        for card in read_note(path, root).cards:
            if card.explicit_id and card.extra.get("rubric"):
                rubrics[card.explicit_id] = Rubric.from_json(card.extra["rubric"])
    return rubrics
