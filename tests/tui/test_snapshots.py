"""Snapshots of the main screens at 80×24 and 120×40, with Korean content.

After an intended change to a screen: `pytest tests/tui --snapshot-update`, then look at
the report before committing the new SVGs.
"""

from __future__ import annotations

import fsrs
import pytest

from quizapp.deck.queries import find_cards
from quizapp.srs.reviewer import Reviewer
from quizapp.tui.app import QuizApp
from tests.conftest import T0, press, settle

SIZES = [(80, 24), (120, 40)]


def _app(engine) -> QuizApp:
    return QuizApp(engine, clock=lambda: T0, enable_fuzzing=False)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, korean_deck, size):
    assert snap_compare(_app(korean_deck), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_question_side(snap_compare, korean_deck, size):
    async def open_review(pilot) -> None:
        await settle(pilot)
        await press(pilot, "r")

    assert snap_compare(_app(korean_deck), terminal_size=size, run_before=open_review)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_answer_side(snap_compare, korean_deck, size):
    async def reveal(pilot) -> None:
        await settle(pilot)
        await press(pilot, "r")
        await press(pilot, "space")

    assert snap_compare(_app(korean_deck), terminal_size=size, run_before=reveal)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_ordering_card(snap_compare, korean_deck, size):
    reviewer = Reviewer(korean_deck)
    for card, _ in find_cards(korean_deck):
        if card.kind != "ordering":
            reviewer.suspend(card.id)

    async def open_ordering(pilot) -> None:
        await settle(pilot)
        await press(pilot, "r")
        assert pilot.app.screen.card.kind == "ordering"
        await press(pilot, "space")

    assert snap_compare(_app(korean_deck), terminal_size=size, run_before=open_ordering)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_notes(snap_compare, korean_deck, size):
    async def open_notes(pilot) -> None:
        await settle(pilot)
        await press(pilot, "n")

    assert snap_compare(_app(korean_deck), terminal_size=size, run_before=open_notes)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stats_after_a_week_of_reviews(snap_compare, korean_deck, size):
    from datetime import timedelta

    reviewer = Reviewer(korean_deck, enable_fuzzing=False)
    for day in range(7):
        now = T0 - timedelta(days=7 - day)
        for card, _ in find_cards(korean_deck):
            rating = fsrs.Rating.Again if (day + len(card.id)) % 3 == 0 else fsrs.Rating.Good
            reviewer.rate(card.id, rating, now)

    async def open_stats(pilot) -> None:
        await settle(pilot)
        await press(pilot, "s")

    assert snap_compare(_app(korean_deck), terminal_size=size, run_before=open_stats)


def test_stats_weakest_tab(snap_compare, korean_deck):
    reviewer = Reviewer(korean_deck, enable_fuzzing=False)
    for card, _ in find_cards(korean_deck):
        reviewer.rate(card.id, fsrs.Rating.Again, T0)

    async def open_weakest(pilot) -> None:
        await settle(pilot)
        await press(pilot, "s")
        pilot.app.screen.query_one("#tabs").active = "tab-weakest"
        await settle(pilot)

    assert snap_compare(_app(korean_deck), terminal_size=(120, 40), run_before=open_weakest)
