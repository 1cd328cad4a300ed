"""Home: decks as a tree with today's new / learning / due counts, and today's progress."""

from __future__ import annotations

import asyncio

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, Tree
from textual.widgets.tree import TreeNode

from quizapp.i18n import tr
from quizapp.srs.overview_model import DeckCounts, TodayProgress

NAME_CELLS = 34
"""Width of the deck-name column (terminal cells, so Hangul counts double)."""


def _fit(text: str, cells: int) -> str:
    """`text` cut or padded to exactly `cells` terminal cells."""
    out = ""
    for char in text:
        if cell_len(out + char) > cells - 1 and cell_len(text) > cells:
            return out + "…" + " " * (cells - cell_len(out) - 1)
        out += char
    return out + " " * (cells - cell_len(out))


def _fit_right(text: str, cells: int) -> str:
    return " " * max(0, cells - cell_len(text)) + text


def deck_label(deck: DeckCounts, depth: int, name_cells: int = NAME_CELLS) -> Text:
    # The tree draws 4 cells of guide per level and a 2-cell ▼/▶ before decks with
    # sub-decks; the name column shrinks by as much so the counts line up.
    indent = 4 * depth + (2 if deck.children else 0)
    name = _fit(deck.short_name, max(8, name_cells - indent))
    label = Text(name)
    label.append(f"{deck.new:>5}", style="bold blue" if deck.new else "dim")
    label.append(f"{deck.learning:>6}", style="bold red" if deck.learning else "dim")
    label.append(f"{deck.due:>5}", style="bold green" if deck.due else "dim")
    return label


def progress_text(progress: TodayProgress, cards: int) -> str:
    if not progress.reviewed:
        return tr(
            f"오늘 아직 복습 없음 · 덱에 카드 {cards}장",
            f"no reviews yet today · {cards} cards in the deck",
        )
    minutes, seconds = divmod(int(progress.seconds), 60)
    accuracy = f"{progress.accuracy:.0%}" if progress.accuracy is not None else "–"
    return tr(
        f"오늘: 복습 {progress.reviewed} · 새 카드 {progress.new_learned} · "
        f"정답률 {accuracy} · {minutes}분 {seconds:02d}초",
        f"today: {progress.reviewed} reviews · {progress.new_learned} new · "
        f"accuracy {accuracy} · {minutes}m {seconds:02d}s",
    )


def columns_label(name_cells: int) -> Text:
    header = Text(" " * name_cells, style="bold")
    new, learn, due = tr("새", "new"), tr("학습", "learn"), tr("복습", "due")
    header.append(_fit_right(new, 5) + _fit_right(learn, 6) + _fit_right(due, 5))
    return header


def totals_label(decks: list[DeckCounts], name_cells: int = NAME_CELLS) -> Text:
    """The sum over every deck, lined up under the columns."""
    label = Text(_fit("  " + tr("합계", "total"), name_cells), style="bold")
    label.append(f"{sum(d.new for d in decks):>5}", style="bold blue")
    label.append(f"{sum(d.learning for d in decks):>6}", style="bold red")
    label.append(f"{sum(d.due for d in decks):>5}", style="bold green")
    return label


def limits_text(deck: DeckCounts) -> str:
    """Why a deck shows the counts it does: its limits, and what they hold back today."""
    if deck.new_per_day is None:
        return tr(
            f"{deck.name}: 하위 덱의 합 · 카드 {deck.total}장",
            f"{deck.name}: the sum of its sub-decks · {deck.total} cards",
        )
    parts = [
        tr(
            f"새 카드 하루 {deck.new_per_day}장 (오늘 {deck.new_today}장 시작)",
            f"new {deck.new_per_day}/day ({deck.new_today} started today)",
        ),
        tr(f"복습 최대 {deck.reviews_per_day}", f"max {deck.reviews_per_day} reviews"),
    ]
    if deck.new_capped:
        held = deck.new_waiting - deck.new
        parts.append(
            tr(
                f"새 카드 {deck.new_waiting}장 중 {held}장은 한도 때문에 다음 날로",
                f"{held} of {deck.new_waiting} new cards wait for later days (the limit)",
            )
        )
    if deck.due_capped:
        parts.append(
            tr(
                f"오늘 예정 {deck.due_waiting}장 중 {deck.due}장만",
                f"only {deck.due} of {deck.due_waiting} due reviews today",
            )
        )
    return f"{deck.name}: " + " · ".join(parts) + tr(" · d: 설정", " · d: settings")


class DeckTree(Tree[str]):
    """The deck tree; enter starts a review of the deck under the cursor."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Review deck"),
        Binding("space", "toggle_node", "Fold", show=False),
    ]


def _walk(decks: list[DeckCounts]) -> list[DeckCounts]:
    return [node for deck in decks for node in (deck, *_walk(deck.children))]


class HomeScreen(Screen[None]):
    """The first screen: pick a deck to review, or go to notes and statistics."""

    def __init__(self) -> None:
        super().__init__()
        self.decks: dict[str, DeckCounts] = {}
        """Every deck shown, by full name, for the limits line under the tree."""

    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("r", "review_all", "Review all"),
        Binding("z", "quiz", "Quiz"),
        Binding("n", "app.notes", "Notes"),
        Binding("c", "app.browser", "Cards"),
        Binding("s", "app.stats", "Stats"),
        Binding("d", "settings", "Settings"),
        Binding("t", "app.simulator", "TCP sim"),
        # In the palette ("Toggle light/dark theme"): at 80 columns the footer has no room.
        Binding("ctrl+t", "app.toggle_dark", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="decks-pane"):
            yield Static(columns_label(NAME_CELLS), id="deck-columns")
            tree = DeckTree("decks", id="decks")
            tree.show_root = False
            tree.auto_expand = False  # enter starts a review; space folds sub-decks
            tree.guide_depth = 4
            yield tree
            yield Static("", id="totals", markup=False)
        yield Static("", id="limits", markup=False)
        yield Static("", id="today", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    @work(exclusive=True, group="home")
    async def reload(self) -> None:
        if not self.app.database_ready:  # type: ignore[attr-defined]
            return  # the app reloads this screen once the deck is open
        now = self.app.clock()  # type: ignore[attr-defined]
        engine = self.app.engine  # type: ignore[attr-defined]

        def load() -> tuple[list[DeckCounts], TodayProgress]:
            from quizapp.srs.overview import deck_tree, today_progress

            return deck_tree(engine, now), today_progress(engine, now)

        decks, progress = await asyncio.to_thread(load)
        self._show(decks, progress)

    def _show(self, decks: list[DeckCounts], progress: TodayProgress) -> None:
        tree = self.query_one("#decks", Tree)
        selected = tree.cursor_node.data if tree.cursor_node else None
        tree.clear()

        # Wider terminals give the names the room: the counts stay next to them.
        name_cells = min(70, max(NAME_CELLS, self.size.width - 30))
        self.query_one("#deck-columns", Static).update(columns_label(name_cells))

        def add(parent: TreeNode[str], deck: DeckCounts, depth: int) -> None:
            label = deck_label(deck, depth, name_cells)
            if deck.children:
                node = parent.add(label, data=deck.name, expand=True)
                for child in deck.children:
                    add(node, child, depth + 1)
            else:
                parent.add_leaf(label, data=deck.name)

        for deck in decks:
            add(tree.root, deck, 0)
        if not decks:
            tree.root.add_leaf(
                Text(
                    tr(
                        "덱이 비어 있습니다: quizapp import 폴더 로 노트를 가져오세요",
                        "no decks yet: `quizapp import FOLDER` brings in your notes",
                    ),
                    style="dim",
                )
            )
        cards = sum(d.total for d in decks)
        self.decks = {d.name: d for d in _walk(decks)}
        self.query_one("#totals", Static).update(totals_label(decks, name_cells) if decks else "")
        self.query_one("#today", Static).update(progress_text(progress, cards))
        tree.focus()
        tree.cursor_line = 0
        if selected is not None:
            for line in range(tree.last_line + 1):
                node = tree.get_node_at_line(line)
                if node is not None and node.data == selected:
                    tree.cursor_line = line
                    break
        self._show_limits(tree.cursor_node.data if tree.cursor_node else None)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        self._show_limits(event.node.data)

    def _show_limits(self, name: str | None) -> None:
        deck = self.decks.get(name or "")
        self.query_one("#limits", Static).update(limits_text(deck) if deck else "")

    def action_settings(self) -> None:
        """The study settings of the deck under the cursor."""
        from quizapp.tui.screens.deck_settings import DeckSettingsScreen

        node = self.query_one("#decks", Tree).cursor_node
        if node is not None and node.data is not None:
            self.app.push_screen(DeckSettingsScreen(node.data), lambda saved: self.reload())

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.app.action_review(event.node.data)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("quiz", "settings"):
            return self.app.database_ready  # type: ignore[attr-defined]
        return True

    def action_quiz(self) -> None:
        """Quiz the deck under the cursor (all decks when there is none)."""
        tree = self.query_one("#decks", Tree)
        node = tree.cursor_node
        deck = node.data if node is not None else None
        self.app.action_quiz(deck)  # type: ignore[attr-defined]

    def action_review_all(self) -> None:
        self.app.action_review(None)  # type: ignore[attr-defined]
