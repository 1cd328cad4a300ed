"""Plain renderings of a trace for the CLI: a JSON object and a text sequence diagram."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len

from quizapp.tcp.model import Event, Flags, Side
from quizapp.tcp.trace import Step, Trace

_STATE_W = 12
"""Wide enough for the longest state name, SYN_RECEIVED."""
_NAMES = {
    "ko": {Side.CLIENT: "클라이언트", Side.SERVER: "서버"},
    "en": {Side.CLIENT: "client", Side.SERVER: "server"},
}


def trace_to_json(trace: Trace) -> dict[str, Any]:
    """`{"scenario", "profile", "steps": [...]}`; segment fields are null for calls and timers."""
    return {
        "scenario": trace.scenario,
        "profile": trace.profile,
        "steps": [_step_json(s) for s in trace.steps],
    }


def _step_json(step: Step) -> dict[str, Any]:
    seg = step.segment
    return {
        "t_ms": step.t_ms,
        "event": step.event.value,
        "from": step.side.value,
        "to": step.to.value if step.to else None,
        "flags": step.flags.names,
        "seq": seg.seq if seg else None,
        "ack": seg.ack if seg and Flags.ACK in seg.flags else None,
        "len": len(seg.payload) if seg else None,
        "delivered": step.delivered,
        "states": {"client": step.states.client.value, "server": step.states.server.value},
    }


def render_text(trace: Trace, lang: str = "ko", width: int = 100) -> str:
    """A two-lane sequence diagram: one row per step, then its narration.

    Each row shows the step number, the time, the client's state, what happened between
    the lanes (an arrow for a segment, `✕` where a lost one vanished, `●` for a user call,
    `◷` for a timer) and the server's state — both states as they are after the step.
    Sequence numbers are written relative to the ISNs, as notes write them (`x+1`, `y`).
    """
    middle = max(24, width - 44)
    names = _NAMES.get(lang, _NAMES["en"])
    lines = []
    if trace.title:
        lines += _wrap(f"{trace.scenario} ({trace.profile}) — {trace.title.text(lang)}", width)
    isns = [
        f"{trace.symbol(side, i)} = {side} ISN {isn}"
        for side in Side
        for i, isn in enumerate(trace.isns(side))
    ]
    if isns:
        lines += _wrap(", ".join(isns) + "; #N = the Nth segment sent", width)
    if trace.rules:
        lines += _wrap("rules: " + ", ".join(trace.rules), width)
    lines.append(
        f"{'step':>4} {'t_ms':>9}  {_pad(names[Side.CLIENT], _STATE_W)} "
        f"{' ' * (middle + 2)} {names[Side.SERVER]}"
    )
    for step in trace.steps:
        lines.append(
            f"{step.n:>4} {step.t_ms:>9}  {_pad(step.states.client.value, _STATE_W)} "
            f"│{_middle(trace, step, middle)}│ {step.states.server.value}"
        )
        if step.narration:
            lines += _wrap(step.narration.text(lang), width, indent=" " * 16 + "↳ ")
    return "\n".join(lines) + "\n"


def _middle(trace: Trace, step: Step, width: int) -> str:
    if step.event is not Event.SEGMENT:
        mark = "●" if step.event is Event.CALL else "◷"
        text = _fit(f"{mark} {step.label}", width - 1)
        if step.side is Side.CLIENT:
            return " " + _pad(text, width - 1)
        return _pad(f"{step.label} {mark}", width - 1, right=True) + " "
    label = trace.segment_text(step)
    if step.retransmission:
        label += " (resent)"
    if step.duplicate:
        label += " (copy)"
    label = _fit(label, width - 8)
    rightward = step.side is Side.CLIENT
    if step.delivered:
        fill = "─" * (width - cell_len(label) - 6)
        return f"──{label} {fill}──▶" if rightward else f"◀──{fill} {label}──"
    span = max(cell_len(label) + 6, width * 2 // 3)
    fill = "─" * (span - cell_len(label) - 5)
    arrow = f"──{label} {fill}─✕" if rightward else f"✕─{fill} {label}──"
    return _pad(arrow, width) if rightward else _pad(arrow, width, right=True)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - cell_len(text))
    return gap + text if right else text + gap


def _fit(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    while cell_len(text) > width - 1:
        text = text[:-1]
    return text + "…"


def _wrap(text: str, width: int, indent: str = "") -> list[str]:
    """Greedy word wrap by terminal cells, so Korean (two cells a syllable) lines up."""
    room = width - cell_len(indent)
    lead = " " * cell_len(indent)
    lines: list[str] = []
    current = ""
    for word in text.split():
        while cell_len(word) > room:
            cut = word
            while cell_len(cut) > room:
                cut = cut[:-1]
            if current:
                lines.append(current)
                current = ""
            lines.append(cut)
            word = word[len(cut) :]
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) > room:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return [(indent if i == 0 else lead) + line for i, line in enumerate(lines)]
