"""The discrete-event loop that runs two endpoints, their applications and the network."""

from __future__ import annotations

import heapq
import itertools
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from quizapp.tcp.app import CallName, Program, Trigger
from quizapp.tcp.endpoint import DEFAULT_MSS, Effects, Endpoint
from quizapp.tcp.model import Event, Notice, Segment, Side, State, TimerKind
from quizapp.tcp.network import Faults, Network, Rule, rule_text
from quizapp.tcp.profile import PROFILES, Profile
from quizapp.tcp.trace import Cause, FaultReport, Narration, States, Step, Trace

MAX_STEPS = 20_000
"""A run longer than this is a bug in the simulator, not a scenario."""


@dataclass(frozen=True, slots=True)
class _Arrival:
    segment: Segment
    number: int
    sent_ms: int
    sender_state: State
    cause: Cause
    retransmission: bool
    duplicate: bool


@dataclass(frozen=True, slots=True)
class _Expiry:
    side: Side
    kind: TimerKind
    generation: int


@dataclass(frozen=True, slots=True)
class _Act:
    side: Side
    pc: int


@dataclass(slots=True)
class _App:
    """The application's view of its current connection, for its program's triggers."""

    program: Program
    pc: int = 0
    scheduled: bool = False
    opened: bool = False
    established: bool = False
    eof: bool = False
    received: int = 0
    closed: bool = False
    ready_step: int | None = None

    def ready(self) -> bool:
        when = self.program[self.pc].when
        return {
            Trigger.AFTER: True,
            Trigger.ESTABLISHED: self.established,
            Trigger.EOF: self.eof,
            Trigger.RECEIVED: self.received >= when.count,
            Trigger.CLOSED: self.closed,
        }[when.trigger]


@dataclass(slots=True)
class _Run:
    endpoints: dict[Side, Endpoint]
    network: Network
    apps: dict[Side, _App]
    now: int = 0
    steps: list[Step] = field(default_factory=list)
    queue: list[tuple[int, int, _Arrival | _Expiry | _Act]] = field(default_factory=list)
    order: itertools.count = field(default_factory=itertools.count)
    timers_queued: set[tuple[Side, TimerKind, int]] = field(default_factory=set)
    delayed_ack_cause: dict[Side, int | None] = field(default_factory=dict)
    held: dict[int, tuple[State, Cause, bool]] = field(default_factory=dict)
    """Segments parked by the network: sender's state, cause, retransmission."""

    def push(self, t: int, item: _Arrival | _Expiry | _Act) -> None:
        heapq.heappush(self.queue, (t, next(self.order), item))

    def states(self) -> States:
        return States(self.endpoints[Side.CLIENT].state, self.endpoints[Side.SERVER].state)

    def record(self, **fields: Any) -> Step:
        step = Step(n=len(self.steps) + 1, t_ms=self.now, states=self.states(), **fields)
        self.steps.append(step)
        if len(self.steps) > MAX_STEPS:
            raise RuntimeError(f"simulation did not settle within {MAX_STEPS} steps")
        return step

    # ----------------------------------------------------------------------- events

    def act(self, item: _Act) -> None:
        app = self.apps[item.side]
        ep = self.endpoints[item.side]
        action = app.program[item.pc]
        call = action.call
        if call.name is CallName.OPEN:
            eff = ep.open(self.now, active=call.active, iss=call.iss)
            if not eff.notices:
                app.opened, app.established, app.eof, app.closed = True, False, False, False
                app.received = 0
        elif call.name is CallName.SEND:
            eff = ep.send(self.now, call.data)
        elif call.name is CallName.CLOSE:
            eff = ep.close(self.now)
        else:
            eff = ep.abort(self.now)
        step = self.record(
            event=Event.CALL,
            side=item.side,
            to=None,
            label=call.label,
            cause=Cause(None, str(action.when), app.ready_step),
            transitions=self._transitions(item.side, eff),
            app_data=call.data,
            notices=tuple(eff.notices),
        )
        self.after(item.side, eff, Cause(Event.CALL, call.label, step.n), step.n)
        app.pc += 1
        app.scheduled = False
        self.schedule_app(item.side, step.n)

    def arrive(self, item: _Arrival) -> None:
        seg = item.segment
        ep = self.endpoints[seg.dst]
        eff = ep.receive(self.now, seg)
        step = self.record(
            event=Event.SEGMENT,
            side=seg.src,
            to=seg.dst,
            label=seg.label,
            cause=item.cause,
            transitions=self._transitions(seg.dst, eff),
            segment=seg,
            segment_no=item.number,
            sent_ms=item.sent_ms,
            delivered=True,
            duplicate=item.duplicate,
            retransmission=item.retransmission,
            sender_state=item.sender_state,
            reaction=eff.reaction,
            app_data=bytes(eff.data),
            notices=tuple(eff.notices),
        )
        self.after(seg.dst, eff, Cause(Event.SEGMENT, f"recv {seg.label}", step.n), step.n)
        for parked, t in self.network.release_after(seg, self.now):
            state, cause, retransmission = self.held.pop(parked.number)
            if t - parked.sent_ms > self.network.lifetime_ms:
                # Held past its FIN for longer than a segment may live: it died meanwhile.
                self.record(
                    event=Event.SEGMENT,
                    side=parked.segment.src,
                    to=parked.segment.dst,
                    label=parked.segment.label,
                    cause=cause,
                    segment=parked.segment,
                    segment_no=parked.number,
                    sent_ms=parked.sent_ms,
                    delivered=False,
                    lost_by="msl",
                    retransmission=retransmission,
                    sender_state=state,
                )
                continue
            self.push(
                t,
                _Arrival(
                    parked.segment,
                    parked.number,
                    parked.sent_ms,
                    state,
                    cause,
                    retransmission,
                    False,
                ),
            )

    def expire(self, item: _Expiry) -> None:
        ep = self.endpoints[item.side]
        timer = ep.timers.get(item.kind)
        if timer is None or timer.generation != item.generation:
            return  # stopped or restarted since it was queued
        eff = ep.expire(self.now, item.kind)
        if item.kind is TimerKind.DELAYED_ACK:
            # Not a step of its own: the ACK it releases is the visible event.
            cause = Cause(Event.TIMER, item.kind.value, self.delayed_ack_cause.get(item.side))
            self.after(item.side, eff, cause, None)
            return
        label = TimerKind.RETRY_LIMIT if eff.gave_up else item.kind
        step = self.record(
            event=Event.TIMER,
            side=item.side,
            to=None,
            label=label.value,
            cause=Cause(Event.TIMER, label.value, None),
            transitions=self._transitions(item.side, eff),
            notices=tuple(eff.notices),
        )
        self.after(item.side, eff, Cause(Event.TIMER, label.value, step.n), step.n)

    # ---------------------------------------------------------------------- plumbing

    def after(self, side: Side, eff: Effects, cause: Cause, step_n: int | None) -> None:
        """Put what `side` sent on the wire, queue its timers, tell its application."""
        ep = self.endpoints[side]
        for out in eff.sent:
            fate = self.network.carry(
                out.segment,
                self.now,
                sender_state=ep.state,
                retransmission=out.retransmission,
            )
            if fate.held:
                self.held[fate.number] = (ep.state, cause, out.retransmission)
            if fate.lost_by:
                self.record(
                    event=Event.SEGMENT,
                    side=side,
                    to=out.segment.dst,
                    label=out.segment.label,
                    cause=cause,
                    segment=out.segment,
                    segment_no=fate.number,
                    sent_ms=self.now,
                    delivered=False,
                    lost_by=fate.lost_by,
                    retransmission=out.retransmission,
                    sender_state=ep.state,
                )
            for i, t in enumerate(fate.arrivals):
                arrival = _Arrival(
                    out.segment, fate.number, self.now, ep.state, cause, out.retransmission, i > 0
                )
                self.push(t, arrival)
        for kind, timer in ep.timers.items():
            key = (side, kind, timer.generation)
            if key not in self.timers_queued:
                self.timers_queued.add(key)
                self.push(timer.deadline, _Expiry(side, kind, timer.generation))
                if kind is TimerKind.DELAYED_ACK:
                    self.delayed_ack_cause[side] = step_n
        app = self.apps[side]
        app.established |= Notice.ESTABLISHED in eff.notices
        app.eof |= Notice.EOF in eff.notices
        app.received += len(eff.data)
        if app.opened and any(dst is State.CLOSED for _, dst in eff.transitions):
            app.closed = True
        self.schedule_app(side, step_n)

    def schedule_app(self, side: Side, step_n: int | None) -> None:
        app = self.apps[side]
        if app.scheduled or app.pc >= len(app.program) or not app.ready():
            return
        app.scheduled = True
        app.ready_step = step_n
        self.push(self.now + app.program[app.pc].when.delay_ms, _Act(side, app.pc))

    @staticmethod
    def _transitions(side: Side, eff: Effects) -> tuple[tuple[Side, State, State], ...]:
        return tuple((side, a, b) for a, b in eff.transitions)


def simulate(
    programs: Mapping[Side, Program],
    *,
    profile: Profile = PROFILES["rfc"],
    rules: tuple[Rule, ...] = (),
    faults: Faults | None = None,
    delay_ms: int = 50,
    seed: int = 0,
    mss: int = DEFAULT_MSS,
    scenario: str = "custom",
) -> Trace:
    """Run the applications' programs over a network until nothing is left to happen.

    The order of `programs` decides who acts first when both act at the same instant.
    Everything random (ISNs, faults) comes from RNGs seeded with `seed`, so a run repeats.
    """
    run = _Run(
        endpoints={
            side: Endpoint(side, profile, random.Random(f"{seed}/{side}/isn"), mss) for side in Side
        },
        network=Network(
            rng=random.Random(f"{seed}/network"),
            lifetime_ms=profile.msl_ms,
            delay_ms=delay_ms,
            faults=faults or Faults(),
            rules=rules,
        ),
        apps={side: _App(programs.get(side, ())) for side in Side},
    )
    for side in programs:
        run.schedule_app(side, None)
    while run.queue:
        t, _, item = heapq.heappop(run.queue)
        run.now = t
        if isinstance(item, _Arrival):
            run.arrive(item)
        elif isinstance(item, _Expiry):
            run.expire(item)
        else:
            run.act(item)
    return Trace(
        scenario=scenario,
        profile=profile.name,
        steps=tuple(run.steps),
        delay_ms=delay_ms,
        rules=tuple(str(r) for r in rules),
        faults=tuple(
            FaultReport(Narration(*rule_text(r)), tuple(run.network.matched.get(i, ())))
            for i, r in enumerate(rules)
        ),
    )
