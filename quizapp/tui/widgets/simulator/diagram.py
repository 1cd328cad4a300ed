"""The sequence diagram: client and server lanes, one row per step, arrows that travel."""

from __future__ import annotations

import math

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from quizapp.tcp.marks import Mark
from quizapp.tcp.model import Event, Flags, Side
from quizapp.tcp.trace import Step, Trace

STATE_CELLS = 12
"""Wide enough for the longest state name, SYN_RECEIVED."""

LANE_NAMES = {"ko": ("클라이언트", "서버"), "en": ("client", "server")}


def _flag_style(step: Step) -> str:
    flags = step.flags
    if Flags.RST in flags:
        return "bold red"
    if Flags.SYN in flags:
        return "cyan"
    if Flags.FIN in flags:
        return "magenta"
    if step.segment is not None and step.segment.payload:
        return "yellow"
    return "green"


def _pad(text: str, cells: int, right: bool = False) -> str:
    fitted = set_cell_size(text, cells) if cell_len(text) > cells else text
    gap = " " * (cells - cell_len(fitted))
    return gap + fitted if right else fitted + gap


class SequenceDiagram(Widget):
    """Rows up to the current step; the current step's arrow drawn `progress` of the way."""

    DEFAULT_CSS = """
    SequenceDiagram {
        height: auto;
        padding: 0 1;
    }
    """

    current: reactive[int] = reactive(0)
    """Steps shown (0: none yet)."""
    progress: reactive[float] = reactive(1.0)
    """How far the current step's arrow has travelled, 0 to 1."""
    lang: reactive[str] = reactive("ko")

    def __init__(
        self, trace: Trace, marks: dict[int, Mark] | None = None, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.trace = trace
        self.marks = marks or {}

    def show(self, trace: Trace, marks: dict[int, Mark] | None = None) -> None:
        self.trace = trace
        self.marks = marks or {}
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return self.current + 1

    def watch_current(self) -> None:
        self.refresh(layout=True)

    def render(self) -> Text:
        width = max(40, self.content_size.width)
        middle = width - 3 - 2 - STATE_CELLS * 2 - 4
        client, server = LANE_NAMES.get(self.lang, LANE_NAMES["en"])
        text = Text(no_wrap=True, overflow="crop")
        text.append(
            " " * 5 + _pad(client, STATE_CELLS) + " " * (middle + 4) + server + "\n",
            style="bold",
        )
        for n in range(1, self.current + 1):
            step = self.trace.step(n)
            partial = self.progress if n == self.current else 1.0
            self._row(text, step, middle, partial)
            if n < self.current:
                text.append("\n")
        return text

    def _row(self, text: Text, step: Step, middle: int, progress: float) -> None:
        mark = self.marks.get(step.n)
        is_current = step.n == self.current
        text.append(f"{step.n:>2}", style="bold reverse" if is_current else "dim")
        text.append(" ")
        if mark is not None:
            text.append("✔ " if mark.hit else "✘ ", style="bold green" if mark.hit else "bold red")
        else:
            text.append("  ")
        done = progress >= 1.0
        states = step.states if done else self._states_before(step)
        for side in (Side.CLIENT,):
            self._state(text, step, side, states[side], done)
        text.append(" │")
        self._middle(text, step, middle, progress, mark)
        text.append("│ ")
        self._state(text, step, Side.SERVER, states[Side.SERVER], done)

    def _states_before(self, step: Step):
        return self.trace.step(step.n - 1).states if step.n > 1 else step.states

    def _state(self, text: Text, step: Step, side: Side, state: object, done: bool) -> None:
        changed = done and step.entered(side) is not None
        label = _pad(str(state), STATE_CELLS)
        text.append(label, style="bold underline" if changed else "")

    def _middle(
        self, text: Text, step: Step, width: int, progress: float, mark: Mark | None
    ) -> None:
        style = _flag_style(step)
        if mark is not None:
            style = "bold green" if mark.hit else "bold red"
        if step.event is not Event.SEGMENT:
            symbol = "●" if step.event is Event.CALL else "◷"
            if step.side is Side.CLIENT:
                text.append(_pad(f" {symbol} {step.label}", width), style="italic")
            else:
                text.append(_pad(f"{step.label} {symbol} ", width, right=True), style="italic")
            return
        label = self.trace.segment_text(step)
        if step.retransmission:
            label += " (resent)"
        if step.duplicate:
            label += " (copy)"
        rightward = step.side is Side.CLIENT
        reach = width if step.delivered else max(cell_len(label) + 6, width * 2 // 3)
        body_cells = reach - 1
        label = _pad(label, min(cell_len(label), body_cells - 4))
        fill = "─" * max(0, body_cells - cell_len(label) - 3)
        if rightward:
            line = f"──{label} {fill}"
            head = "▶" if step.delivered else "✕"
        else:
            line = f"{fill} {label}──"
            head = "◀" if step.delivered else "✕"
        drawn = max(1, math.ceil(body_cells * progress))
        arrived = progress >= 1.0
        if rightward:
            shown = set_cell_size(line, drawn) if not arrived else line
            tip = head if arrived else "▸"
            segment = shown + tip
            text.append(_pad(segment, width), style=style)
        else:
            shown = line[-drawn:] if not arrived else line
            tip = head if arrived else "◂"
            segment = tip + shown
            text.append(_pad(segment, width, right=True), style=style)
