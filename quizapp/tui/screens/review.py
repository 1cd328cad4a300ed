"""Review: one card at a time; space shows the answer, 1–4 rate it, with undo, bury, suspend."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Header, Markdown, Static

from quizapp.deck.queries import get_card
from quizapp.errors import NotSaved
from quizapp.i18n import language, tr
from quizapp.notes.links import link_target
from quizapp.quiz.faces import card_faces
from quizapp.srs.library_model import CardAction
from quizapp.srs.rating import RATINGS, Rating
from quizapp.srs.reviewer import QueueCounts, Reviewer, Scope, UndoError
from quizapp.tui.render_limits import face_for_review
from quizapp.tui.screens.browser import action_done
from quizapp.tui.widgets.footer import SteadyFooter
from quizapp.tui.widgets.images import ImageStrip

if TYPE_CHECKING:
    from quizapp.deck.models import Card
    from quizapp.srs.cards import CardChange


def rating_name(rating: Rating) -> str:
    return {
        Rating.AGAIN: tr("다시", "Again"),
        Rating.HARD: tr("어려움", "Hard"),
        Rating.GOOD: tr("좋음", "Good"),
        Rating.EASY: tr("쉬움", "Easy"),
    }[rating]


def format_interval(interval: timedelta) -> str:
    """A short interval for a rating button: `<1m`, `10m`, `3h`, `4d`, `2.5mo`, `1.2y`."""
    seconds = interval.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


@dataclass
class SessionTally:
    """What the end-of-session summary reports."""

    cards: int = 0
    again: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def accuracy(self) -> float | None:
        return None if not self.cards else 1 - self.again / self.cards

    def summary(self) -> str:
        minutes, seconds = divmod(int(time.monotonic() - self.started), 60)
        accuracy = "–" if self.accuracy is None else f"{self.accuracy:.0%}"
        return tr(
            "## 오늘의 복습 끝\n\n"
            f"- 카드: **{self.cards}**\n"
            f"- 정답률: **{accuracy}** (다시 {self.again})\n"
            f"- 시간: **{minutes}분 {seconds:02d}초**\n\n"
            "*Esc: 홈으로*",
            "## Session complete\n\n"
            f"- cards: **{self.cards}**\n"
            f"- accuracy: **{accuracy}** (Again {self.again})\n"
            f"- time: **{minutes}m {seconds:02d}s**\n\n"
            "*Esc: back to home*",
        )


class ReviewScreen(Screen[None]):
    """Spaced-repetition review of one scope (a deck, a note, or everything)."""

    CSS_PATH = "review.tcss"
    BINDINGS = [
        # The same keys in the same places for every card: a footer that changed with each
        # card would be rebuilt each time (measured: +28 ms from rating to the next card).
        Binding("space", "reveal", "Show", key_display="␣"),
        # 1–4 are shown on the rating buttons themselves, with each one's next interval.
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
        Binding("u", "undo", "Undo"),
        Binding("o", "open_note", "Note"),
        Binding("e", "edit", "Edit"),
        Binding("x", "suspend", "Suspend"),
        Binding("b", "bury", "Bury"),
        Binding("k", "skip", "Skip", show=False),
        Binding("f", "flow", "Flow"),
        Binding("escape", "app.pop_screen", "Back", key_display="⎋"),
    ]

    revealed: reactive[bool] = reactive(False)

    def __init__(self, scope: Scope, title: str | None = None) -> None:
        super().__init__()
        self.scope = scope
        self.title_text = title
        self.card: Card | None = None
        self.shown_at = time.monotonic()
        self.tally = SessionTally()
        self.finished = False
        self.set_aside: list[CardChange | None] = []
        """What `u` takes back, last first: a card suspended, buried or skipped here, or
        None for a rating (the reviewer keeps the ratings' own undo)."""
        self.reviewing = threading.Lock()
        """Held while the reviewer is used: the queue counts are read in a thread of their own,
        which a quick rating can overlap, and the reviewer's day counts are not shared safely
        between threads."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="queue")
        with VerticalScroll(id="card"):
            yield Markdown("", id="front", open_links=False)
            yield ImageStrip(id="front-images")
            yield Static("", id="divider")
            yield Markdown("", id="back", open_links=False)
            yield ImageStrip(id="back-images")
        with Horizontal(id="ratings"):
            for rating in RATINGS:
                button = Button(
                    f"{int(rating)} {rating_name(rating)}",
                    id=f"rate-{int(rating)}",
                    classes=f"rating rating-{rating.label.lower()}",
                )
                # Keys rate; a focused button would swallow space and enter.
                button.can_focus = False
                yield button
        # Ten keys fill an 80-column footer; the palette key is shown on the other screens.
        yield SteadyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.reviewer = Reviewer(
            self.app.engine,  # type: ignore[attr-defined]
            self.scope,
            enable_fuzzing=self.app.enable_fuzzing,  # type: ignore[attr-defined]
        )
        self.sub_title = (
            self.title_text
            or self.scope.deck
            or (tr("노트", "note") if self.scope.note_id else tr("모든 덱", "all decks"))
        )
        self.load_next()

    def _now(self):
        return self.app.clock()  # type: ignore[attr-defined]

    @work(exclusive=True, group="review")
    async def load_next(self) -> None:
        self._show(*await asyncio.to_thread(self._next, self._now()))

    def _next(self, now: datetime) -> tuple[Card | None, dict[Rating, timedelta]]:
        """The next card with its buttons' intervals; run in a thread, in one hop."""
        with self.reviewing:
            card = self.reviewer.next_card(now)
            return card, self.reviewer.intervals(card, now) if card else {}

    @work(exclusive=True, group="review-counts")
    async def load_counts(self) -> None:
        """The queue line, read after the card is shown: counting the queues took longer
        than finding the next card (median 7.6 of 11 ms on a 20,000-card deck), and the
        user waits for the card, not for the counts."""
        now = self._now()

        def count() -> QueueCounts:
            with self.reviewing:
                return self.reviewer.counts(now)

        self._show_counts(await asyncio.to_thread(count))

    def _show_counts(self, counts: QueueCounts) -> None:
        self.query_one("#queue", Static).update(
            f"[b blue]{tr('새', 'new')} {counts.new}[/]  "
            f"[b red]{tr('학습', 'learn')} {counts.learning}[/]  "
            f"[b green]{tr('복습', 'due')} {counts.review}[/]"
        )

    def _show(self, card: Card | None, intervals: dict[Rating, timedelta]) -> None:
        self.card = card
        self.revealed = False
        # "␣ Show" depends on the card as well as on `revealed`, which may not have changed.
        self.refresh_bindings()
        self.load_counts()
        front = self.query_one("#front", Markdown)
        back = self.query_one("#back", Markdown)
        if card is None:
            self.finished = True
            front.update(self.tally.summary())
            back.update("")
            self.load_images(None, None, "", "")
            return
        self.finished = False
        faces = card_faces(card)
        front.update(face_for_review(faces.front))
        back.update(face_for_review(faces.back))
        self.load_images(card.id, card.note_id, faces.front, faces.back)
        self.query_one("#divider", Static).update(Text(f"{card.kind} · {card.source}", style="dim"))
        for rating, interval in intervals.items():
            button = self.query_one(f"#rate-{int(rating)}", Button)
            button.label = f"{int(rating)} {rating_name(rating)} · {format_interval(interval)}"
        self.query_one("#card", VerticalScroll).scroll_home(animate=False)
        self.shown_at = time.monotonic()

    @work(exclusive=True, group="review-images")
    async def load_images(
        self, card_id: str | None, note_id: int | None, front: str, back: str
    ) -> None:
        """The card's images under each face: only files inside the deck's sources."""
        from quizapp.deck.images import may_hold_images, note_images

        async def images_of(text: str) -> list:
            if note_id is None or not may_hold_images(text):
                return []  # no thread hop for a face without images
            engine = self.app.engine  # type: ignore[attr-defined]
            return await asyncio.to_thread(note_images, engine, note_id, text)

        front_images = await images_of(front)
        back_images = await images_of(back)
        if (self.card.id if self.card is not None else None) != card_id:
            return  # another card is showing already
        await self.query_one("#front-images", ImageStrip).show(front_images)
        strip = self.query_one("#back-images", ImageStrip)
        await strip.show(back_images)
        strip.display = self.revealed and bool(back_images)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """Web links open in the browser; a card never opens a file (its note does: `o`)."""
        event.stop()
        source = self.card.source_path if self.card is not None else ""
        target = link_target(event.href, source)
        if target.kind == "web":
            self.app.open_url(target.value)
        else:
            self.notify(
                f"{event.href}: "
                + tr(
                    "카드에서는 열지 않습니다. o: 노트 열기",
                    "not opened from a card; `o` opens the note",
                )
            )

    def watch_revealed(self, revealed: bool) -> None:
        # Showing the three answer widgets directly restyles only them; a class on the
        # screen would restyle every widget on it (measured: ~100 ms per card on 120×40).
        for selector in ("#divider", "#back", "#ratings"):
            self.query_one(selector).display = revealed
        back_images = self.query_one("#back-images", ImageStrip)
        back_images.display = revealed and bool(back_images.children)
        # "␣ Show" leaves the footer once the answer is shown (the buttons say what's next).
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.card is not None and not self.revealed
        return True

    def action_reveal(self) -> None:
        if self.card is not None:
            self.revealed = True

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("rate-"):
            self.action_rate(int(event.button.id.removeprefix("rate-")))

    def action_rate(self, value: int) -> None:
        if self.card is None or not self.revealed:
            return
        rating = Rating(value)
        duration_ms = int((time.monotonic() - self.shown_at) * 1000)
        self.rate_card(self.card.id, rating, duration_ms)

    def _not_saved(self, what: str, error: NotSaved) -> None:
        """A write the deck refused (read-only, disk full, locked too long): say so, go on."""
        self.notify(
            f"{what}: {error}",
            title=tr("저장하지 못함", "not saved"),
            severity="error",
            timeout=10,
        )

    @work(exclusive=True, group="review")
    async def rate_card(self, card_id: str, rating: Rating, duration_ms: int) -> None:
        now = self._now()

        def rate_then_next() -> NotSaved | tuple[Card | None, dict[Rating, timedelta]]:
            # One thread hop from the key to the next card; a failed write is returned, not
            # raised, so that it is told apart from a failure to read the next card.
            try:
                with self.reviewing:
                    self.reviewer.rate(card_id, rating, now, duration_ms)
            except NotSaved as error:
                return error
            return self._next(now)

        result = await asyncio.to_thread(rate_then_next)
        if isinstance(result, NotSaved):
            # The card stays on screen, answer shown, so the rating can be given again.
            self._not_saved(tr("평가를 저장하지 못함", "the rating was not saved"), result)
            return
        self.set_aside.append(None)
        self.tally.cards += 1
        if rating == Rating.AGAIN:
            self.tally.again += 1
        self._show(*result)

    def action_undo(self) -> None:
        if self.set_aside and self.set_aside[-1] is not None:
            self._put_back(self.set_aside[-1])
            return
        try:
            with self.reviewing:
                card = self.reviewer.undo()
        except UndoError as exc:
            self.notify(str(exc), severity="warning")
            return
        except NotSaved as error:
            self._not_saved(tr("되돌리지 못함", "the rating was not undone"), error)
            return
        if self.set_aside:
            self.set_aside.pop()
        self.tally.cards = max(0, self.tally.cards - 1)
        with self.reviewing:
            intervals = self.reviewer.intervals(card, self._now())
        self._show(card, intervals)
        self.notify(tr("되돌림", "undone"))

    def action_open_note(self) -> None:
        if self.card is not None and self.card.note_id is not None:
            self.app.action_notes(self.card.note_id, self.card.source_line)  # type: ignore[attr-defined]

    def action_flow(self) -> None:
        """Open the TCP simulator on the scenario the card names, its steps marked."""
        from quizapp.quiz.flow import card_views
        from quizapp.tui.screens.simulator import SimulatorScreen

        views = card_views(self.card.extra) if self.card is not None else []
        if not views:
            self.notify(
                tr("이 카드는 시나리오와 연결되어 있지 않습니다", "no scenario on this card")
            )
            return
        view = views[0]
        self.app.push_screen(
            SimulatorScreen(
                view.scenario,
                profile=view.profile,
                lang=language(),
                marks=view.marks,
                autoplay=True,
            )
        )

    def action_suspend(self) -> None:
        self._set_aside_card(CardAction.SUSPEND)

    def action_bury(self) -> None:
        self._set_aside_card(CardAction.BURY)

    def action_skip(self) -> None:
        """A card the user never wants: kept out of reviews and quizzes, across re-imports."""
        self._set_aside_card(CardAction.SKIP)

    def _set_aside_card(self, action: CardAction) -> None:
        """Suspend, bury or skip the card shown, then go on; `u` takes it back."""
        from quizapp.srs.cards import apply_action

        if self.card is None:
            return
        engine = self.app.engine  # type: ignore[attr-defined]
        try:
            with self.reviewing:
                change = apply_action(
                    engine, [self.card.id], action, self._now(), user=self.reviewer.user_name
                )
        except NotSaved as error:
            failed = {
                CardAction.SUSPEND: tr("보류하지 못함", "the card was not suspended"),
                CardAction.BURY: tr("미루지 못함", "the card was not buried"),
            }.get(action, tr("건너뛰지 못함", "the card was not skipped"))
            self._not_saved(failed, error)
            return
        self.set_aside.append(change)
        self.notify(action_done(action, 1))
        self.load_next()

    def _put_back(self, change: CardChange) -> None:
        """Undo a suspend, bury or skip of this session and show that card again."""
        from quizapp.srs.cards import undo_change

        try:
            with self.reviewing:
                undo_change(self.app.engine, change)  # type: ignore[attr-defined]
        except NotSaved as error:
            self._not_saved(tr("되돌리지 못함", "not undone"), error)
            return
        self.set_aside.pop()
        self.notify(tr("되돌림", "undone"))
        self.show_edited(next(iter(change.before)), False)

    def action_edit(self) -> None:
        """Open the card's note in $EDITOR at its line, then re-import that file."""
        from quizapp.tui.editing import edit_note

        if self.card is None or self.card.note_id is None:
            return
        engine = self.app.engine  # type: ignore[attr-defined]
        if edit_note(self.app, engine, self.card.note_id, self.card.source_line):
            self.show_edited(self.card.id, self.revealed)

    @work(exclusive=True, group="review")
    async def show_edited(self, card_id: str, revealed: bool) -> None:
        """The card again after its note was edited: new text, same side showing."""
        engine = self.app.engine  # type: ignore[attr-defined]
        card = await asyncio.to_thread(get_card, engine, card_id)
        if card is None or card.retired:
            self.load_next()  # the edit removed the card
            return
        now = self._now()

        def intervals() -> dict[Rating, timedelta]:
            with self.reviewing:
                return self.reviewer.intervals(card, now)

        self._show(card, await asyncio.to_thread(intervals))
        self.revealed = revealed
