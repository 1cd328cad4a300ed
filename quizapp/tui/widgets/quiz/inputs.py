"""Answer inputs: options picked by number, and a list whose items move up and down."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from quizapp.quiz.fold import markdown_plain


class Choices(OptionList):
    """The options of a multiple-choice question, numbered; a digit or enter picks one."""

    BINDINGS = [Binding("enter", "select", "Pick")]

    class Picked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, options: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(
            *(
                Option(Text(f"{i}) {markdown_plain(o)}"), id=str(i - 1))
                for i, o in enumerate(options, 1)
            ),
            **kwargs,  # type: ignore[arg-type]
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(event.option_index))


class OrderList(OptionList):
    """Steps to put in order: ↑/↓ choose a step, shift+↑/↓ (or K/J) move it, enter submits."""

    BINDINGS = [
        Binding("shift+up,K", "move(-1)", "Move up", key_display="⇧↑"),
        Binding("shift+down,J", "move(1)", "Move down", key_display="⇧↓"),
        Binding("enter", "select", "Submit"),
    ]

    class Submitted(Message):
        def __init__(self, order: tuple[str, ...]) -> None:
            super().__init__()
            self.order = order

    def __init__(self, steps: tuple[str, ...], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.steps = list(steps)

    def on_mount(self) -> None:
        self._redraw(0)

    def _redraw(self, highlighted: int) -> None:
        self.clear_options()
        self.add_options(
            Option(Text(f"{i}. {markdown_plain(step)}")) for i, step in enumerate(self.steps, 1)
        )
        self.highlighted = highlighted

    def action_move(self, delta: int) -> None:
        at = self.highlighted
        if at is None:
            return
        to = at + delta
        if not 0 <= to < len(self.steps):
            return
        self.steps[at], self.steps[to] = self.steps[to], self.steps[at]
        self._redraw(to)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Submitted(tuple(self.steps)))
