"""A scenario's lesson as claims: sentences checked against the run's own trace.

A claim is a sentence (ko/en) and a test of the trace. `run_scenario` checks every claim
after the run and records which hold, so what the app says about a run ("the server
retransmits its FIN") is never more than the trace shows; when a user's drop or delay
breaks a claim, the screen and the text say that the lesson no longer applies.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from quizapp.tcp.model import Event, Flags, Notice, Reaction, Side, State
from quizapp.tcp.trace import ClaimResult, Narration, Step, Trace


@dataclass(frozen=True, slots=True)
class Claim:
    ko: str
    en: str
    test: Callable[[Trace], bool]

    def check(self, trace: Trace) -> ClaimResult:
        return ClaimResult(Narration(self.ko, self.en), bool(self.test(trace)))


# ------------------------------------------------------------------ trace vocabulary


def segments(trace: Trace) -> list[Step]:
    """One step per segment sent (a network-made copy counts once), in send order."""
    seen: set[int | None] = set()
    out = []
    for s in sorted(
        (s for s in trace.steps if s.event is Event.SEGMENT), key=lambda s: s.segment_no or 0
    ):
        if s.segment_no not in seen:
            seen.add(s.segment_no)
            out.append(s)
    return out


def labels(steps: list[Step]) -> list[str]:
    """`C>S SYN`, `S>C FIN+ACK`, `C>S DATA`: who sent what, as the claims compare it."""
    return [f"{'C>S' if s.side is Side.CLIENT else 'S>C'} {s.label}" for s in steps]


def after_call(trace: Trace, side: Side, label: str, nth: int = 1) -> list[Step]:
    """The segments sent after `side`'s `nth` call named `label`."""
    calls = [s for s in trace.steps if s.event is Event.CALL and s.side is side]
    hits = [s for s in calls if s.label == label]
    if len(hits) < nth:
        return []
    start = hits[nth - 1].n
    return [s for s in segments(trace) if s.cause.step is not None and s.cause.step >= start]


def path(trace: Trace, side: Side) -> list[State]:
    """The states `side` passes through, from CLOSED."""
    states = [State.CLOSED]
    for s in trace.steps:
        states += [dst for who, _, dst in s.transitions if who is side]
    return states


def passes(trace: Trace, side: Side, *states: State) -> bool:
    """`side` passes through `states` in this order, one right after another."""
    p = path(trace, side)
    n = len(states)
    return any(tuple(p[i : i + n]) == states for i in range(len(p) - n + 1))


def ends(trace: Trace, client: State, server: State) -> bool:
    end = trace.steps[-1].states
    return (end.client, end.server) == (client, server)


def received(trace: Trace, side: Side) -> bytes:
    """Everything `side`'s application was handed, in order."""
    return b"".join(s.app_data for s in trace.steps if s.event is Event.SEGMENT and s.to is side)


def stays(trace: Trace, side: Side, state: State) -> list[int]:
    """How long (ms) each of `side`'s stays in `state` lasted, until the next state change
    (a restarted timer does not end a stay)."""
    out = []
    entered: int | None = None
    for s in trace.steps:
        for who, src, dst in s.transitions:
            if who is not side:
                continue
            if dst is state:
                entered = s.t_ms
            elif src is state and entered is not None:
                out.append(s.t_ms - entered)
                entered = None
    return out


def losses(trace: Trace, side: Side, test: Callable[[Step], bool] = lambda s: True) -> list[Step]:
    return [s for s in trace.steps if s.delivered is False and s.side is side and test(s)]


def arrivals(trace: Trace, to: Side, test: Callable[[Step], bool]) -> list[Step]:
    return [s for s in trace.steps if s.delivered and s.to is to and test(s)]


def timers(trace: Trace, side: Side, label: str) -> list[Step]:
    return [
        s for s in trace.steps if s.event is Event.TIMER and s.side is side and s.label == label
    ]


def is_data(s: Step) -> bool:
    return bool(s.segment and s.segment.payload)


def flags_are(flags: Flags) -> Callable[[Step], bool]:
    return lambda s: s.flags == flags and not is_data(s)


def reacted(reaction: Reaction) -> Callable[[Step], bool]:
    return lambda s: s.reaction is reaction


def noticed(trace: Trace, side: Side, notice: Notice) -> bool:
    return any(
        notice in s.notices and (s.to is side if s.event is Event.SEGMENT else s.side is side)
        for s in trace.steps
    )
