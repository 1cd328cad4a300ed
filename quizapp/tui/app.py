"""The Textual app: wires screens, bindings, the command palette and the start-up sync."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quizapp.deck.sync import ImportSummary, import_paths
from quizapp.srs.reviewer import Scope

Clock = Callable[[], datetime]


def local_now() -> datetime:
    """Now, in the user's own time zone: study days start at 04:00 local time."""
    return datetime.now().astimezone()


class QuizApp(App[None]):
    """quizapp's terminal interface."""

    CSS_PATH = "app.tcss"
    TITLE = "quizapp"
    BINDINGS = [
        Binding("ctrl+t", "toggle_dark", "Theme", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        engine: Engine,
        *,
        content_root: Path | None = None,
        start: str = "home",
        deck: str | None = None,
        clock: Clock = local_now,
        enable_fuzzing: bool = True,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.content_root = content_root
        self.start = start
        self.start_deck = deck
        self.clock = clock
        self.enable_fuzzing = enable_fuzzing
        self.theme = "textual-dark"

    def on_mount(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.start == "review":
            self.action_review(self.start_deck)
        if self.content_root is not None:
            self.sync_content()

    @work(exclusive=True, group="sync")
    async def sync_content(self) -> None:
        """Bring the deck in line with the bundled notes, without holding up the interface."""
        assert self.content_root is not None
        root = self.content_root
        summary: ImportSummary = await asyncio.to_thread(
            import_paths, self.engine, [root], now=self.clock()
        )
        if summary.changed:
            self.notify(
                f"notes synced: {summary.added} added, {summary.updated} updated, "
                f"{summary.retired} retired",
                timeout=4,
            )
        if summary.problems:
            first = summary.problems[0]
            self.notify(
                f"{len(summary.problems)} problems in the notes, first: {first}",
                severity="warning",
                timeout=8,
            )
        self.refresh_home()

    def refresh_home(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.reload()

    # -- actions shared by screens and the command palette ------------------------------

    def action_review(self, deck: str | None = None, note_id: int | None = None) -> None:
        from quizapp.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(Scope(deck=deck, note_id=note_id)))

    def action_notes(self, note_id: int | None = None, line: int | None = None) -> None:
        from quizapp.tui.screens.notes import NotesScreen

        self.push_screen(NotesScreen(note_id=note_id, line=line))

    def action_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Review all decks", "Study what is due today", self.action_review)
        yield SystemCommand(
            "Notes", "Read your notes with their table of contents", self.action_notes
        )
        yield SystemCommand(
            "Statistics", "Reviews, retention, forecast, weakest cards", self.action_stats
        )
        yield SystemCommand(
            "Toggle light/dark theme", "Switch between light and dark", self.action_toggle_dark
        )
        if self.content_root is not None:
            yield SystemCommand("Re-import notes", f"Sync {self.content_root}", self.sync_content)
