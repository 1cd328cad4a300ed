"""Random loss, delay, duplication and reordering over every scenario: the invariants hold.

The documented end states: with no connection given up (no retry-limit expiry) a run ends
exactly where the fault-free run of the same scenario ends. When a side gave up, the run
ends with every side in a state that has no timer left: CLOSED, LISTEN, or half-open —
ESTABLISHED, FIN_WAIT_2 or CLOSE_WAIT on the side whose peer vanished (RFC 9293 §3.5.1).
`late-segment-no-time-wait` is held only to that weaker rule: it shows on purpose two ends
that disagree about their connection, and faults can turn that into resets anywhere.

A run in which an RST ended a TIME_WAIT early ("TIME-WAIT assassination", RFC 1337) is held
to the weaker rule as well, and its data may be corrupted: RFC 9293 §3.10.7.4 (and Linux
with its default tcp_rfc1337=0) closes TIME_WAIT on an in-sequence RST, and then nothing
protects the next incarnation from the old connection's late segments — RFC 1337's hazard
H1, the very corruption TIME_WAIT exists to prevent. Found once by this property (seed 10
of `late-segment` under rfc, kept below as an explicit example): duplicated and reordered
ACKs made the client in TIME_WAIT answer an old ACK, the server's new listener answered
that with an RST at exactly RCV.NXT, and the late 'PRICE 100' then reached the new
connection. The simulator is right; the property's exception list was too narrow.

In CI (the `ci` profile of tests/conftest.py, which .ci/run selects) Hypothesis runs
derandomized, from a seed derived from the test, so CI tests the same inputs every time.
Elsewhere it explores new inputs and replays the failing ones it saved in its example
database (`.hypothesis/`); a failing input found once stays below as an `@example`.
"""

from __future__ import annotations

import functools

from hypothesis import example, given, settings
from hypothesis import strategies as st

from quizapp.tcp.model import (
    LEGAL_TRANSITIONS,
    SEQ_MOD,
    Event,
    Flags,
    Notice,
    Reaction,
    Side,
    State,
)
from quizapp.tcp.network import Delay, Drop, Faults, Rule
from quizapp.tcp.profile import PROFILES
from quizapp.tcp.scenarios import SCENARIOS, run_scenario
from quizapp.tcp.trace import States, Trace

from .test_truth import narration_agrees

CORRUPTING = {"late-segment-no-time-wait"}
"""Shows on purpose what goes wrong without TIME_WAIT: old data taken as new."""
NO_TIMER_LEFT = {
    State.CLOSED,
    State.LISTEN,
    State.ESTABLISHED,
    State.FIN_WAIT_2,
    State.CLOSE_WAIT,
}

sides = st.none() | st.sampled_from(list(Side))
rules = st.lists(
    st.one_of(
        st.builds(Drop, n=st.integers(1, 20), side=sides),
        st.builds(Delay, n=st.integers(1, 20), ms=st.integers(1, 8000), side=sides),
    ),
    max_size=3,
)
faults = st.builds(
    Faults,
    loss=st.floats(0, 0.3),
    duplicate=st.floats(0, 0.2),
    reorder=st.floats(0, 0.3),
    reorder_ms=st.integers(1, 500),
    jitter_ms=st.integers(0, 40),
)


@functools.cache
def _fault_free_end(name: str, profile: str) -> States:
    return run_scenario(name, profile).steps[-1].states


ASSASSINATION = {
    "name": "late-segment",
    "profile": "rfc",
    "extra": [],
    "chance": Faults(loss=0.0078125, duplicate=0.125, reorder=0.25, reorder_ms=128, jitter_ms=2),
    "seed": 10,
}
"""The input that once broke this property: TIME_WAIT assassinated, old data accepted.
(Since the rfc profile answers a duplicate SYN in SYN_RECEIVED, this input takes another
path; `ASSASSINATION_NOW` is the same hazard under the current engine.)"""
ASSASSINATION_NOW = {
    **ASSASSINATION,
    "chance": Faults(loss=0.0078125, duplicate=0.2, reorder=0.25, reorder_ms=256, jitter_ms=0),
    "seed": 117,
}


@settings(max_examples=200, deadline=None)
@example(**ASSASSINATION)
@example(**ASSASSINATION_NOW)
@example(  # Data held past a FIN that took longer than the MSL to get through.
    name="data-after-fin",
    profile="linux",
    extra=[],
    chance=Faults(loss=0.28125, duplicate=0.125, reorder=0.125, reorder_ms=1, jitter_ms=1),
    seed=36,
)
@example(  # Linux gives up a half-open request after 5 SYN+ACK retries and keeps listening.
    name="late-segment",
    profile="linux",
    extra=[],
    chance=Faults(loss=0.25, duplicate=0.125, reorder=0.25, reorder_ms=1, jitter_ms=8),
    seed=8,
)
@given(
    name=st.sampled_from(sorted(SCENARIOS)),
    profile=st.sampled_from(sorted(PROFILES)),
    extra=rules,
    chance=faults,
    seed=st.integers(0, 2**16),
)
def test_invariants_under_random_faults(
    name: str, profile: str, extra: list[Rule], chance: Faults, seed: int
) -> None:
    trace = run_scenario(name, profile, extra_rules=tuple(extra), faults=chance, seed=seed)
    _steps_are_ordered(trace)
    _states_change_only_along_rfc_transitions(trace)
    _nothing_is_acknowledged_before_it_is_sent(trace)
    _no_segment_outlives_the_msl(trace, PROFILES[profile].msl_ms)
    for step in trace.steps:  # lost, resent, copied, timers: each told as it happened
        narration_agrees(trace, step)
    # A side gave up when its retransmission timer ran out: an active open or a connection
    # tells its application (TIMED_OUT); Linux's half-open request just goes back to LISTEN.
    gave_up = any(s.event is Event.TIMER and s.label == "retry-limit" for s in trace.steps)
    assert gave_up >= any(Notice.TIMED_OUT in s.notices for s in trace.steps)
    end = trace.steps[-1].states
    if gave_up or name in CORRUPTING or _time_wait_assassinated(trace):
        assert {end.client, end.server} <= NO_TIMER_LEFT
    else:
        assert end == _fault_free_end(name, profile)
        _every_byte_arrives_once_in_order(trace)


def _time_wait_assassinated(trace: Trace) -> bool:
    """An in-sequence RST ended a TIME_WAIT before its 2×MSL were over (RFC 1337)."""
    return any(
        s.reaction is Reaction.RESET and (side, State.TIME_WAIT, State.CLOSED) in s.transitions
        for s in trace.steps
        for side in Side
    )


def test_time_wait_assassination_lets_the_old_quote_into_the_next_connection() -> None:
    """The example above, pinned: it is TIME-WAIT assassination, and what it costs."""
    trace = run_scenario(
        "late-segment", "rfc", faults=ASSASSINATION_NOW["chance"], seed=ASSASSINATION_NOW["seed"]
    )
    assert _time_wait_assassinated(trace)
    got = b"".join(s.app_data for s in trace.steps if s.to is Side.CLIENT)
    assert got == b"PRICE 100PRICE 100"


def _steps_are_ordered(trace: Trace) -> None:
    assert [s.n for s in trace.steps] == list(range(1, len(trace.steps) + 1))
    assert all(a.t_ms <= b.t_ms for a, b in zip(trace.steps, trace.steps[1:], strict=False))
    assert all(s.cause.step is None or s.cause.step <= s.n for s in trace.steps)


def _states_change_only_along_rfc_transitions(trace: Trace) -> None:
    current = {Side.CLIENT: State.CLOSED, Side.SERVER: State.CLOSED}
    for step in trace.steps:
        for side, src, dst in step.transitions:
            assert src is current[side], (step.n, side, src, current[side])
            assert (src, dst) in LEGAL_TRANSITIONS, (step.n, side, src, dst)
            current[side] = dst
        assert (step.states.client, step.states.server) == (
            current[Side.CLIENT],
            current[Side.SERVER],
        )


def _nothing_is_acknowledged_before_it_is_sent(trace: Trace) -> None:
    """Every acknowledgment number is the end of a segment the peer had already sent
    (SEQ + SEG.LEN, SYN and FIN included): nobody acknowledges what does not exist yet."""
    ends: dict[int, tuple[Side, int]] = {}
    for step in trace.steps:
        seg = step.segment
        if seg is None or step.segment_no is None:
            continue
        ends.setdefault(step.segment_no, (seg.src, (seg.seq + seg.seg_len) % SEQ_MOD))
        if Flags.ACK in seg.flags:
            earlier = {
                end for no, (src, end) in ends.items() if no < step.segment_no and src is seg.dst
            }
            assert seg.ack in earlier, (step.n, seg)


def _no_segment_outlives_the_msl(trace: Trace, msl_ms: int) -> None:
    for step in trace.steps:
        if step.delivered:
            assert step.sent_ms is not None and step.t_ms - step.sent_ms <= msl_ms


def _every_byte_arrives_once_in_order(trace: Trace) -> None:
    for side in Side:
        sent = b"".join(
            s.app_data
            for s in trace.steps
            if s.event is Event.CALL
            and s.side is side
            and s.label.startswith("SEND")
            and not s.notices
        )
        got = b"".join(
            s.app_data for s in trace.steps if s.event is Event.SEGMENT and s.to is side.peer
        )
        assert got == sent, (side, sent, got)
