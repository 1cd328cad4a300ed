"""Plain renderings of a trace for the CLI: a JSON object and a text sequence diagram."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len

from quizapp.tcp.model import Event, Flags, Side
from quizapp.tcp.trace import Narration, Step, Trace

_STATE_W = 12
"""Wide enough for the longest state name, SYN_RECEIVED."""
_NAMES = {
    "ko": {Side.CLIENT: "클라이언트", Side.SERVER: "서버"},
    "en": {Side.CLIENT: "client", Side.SERVER: "server"},
}


MIN_WIDTH = 60
"""The narrowest diagram `render_text` draws; below 72 columns it leaves out the clock."""


def _both(text: Narration | None) -> dict[str, str] | None:
    return {"ko": text.ko, "en": text.en} if text else None


def trace_to_json(trace: Trace) -> dict[str, Any]:
    """The run: its scenario, profile, lesson (claims, each checked), the network's fault
    rules with the segments each matched, and the steps. Segment fields are null for calls
    and timers."""
    return {
        "scenario": trace.scenario,
        "profile": trace.profile,
        "profile_note": trace.note,
        "title": _both(trace.title),
        "lesson_holds": trace.lesson_holds,
        "claims": [{"claim": _both(c.claim), "holds": c.holds} for c in trace.claims],
        "faults": [
            {"rule": _both(f.rule), "by": f.by, "matched": list(f.matched)} for f in trace.faults
        ],
        "steps": [_step_json(s) for s in trace.steps],
    }


def _step_json(step: Step) -> dict[str, Any]:
    seg = step.segment
    return {
        "n": step.n,
        "segment": f"#{step.segment_no}" if step.segment_no is not None else None,
        "t_ms": step.t_ms,
        "event": step.event.value,
        "from": step.side.value,
        "to": step.to.value if step.to else None,
        "flags": step.flags.names,
        "seq": seg.seq if seg else None,
        "ack": seg.ack if seg and Flags.ACK in seg.flags else None,
        "len": len(seg.payload) if seg else None,
        "delivered": step.delivered,
        "lost_by": step.lost_by,
        "retransmission": step.retransmission,
        "duplicate": step.duplicate,
        "timer": step.label if step.event is Event.TIMER else None,
        "call": step.label if step.event is Event.CALL else None,
        "reaction": step.reaction.value if step.reaction else None,
        "states": {"client": step.states.client.value, "server": step.states.server.value},
        "narration": _both(step.narration),
    }


def lesson_lines(trace: Trace, lang: str) -> list[str]:
    """What the header says about the lesson: each claim with ✔, or — when a user's change
    broke any — which no longer hold."""
    if not trace.claims:
        return []
    broken = trace.broken_claims
    if not broken:
        head = "이 실행에서 확인한 교훈:" if lang == "ko" else "The lesson, checked on this run:"
        return [head, *(f"✔ {c.claim.text(lang)}" for c in trace.claims)]
    loss = any(f.by == "user" and f.rule.en.startswith(("drop", "lose")) for f in trace.faults)
    if lang == "ko":
        head = f"이 {'유실로' if loss else '변경으로'} 교훈이 더 이상 성립하지 않는다:"
    else:
        head = f"With this {'loss' if loss else 'change'} the lesson no longer applies:"
    return [head, *(f"✘ {c.claim.text(lang)}" for c in broken)]


def render_text(trace: Trace, lang: str = "ko", width: int = 100) -> str:
    """A two-lane sequence diagram: one row per step, then its narration.

    Each row shows the step number, the time, the client's state, what happened between
    the lanes (an arrow for a segment, `✕` where a lost one vanished, `●` for a user call,
    `◷` for a timer) and the server's state — both states as they are after the step.
    Sequence numbers are written relative to the ISNs, as notes write them (`x+1`, `y`).
    """
    width = max(width, MIN_WIDTH)
    clock = width >= 72
    middle = max(24, width - 44 + (0 if clock else 10))
    names = _NAMES.get(lang, _NAMES["en"])
    lines = []
    profile = f"{trace.profile}: {trace.note}" if trace.note else trace.profile
    if trace.title:
        lines += _wrap(f"{trace.scenario} ({profile}) — {trace.title.text(lang)}", width)
    isns = [
        f"{trace.symbol(side, i)} = {side} ISN {isn}"
        for side in Side
        for i, isn in enumerate(trace.isns(side))
    ]
    if isns:
        lines += _wrap(", ".join(isns) + "; #N = the Nth segment sent", width)
    for fault in trace.faults:
        where = ", ".join(f"#{n}" for n in fault.matched) or "—"
        by = (
            {"ko": "사용자", "en": "user"}[lang if lang == "ko" else "en"]
            if fault.by == "user"
            else ""
        )
        label = "장애" if lang == "ko" else "fault"
        text = f"{label}{f' ({by})' if by else ''}: {fault.rule.text(lang)} → {where}"
        lines += _wrap(text, width)
    for i, line in enumerate(lesson_lines(trace, lang)):
        lines += _wrap(line[2:], width, indent="  " + line[:2]) if i else _wrap(line, width)
    time_head = f"{'t_ms':>9} " if clock else ""
    lines.append(
        f"{'step':>4} {time_head} {_pad(names[Side.CLIENT], _STATE_W)} "
        f"{' ' * (middle + 2)} {names[Side.SERVER]}"
    )
    indent = " " * (16 if clock else 6) + "↳ "
    for step in trace.steps:
        time_col = f"{step.t_ms:>9} " if clock else ""
        lines.append(
            f"{step.n:>4} {time_col} {_pad(step.states.client.value, _STATE_W)} "
            f"│{_middle(trace, step, middle)}│ {step.states.server.value}"
        )
        if step.narration:
            lines += _wrap(step.narration.text(lang), width, indent=indent)
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
