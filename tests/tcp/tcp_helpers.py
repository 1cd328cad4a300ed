"""Helpers for the TCP tests: describe a trace the way RFC 9293's figures do.

They recompute everything from raw segment numbers (no use of the simulator's own
labelling), so an expectation written from an RFC figure is compared with the raw run.
"""

from __future__ import annotations

from quizapp.tcp.model import Event, Flags, Side, State
from quizapp.tcp.trace import Trace

MOD = 2**32
_ORDER = (("SYN", Flags.SYN), ("FIN", Flags.FIN), ("RST", Flags.RST), ("ACK", Flags.ACK))


def _isns(trace: Trace) -> dict[Side, list[int]]:
    """Each side's ISNs in the order its SYNs first appear."""
    found: dict[Side, list[int]] = {Side.CLIENT: [], Side.SERVER: []}
    for step in trace.steps:
        seg = step.segment
        if seg and Flags.SYN in seg.flags and seg.seq not in found[seg.src]:
            found[seg.src].append(seg.seq)
    return found


def _rel(isns: dict[Side, list[int]], side: Side, value: int) -> str:
    """`x`, `x+1`, `x2+1` (the client's second ISN); `y…` for the server."""
    letter = "x" if side is Side.CLIENT else "y"
    for i, isn in enumerate(isns[side]):
        d = (value - isn) % MOD
        if d < 10_000:
            name = letter if i == 0 else f"{letter}{i + 1}"
            return name if d == 0 else f"{name}+{d}"
    return str(value)


def flow(trace: Trace) -> list[str]:
    """Every segment step, in trace order: `C>S SYN+ACK seq=x ack=y+1 len=5 LOST`."""
    isns = _isns(trace)
    rows = []
    for step in trace.steps:
        if step.event is not Event.SEGMENT:
            continue
        seg = step.segment
        assert seg is not None
        direction = "C>S" if seg.src is Side.CLIENT else "S>C"
        flags = "+".join(name for name, f in _ORDER if f in seg.flags)
        row = f"{direction} {flags} seq={_rel(isns, seg.src, seg.seq)}"
        if Flags.ACK in seg.flags:
            row += f" ack={_rel(isns, seg.dst, seg.ack)}"
        if seg.payload:
            row += f" len={len(seg.payload)}"
        if not step.delivered:
            row += " LOST"
        rows.append(row)
    return rows


def path(trace: Trace, side: Side) -> list[str]:
    """The states `side` went through, starting from CLOSED."""
    states = [State.CLOSED.value]
    for step in trace.steps:
        states += [dst.value for who, _, dst in step.transitions if who is side]
    return states


def entered_at(trace: Trace, side: Side, state: State, nth: int = 1) -> int:
    """t_ms of the `nth` step in which `side` entered `state`."""
    times = [
        s.t_ms for s in trace.steps for who, _, dst in s.transitions if who is side and dst is state
    ]
    return times[nth - 1]


def received_by(trace: Trace, side: Side) -> bytes:
    """Everything `side`'s application was handed, in order."""
    return b"".join(s.app_data for s in trace.steps if s.event is Event.SEGMENT and s.to is side)
