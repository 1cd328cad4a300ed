"""Details users see: retention's empty state, whole-number axes, the weakest cards' source
at 80 columns, the study-day note, the footer after the answer, a card opened whole, reset."""

from __future__ import annotations

from datetime import timedelta

import fsrs
import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Static

from quizapp.i18n import set_language
from quizapp.srs.reviewer import Reviewer
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.card import CardScreen
from quizapp.tui.screens.stats import StatsScreen, _whole_ticks
from tests.conftest import T0, card_state, press, settle


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


class FakePlot:
    def __init__(self) -> None:
        self.ticks: list[int] = []

    def yticks(self, ticks: list[int]) -> None:
        self.ticks = ticks


@pytest.mark.parametrize("values", [[0, 1, 2], [3], [0, 0], [7, 13, 2]])
def test_plot_axes_count_in_whole_numbers(values) -> None:
    plot = FakePlot()
    _whole_ticks(plot, values)
    assert all(isinstance(t, int) for t in plot.ticks)
    assert plot.ticks[0] == 0 and plot.ticks[-1] >= max(values)


async def test_stats_says_not_enough_data_and_when_a_day_starts(engine, make_cards):
    [card_id] = make_cards(1)
    Reviewer(engine).rate(card_id, fsrs.Rating.Good, T0)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        stats = app.screen
        assert isinstance(stats, StatsScreen)
        empty = stats.query_one("#retention-empty", Static)
        assert empty.display and "Not enough data" in str(empty.render())
        totals = stats.query_one("#totals", Static)
        assert "starts at 04:00" in str(totals.render())
        # The whole explanation is on screen at 80 columns, not cut after "late-night".
        shown = "".join(strip.text for strip in totals.render_lines(totals.region.reset_offset))
        assert "count for the day before" in " ".join(shown.split())


async def test_weakest_cards_keep_their_source_at_80_columns(engine, make_cards):
    ids = make_cards(1, deck="네트워크::전송 계층::TCP")
    Reviewer(engine).rate(ids[0], fsrs.Rating.Again, T0 - timedelta(days=1))
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        table = app.screen.query_one("#weak-cards", DataTable)
        widths = sum(column.get_render_width(table) for column in table.columns.values())
        assert widths <= 80
        [row] = [table.get_row_at(0)]
        assert str(row[3]).endswith(".md:1")
        # Hangul is two cells wide: the cut source must fit its column, or the table cuts
        # its end (the line) off again.
        assert cell_len(str(row[3])) <= list(table.columns.values())[3].width


async def test_the_browser_keeps_a_korean_sources_line_at_80_columns(engine, make_cards):
    make_cards(1, deck="네트워크::전송 계층::혼잡 제어와 흐름 제어")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        table = app.screen.query_one(DataTable)
        source = str(table.get_row_at(0)[-1])
        assert source.startswith("…") and source.endswith(".md:1")
        assert cell_len(source) <= list(table.columns.values())[-1].width


async def test_the_footer_drops_show_once_the_answer_is_shown(korean_deck):
    """What the footer draws, not only what the bindings say: the footer is recomposed
    only when the screen asks, and the first card arrives without `revealed` changing."""
    app = QuizApp(korean_deck, clock=lambda: T0)

    def footer_keys() -> list[str]:
        return [
            key.description  # type: ignore[attr-defined]
            for key in app.screen.query("FooterKey")
            if key.display  # a key the footer keeps for later is hidden, not drawn
        ]

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert "Show" in footer_keys()
        await press(pilot, "space")
        assert "Show" not in footer_keys()


async def test_the_footer_keeps_its_keys_from_card_to_card(engine, make_cards):
    """Rebuilding the footer for every card was most of the time from a rating key to the
    next card (bench/review_keys.py): the keys stay, "␣ Show" is hidden and shown again."""
    make_cards(3)
    app = QuizApp(engine, clock=lambda: T0, enable_fuzzing=False)

    def shown_keys() -> list[str]:
        return [key.description for key in app.screen.query("FooterKey") if key.display]

    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        keys = list(app.screen.query("FooterKey"))
        assert "Show" in shown_keys()
        for _ in range(2):
            await press(pilot, "space")
            assert "Show" not in shown_keys()
            await pilot.press("4")  # Easy: not shown again today
            await settle(pilot)
            assert "Show" in shown_keys()
        assert list(app.screen.query("FooterKey")) == keys
        # Once the session is done there is no card to show: the key goes again.
        await press(pilot, "space", "4")
        assert app.screen.card is None
        assert "Show" not in shown_keys()
        assert "Undo" in shown_keys()


async def test_enter_shows_the_card_and_shift_r_resets_it(engine, make_cards):
    [card_id] = make_cards(1)
    Reviewer(engine).rate(card_id, fsrs.Rating.Good, T0 - timedelta(days=3))
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        await press(pilot, "enter")
        assert isinstance(app.screen, CardScreen)
        assert "질문 q 0?" in str(app.screen.query_one("#card-front")._markdown)
        await press(pilot, "escape")
        await press(pilot, "R")
        assert card_state(engine, card_id).fsrs_state is None
        await press(pilot, "u")
        assert card_state(engine, card_id).reps == 1
