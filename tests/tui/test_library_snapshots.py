"""Snapshots of the card browser, the deck settings dialog and a filtered review session, at
80×24 and 120×40, in Korean and in English.

After an intended change: `pytest tests/tui/test_library_snapshots.py --snapshot-update`,
then look at the report before committing the new SVGs.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from quizapp.deck.queries import find_cards
from quizapp.i18n import set_language
from quizapp.srs.cards import apply_action
from quizapp.srs.library_model import CardAction
from quizapp.tui.app import QuizApp
from tests.conftest import T0, press, settle

SIZES = [(80, 24), (120, 40)]
LANGUAGES = ["ko", "en"]


@pytest.fixture(params=LANGUAGES)
def language(request):
    set_language(request.param)
    yield request.param
    set_language("en")


def _app(engine) -> QuizApp:
    return QuizApp(engine, clock=lambda: T0, enable_fuzzing=False)


def _suspend_first(engine) -> None:
    card, _ = find_cards(engine)[0]
    apply_action(engine, [card.id], CardAction.SUSPEND, T0)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_browser(snap_compare, korean_deck, language, size):
    _suspend_first(korean_deck)

    async def open_browser(pilot) -> None:
        await settle(pilot)
        await press(pilot, "c")

    assert snap_compare(_app(korean_deck), terminal_size=size, run_before=open_browser)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_deck_settings(snap_compare, korean_deck, language, size):
    async def open_settings(pilot) -> None:
        await settle(pilot)
        await press(pilot, "d")
        # The focused box's cursor blinks: a still one makes the picture the same each run.
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    assert snap_compare(_app(korean_deck), terminal_size=size, run_before=open_settings)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_filtered_review_of_found_cards(snap_compare, korean_deck, language, size):
    async def review_found(pilot) -> None:
        await settle(pilot)
        await press(pilot, "c")
        pilot.app.screen.query_one("#search").value = "UDP"
        await press(pilot, "slash", "enter")
        await press(pilot, "r")

    assert snap_compare(_app(korean_deck), terminal_size=size, run_before=review_found)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_with_limits(snap_compare, korean_deck, language, size):
    assert snap_compare(_app(korean_deck), terminal_size=size, run_before=settle)
