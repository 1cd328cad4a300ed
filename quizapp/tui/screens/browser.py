"""The card browser: search, sort, and act on cards (suspend, bury, skip, reset), with undo."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from quizapp.i18n import tr
from quizapp.srs.library_model import (
    CardAction,
    CardQuery,
    CardSort,
    CardState,
    SearchError,
    parse_search,
)
from quizapp.terminal import cut_end, cut_start

if TYPE_CHECKING:
    from quizapp.srs.browse import CardRow
    from quizapp.srs.cards import CardChange

STATE_STYLE = {
    CardState.NEW: "blue",
    CardState.LEARNING: "red",
    CardState.DUE: "green",
    CardState.REVIEW: "",
    CardState.SUSPENDED: "yellow",
    CardState.BURIED: "yellow",
    CardState.LEECH: "magenta",
    CardState.RETIRED: "dim",
    CardState.SKIPPED: "dim",
}


def state_name(state: CardState) -> str:
    return {
        CardState.NEW: tr("새 카드", "new"),
        CardState.LEARNING: tr("학습 중", "learning"),
        CardState.DUE: tr("복습 예정", "due"),
        CardState.REVIEW: tr("복습", "review"),
        CardState.SUSPENDED: tr("보류", "suspended"),
        CardState.BURIED: tr("미룸", "buried"),
        CardState.LEECH: tr("거머리", "leech"),
        CardState.RETIRED: tr("은퇴", "retired"),
        CardState.SKIPPED: tr("건너뜀", "skipped"),
    }[state]


def action_done(action: CardAction, count: int) -> str:
    what = {
        CardAction.SUSPEND: tr("보류함", "suspended"),
        CardAction.UNSUSPEND: tr("보류 해제", "unsuspended"),
        CardAction.BURY: tr("내일로 미룸", "buried until tomorrow"),
        CardAction.UNBURY: tr("미룸 해제", "unburied"),
        CardAction.SKIP: tr("건너뜀 (다시 보지 않음)", "skipped (never shown)"),
        CardAction.UNSKIP: tr("건너뜀 해제", "unskipped"),
        CardAction.RESET: tr("처음부터 (기록은 남음)", "reset to new (history kept)"),
    }[action]
    return tr(f"카드 {count}장 {what} · u: 되돌리기", f"{count} card(s) {what} · u undoes")


SORT_ORDER = list(CardSort)


def sort_name(sort: CardSort) -> str:
    """A sort column's name in the UI language (in English, the `sort:` word that picks it)."""
    names = {
        CardSort.SOURCE: tr("출처", "source"),
        CardSort.DUE: tr("기한", "due"),
        CardSort.LAPSES: tr("실패", "lapses"),
        CardSort.REVIEWS: tr("복습 수", "reviews"),
        CardSort.QUESTION: tr("질문", "question"),
        CardSort.DECK: tr("덱", "deck"),
    }
    return names[sort]


class BrowserScreen(Screen[None]):
    """Every card, searchable; act on the one under the cursor, undo with `u`."""

    CSS_PATH = "browser.tcss"
    BINDINGS = [
        Binding("slash", "focus_search", "Search", key_display="/"),
        Binding("enter", "show_card", "Show", show=False),
        Binding("x", "toggle('suspend')", "Suspend"),
        Binding("b", "toggle('bury')", "Bury"),
        Binding("k", "toggle('skip')", "Skip"),
        Binding("R", "reset", "Reset", show=False),
        Binding("u", "undo", "Undo"),
        Binding("o", "open_note", "Note"),
        Binding("e", "edit", "Edit", show=False),
        Binding("r", "review_these", "Review these"),
        Binding("full_stop", "next_sort", "Sort", key_display="."),
        Binding("question_mark", "app.keys", "Keys", key_display="?"),
        Binding("escape", "back", "Back", key_display="⎋"),
    ]

    def __init__(self, search: str = "") -> None:
        super().__init__()
        self.initial_search = search
        self.rows: list[CardRow] = []
        self.query_text = search
        self.sort = CardSort.SOURCE
        self.descending = False

    @property
    def undo_stack(self) -> list[CardChange]:
        """The session's browser actions (the app's, so they outlive this screen)."""
        return self.app.card_changes  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(
            self.initial_search,
            placeholder=tr(
                "검색: 단어 deck:덱 tag:태그 kind:종류 state:suspended …",
                "search: words deck:NAME tag:T kind:K state:suspended …",
            ),
            id="search",
        )
        yield Static("", id="status", markup=False)
        yield DataTable(id="cards", cursor_type="row", zebra_stripes=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = tr("카드", "cards")
        # Keys act on cards; `/` goes to the search box.
        self.query_one("#cards", DataTable).focus()
        self.load()

    def on_screen_resume(self) -> None:
        self.load()

    def on_resize(self) -> None:
        self._fill()

    # -- loading -------------------------------------------------------------------------

    def _query(self) -> CardQuery:
        parsed = parse_search(self.query_text)
        if "sort:" in self.query_text:
            return parsed
        return CardQuery(
            parsed.text, parsed.deck, parsed.tag, parsed.kind, parsed.state, self.sort,
            self.descending,
        )  # fmt: skip

    @work(exclusive=True, group="browser")
    async def load(self, keep: str | None = None) -> None:
        from quizapp.errors import UnknownDeck, UnknownTag
        from quizapp.srs.browse import search_cards

        try:
            query = self._query()
        except SearchError as exc:
            self._status(str(exc), error=True)
            return
        engine = self.app.engine  # type: ignore[attr-defined]
        now = self.app.clock()  # type: ignore[attr-defined]
        try:
            rows = await asyncio.to_thread(search_cards, engine, query, now)
        except UnknownDeck as exc:
            self._status(tr(f"덱 {exc} 이(가) 없습니다", f"no deck named {exc}"), error=True)
            return
        except UnknownTag as exc:
            self._status(tr(f"태그 {exc} 인 카드가 없습니다", f"no card has the tag {exc}"), True)
            return
        table = self.query_one("#cards", DataTable)
        current = keep or self._current_id(table)
        self.rows = rows
        self._fill()
        sort = f"{sort_name(query.sort)}{' ↓' if query.descending else ' ↑'}"
        plural = "" if len(rows) == 1 else "s"
        self._status(
            tr(f"카드 {len(rows)}장 · 정렬 {sort}", f"{len(rows)} card{plural} · sort {sort}")
        )
        for index, row in enumerate(rows):
            if row.id == current:
                table.move_cursor(row=index)
                break

    def _status(self, text: str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.update(Text(text, style="bold red" if error else ""))

    def _current_id(self, table: DataTable) -> str | None:
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row].id

    def _fill(self) -> None:
        """The rows, cut to the screen's width: question first, the source whole at the end."""
        if not self.is_mounted:
            return
        table = self.query_one("#cards", DataTable)
        wide = self.size.width >= 110
        cursor = table.cursor_row
        table.clear(columns=True)
        source_cells = 26 if wide else 22
        deck_cells = 14 if wide else 0
        fixed = 10 + source_cells + deck_cells + (8 if wide else 0) + 12
        question_cells = max(16, self.size.width - fixed)
        table.add_column(tr("상태", "state"), width=9)
        if wide:
            table.add_column(tr("덱", "deck"), width=deck_cells)
        table.add_column(tr("질문", "question"), width=question_cells)
        table.add_column(tr("출처", "source"), width=source_cells)
        if wide:
            table.add_column(tr("복습", "reps"), width=5)
        for row in self.rows:
            state = Text(state_name(row.state), style=STATE_STYLE[row.state])
            # The end of a path is what tells notes apart: cut from the left.
            source = cut_start(row.source, source_cells)
            cells: list[object] = [state]
            # Text, not str: DataTable reads a str as markup (`[link=…]` in a question).
            if wide:
                cells.append(Text(cut_end(row.deck, deck_cells)))
            cells += [Text(cut_end(row.question, question_cells)), Text(source)]
            if wide:
                cells.append(f"{row.reps}/{row.lapses}")
            table.add_row(*cells, key=row.id)
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    # -- search and sort -----------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_text = event.value
        self.load()
        self.query_one("#cards", DataTable).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.load()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            self.query_one("#cards", DataTable).focus()
        else:
            self.app.pop_screen()

    def action_next_sort(self) -> None:
        """Cycle the sort column; after the last one each column again, reversed."""
        index = SORT_ORDER.index(self.sort) + 1
        if index == len(SORT_ORDER):
            index = 0
            self.descending = not self.descending
        self.sort = SORT_ORDER[index]
        self.load()

    # -- acting on cards -----------------------------------------------------------------

    @property
    def current(self) -> CardRow | None:
        table = self.query_one("#cards", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("toggle", "reset", "open_note", "edit", "show_card") and self.current is None:
            return None
        if action == "review_these" and not self.rows:
            return None
        if action == "undo" and not self.undo_stack:
            return None
        return True

    def action_toggle(self, verb: str) -> None:
        row = self.current
        if row is None:
            return
        undo = {
            "suspend": (CardState.SUSPENDED, CardAction.UNSUSPEND),
            "bury": (CardState.BURIED, CardAction.UNBURY),
            "skip": (CardState.SKIPPED, CardAction.UNSKIP),
        }
        state, reverse = undo[verb]
        action = reverse if state in row.states else CardAction(verb)
        self.act(action, [row.id])

    def action_reset(self) -> None:
        if self.current is not None:
            self.act(CardAction.RESET, [self.current.id])

    @work(exclusive=True, group="browser-act")
    async def act(self, action: CardAction, ids: list[str]) -> None:
        from quizapp.errors import NotSaved
        from quizapp.srs.cards import apply_action

        engine = self.app.engine  # type: ignore[attr-defined]
        now = self.app.clock()  # type: ignore[attr-defined]
        try:
            change = await asyncio.to_thread(apply_action, engine, ids, action, now)
        except NotSaved as error:
            self.notify(str(error), title=tr("저장하지 못함", "not saved"), severity="error")
            return
        self.undo_stack.append(change)
        self.notify(action_done(action, change.count))
        self.refresh_bindings()
        self.load(keep=ids[0])

    @work(exclusive=True, group="browser-act")
    async def action_undo(self) -> None:
        from quizapp.errors import NotSaved
        from quizapp.srs.cards import undo_change

        if not self.undo_stack:
            return
        change = self.undo_stack[-1]
        try:
            await asyncio.to_thread(undo_change, self.app.engine, change)  # type: ignore[attr-defined]
        except NotSaved as error:
            self.notify(str(error), title=tr("저장하지 못함", "not saved"), severity="error")
            return
        self.undo_stack.pop()
        self.notify(tr("되돌림", "undone"))
        self.refresh_bindings()
        self.load(keep=next(iter(change.before)))

    def action_open_note(self) -> None:
        row = self.current
        if row is not None and row.note_id is not None:
            self.app.action_notes(row.note_id, row.source_line)  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        from quizapp.tui.editing import edit_note

        row = self.current
        if row is not None and row.note_id is not None:
            engine = self.app.engine  # type: ignore[attr-defined]
            if edit_note(self.app, engine, row.note_id, row.source_line):
                self.load(keep=row.id)

    def action_show_card(self) -> None:
        from quizapp.tui.screens.card import CardScreen

        if self.current is not None:
            self.app.push_screen(CardScreen(self.current.id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_show_card()

    def action_review_these(self) -> None:
        """A filtered review of the cards listed, in the order shown."""
        ids = tuple(row.id for row in self.rows)
        self.app.action_review_cards(ids, tr("찾은 카드", "found cards"))  # type: ignore[attr-defined]
