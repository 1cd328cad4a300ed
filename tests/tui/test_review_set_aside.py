"""In review, a bad card can be skipped (`k`, as in the card browser), and `u` takes back
a suspend, bury or skip of this session as it takes back a rating (issue 14)."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from quizapp.deck.models import Card
from quizapp.i18n import set_language
from quizapp.tui.app import QuizApp
from tests.conftest import T0, card_state, press, settle, toasts


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def _skipped(engine, card_id: str) -> bool:
    with Session(engine) as session:
        card = session.get(Card, card_id)
        assert card is not None
        return card.skipped


async def test_k_skips_the_card_and_u_brings_it_back(engine, make_cards):
    ids = make_cards(3)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        await press(pilot, "k")
        assert _skipped(engine, ids[0])
        assert app.screen.card.id == ids[1]
        assert "1 card(s) skipped (never shown) · u undoes" in toasts(app)
        await press(pilot, "u")
        assert not _skipped(engine, ids[0])
        assert app.screen.card.id == ids[0]


async def test_u_undoes_set_asides_and_ratings_last_first(engine, make_cards):
    ids = make_cards(3)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        await press(pilot, "space", "3")  # ids[0] rated
        await press(pilot, "x")  # ids[1] suspended
        await press(pilot, "b")  # ids[2] buried
        assert card_state(engine, ids[1]).suspended
        await press(pilot, "u")
        assert card_state(engine, ids[2]).buried_until is None
        assert app.screen.card.id == ids[2]
        await press(pilot, "u")
        assert not card_state(engine, ids[1]).suspended
        assert app.screen.card.id == ids[1]
        await press(pilot, "u")
        assert card_state(engine, ids[0]).reps == 0
        assert app.screen.card.id == ids[0]


async def test_the_korean_review_says_what_was_set_aside_and_lists_skip(engine, make_cards):
    make_cards(2)
    set_language("ko")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        await press(pilot, "x")
        assert "카드 1장 보류함 · u: 되돌리기" in toasts(app)
        await press(pilot, "question_mark")
        assert dict(app.screen.keys)["k"] == "건너뜀"


async def test_nothing_to_undo_is_said_in_the_apps_language(engine, make_cards):
    make_cards(1)
    for language, said in (("ko", "되돌릴 평가가 없습니다"), ("en", "nothing to undo")):
        set_language(language)
        app = QuizApp(engine, clock=lambda: T0)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await press(pilot, "r", "u")
            assert said in toasts(app)
