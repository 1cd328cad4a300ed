"""The path between the endpoints: delay, loss, duplication and reordering, by rule or by chance.

Segments are numbered 1, 2, 3, … in the order they are sent over the whole run (the
numbers the CLI's `--drop N` and `--delay N:MS` use, shown as `#N` in the diagram); rules
may also count only the segments one side sent. A scenario's own faults name their segment
by meaning instead (`Lose(Pick(...))`: "the client's first data segment"), so they still
hit that segment when a user's drop shifts the numbering. A segment never outlives the
maximum segment lifetime: one that would arrive later than MSL after it was sent is lost,
as IP's TTL would make it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from quizapp.tcp.model import Flags, Segment, Side, State


@dataclass(frozen=True, slots=True)
class Faults:
    """Per-segment chances of trouble, drawn from the run's seeded RNG."""

    loss: float = 0.0
    duplicate: float = 0.0
    """Chance that a second copy of the segment is delivered as well."""
    reorder: float = 0.0
    """Chance that a segment is held back by up to `reorder_ms`, so later ones overtake it."""
    reorder_ms: int = 300
    jitter_ms: int = 0
    """Every copy takes up to this much longer than the base delay."""


@dataclass(frozen=True, slots=True)
class Drop:
    """Lose the `n`th segment of the run (1-based), or the `n`th one `side` sent."""

    n: int
    side: Side | None = None

    def __str__(self) -> str:
        return f"drop #{self.n}" + (f" from {self.side}" if self.side else "")


@dataclass(frozen=True, slots=True)
class Delay:
    """Add `ms` to the travel time of the `n`th segment (or the `n`th one `side` sent)."""

    n: int
    ms: int
    side: Side | None = None

    def __str__(self) -> str:
        return f"delay #{self.n} by {self.ms} ms" + (f" from {self.side}" if self.side else "")


@dataclass(frozen=True, slots=True)
class Pick:
    """A segment named by what it is: the `nth` first copy `side` sends that has these
    properties (None: any). Retransmissions never count, so "the first data segment" stays
    the original whatever is lost around it."""

    side: Side
    en: str
    """How the segment is named: `the client's first data segment`."""
    ko: str
    flags: Flags | None = None
    """Exactly these control bits."""
    data: bool | None = None
    """True: carries payload; False: carries none."""
    sender_state: State | None = None
    """The state the sender is in as the segment leaves."""
    nth: int = 1

    def fits(self, seg: Segment, sender_state: State | None) -> bool:
        return (
            seg.src is self.side
            and (self.flags is None or seg.flags == self.flags)
            and (self.data is None or bool(seg.payload) is self.data)
            and (self.sender_state is None or sender_state is self.sender_state)
        )


@dataclass(frozen=True, slots=True)
class Lose:
    """Lose the segment `pick` names."""

    pick: Pick

    def __str__(self) -> str:
        return f"lose {self.pick.en}"

    @property
    def ko(self) -> str:
        return f"{self.pick.ko} 유실"


@dataclass(frozen=True, slots=True)
class Hold:
    """Deliver the segment `pick` names `ms` later than the network's delay."""

    pick: Pick
    ms: int

    def __str__(self) -> str:
        return f"delay {self.pick.en} by {self.ms} ms"

    @property
    def ko(self) -> str:
        return f"{self.pick.ko} {self.ms}ms 지연"


@dataclass(frozen=True, slots=True)
class HoldPastFin:
    """Hold data that `side` sends (first copies) until its FIN has arrived: the data
    segment is delayed past the FIN."""

    side: Side

    def __str__(self) -> str:
        return f"{self.side} data arrives after its FIN"


Rule = Drop | Delay | HoldPastFin | Lose | Hold


def rule_text(rule: Rule) -> tuple[str, str]:
    """(ko, en) description of a rule, for the header and the JSON."""
    if isinstance(rule, Lose | Hold):
        return rule.ko, str(rule)
    side_ko = f" ({rule.side.korean} 기준)" if getattr(rule, "side", None) else ""
    if isinstance(rule, Drop):
        return f"#{rule.n} 유실{side_ko}", str(rule)
    if isinstance(rule, Delay):
        return f"#{rule.n} {rule.ms}ms 지연{side_ko}", str(rule)
    return f"{rule.side.korean}의 데이터가 FIN보다 늦게 도착", str(rule)


@dataclass(frozen=True, slots=True)
class Fate:
    """What the network does with one sent segment."""

    number: int
    """The segment's number in the run."""
    arrivals: tuple[int, ...] = ()
    """When copies arrive: none if lost, two if duplicated."""
    lost_by: str | None = None
    """`rule`, `random` or `msl` (outlived the maximum segment lifetime)."""
    held: bool = False
    """Parked by `HoldPastFin` until the sender's FIN arrives."""


@dataclass(frozen=True, slots=True)
class Parked:
    segment: Segment
    number: int
    sent_ms: int


@dataclass(slots=True)
class Network:
    """Carries segments between the two endpoints; counts them and applies the rules."""

    rng: random.Random
    lifetime_ms: int
    """MSL: no segment arrives later than this after it was sent."""
    delay_ms: int = 50
    faults: Faults = field(default_factory=Faults)
    rules: tuple[Rule, ...] = ()
    sent: int = 0
    sent_by: dict[Side, int] = field(default_factory=lambda: {Side.CLIENT: 0, Side.SERVER: 0})
    parked: list[Parked] = field(default_factory=list)
    matched: dict[int, list[int]] = field(default_factory=dict)
    """Rule index → the numbers of the segments it applied to."""
    _picked: dict[int, int] = field(default_factory=dict)
    """Rule index → how many segments its `Pick` has fitted so far."""
    _seen: set[tuple[Side, int, int]] = field(default_factory=set)

    def carry(
        self,
        seg: Segment,
        now: int,
        *,
        sender_state: State | None = None,
        retransmission: bool = False,
    ) -> Fate:
        """Number a segment just sent and decide when (if ever) it arrives."""
        self.sent += 1
        self.sent_by[seg.src] += 1
        number, nth_of_side = self.sent, self.sent_by[seg.src]
        first_copy = (seg.src, seg.seq, len(seg.payload)) not in self._seen
        self._seen.add((seg.src, seg.seq, len(seg.payload)))

        # Every rule sees the segment (so each reports what it matched), then they apply.
        hits = [
            i
            for i, rule in enumerate(self.rules)
            if self._hits(i, rule, seg, (number, nth_of_side), sender_state, retransmission)
            or (
                isinstance(rule, HoldPastFin)
                and rule.side is seg.src
                and self._parks(seg, first_copy)
            )
        ]
        for i in hits:
            self.matched.setdefault(i, []).append(number)
        applied = [self.rules[i] for i in hits]
        if any(isinstance(rule, Drop | Lose) for rule in applied):
            return Fate(number, lost_by="rule")
        extra = sum(rule.ms for rule in applied if isinstance(rule, Delay | Hold))
        if any(isinstance(rule, HoldPastFin) for rule in applied):
            self.parked.append(Parked(seg, number, now))
            return Fate(number, held=True)

        f = self.faults
        if f.loss and self.rng.random() < f.loss:
            return Fate(number, lost_by="random")
        copies = 2 if f.duplicate and self.rng.random() < f.duplicate else 1
        arrivals = []
        for _ in range(copies):
            travel = self.delay_ms + extra
            if f.jitter_ms:
                travel += self.rng.randint(0, f.jitter_ms)
            if f.reorder and self.rng.random() < f.reorder:
                travel += self.rng.randint(1, f.reorder_ms)
            if travel > self.lifetime_ms:
                continue
            arrivals.append(now + travel)
        if not arrivals:
            return Fate(number, lost_by="msl")
        return Fate(number, tuple(arrivals))

    def _hits(
        self,
        i: int,
        rule: Rule,
        seg: Segment,
        numbers: tuple[int, int],
        sender_state: State | None,
        resent: bool,
    ) -> bool:
        """Whether a Drop, Delay, Lose or Hold rule names this segment (`numbers`: its
        number in the run and among its sender's segments)."""
        if isinstance(rule, Drop | Delay):
            if rule.side is None:
                return rule.n == numbers[0]
            return rule.side is seg.src and rule.n == numbers[1]
        if isinstance(rule, Lose | Hold):
            return self._picks(i, rule.pick, seg, sender_state, resent)
        return False

    @staticmethod
    def _parks(seg: Segment, first_copy: bool) -> bool:
        """`HoldPastFin` holds first copies of data that do not carry the FIN themselves."""
        return bool(seg.payload) and first_copy and Flags.FIN not in seg.flags

    def _picks(
        self, i: int, pick: Pick, seg: Segment, sender_state: State | None, resent: bool
    ) -> bool:
        if resent or not pick.fits(seg, sender_state):
            return False
        self._picked[i] = self._picked.get(i, 0) + 1
        return self._picked[i] == pick.nth

    def release_after(self, delivered: Segment, now: int) -> list[tuple[Parked, int]]:
        """Segments parked until `delivered` (a FIN) arrived, with their arrival times."""
        if Flags.FIN not in delivered.flags:
            return []
        ready = [p for p in self.parked if p.segment.src is delivered.src]
        self.parked = [p for p in self.parked if p not in ready]
        return [(p, now + 1 + i) for i, p in enumerate(ready)]
