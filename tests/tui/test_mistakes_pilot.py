"""Acting on mistakes: review or quiz the weakest cards from stats, and the wrong answers of
a finished quiz; a filtered session changes only the cards rated in it."""

from __future__ import annotations

from datetime import timedelta

import fsrs
import pytest

from quizapp.deck.queries import find_cards, get_card
from quizapp.i18n import set_language
from quizapp.quiz.settings import QuestionKind, QuizSettings
from quizapp.srs.reviewer import Reviewer
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.review import ReviewScreen
from quizapp.tui.screens.stats import StatsScreen
from tests.conftest import T0, press, settle


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def _missed(engine, make_cards) -> list[str]:
    """Five cards: the first two answered Again yesterday, the rest Good."""
    ids = make_cards(5)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    yesterday = T0 - timedelta(days=1)
    for card_id in ids:
        rating = fsrs.Rating.Again if card_id in ids[:2] else fsrs.Rating.Good
        reviewer.rate(card_id, rating, yesterday)
    return ids


async def test_review_the_weakest_cards_from_stats(engine, make_cards):
    ids = _missed(engine, make_cards)
    untouched = {i: get_card(engine, i).model_dump() for i in ids[2:]}
    app = QuizApp(engine, clock=lambda: T0, enable_fuzzing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, StatsScreen)
        assert set(app.screen.weakest) == set(ids[:2])
        await press(pilot, "r")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        seen = []
        while review.card is not None:
            seen.append(review.card.id)
            await press(pilot, "space", "3")
        assert sorted(seen) == sorted(ids[:2])
    for card_id, before in untouched.items():
        assert get_card(engine, card_id).model_dump() == before


async def test_quiz_the_weakest_cards_from_stats(engine, make_cards):
    ids = _missed(engine, make_cards)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        await press(pilot, "z")
        quiz = app.screen
        assert isinstance(quiz, QuizScreen)
        assert {q.card_id for q in quiz.session.questions} == set(ids[:2])


async def test_after_a_quiz_retry_and_review_what_was_wrong(quiz_deck):
    settings = QuizSettings(kinds=(QuestionKind.CHOICE,), count=2, seed=1, feed_review=False)
    app = QuizApp(quiz_deck, clock=lambda: T0, start="quiz", quiz=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        quiz = app.screen
        first = quiz.question
        wrong = (first.correct_option + 1) % len(first.options)
        await press(pilot, str(wrong + 1))
        await press(pilot, "enter")
        await press(pilot, str(quiz.question.correct_option + 1))
        await press(pilot, "enter")
        assert quiz.stage == "finished"

        await press(pilot, "w")
        retry = app.screen
        assert isinstance(retry, QuizScreen) and retry is not quiz
        assert [q.card_id for q in retry.session.questions] == [first.card_id]

        await press(pilot, "escape")
    # Review from a finished quiz: a filtered session over the wrong card only.
    app = QuizApp(quiz_deck, clock=lambda: T0, start="quiz", quiz=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        quiz = app.screen
        first = quiz.question
        await press(pilot, str((first.correct_option + 1) % len(first.options) + 1))
        await press(pilot, "enter")
        await press(pilot, str(quiz.question.correct_option + 1), "enter")
        await press(pilot, "r")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.card.id == first.card_id
        assert review.reviewer.counts(T0).total == 1
    assert len(find_cards(quiz_deck)) > 1


async def test_a_typed_answer_judged_wrong_can_be_counted_as_right(quiz_deck):
    from sqlmodel import Session, select

    from quizapp.deck.models import QuizAnswer, QuizRun, ReviewLog

    settings = QuizSettings(kinds=(QuestionKind.TYPED,), count=1, seed=1, feed_review=True)
    app = QuizApp(quiz_deck, clock=lambda: T0, start="quiz", quiz=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        quiz = app.screen
        await pilot.click("#typed")
        await pilot.press(*"ESTAB", "enter")  # an abbreviation the matcher does not know
        await settle(pilot)
        assert quiz.stage == "graded" and not quiz.verdict.correct
        with Session(quiz_deck) as session:
            assert len(session.exec(select(ReviewLog)).all()) == 1  # rated Again
        await press(pilot, "a")
        assert quiz.verdict.correct and quiz.verdict.self_graded
    with Session(quiz_deck) as session:
        [answer] = session.exec(select(QuizAnswer)).all()
        assert answer.correct and answer.score == 1.0 and not answer.fed_to_review
        assert session.exec(select(QuizRun)).one().correct == 1
        assert session.exec(select(ReviewLog)).all() == []  # the Again was taken back
