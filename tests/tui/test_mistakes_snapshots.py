"""Snapshots of the filtered sessions made from mistakes, at 80×24 and 120×40, in Korean and
in English: the weakest cards from statistics reviewed now, and a quiz again on what a
finished quiz got wrong.

After an intended change: `pytest tests/tui/test_mistakes_snapshots.py --snapshot-update`,
then look at the report before committing the new SVGs.
"""

from __future__ import annotations

from datetime import timedelta

import fsrs
import pytest

from quizapp.deck.queries import find_cards
from quizapp.i18n import set_language
from quizapp.quiz.settings import QuestionKind, QuizSettings
from quizapp.srs.reviewer import Reviewer
from quizapp.tui.app import QuizApp
from tests.conftest import T0, press, settle

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(params=["ko", "en"])
def language(request):
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_of_the_weakest_cards(snap_compare, korean_deck, language, size):
    reviewer = Reviewer(korean_deck, enable_fuzzing=False)
    forgotten = [card.id for card, _ in find_cards(korean_deck)][:2]
    for card_id in forgotten:
        reviewer.rate(card_id, fsrs.Rating.Again, T0 - timedelta(days=2))

    async def review_weakest(pilot) -> None:
        await settle(pilot)
        await press(pilot, "s")
        await press(pilot, "r")

    app = QuizApp(korean_deck, clock=lambda: T0, enable_fuzzing=False)
    assert snap_compare(app, terminal_size=size, run_before=review_weakest)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_quiz_again_on_what_was_wrong(snap_compare, quiz_deck, language, size):
    async def retry_wrong(pilot) -> None:
        await settle(pilot)
        quiz = pilot.app.screen
        first = quiz.question
        await press(pilot, str((first.correct_option + 1) % len(first.options) + 1), "enter")
        await press(pilot, str(quiz.question.correct_option + 1), "enter")
        await press(pilot, "w")

    settings = QuizSettings(kinds=(QuestionKind.CHOICE,), count=2, seed=1, feed_review=False)
    app = QuizApp(quiz_deck, clock=lambda: T0, start="quiz", quiz=settings)
    assert snap_compare(app, terminal_size=size, run_before=retry_wrong)
