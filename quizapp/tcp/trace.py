"""A run of the simulator as data: ordered steps, each with both endpoints' states after it."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.tcp.model import SEQ_MOD, Event, Flags, Notice, Reaction, Segment, Side, State

_NEAR = 1 << 20
"""A number this close above an ISN is written relative to it (`x+1`); others in full."""
_SYMBOLS = {Side.CLIENT: "x", Side.SERVER: "y"}


@dataclass(frozen=True, slots=True)
class Narration:
    """One sentence in Korean and in English."""

    ko: str
    en: str

    def text(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


@dataclass(frozen=True, slots=True)
class FaultReport:
    """A network rule of the run and the segments it applied to (none: it matched nothing)."""

    rule: Narration
    matched: tuple[int, ...] = ()
    by: str = "scenario"
    """`scenario` for the scenario's own faults, `user` for drops and delays added to it."""


@dataclass(frozen=True, slots=True)
class ClaimResult:
    """One sentence of a scenario's lesson and whether this run bears it out."""

    claim: Narration
    holds: bool


@dataclass(frozen=True, slots=True)
class Cause:
    """Why a step happened: the user call, timer or arriving segment behind it."""

    event: Event | None
    """None when the application acted on its own program."""
    label: str
    step: int | None
    """The step number of the cause, when it is a step of the trace."""


@dataclass(frozen=True, slots=True)
class States:
    client: State
    server: State

    def __getitem__(self, side: Side) -> State:
        return self.client if side is Side.CLIENT else self.server


@dataclass(frozen=True, slots=True)
class Step:
    """One thing that happened. For a segment, the step is its arrival (or its loss, at the
    moment it was sent); `states` are both sides' states once the receiver dealt with it."""

    n: int
    """1-based position in the trace."""
    t_ms: int
    event: Event
    side: Side
    """Who sent the segment, made the call, or owns the timer."""
    to: Side | None
    """The receiver of a segment; None for calls and timers."""
    label: str
    """`SYN+ACK`, `DATA`; `CLOSE`, `OPEN active`; `retransmit`, `time-wait`, `retry-limit`."""
    cause: Cause
    states: States
    transitions: tuple[tuple[Side, State, State], ...] = ()
    """Every state change in this step, in order (one segment can cause two)."""
    segment: Segment | None = None
    segment_no: int | None = None
    """The segment's number in send order (`#N`), shared by duplicate copies."""
    sent_ms: int | None = None
    delivered: bool | None = None
    lost_by: str | None = None
    duplicate: bool = False
    """A second copy made by the network."""
    retransmission: bool = False
    sender_state: State | None = None
    """The sender's state when the segment left."""
    reaction: Reaction | None = None
    app_data: bytes = b""
    """Bytes handed to an application in this step."""
    notices: tuple[Notice, ...] = ()
    narration: Narration | None = None

    @property
    def flags(self) -> Flags:
        return self.segment.flags if self.segment else Flags(0)

    def entered(self, side: Side) -> State | None:
        """The state `side` ended this step in, if it changed."""
        changes = [dst for s, _, dst in self.transitions if s is side]
        return changes[-1] if changes else None


@dataclass(frozen=True, slots=True)
class Trace:
    """A finished run."""

    scenario: str
    profile: str
    steps: tuple[Step, ...]
    delay_ms: int
    """The network's base one-way delay."""
    rules: tuple[str, ...] = ()
    """Extra network rules of a user-built variant, described (`drop #3`)."""
    title: Narration | None = None
    faults: tuple[FaultReport, ...] = ()
    """Every network rule of the run, the scenario's first, with what each matched."""
    claims: tuple[ClaimResult, ...] = ()
    """The scenario's lesson, checked against this run."""
    note: str = ""
    """What the run's profile leaves out or adds: `no delayed ACK`."""

    @property
    def lesson_holds(self) -> bool:
        """True when every claim holds (and for a run without claims)."""
        return all(c.holds for c in self.claims)

    @property
    def broken_claims(self) -> tuple[ClaimResult, ...]:
        return tuple(c for c in self.claims if not c.holds)

    @property
    def segments_sent(self) -> int:
        """How many segments the run sent (the highest `#N`)."""
        return max((s.segment_no or 0 for s in self.steps), default=0)

    def step(self, n: int) -> Step:
        return self.steps[n - 1]

    def isns(self, side: Side) -> tuple[int, ...]:
        """Initial sequence numbers `side` used, in order (one per connection it opened)."""
        found: list[int] = []
        for s in self.steps:
            seg = s.segment
            if seg and seg.src is side and Flags.SYN in seg.flags and seg.seq not in found:
                found.append(seg.seq)
        return tuple(found)

    def symbol(self, side: Side, index: int) -> str:
        """`x`, `x′`, `x″` for the client's ISNs; `y`, … for the server's."""
        return _SYMBOLS[side] + "′" * index

    def seq_label(self, side: Side, value: int) -> str:
        """A number in `side`'s sequence space written as the note does: `x`, `y+1`."""
        best: tuple[int, int] | None = None
        for i, isn in enumerate(self.isns(side)):
            d = (value - isn) % SEQ_MOD
            if d < _NEAR and (best is None or d < best[1]):
                best = (i, d)
        if best is None:
            return str(value)
        sym = self.symbol(side, best[0])
        return sym if best[1] == 0 else f"{sym}+{best[1]}"

    def segment_text(self, step: Step) -> str:
        """`#3 SYN+ACK seq=y ack=x+1`, with `len=` for data."""
        seg = step.segment
        if seg is None:
            return step.label
        parts = [f"#{step.segment_no}", seg.label, f"seq={self.seq_label(seg.src, seg.seq)}"]
        if Flags.ACK in seg.flags:
            parts.append(f"ack={self.seq_label(seg.dst, seg.ack)}")
        if seg.payload:
            parts.append(f"len={len(seg.payload)}")
        return " ".join(parts)
