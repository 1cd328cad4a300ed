"""The Textual app: wires screens, bindings, the command palette and the start-up sync.

The database layer (SQLAlchemy) is imported and opened in a worker after the first frame,
so the app appears as fast as a bare Textual app; screens fill in when the deck is open.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from quizapp.quiz.settings import QuestionKind, QuizSettings
from quizapp.srs.scope import Scope

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

Clock = Callable[[], datetime]


def local_now() -> datetime:
    """Now, in the user's own time zone: study days start at 04:00 local time."""
    return datetime.now().astimezone()


def _open(database: Engine | str) -> tuple[Engine, str | None, bool]:
    """The open deck, why it cannot be written to (None when it can), and whether the
    user may change its notes (an owner or editor; a member only reviews)."""
    from quizapp.deck.db import open_database, read_only_reason
    from quizapp.deck.users import find_user

    engine = open_database(database) if isinstance(database, str) else database
    return engine, read_only_reason(engine), find_user(engine).may_edit


class QuizApp(App[None]):
    """quizapp's terminal interface."""

    # Absolute, so subclasses elsewhere (tests, benchmarks) still find it.
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "quizapp"
    BINDINGS = [
        Binding("ctrl+t", "toggle_dark", "Theme", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        database: Engine | str,
        *,
        content_root: Path | None = None,
        start: str = "home",
        deck: str | None = None,
        clock: Clock = local_now,
        enable_fuzzing: bool = True,
        quiz: QuizSettings | None = None,
    ) -> None:
        """`database` is an open engine, or a URL opened once the first frame is drawn.

        `start="quiz"` starts a quiz with `quiz` settings once the notes are synced.
        """
        super().__init__()
        self._database = database
        self._engine: Engine | None = None if isinstance(database, str) else database
        self.read_only: str | None = None
        """Why the open deck cannot be written to; None when it can."""
        self.content_root = content_root
        self.start = start
        self.start_deck = deck
        self.clock = clock
        self.enable_fuzzing = enable_fuzzing
        self.quiz_settings = quiz or QuizSettings(deck=deck)
        self.theme = "textual-dark"

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("the database is not open yet")
        return self._engine

    @property
    def database_ready(self) -> bool:
        return self._engine is not None

    def on_mount(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        self.open_database()

    @work(exclusive=True, group="database")
    async def open_database(self) -> None:
        # A deck handed over open was ready at once: the home screen loaded it on mount.
        opened_here = self._engine is None
        try:
            # Nothing of the database layer is imported here: this runs before the first
            # frame, and importing SQLAlchemy would hold it up (it loads in the thread).
            engine, self.read_only, may_edit = await asyncio.to_thread(
                _open, self._engine or self._database
            )
        except Exception as exc:  # a DatabaseError names the file and the reason
            self.notify(str(exc), title="덱을 열 수 없음", severity="error", timeout=30)
            return
        self._engine = engine
        if self.read_only:
            self.notify(
                f"{engine.url.database}: {self.read_only}. "
                "You can read and review, but no rating or import will be saved.",
                title="읽기 전용 덱 · read-only deck",
                severity="warning",
                timeout=30,
            )
        if opened_here:
            self.refresh_home()
        self.refresh_bindings()  # notes, stats and review become available
        if self.start == "review":
            self.action_review(self.start_deck)
        if self.content_root is not None and not self.read_only and may_edit:
            self.sync_content()
        elif self.start == "quiz":
            self.action_quiz()

    @work(exclusive=True, group="sync")
    async def sync_content(self) -> None:
        """Bring the deck in line with the bundled notes, without holding up the interface."""
        from sqlalchemy.exc import DBAPIError

        from quizapp.deck.sync import import_paths

        assert self.content_root is not None
        try:
            summary = await asyncio.to_thread(
                import_paths, self.engine, [self.content_root], now=self.clock()
            )
        except DBAPIError as exc:
            self.notify(f"notes not synced: {exc.orig}", severity="error", timeout=15)
            return
        if summary.changed:
            self.notify(
                f"notes synced: {summary.added} added, {summary.updated} updated, "
                f"{summary.retired} retired",
                timeout=4,
            )
        if summary.problems:
            self.notify(
                f"{len(summary.problems)} problems in the notes, first: {summary.problems[0]}",
                severity="warning",
                timeout=8,
            )
        self.refresh_home()
        if self.start == "quiz":
            # A quiz draws its questions once: wait for the notes so it has them all.
            self.start = "home"
            self.action_quiz()

    def refresh_home(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.reload()

    # -- actions shared by screens and the command palette ------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("review", "notes", "stats", "quiz"):
            return self.database_ready
        return True

    def action_review(self, deck: str | None = None, note_id: int | None = None) -> None:
        from quizapp.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(Scope(deck=deck, note_id=note_id)))

    def action_quiz(
        self, deck: str | None = None, kinds: str = "", note_id: int | None = None
    ) -> None:
        """A quiz with the start-up settings, narrowed to a deck or a note, or to the given
        kinds (comma-separated)."""
        from dataclasses import replace

        from quizapp.tui.screens.quiz import QuizScreen

        settings = self.quiz_settings
        if deck is not None:
            settings = replace(settings, deck=deck)
        if note_id is not None:
            settings = replace(settings, deck=None, tag=None, note_id=note_id)
        if kinds:
            settings = replace(settings, kinds=tuple(QuestionKind(k) for k in kinds.split(",")))
        self.push_screen(QuizScreen(settings))

    def action_notes(self, note_id: int | None = None, line: int | None = None) -> None:
        from quizapp.tui.screens.notes import NotesScreen

        self.push_screen(NotesScreen(note_id=note_id, line=line))

    def action_simulator(self, scenario: str = "four-way-close") -> None:
        from quizapp.tui.screens.simulator import SimulatorScreen

        self.push_screen(SimulatorScreen(scenario))

    def action_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def action_export(self) -> None:
        from quizapp.tui.screens.export import ExportScreen

        self.push_screen(ExportScreen())

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        commands = [
            ("Toggle light/dark theme", "Switch between light and dark", self.action_toggle_dark),
            ("TCP simulator", "Step through handshakes and teardowns", self.action_simulator),
        ]
        if self.database_ready:
            commands += [
                ("Review all decks", "Study what is due today", self.action_review),
                ("Quiz", "20 questions of every kind on all decks", self.action_quiz),
                (
                    "Quiz: flow questions",
                    "Questions the TCP simulator answers",
                    lambda: self.action_quiz(kinds=QuestionKind.FLOW),
                ),
                ("Notes", "Read your notes with their table of contents", self.action_notes),
                ("Statistics", "Reviews, retention, forecast, weakest cards", self.action_stats),
                ("Export deck", "To Anki (.apkg), CSV/TSV, Markdown or JSON", self.action_export),
            ]
        if self.content_root is not None and self.database_ready:
            commands.append(("Re-import notes", f"Sync {self.content_root}", self.sync_content))
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)
