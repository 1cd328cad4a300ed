"""Stats: reviews per day, retention over time, a 30-day due forecast, the weakest cards."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from quizapp.srs.stats import Stats, collect_stats


def _by_day(plt: Any, days: list[date], values: list[float], kind: str) -> None:
    """Plot values over days on numeric x positions with a few `MM/DD` ticks.

    Passing the labels as x values would make plotext guess they are dates, with a
    global date format that other plots can change under it.
    """
    xs = list(range(len(days)))
    if kind == "bar":
        plt.bar(xs, values)
    else:
        plt.plot(xs, values, marker="braille")
    step = max(1, len(days) // 6)
    ticks = xs[::step]
    plt.xticks(ticks, [days[i].strftime("%m/%d") for i in ticks])


class StatsScreen(Screen[None]):
    """Plots and tables over the review log."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="totals")
        with TabbedContent(id="tabs"):
            with TabPane("복습 Reviews", id="tab-reviews"):
                yield PlotextPlot(id="reviews-plot")
            with TabPane("기억률 Retention", id="tab-retention"):
                yield PlotextPlot(id="retention-plot")
            with TabPane("예정 Forecast", id="tab-forecast"):
                yield PlotextPlot(id="forecast-plot")
            with TabPane("약점 Weakest", id="tab-weakest"):
                yield DataTable(id="weak-cards", cursor_type="row", zebra_stripes=True)
                yield DataTable(id="weak-notes", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "statistics"
        self.load()

    @work(exclusive=True, group="stats")
    async def load(self) -> None:
        now = self.app.clock()  # type: ignore[attr-defined]
        stats = await asyncio.to_thread(collect_stats, self.app.engine, now)  # type: ignore[attr-defined]
        self._show(stats)

    def _show(self, stats: Stats) -> None:
        self.query_one("#totals", Static).update(
            f"카드 cards {stats.total_cards} · 복습 reviews {stats.total_reviews}"
        )
        reviews = self.query_one("#reviews-plot", PlotextPlot)
        plt = reviews.plt
        plt.clear_data()
        per_day = stats.reviews_per_day
        _by_day(plt, [d.day for d in per_day], [d.count for d in per_day], "bar")
        plt.title("reviews per day (30 days)")
        reviews.refresh()

        retention = self.query_one("#retention-plot", PlotextPlot)
        plt = retention.plt
        plt.clear_data()
        if stats.retention:
            _by_day(
                plt,
                [r.day for r in stats.retention],
                [round(r.retention * 100, 1) for r in stats.retention],
                "line",
            )
            plt.ylim(0, 100)
        plt.title("retention of reviews, % passed (30 days)")
        retention.refresh()

        forecast = self.query_one("#forecast-plot", PlotextPlot)
        plt = forecast.plt
        plt.clear_data()
        _by_day(plt, [d.day for d in stats.forecast], [d.count for d in stats.forecast], "bar")
        plt.title("cards due per day (next 30 days)")
        forecast.refresh()

        cards = self.query_one("#weak-cards", DataTable)
        cards.clear(columns=True)
        cards.add_columns("lapses", "again", "question", "source")
        for weak in stats.weakest_cards:
            question = weak.question.replace("\n", " ")
            cards.add_row(weak.lapses, f"{weak.again}/{weak.reviews}", question[:48], weak.source)
        notes = self.query_one("#weak-notes", DataTable)
        notes.clear(columns=True)
        notes.add_columns("again rate", "note", "file")
        for note in stats.weakest_notes:
            notes.add_row(f"{note.again_rate:.0%}", note.title, note.path)
