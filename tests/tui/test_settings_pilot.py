"""Deck settings from the home screen: the dialog saves them, review and home honour them."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input, Static

from quizapp.deck.users import USER_ENV, set_role
from quizapp.i18n import set_language
from quizapp.srs.deck_settings import get_deck_settings
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.deck_settings import DeckSettingsScreen
from quizapp.tui.screens.home import HomeScreen
from tests.conftest import T0, press, settle


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


async def test_settings_dialog_saves_and_home_explains_the_limit(engine, make_cards):
    make_cards(30, deck="네트워크")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        limits = str(app.screen.query_one("#limits", Static).render())
        assert "10 of 30 new cards wait for later days" in limits
        await press(pilot, "d")
        dialog = app.screen
        assert isinstance(dialog, DeckSettingsScreen)
        dialog.query_one("#new-per-day", Input).value = "5"
        dialog.query_one("#steps", Input).value = "2m 15m 1h"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=3)
        assert isinstance(app.screen, HomeScreen)
        settings = get_deck_settings(engine, "네트워크")
        assert settings.new_per_day == 5 and len(settings.learning_steps) == 3
        await settle(pilot)
        limits = str(app.screen.query_one("#limits", Static).render())
        assert "new 5/day" in limits and "25 of 30" in limits


async def test_a_bad_value_is_named_and_nothing_is_saved(engine, make_cards):
    make_cards(3, deck="네트워크")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        dialog = app.screen
        dialog.query_one("#retention", Input).value = "1.5"
        await press(pilot, "ctrl+s")
        assert app.screen is dialog
        assert "retention" in str(dialog.query_one("#settings-error", Static).render())
        await press(pilot, "escape")
        assert get_deck_settings(engine, "네트워크").desired_retention == 0.9


async def test_the_dialog_saves_what_changed_as_your_own_or_as_the_owners_defaults(
    engine, make_cards, monkeypatch
):
    make_cards(3, deck="네트워크")
    set_role(engine, None, "하윤", "member")
    monkeypatch.setenv(USER_ENV, "하윤")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        dialog = app.screen
        assert not dialog.query_one("#as-default", Checkbox).display  # members have none
        dialog.query_one("#retention", Input).value = "0.85"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=3)
    mine = get_deck_settings(engine, "네트워크", user="하윤")
    assert mine.desired_retention == 0.85 and mine.own == {"desired_retention"}
    assert get_deck_settings(engine, "네트워크", user="서준").desired_retention == 0.9

    monkeypatch.delenv(USER_ENV)  # the login name: the deck's owner
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        dialog = app.screen
        box = dialog.query_one("#as-default", Checkbox)
        assert box.display
        box.value = True
        dialog.query_one("#new-per-day", Input).value = "12"
        await pilot.press("ctrl+s")
        await settle(pilot, rounds=3)
    # Everyone without their own new-card limit follows the owner's new default.
    assert get_deck_settings(engine, "네트워크", user="하윤").new_per_day == 12
    assert get_deck_settings(engine, "네트워크", user="하윤").desired_retention == 0.85
    assert get_deck_settings(engine, "네트워크").own == frozenset()


async def test_a_bad_value_is_named_in_korean_in_the_korean_app(engine, make_cards):
    make_cards(3, deck="네트워크")
    set_language("ko")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "d")
        dialog = app.screen
        dialog.query_one("#retention", Input).value = "1.5"
        await press(pilot, "ctrl+s")
        shown = str(dialog.query_one("#settings-error", Static).render())
        assert shown == "목표 기억률은 0.70–0.99 (1.5 아님)"
        dialog.query_one("#retention", Input).value = "0.9"
        dialog.query_one("#steps", Input).value = "1m 10분"
        await press(pilot, "ctrl+s")
        shown = str(dialog.query_one("#settings-error", Static).render())
        assert shown == "학습 단계 '10분': 1m, 10m, 1h, 1d 처럼 쓰세요"
