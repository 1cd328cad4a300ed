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


def deck_label(deck: DeckCounts, depth: int) -> Text:
    # The tree draws 4 cells of guide per level and a 2-cell ▼/▶ before decks with
    # sub-decks; the name column shrinks by as much so the counts line up.
    indent = 4 * depth + (2 if deck.children else 0)
    name = _fit(deck.short_name, max(8, NAME_CELLS - indent))
    label = Text(name)
    label.append(f"{deck.new:>5}", style="bold blue" if deck.new else "dim")
    label.append(f"{deck.learning:>6}", style="bold red" if deck.learning else "dim")
    label.append(f"{deck.due:>5}", style="bold green" if deck.due else "dim")
    return label


def progress_text(progress: TodayProgress, cards: int) -> str:
    if not progress.reviewed:
        return f"오늘 아직 복습 없음 · no reviews yet today · {cards} cards in the deck"
    minutes, seconds = divmod(int(progress.seconds), 60)
    accuracy = f"{progress.accuracy:.0%}" if progress.accuracy is not None else "–"
    return (
        f"오늘 today: {progress.reviewed} reviews · {progress.new_learned} new · "
        f"정답률 accuracy {accuracy} · {minutes}m {seconds:02d}s"
    )


class DeckTree(Tree[str]):
    """The deck tree; enter starts a review of the deck under the cursor."""

    BINDINGS = [
        Binding("enter", "select_cursor", "Review deck"),
        Binding("space", "toggle_node", "Fold", show=False),
    ]


class HomeScreen(Screen[None]):
    """The first screen: pick a deck to review, or go to notes and statistics."""

    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("r", "review_all", "Review all"),
        Binding("z", "quiz", "Quiz"),
        Binding("n", "app.notes", "Notes"),
        Binding("c", "app.browser", "Cards"),
        Binding("s", "app.stats", "Stats"),
        Binding("t", "app.simulator", "TCP sim"),
        # In the palette ("Toggle light/dark theme"): at 80 columns the footer has no room.
        Binding("ctrl+t", "app.toggle_dark", "Theme", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="decks-pane"):
            header = Text(" " * NAME_CELLS, style="bold")
            header.append(f"{'new':>5}{'learn':>6}{'due':>5}", style="bold")
            yield Static(header, id="deck-columns")
            tree = DeckTree("decks", id="decks")
            tree.show_root = False
            tree.auto_expand = False  # enter starts a review; space folds sub-decks
            tree.guide_depth = 4
            yield tree
        yield Static("", id="today")
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

        def add(parent: TreeNode[str], deck: DeckCounts, depth: int) -> None:
            label = deck_label(deck, depth)
            if deck.children:
                node = parent.add(label, data=deck.name, expand=True)
                for child in deck.children:
                    add(node, child, depth + 1)
            else:
                parent.add_leaf(label, data=deck.name)

        for deck in decks:
            add(tree.root, deck, 0)
        if not decks:
            tree.root.add_leaf(Text("덱이 비어 있습니다 · no decks yet: importing…", style="dim"))
        cards = sum(d.total for d in decks)
        self.query_one("#today", Static).update(progress_text(progress, cards))
        tree.focus()
        tree.cursor_line = 0
        if selected is not None:
            for line in range(tree.last_line + 1):
                node = tree.get_node_at_line(line)
                if node is not None and node.data == selected:
                    tree.cursor_line = line
                    break

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.app.action_review(event.node.data)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quiz":
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
