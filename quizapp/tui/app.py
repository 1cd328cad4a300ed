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
from textual.notifications import SeverityLevel
from textual.screen import Screen

from quizapp.i18n import language, tr
from quizapp.quiz.settings import QuestionKind, QuizSettings
from quizapp.srs.scope import Scope

if TYPE_CHECKING:
    from quizapp.deck.db import Engine
    from quizapp.srs.cards import CardChange

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
        Binding("question_mark", "keys", "Keys", show=False, key_display="?"),
    ]

    def __init__(
        self,
        database: Engine | str,
        *,
        bundled_root: Path | None = None,
        sync_sources: bool = True,
        start: str = "home",
        deck: str | None = None,
        clock: Clock = local_now,
        enable_fuzzing: bool = True,
        quiz: QuizSettings | None = None,
    ) -> None:
        """`database` is an open engine, or a URL opened once the first frame is drawn.

        `start="quiz"` starts a quiz with `quiz` settings once the notes are synced.
        The deck's sources are synced at start-up unless `sync_sources` is False;
        `bundled_root` is offered to a new deck as its first source (the default deck only).
        """
        super().__init__()
        self._database = database
        self._engine: Engine | None = None if isinstance(database, str) else database
        self.read_only: str | None = None
        """Why the open deck cannot be written to; None when it can."""
        self.bundled_root = bundled_root
        self.sync_at_start = sync_sources
        self.start = start
        self.start_deck = deck
        self.clock = clock
        self.enable_fuzzing = enable_fuzzing
        self.quiz_settings = quiz or QuizSettings(deck=deck)
        self.card_changes: list[CardChange] = []
        """What the card browser did this session, for its `u`: kept when the browser closes,
        so a card suspended there can be taken back after reopening it."""
        self.theme = "textual-dark"
        self._first_frame = asyncio.Event()

    def push_screen(self, screen, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        """Every screen's keys in the UI language (see `quizapp.tui.labels`)."""
        from quizapp.tui.labels import localize_bindings

        localize_bindings(screen if isinstance(screen, Screen) else None)
        return super().push_screen(screen, *args, **kwargs)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise RuntimeError("the database is not open yet")
        return self._engine

    @property
    def database_ready(self) -> bool:
        return self._engine is not None

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every toast of the app (a screen's `notify` ends here, asking for markup): its
        message carries paths and error text from files, so it is always shown as written,
        without markup (`[java]` stays) and with control characters made visible."""
        # Here, not at the top: `quizapp.notes` loads the whole note parser.
        from quizapp.notes.sanitize import visible

        super().notify(
            visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False
        )

    def on_mount(self) -> None:
        from quizapp.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        self.open_database()

    def on_ready(self) -> None:
        self._first_frame.set()

    @work(exclusive=True, group="database")
    async def open_database(self) -> None:
        # A deck handed over open was ready at once: the home screen loaded it on mount.
        opened_here = self._engine is None
        # Importing SQLAlchemy and opening the deck take the interpreter's lock even in a
        # thread, which would hold up the first frame: they wait for it to be drawn.
        if opened_here:
            await self._first_frame.wait()
        try:
            engine, self.read_only, may_edit = await asyncio.to_thread(
                _open, self._engine or self._database
            )
        except Exception as exc:  # a DatabaseError names the file and the reason
            title = tr("덱을 열 수 없음", "cannot open the deck")
            self.notify(str(exc), title=title, severity="error", timeout=30)
            return
        self._engine = engine
        if self.read_only:
            self.notify(
                f"{engine.url.database}: {self.read_only}. "
                + tr(
                    "읽고 복습할 수는 있지만 평가와 가져오기는 저장되지 않습니다.",
                    "You can read and review, but no rating or import will be saved.",
                ),
                title=tr("읽기 전용 덱", "read-only deck"),
                severity="warning",
                timeout=30,
            )
        if opened_here:
            self.refresh_home()
        self.refresh_bindings()  # notes, stats and review become available
        if self.start == "review":
            self.action_review(self.start_deck)
        if self.sync_at_start and not self.read_only and may_edit:
            self.sync_content()
        elif self.start == "quiz":
            self.action_quiz()

    @work(exclusive=True, group="sync")
    async def sync_content(self) -> None:
        """Bring the deck in line with its sources, without holding up the interface."""
        from quizapp.deck.library import sync_sources
        from quizapp.errors import NotSaved

        try:
            result = await asyncio.to_thread(
                sync_sources, self.engine, self.clock(), bundled=self.bundled_root
            )
        except NotSaved as exc:
            self.notify(
                f"{tr('노트를 동기화하지 못함', 'notes not synced')}: {exc}",
                severity="error",
                timeout=15,
            )
            return
        summary = result.summary
        if summary.changed:
            self.notify(
                tr(
                    f"노트 동기화: {summary.added}장 추가, {summary.updated}장 수정, "
                    f"{summary.retired}장 은퇴",
                    f"notes synced: {summary.added} added, {summary.updated} updated, "
                    f"{summary.retired} retired",
                ),
                timeout=6,
            )
        for folder in result.adopted:
            self.notify(
                tr(
                    f"{folder}: 이 덱의 노트가 온 폴더라 소스로 삼음",
                    f"{folder}: this deck's notes came from here; now one of its sources",
                ),
                timeout=8,
            )
        for missing in result.missing:
            self.notify(
                tr(
                    f"{missing}: 폴더가 없습니다. 카드는 그대로 둡니다",
                    f"{missing}: folder not found; its cards are kept",
                ),
                severity="warning",
            )
        if summary.problems:
            self.notify(
                tr(
                    f"노트에 문제 {len(summary.problems)}개, 첫째: {summary.problems[0]}",
                    f"{len(summary.problems)} problems in the notes, first: {summary.problems[0]}",
                ),
                severity="warning",
                timeout=8,
            )
        if summary.changed:
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
        if action in ("review", "notes", "stats", "quiz", "browser", "review_cards", "settings"):
            return self.database_ready
        return True

    def action_review(self, deck: str | None = None, note_id: int | None = None) -> None:
        from quizapp.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(Scope(deck=deck, note_id=note_id)))

    def action_review_cards(self, card_ids: tuple[str, ...], title: str) -> None:
        """A filtered session: exactly these cards, once each, due or not ("review these")."""
        from quizapp.tui.screens.review import ReviewScreen

        if not card_ids:
            self.notify(tr("복습할 카드가 없습니다", "no cards to review"))
            return
        self.push_screen(ReviewScreen(Scope(card_ids=tuple(card_ids)), title=title))

    def action_browser(self, search: str = "") -> None:
        from quizapp.tui.screens.browser import BrowserScreen

        self.push_screen(BrowserScreen(search))

    def action_keys(self) -> None:
        """`?`: the keys of the current screen (a second `?` or Esc closes the list)."""
        from quizapp.tui.screens.keys import KeysScreen, screen_keys

        if isinstance(self.screen, KeysScreen):
            self.screen.dismiss()
            return
        title = tr("키", "Keys") + (f" · {self.screen.sub_title}" if self.screen.sub_title else "")
        self.push_screen(KeysScreen(screen_keys(self.screen), title))

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

        self.push_screen(SimulatorScreen(scenario, lang=language()))

    def action_stats(self) -> None:
        from quizapp.tui.screens.stats import StatsScreen

        self.push_screen(StatsScreen())

    def action_export(self) -> None:
        from quizapp.tui.screens.export import ExportScreen

        self.push_screen(ExportScreen())

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's "Keys" panel takes half the screen and stays open: ours replaces it.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        commands = [
            (tr("키", "Keys"), tr("이 화면의 키 (?)", "This screen's keys (?)"), self.action_keys),
            (
                tr("밝은/어두운 테마", "Toggle light/dark theme"),
                tr("밝은 테마와 어두운 테마를 바꿉니다", "Switch between light and dark"),
                self.action_toggle_dark,
            ),
            (
                tr("TCP 시뮬레이터", "TCP simulator"),
                tr("연결 설정과 종료를 한 단계씩", "Step through handshakes and teardowns"),
                self.action_simulator,
            ),
        ]
        if self.database_ready:
            commands += [
                (
                    tr("모든 덱 복습", "Review all decks"),
                    tr("오늘 복습할 카드", "Study what is due today"),
                    self.action_review,
                ),
                (
                    tr("퀴즈", "Quiz"),
                    tr("모든 덱에서 여러 종류 20문제", "20 questions of every kind on all decks"),
                    self.action_quiz,
                ),
                (
                    tr("퀴즈: 흐름 문제", "Quiz: flow questions"),
                    tr("TCP 시뮬레이터가 답하는 문제", "Questions the TCP simulator answers"),
                    lambda: self.action_quiz(kinds=QuestionKind.FLOW),
                ),
                (
                    tr("노트", "Notes"),
                    tr("목차와 함께 노트 읽기", "Read your notes with their table of contents"),
                    self.action_notes,
                ),
                (
                    tr("카드", "Cards"),
                    tr("카드 찾기, 보류, 건너뛰기, 초기화", "Search, suspend, skip, reset cards"),
                    self.action_browser,
                ),
                (
                    tr("통계", "Statistics"),
                    tr("복습, 기억률, 예정, 약한 카드", "Reviews, retention, forecast, weakest"),
                    self.action_stats,
                ),
                (
                    tr("덱 내보내기", "Export deck"),
                    tr("Anki, CSV/TSV, Markdown, JSON으로", "To Anki, CSV/TSV, Markdown, JSON"),
                    self.action_export,
                ),
            ]
        if self.database_ready and not self.read_only:
            commands.append(
                (
                    tr("노트 다시 가져오기", "Re-import notes"),
                    tr("덱의 노트 폴더를 동기화", "Sync the deck's source folders"),
                    self.sync_content,
                )
            )
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)
