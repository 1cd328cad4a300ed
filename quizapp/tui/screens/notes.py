"""Notes: browse the imported notes and read them as Markdown with a table of contents."""

from __future__ import annotations

import asyncio

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, MarkdownViewer, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from quizapp.deck.images import note_images
from quizapp.deck.queries import NoteEntry, NoteView, get_note, list_notes
from quizapp.i18n import tr
from quizapp.notes.model import ImportProblem
from quizapp.terminal import cut_end, cut_start
from quizapp.tui.render_limits import MAX_RENDERED_BLOCKS, block_count
from quizapp.tui.widgets.images import ImageStrip
from quizapp.tui.widgets.note_viewer import NoteViewer

MAX_PROBLEMS_SHOWN = 5
"""Problems listed above a note; `quizapp check` lists them all."""


def note_label(entry: NoteEntry, room: int) -> Text:
    """The title with its card count, then the path on a line of its own, cut from the left
    (its end tells notes apart): a path never breaks in the middle of a word."""
    cards = tr(f"카드 {entry.cards}장", f"{entry.cards} card{'' if entry.cards == 1 else 's'}")
    title = cut_end(entry.title, max(4, room - cell_len(cards) - 1))
    label = Text(title, style="bold")
    label.append(" " * max(1, room - cell_len(title) - cell_len(cards)) + cards, style="dim")
    label.append(f"\n{cut_start(entry.path, room)}", style="dim")
    return label


class NotesScreen(Screen[None]):
    """A list of notes on the left, the selected note on the right."""

    CSS_PATH = "notes.tcss"
    BINDINGS = [
        Binding("r", "review_note", "Review note"),
        Binding("z", "quiz_note", "Quiz note"),
        Binding("t", "toggle_toc", "Contents"),
        Binding("l", "toggle_list", "Note list"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, note_id: int | None = None, line: int | None = None) -> None:
        super().__init__()
        self.note_id = note_id
        self.line = line
        self.note: NoteView | None = None
        self.requested_note: int | None = None
        self.entries: list[NoteEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OptionList(id="note-list")
            with Vertical(id="reading"):
                yield Static("", id="note-problems")
                yield NoteViewer("", id="viewer", show_table_of_contents=False, open_links=False)
                yield TextArea("", id="plain", read_only=True, soft_wrap=False)
                yield ImageStrip(id="note-images")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = tr("노트", "notes")
        if self.note_id is not None:
            # Opened from a card: the note fills the screen, the list is one key away.
            self.add_class("-reading")
        self.load_list()

    @work(exclusive=True, group="notes-list")
    async def load_list(self) -> None:
        entries: list[NoteEntry] = await asyncio.to_thread(list_notes, self.app.engine)  # type: ignore[attr-defined]
        self.entries = entries
        options = self.query_one("#note-list", OptionList)
        options.clear_options()
        # The list's text room: its width less border, padding and scrollbar.
        room = max(12, options.size.width - 4) if options.size.width else 28
        for entry in entries:
            options.add_option(Option(note_label(entry, room), id=str(entry.id)))
        if not entries:
            options.add_option(Option(tr("노트가 없습니다", "no notes yet"), disabled=True))
            return
        wanted = self.note_id if self.note_id is not None else entries[0].id
        index = next((i for i, e in enumerate(entries) if e.id == wanted), 0)
        options.highlighted = index
        self.show_note(entries[index].id, self.line)
        if self.note_id is None:
            options.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id
        if option_id is not None and option_id != str(self.requested_note):
            self.show_note(int(option_id), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#viewer", MarkdownViewer).document.focus()

    def show_note(self, note_id: int, line: int | None, anchor: str = "") -> None:
        # Remembered at once, so the list's highlight event for the same note (which
        # arrives before the note has loaded) does not replace this request.
        self.requested_note = note_id
        self._load_note(note_id, line, anchor)

    def on_note_viewer_note_link_clicked(self, event: NoteViewer.NoteLinkClicked) -> None:
        """A link to another note opens it from the deck; other files are not opened."""
        for index, entry in enumerate(self.entries):
            if entry.path == event.path:
                self.query_one("#note-list", OptionList).highlighted = index
                self.show_note(entry.id, None, event.anchor)
                return
        self.notify(
            f"{event.path}: "
            + tr("가져온 노트가 아니라 열지 않습니다", "not an imported note, not opened"),
            title=tr("열지 않음", "not opened"),
            severity="warning",
        )

    @work(exclusive=True, group="notes-view")
    async def _load_note(self, note_id: int, line: int | None, anchor: str = "") -> None:
        engine = self.app.engine  # type: ignore[attr-defined]
        note = await asyncio.to_thread(get_note, engine, note_id)
        if note is None:
            return
        images = await asyncio.to_thread(note_images, engine, note_id, note.markdown)
        await self.query_one("#note-images", ImageStrip).show(images)
        blocks = await asyncio.to_thread(block_count, note.markdown)
        self.note = note
        self.sub_title = note.path
        self._show_problems(note.problems)
        viewer = self.query_one("#viewer", NoteViewer)
        viewer.note_path = note.path
        plain = self.query_one("#plain", TextArea)
        as_text = blocks > MAX_RENDERED_BLOCKS
        viewer.display = not as_text
        plain.display = as_text
        if as_text:
            await viewer.document.update("")
            plain.load_text(note.markdown)
            self.notify(
                tr(
                    f"{note.path}: 블록 {blocks:,}개, 서식 한도 {MAX_RENDERED_BLOCKS}개 초과: "
                    "일반 텍스트로 보여 줍니다",
                    f"{note.path}: {blocks:,} blocks, more than the {MAX_RENDERED_BLOCKS} shown "
                    "as formatted text; shown as plain text",
                ),
                title=tr("큰 노트", "large note"),
                timeout=8,
            )
            return
        plain.load_text("")
        await viewer.document.update(note.markdown)
        viewer.scroll_home(animate=False)
        if anchor:
            self.call_after_refresh(viewer.document.goto_anchor, anchor)
        if line is not None:
            # Focus first: focusing the document scrolls it to its top.
            viewer.document.focus(scroll_visible=False)
            self._scroll_to_line(viewer, note, line)

    def _show_problems(self, problems: list[ImportProblem]) -> None:
        """The note's import problems above it, so a note that imported oddly says why."""
        panel = self.query_one("#note-problems", Static)
        panel.display = bool(problems)
        if not problems:
            return
        # A Text, not markup: messages quote the note, and `[` in a note is not markup.
        lines = Text(tr("가져오기 문제", "import problems") + f" ({len(problems)})", style="bold")
        for problem in problems[:MAX_PROBLEMS_SHOWN]:
            place = "" if problem.line is None else f"{problem.line}: "
            lines.append(f"\n{place}{problem.severity}: {problem.message}")
        if len(problems) > MAX_PROBLEMS_SHOWN:
            more = len(problems) - MAX_PROBLEMS_SHOWN
            lines.append(
                "\n… " + tr(f"{more}개 더 (quizapp check)", f"{more} more (quizapp check)")
            )
        panel.update(lines)

    def _scroll_to_line(self, viewer: MarkdownViewer, note: NoteView, line: int) -> None:
        """Scroll to the heading of the section holding `line` (matched by title and order)."""
        section = note.section_at(line)
        if section is None:
            return
        same_title_before = sum(
            1
            for s in note.sections
            if s.title == section.title and s.start_line < section.start_line
        )
        seen = 0
        for _level, title, block_id in viewer.document.table_of_contents:
            if title.strip() == section.title.strip():
                if seen == same_title_before:
                    block = viewer.document.query_one(f"#{block_id}")
                    # The new blocks get their places in the next layout; scroll after it.
                    self.call_after_refresh(viewer.scroll_to_widget, block, top=True, animate=False)
                    return
                seen += 1

    def action_review_note(self) -> None:
        if self.note is not None:
            self.app.action_review(None, self.note.id)  # type: ignore[attr-defined]

    def action_quiz_note(self) -> None:
        if self.note is not None:
            self.app.action_quiz(note_id=self.note.id)  # type: ignore[attr-defined]

    def action_toggle_toc(self) -> None:
        viewer = self.query_one("#viewer", MarkdownViewer)
        viewer.show_table_of_contents = not viewer.show_table_of_contents

    def action_toggle_list(self) -> None:
        self.toggle_class("-reading")
