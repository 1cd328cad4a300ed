"""`?`: the keys of the screen underneath, in a small box that Esc or `?` closes."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from quizapp.i18n import tr


def _ours(active: ActiveBinding) -> bool:
    """Whether quizapp declared the binding (not Textual's own, such as a tree's cursor)."""
    # By action, not by value: the Korean UI gives bindings translated descriptions.
    return any(
        isinstance(declared, Binding) and declared.action == active.binding.action
        for cls in type(active.node).__mro__
        if cls.__module__.startswith("quizapp.")
        for declared in vars(cls).get("BINDINGS", ())
    )


def screen_keys(screen: Screen[object]) -> list[tuple[str, str]]:
    """(key, what it does) for every binding active on `screen`: quizapp's own keys first
    (what the user opened `?` for; the focused widget's, such as the deck tree's enter,
    before the screen's), then Textual's (a table's cursor keys), the app's last."""
    seen: set[str] = set()
    keys: list[tuple[str, str]] = []

    def rank(active: ActiveBinding) -> int:
        if active.node is screen.app:
            return 3
        return (0 if active.node is not screen else 1) if _ours(active) else 2

    active_bindings = sorted(screen.active_bindings.items(), key=lambda item: rank(item[1]))
    for key, active in active_bindings:
        binding = active.binding
        # A key disabled for now (undo with nothing to undo) is listed all the same:
        # `?` says what the screen's keys are, as the footer does.
        if not binding.description or binding.action in seen:
            continue
        seen.add(binding.action)
        display = binding.key_display or screen.app.get_key_display(binding)
        keys.append((display or key, binding.description))
    return keys


class KeysScreen(ModalScreen[None]):
    """A compact list of the keys of the screen it was opened over."""

    CSS_PATH = "keys.tcss"
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close")]

    def __init__(self, keys: list[tuple[str, str]], title: str) -> None:
        super().__init__()
        self.keys = keys
        self.title_text = title

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for key, description in self.keys:
            table.add_row(key, description)
        with VerticalScroll(id="keys-box") as box:
            box.border_title = Text(self.title_text)  # it names a note or a deck
            box.border_subtitle = tr("Esc 닫기", "Esc closes")
            yield Static(table)
