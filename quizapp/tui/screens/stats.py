"""Stats: reviews per day, retention over time, a 30-day due forecast, the weakest cards."""

from __future__ import annotations

import asyncio
import math
from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from quizapp.i18n import tr
from quizapp.srs.reviewer import DAY_ROLLOVER_HOUR
from quizapp.srs.stats import Stats, collect_stats
from quizapp.terminal import cut_end, cut_start


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


MIN_RETENTION_DAYS = 2
"""A retention line needs at least two days of reviews to say anything."""


def _whole_ticks(plt: Any, values: list[float]) -> None:
    """Y ticks on whole numbers: cards and reviews are counted, never in fractions."""
    top = max([0, *values])
    step = max(1, math.ceil(top / 5))
    plt.yticks(list(range(0, int(top) + step + 1, step)))


class StatsScreen(Screen[None]):
    """Plots and tables over the review log; the weakest cards can be reviewed or quizzed."""

    CSS_PATH = "stats.tcss"
    BINDINGS = [
        Binding("r", "review_weakest", "Review these"),
        Binding("z", "quiz_weakest", "Quiz"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.weakest: tuple[str, ...] = ()
        """Ids of the weakest cards shown, for "review these" and "quiz me on these"."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="totals", markup=False)
        with TabbedContent(id="tabs"):
            with TabPane(tr("복습", "Reviews"), id="tab-reviews"):
                yield PlotextPlot(id="reviews-plot")
            with TabPane(tr("기억률", "Retention"), id="tab-retention"):
                yield Static("", id="retention-empty", classes="empty")
                yield PlotextPlot(id="retention-plot")
            with TabPane(tr("예정", "Forecast"), id="tab-forecast"):
                yield PlotextPlot(id="forecast-plot")
            with TabPane(tr("약점", "Weakest"), id="tab-weakest"):
                yield Static(
                    tr(
                        "r: 이 카드들 지금 복습 · z: 이 카드들로 퀴즈",
                        "r: review these now · z: quiz me on these",
                    ),
                    id="weak-help",
                )
                yield DataTable(id="weak-cards", cursor_type="row", zebra_stripes=True)
                yield DataTable(id="weak-notes", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = tr("통계", "statistics")
        self.load()

    @work(exclusive=True, group="stats")
    async def load(self) -> None:
        now = self.app.clock()  # type: ignore[attr-defined]
        stats = await asyncio.to_thread(collect_stats, self.app.engine, now)  # type: ignore[attr-defined]
        self._show(stats)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("review_weakest", "quiz_weakest"):
            return bool(self.weakest) or None
        return True

    def action_review_weakest(self) -> None:
        """A filtered session of the weakest cards: only the ratings given change them."""
        self.app.action_review_cards(self.weakest, tr("약한 카드", "weakest cards"))  # type: ignore[attr-defined]

    def action_quiz_weakest(self) -> None:
        from quizapp.quiz.settings import QuizSettings
        from quizapp.tui.screens.quiz import QuizScreen

        if self.weakest:
            settings = QuizSettings(card_ids=self.weakest, count=len(self.weakest))
            self.app.push_screen(QuizScreen(settings))

    def _show(self, stats: Stats) -> None:
        self.weakest = tuple(weak.card_id for weak in stats.weakest_cards)
        self.refresh_bindings()
        self.query_one("#totals", Static).update(
            tr(
                f"카드 {stats.total_cards}장 · 복습 {stats.total_reviews}회 · "
                f"하루는 {DAY_ROLLOVER_HOUR:02d}:00에 시작합니다 (그 전의 복습은 전날로 셉니다)",
                f"cards {stats.total_cards} · reviews {stats.total_reviews} · "
                f"a study day starts at {DAY_ROLLOVER_HOUR:02d}:00, so late-night reviews "
                "count for the day before",
            )
        )
        reviews = self.query_one("#reviews-plot", PlotextPlot)
        plt = reviews.plt
        plt.clear_data()
        per_day = stats.reviews_per_day
        _by_day(plt, [d.day for d in per_day], [d.count for d in per_day], "bar")
        _whole_ticks(plt, [d.count for d in per_day])
        plt.title(tr("하루 복습 수 (30일)", "reviews per day (30 days)"))
        reviews.refresh()

        retention = self.query_one("#retention-plot", PlotextPlot)
        enough = len(stats.retention) >= MIN_RETENTION_DAYS
        retention.display = enough
        empty = self.query_one("#retention-empty", Static)
        empty.display = not enough
        empty.update(
            tr(
                "아직 데이터가 부족합니다: 이틀 이상 복습하면 기억률이 그려집니다.",
                "Not enough data yet: retention is drawn after two days of reviews.",
            )
        )
        plt = retention.plt
        plt.clear_data()
        if enough:
            _by_day(
                plt,
                [r.day for r in stats.retention],
                [round(r.retention * 100, 1) for r in stats.retention],
                "line",
            )
            plt.ylim(0, 100)
        plt.title(tr("기억률, 통과한 복습 % (30일)", "retention of reviews, % passed (30 days)"))
        retention.refresh()

        forecast = self.query_one("#forecast-plot", PlotextPlot)
        plt = forecast.plt
        plt.clear_data()
        _by_day(plt, [d.day for d in stats.forecast], [d.count for d in stats.forecast], "bar")
        _whole_ticks(plt, [d.count for d in stats.forecast])
        plt.title(tr("날짜별 예정 카드 (앞으로 30일)", "cards due per day (next 30 days)"))
        forecast.refresh()

        # The source is what finds the card again: it gets its room first, cut from the left.
        width = max(60, self.size.width - 4)
        source_cells = min(30, max(16, width // 4))
        question_cells = max(16, width - source_cells - 16)
        cards = self.query_one("#weak-cards", DataTable)
        cards.clear(columns=True)
        cards.add_column(tr("실수", "lapses"), width=6)
        cards.add_column(tr("다시", "again"), width=6)
        cards.add_column(tr("질문", "question"), width=question_cells)
        cards.add_column(tr("출처", "source"), width=source_cells)
        for weak in stats.weakest_cards:
            source = cut_start(weak.source, source_cells)
            # Text, not str: DataTable reads a str as markup (`[link=…]` in a question).
            cards.add_row(
                weak.lapses,
                f"{weak.again}/{weak.reviews}",
                Text(cut_end(weak.question, question_cells)),
                Text(source),
            )
        notes = self.query_one("#weak-notes", DataTable)
        notes.clear(columns=True)
        notes.add_columns(tr("다시 비율", "again rate"), tr("노트", "note"), tr("파일", "file"))
        for note in stats.weakest_notes:
            notes.add_row(f"{note.again_rate:.0%}", Text(note.title), Text(note.path))
