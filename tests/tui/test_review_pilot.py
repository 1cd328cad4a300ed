"""Reviewing cards in the real app with Pilot: keys in, log rows and screens out."""

from __future__ import annotations

from types import SimpleNamespace

from sqlmodel import Session, col, select

from quizapp.deck.models import ReviewLog
from quizapp.tui.app import QuizApp
from quizapp.tui.screens import review as review_screen
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.notes import NotesScreen
from quizapp.tui.screens.review import ReviewScreen
from quizapp.tui.screens.stats import StatsScreen
from tests.conftest import T0, card_state, press, settle


def _logs(engine) -> list[ReviewLog]:
    with Session(engine) as session:
        return list(session.exec(select(ReviewLog).order_by(col(ReviewLog.id))))


async def test_reviewing_three_cards_writes_three_log_rows(engine, make_cards):
    ids = make_cards(3)
    app = QuizApp(engine, clock=lambda: T0, enable_fuzzing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert isinstance(app.screen, ReviewScreen)
        for key in ("3", "1", "4"):
            assert app.screen.card is not None
            await pilot.press("space")
            await press(pilot, key)
        logs = _logs(engine)
        assert [(log.card_id, log.rating) for log in logs] == [
            (ids[0], 3),
            (ids[1], 1),
            (ids[2], 4),
        ]
        # Again brings the second card back within a minute: learn-ahead shows it now.
        assert app.screen.card is not None and app.screen.card.id == ids[1]


async def test_each_log_row_keeps_the_time_from_showing_its_card_to_rating_it(
    engine, make_cards, monkeypatch
):
    make_cards(2)
    clock = [1000.0]
    # The screen's own stopwatch, not the event loop's: asyncio keeps the real one.
    monkeypatch.setattr(review_screen, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    app = QuizApp(engine, clock=lambda: T0, enable_fuzzing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        for thinking, reading, key in ((4.25, 3.25, "3"), (0.5, 1.0, "1")):
            clock[0] += thinking  # before the answer is shown
            await pilot.press("space")
            clock[0] += reading  # reading the answer before rating
            await press(pilot, key)
        assert [log.duration_ms for log in _logs(engine)] == [7500, 1500]


async def test_rating_keys_do_nothing_before_the_answer_is_shown(engine, make_cards):
    make_cards(1)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        await press(pilot, "3")
        assert _logs(engine) == []


async def test_undo_key_takes_back_the_last_rating(engine, make_cards):
    ids = make_cards(2)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        await press(pilot, "space", "4")
        assert app.screen.card.id == ids[1]
        await press(pilot, "u")
        assert _logs(engine) == []
        assert app.screen.card.id == ids[0]
        assert card_state(engine, ids[0]).reps == 0


async def test_session_ends_with_a_summary(engine, make_cards):
    make_cards(2)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        for _ in range(2):
            await press(pilot, "space", "4")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.card is None
        assert "Session complete" in screen.tally.summary()
        assert screen.tally.cards == 2 and screen.tally.accuracy == 1.0


async def test_suspend_and_bury_keys_skip_cards(engine, make_cards):
    ids = make_cards(3)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        await press(pilot, "x")
        assert app.screen.card.id == ids[1]
        await press(pilot, "b")
        assert app.screen.card.id == ids[2]
    assert card_state(engine, ids[0]).suspended
    assert card_state(engine, ids[1]).buried_until is not None


async def test_home_enter_reviews_the_selected_deck(engine, make_cards):
    make_cards(1, deck="네트워크", prefix="net")
    make_cards(1, deck="운영체제", prefix="os")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.card.id == "os000"


async def test_notes_and_stats_screens_open_from_home(engine, make_cards):
    make_cards(1)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, NotesScreen)
        await press(pilot, "escape", "s")
        assert isinstance(app.screen, StatsScreen)


async def test_theme_toggles_between_dark_and_light(engine):
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("ctrl+t")
        assert app.theme == "textual-light"


async def test_the_queue_line_follows_each_rating(engine, make_cards):
    """The counts are read after the card is shown (bench/review_keys.py), and still agree
    with the queue once the screen settles."""
    make_cards(3)
    app = QuizApp(engine, clock=lambda: T0, enable_fuzzing=False, sync_sources=False)

    def queue_line() -> str:
        return str(app.screen.query_one("#queue").render())

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert queue_line().split() == ["new", "3", "learn", "0", "due", "0"]
        await pilot.press("space", "1")  # Again: the card is learning now
        await settle(pilot)
        assert queue_line().split() == ["new", "2", "learn", "1", "due", "0"]
        await press(pilot, "space", "4")
        assert queue_line().split() == ["new", "1", "learn", "1", "due", "0"]
