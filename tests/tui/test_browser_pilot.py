"""The card browser in the real app: search, act on a card, undo, review what was found."""

from __future__ import annotations

import pytest

from quizapp.deck.queries import get_card
from quizapp.i18n import set_language
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.browser import BrowserScreen
from quizapp.tui.screens.keys import KeysScreen
from quizapp.tui.screens.review import ReviewScreen
from tests.conftest import T0, card_state, press, settle


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


async def _browser(pilot) -> BrowserScreen:
    await settle(pilot)
    await press(pilot, "c")
    screen = pilot.app.screen
    assert isinstance(screen, BrowserScreen)
    return screen


async def test_search_narrows_the_list(engine, make_cards):
    make_cards(3, deck="네트워크", prefix="n")
    make_cards(2, deck="운영체제", prefix="o")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        browser = await _browser(pilot)
        assert len(browser.rows) == 5
        await pilot.press("slash")
        browser.query_one("#search").value = "deck:운영체제"
        await press(pilot, "enter")
        assert [row.id for row in browser.rows] == ["o000", "o001"]


async def test_suspend_skip_and_undo_from_the_browser(engine, make_cards):
    first, second = make_cards(2)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        browser = await _browser(pilot)
        await press(pilot, "x")
        assert card_state(engine, first).suspended
        assert "suspended" in str(browser.query_one("#cards").get_row_at(0)[0])
        await press(pilot, "down", "k")
        assert get_card(engine, second).skipped
        await press(pilot, "u")
        assert not get_card(engine, second).skipped
        await press(pilot, "u")
        assert not card_state(engine, first).suspended
        # x again on an unsuspended card suspends, and again unsuspends.
        await press(pilot, "up", "x", "x")
        assert not card_state(engine, first).suspended


async def test_undo_outlives_closing_the_browser(engine, make_cards):
    first, _ = make_cards(2)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await _browser(pilot)
        await press(pilot, "x")
        assert card_state(engine, first).suspended
        await press(pilot, "escape")
        await _browser(pilot)  # opened again, later in the same session
        await press(pilot, "u")
        assert not card_state(engine, first).suspended


async def test_review_these_shows_only_the_cards_found(engine, make_cards):
    make_cards(3, deck="네트워크", prefix="n")
    make_cards(2, deck="운영체제", prefix="o")
    app = QuizApp(engine, clock=lambda: T0, enable_fuzzing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await _browser(pilot)
        await press(pilot, "slash", *"o 1", "enter")
        await press(pilot, "r")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.card.id == "o001"
        await press(pilot, "space", "3")
        assert review.card is None and review.finished
        assert card_state(engine, "n000").fsrs_state is None


async def test_question_mark_lists_this_screens_keys_and_escape_closes(engine, make_cards):
    make_cards(1)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await _browser(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, KeysScreen)
        described = dict(app.screen.keys)
        assert described["x"] == "Suspend" and described["k"] == "Skip"
        # The screen's own keys come first, before the table's cursor keys.
        assert app.screen.keys[0] == ("/", "Search")
        assert described["u"] == "Undo"
        await press(pilot, "escape")
        assert isinstance(app.screen, BrowserScreen)


async def test_keys_on_home_start_with_enter_on_the_deck_tree(engine, make_cards):
    make_cards(1)
    for language, review_deck in (("en", "Review deck"), ("ko", "덱 복습")):
        set_language(language)
        app = QuizApp(engine, clock=lambda: T0)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await press(pilot, "question_mark")
            keys = app.screen.keys
            assert keys[0] == ("⏎", review_deck), keys
            # quizapp's keys all come before Textual's own (the tree's cursor keys).
            ours = [k for k, _ in keys].index("q")
            assert all(k not in ("↑", "↓") for k, _ in keys[:ours])
    set_language("en")


async def test_a_search_the_browser_cannot_read_is_said_in_korean(engine, make_cards):
    make_cards(1)
    set_language("ko")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        browser = await _browser(pilot)
        browser.query_one("#search").value = "state:잠김"
        await settle(pilot)
        status = str(browser.query_one("#status").render())
        assert status.startswith("state:잠김 — 다음 중 하나: new, learning"), status
    set_language("en")


async def test_korean_footer_and_keys(engine, make_cards):
    make_cards(1)
    set_language("ko")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await _browser(pilot)
        status = str(app.screen.query_one("#status").render())
        assert "정렬 출처 ↑" in status
        await press(pilot, "full_stop")
        assert "정렬 기한 ↑" in str(app.screen.query_one("#status").render())
        await press(pilot, "question_mark")
        assert dict(app.screen.keys)["x"] == "보류"


async def test_palette_commands_follow_the_language_and_keys_is_ours(engine, make_cards):
    make_cards(1)
    cases = {
        "en": ("Keys", ["Review all decks", "Cards", "Re-import notes"]),
        "ko": ("키", ["모든 덱 복습", "카드", "노트 다시 가져오기"]),
    }
    for language, (keys, expected) in cases.items():
        set_language(language)
        app = QuizApp(engine, clock=lambda: T0)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            commands = list(app.get_system_commands(app.screen))
            titles = [command.title for command in commands]
            assert all(title in titles for title in expected), titles
            # Textual's own half-screen "Keys" panel is replaced by ours.
            [ours] = [c for c in commands if c.title == keys]
            assert language == "en" or "Keys" not in titles
            ours.callback()
            await settle(pilot)
            assert isinstance(app.screen, KeysScreen)
            await press(pilot, "escape")
            assert not isinstance(app.screen, KeysScreen)
