"""Every named scenario, pinned segment by segment and state by state from the RFCs.

Notation as in RFC 9293's figures and the user's note: x is the client's ISN, y the
server's (x a second client ISN); `ack=x+1` acknowledges the client's SYN. Each network
delay is 50 ms one way. Where the profiles differ, both are pinned.
"""

from __future__ import annotations

import pytest

from quizapp.tcp.model import Event, Notice, Reaction, Side, State
from quizapp.tcp.scenarios import (
    HEADERS,
    NEW_QUOTE,
    OLD_QUOTE,
    REQUEST,
    RESPONSE,
    SCENARIOS,
    SORT_INPUT,
    run_scenario,
)

from .tcp_helpers import entered_at, flow, path, received_by

C, S = Side.CLIENT, Side.SERVER
BOTH = pytest.mark.parametrize("profile", ["rfc", "linux"])

HANDSHAKE = ["C>S SYN seq=x", "S>C SYN+ACK seq=y ack=x+1", "C>S ACK seq=x+1 ack=y+1"]
CLIENT_OPEN = ["CLOSED", "SYN_SENT", "ESTABLISHED"]
SERVER_OPEN = ["CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED"]
ACTIVE_CLOSE = ["FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"]
PASSIVE_CLOSE = ["CLOSE_WAIT", "LAST_ACK", "CLOSED"]
TIME_WAIT_MS = {"rfc": 240_000, "linux": 60_000}


def test_every_scenario_has_a_title_and_a_narrated_step_in_both_languages() -> None:
    for name in SCENARIOS:
        trace = run_scenario(name)
        assert trace.title and trace.title.ko and trace.title.en
        for step in trace.steps:
            assert step.narration and step.narration.ko and step.narration.en, (name, step.n)
            assert any("\uac00" <= ch <= "\ud7a3" for ch in step.narration.ko), (name, step.n)


@BOTH
def test_three_way_open(profile: str) -> None:
    """RFC 9293 §3.5 Figure 6: SYN <SEQ=x>, SYN,ACK <SEQ=y><ACK=x+1>, ACK <SEQ=x+1><ACK=y+1>;
    A goes SYN-SENT → ESTABLISHED, B goes LISTEN → SYN-RECEIVED → ESTABLISHED."""
    trace = run_scenario("three-way-open", profile)
    assert flow(trace) == HANDSHAKE
    assert path(trace, C) == CLIENT_OPEN
    assert path(trace, S) == SERVER_OPEN


@BOTH
def test_data_transfer_resends_the_lost_segment_after_one_rto(profile: str) -> None:
    """RFC 6298: the handshake gives one RTT sample R = 100 ms, so (2.2) SRTT = 100,
    RTTVAR = 50 and RTO = SRTT + 4·RTTVAR = 300 ms, which (2.4) rounds up to 1 s (Linux's
    floor is 200 ms, so 300 ms stands). (5.4) resends the earliest unacknowledged segment.
    RFC 9293 §3.10.7.4: the second segment, beyond RCV.NXT, is held (SHLD-31) and an ACK
    of x+1 sent; when the resent first segment fills the gap both are delivered in order."""
    trace = run_scenario("data-transfer", profile)
    assert flow(trace) == [
        "C>S SYN seq=x",
        "S>C SYN+ACK seq=y ack=x+1",
        "C>S ACK seq=x+1 ack=y+1 len=47 LOST",
        "C>S ACK seq=x+1 ack=y+1",
        "C>S ACK seq=x+48 ack=y+1 len=21",
        "S>C ACK seq=y+1 ack=x+1",
        "C>S ACK seq=x+1 ack=y+1 len=47",
        "S>C ACK seq=y+1 ack=x+69",
    ]
    lost = next(s for s in trace.steps if s.delivered is False)
    rto = next(s for s in trace.steps if s.event is Event.TIMER)
    assert (rto.label, rto.t_ms - lost.t_ms) == ("retransmit", {"rfc": 1000, "linux": 300}[profile])
    assert received_by(trace, S) == REQUEST + HEADERS
    assert path(trace, C) == CLIENT_OPEN and path(trace, S) == SERVER_OPEN


FOUR_WAY = [
    *HANDSHAKE,
    "C>S FIN+ACK seq=x+1 ack=y+1",
    "S>C ACK seq=y+1 ack=x+2",
    "S>C FIN+ACK seq=y+1 ack=x+2",
    "C>S ACK seq=x+2 ack=y+2",
]


@BOTH
def test_four_way_close(profile: str) -> None:
    """RFC 9293 §3.6 Figure 12: A closes (FIN-WAIT-1 → FIN-WAIT-2 → TIME-WAIT), B goes
    CLOSE-WAIT → LAST-ACK → CLOSED; A leaves TIME-WAIT after 2 MSL (§3.6.1 MUST-13; MSL is
    2 minutes per §3.4.2, so 240 s; Linux's TCP_TIMEWAIT_LEN is 60 s)."""
    trace = run_scenario("four-way-close", profile)
    assert flow(trace) == FOUR_WAY
    assert path(trace, C) == CLIENT_OPEN + ACTIVE_CLOSE
    assert path(trace, S) == SERVER_OPEN + PASSIVE_CLOSE
    last = trace.steps[-1]
    assert (last.event, last.side, last.label) == (Event.TIMER, C, "time-wait")
    assert last.t_ms - entered_at(trace, C, State.TIME_WAIT) == TIME_WAIT_MS[profile]


def test_server_close_rfc() -> None:
    """RFC 9293 §3.6 Figure 12 with the server as peer A (case 1 for the server, case 2 for
    the client); every ACK leaves at once (§3.10.7.4 seventh and eighth steps)."""
    trace = run_scenario("server-close", "rfc")
    assert flow(trace) == [
        *HANDSHAKE,
        "C>S ACK seq=x+1 ack=y+1 len=47",
        "S>C ACK seq=y+1 ack=x+48",
        "S>C ACK seq=y+1 ack=x+48 len=43",
        "S>C FIN+ACK seq=y+44 ack=x+48",
        "C>S ACK seq=x+48 ack=y+44",
        "C>S ACK seq=x+48 ack=y+45",
        "C>S FIN+ACK seq=x+48 ack=y+45",
        "S>C ACK seq=y+45 ack=x+49",
    ]
    assert path(trace, S) == SERVER_OPEN + ACTIVE_CLOSE
    assert path(trace, C) == CLIENT_OPEN + PASSIVE_CLOSE
    assert trace.steps[-1].t_ms - entered_at(trace, S, State.TIME_WAIT) == 240_000
    assert received_by(trace, C) == RESPONSE


def test_server_close_linux_quick_acks_then_delays_the_fin_ack() -> None:
    """Linux starts in quick-ACK mode: the request and the response are each ACKed at once
    (as the kernel test captures). The server's FIN switches the client to delayed ACKs:
    its ACK waits 40 ms, and the client's close 100 ms after EOF comes later still."""
    trace = run_scenario("server-close", "linux")
    assert flow(trace) == [
        *HANDSHAKE,
        "C>S ACK seq=x+1 ack=y+1 len=47",
        "S>C ACK seq=y+1 ack=x+48",
        "S>C ACK seq=y+1 ack=x+48 len=43",
        "S>C FIN+ACK seq=y+44 ack=x+48",
        "C>S ACK seq=x+48 ack=y+44",
        "C>S ACK seq=x+48 ack=y+45",
        "C>S FIN+ACK seq=x+48 ack=y+45",
        "S>C ACK seq=y+45 ack=x+49",
    ]
    assert path(trace, S) == SERVER_OPEN + ACTIVE_CLOSE
    assert path(trace, C) == CLIENT_OPEN + PASSIVE_CLOSE
    assert trace.steps[-1].t_ms - entered_at(trace, S, State.TIME_WAIT) == 60_000


def test_half_close_rfc_sends_data_between_the_ack_and_the_fin() -> None:
    """RFC 9293 §3.6.1: after the client's FIN the server, in CLOSE-WAIT, keeps sending and
    the client, in FIN-WAIT-2, keeps receiving; the server's FIN comes after its data, so
    the ACK of the client's FIN and the server's FIN cannot be one segment."""
    trace = run_scenario("half-close", "rfc")
    assert flow(trace) == [
        *HANDSHAKE,
        "C>S ACK seq=x+1 ack=y+1 len=15",
        "C>S FIN+ACK seq=x+16 ack=y+1",
        "S>C ACK seq=y+1 ack=x+16",
        "S>C ACK seq=y+1 ack=x+17",
        "S>C ACK seq=y+1 ack=x+17 len=6",
        "S>C ACK seq=y+7 ack=x+17 len=4",
        "S>C ACK seq=y+11 ack=x+17 len=5",
        "C>S ACK seq=x+17 ack=y+7",
        "S>C FIN+ACK seq=y+16 ack=x+17",
        "C>S ACK seq=x+17 ack=y+11",
        "C>S ACK seq=x+17 ack=y+16",
        "C>S ACK seq=x+17 ack=y+17",
    ]
    assert path(trace, C) == CLIENT_OPEN + ACTIVE_CLOSE
    assert path(trace, S) == SERVER_OPEN + PASSIVE_CLOSE
    assert received_by(trace, S) == SORT_INPUT
    assert received_by(trace, C) == b"apple\nfig\npear\n"


def test_half_close_linux_acks_the_fin_before_the_late_data() -> None:
    """The same segments under linux: the sorted result takes 100 ms, longer than the 40 ms
    the delayed ACK of the FIN may wait, so the ACK leaves alone (the kernel does this, and
    folds it into the data only when the data is ready within the ACK timeout); the data
    itself is quick-ACKed segment by segment."""
    trace = run_scenario("half-close", "linux")
    assert flow(trace) == [
        *HANDSHAKE,
        "C>S ACK seq=x+1 ack=y+1 len=15",
        "C>S FIN+ACK seq=x+16 ack=y+1",
        "S>C ACK seq=y+1 ack=x+16",
        "S>C ACK seq=y+1 ack=x+17",
        "S>C ACK seq=y+1 ack=x+17 len=6",
        "S>C ACK seq=y+7 ack=x+17 len=4",
        "S>C ACK seq=y+11 ack=x+17 len=5",
        "C>S ACK seq=x+17 ack=y+7",
        "S>C FIN+ACK seq=y+16 ack=x+17",
        "C>S ACK seq=x+17 ack=y+11",
        "C>S ACK seq=x+17 ack=y+16",
        "C>S ACK seq=x+17 ack=y+17",
    ]
    assert path(trace, C) == CLIENT_OPEN + ACTIVE_CLOSE
    assert path(trace, S) == SERVER_OPEN + PASSIVE_CLOSE
    assert received_by(trace, C) == b"apple\nfig\npear\n"


def test_three_segment_close_under_rfc_delays_the_ack_as_3_8_6_3_allows() -> None:
    """The rfc profile sends every ACK at once, which makes even a prompt close four
    segments; RFC 9293 §3.8.6.3 says a TCP SHOULD delay ACKs (less than 0.5 s), and this
    scenario's run does (200 ms, labelled in its header), so the ACK rides on the FIN."""
    trace = run_scenario("three-segment-close", "rfc")
    assert flow(trace) == [
        *HANDSHAKE,
        "C>S FIN+ACK seq=x+1 ack=y+1",
        "S>C FIN+ACK seq=y+1 ack=x+2",
        "C>S ACK seq=x+2 ack=y+2",
    ]
    assert trace.note == "delayed ACK 200 ms"
    assert run_scenario("four-way-close", "rfc").note == "no delayed ACK"
    assert flow(run_scenario("four-way-close", "rfc")) == FOUR_WAY


def test_three_segment_close_under_linux() -> None:
    """With the FIN's ACK delayed (§3.8.6.3) and the application closing at once, the ACK
    rides on the server's FIN: FIN, FIN+ACK, ACK. The FIN+ACK acknowledges the client's FIN
    and carries the server's, so the client passes FIN-WAIT-2 on its way to TIME-WAIT within
    one segment (§3.10.7.4 fifth step "enter FIN-WAIT-2 and continue processing")."""
    trace = run_scenario("three-segment-close", "linux")
    assert flow(trace) == [
        *HANDSHAKE,
        "C>S FIN+ACK seq=x+1 ack=y+1",
        "S>C FIN+ACK seq=y+1 ack=x+2",
        "C>S ACK seq=x+2 ack=y+2",
    ]
    fin_ack = next(s for s in trace.steps if s.side is S and s.label == "FIN+ACK")
    assert [(a, b) for _, a, b in fin_ack.transitions] == [
        (State.FIN_WAIT_1, State.FIN_WAIT_2),
        (State.FIN_WAIT_2, State.TIME_WAIT),
    ]
    assert path(trace, S) == SERVER_OPEN + PASSIVE_CLOSE


@BOTH
def test_simultaneous_open(profile: str) -> None:
    """RFC 9293 §3.5 Figure 7: both send SYN; each, in SYN-SENT, gets the other's SYN and
    enters SYN-RECEIVED sending SYN,ACK <SEQ=ISS><ACK=RCV.NXT>; each SYN,ACK then makes its
    receiver ESTABLISHED, with no further segment."""
    trace = run_scenario("simultaneous-open", profile)
    assert flow(trace) == [
        "C>S SYN seq=x",
        "S>C SYN seq=y",
        "S>C SYN+ACK seq=y ack=x+1",
        "C>S SYN+ACK seq=x ack=y+1",
    ]
    for side in Side:
        assert path(trace, side) == ["CLOSED", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED"]


@BOTH
def test_simultaneous_close(profile: str) -> None:
    """RFC 9293 §3.6 Figure 13: crossing FINs take both sides FIN-WAIT-1 → CLOSING; each ACK
    of a FIN moves its receiver to TIME-WAIT; both wait 2 MSL."""
    trace = run_scenario("simultaneous-close", profile)
    assert flow(trace) == [
        *HANDSHAKE,
        "C>S FIN+ACK seq=x+1 ack=y+1",
        "S>C FIN+ACK seq=y+1 ack=x+1",
        "S>C ACK seq=y+2 ack=x+2",
        "C>S ACK seq=x+2 ack=y+2",
    ]
    closing = ["FIN_WAIT_1", "CLOSING", "TIME_WAIT", "CLOSED"]
    assert path(trace, C) == CLIENT_OPEN + closing
    assert path(trace, S) == SERVER_OPEN + closing
    for side in Side:
        expiry = next(s for s in trace.steps if s.label == "time-wait" and s.side is side)
        assert expiry.t_ms - entered_at(trace, side, State.TIME_WAIT) == TIME_WAIT_MS[profile]


@BOTH
def test_lost_final_ack_is_answered_from_time_wait(profile: str) -> None:
    """RFC 9293 §3.10.7.4 TIME-WAIT: "The only thing that can arrive in this state is a
    retransmission of the remote FIN. Acknowledge it, and restart the 2 MSL timeout."
    The server, in LAST-ACK, resends its FIN after one RTO (RFC 6298 (5.4))."""
    trace = run_scenario("lost-final-ack", profile)
    assert flow(trace) == [
        *FOUR_WAY[:-1],
        "C>S ACK seq=x+2 ack=y+2 LOST",
        "S>C FIN+ACK seq=y+1 ack=x+2",
        "C>S ACK seq=x+2 ack=y+2",
    ]
    again = next(s for s in trace.steps if s.reaction is Reaction.RETRANSMITTED_FIN)
    assert again.states[C] is State.TIME_WAIT
    assert path(trace, C) == CLIENT_OPEN + ACTIVE_CLOSE
    assert path(trace, S) == SERVER_OPEN + PASSIVE_CLOSE
    assert trace.steps[-1].t_ms - again.t_ms == TIME_WAIT_MS[profile]


@BOTH
def test_lost_final_ack_without_time_wait_resets_the_server(profile: str) -> None:
    """Without TIME-WAIT the resent FIN reaches a CLOSED port: §3.10.7.1 answers a segment
    with ACK by <SEQ=SEG.ACK><CTL=RST>, and the RST closes LAST-ACK (§3.10.7.4: "enter the
    CLOSED state, delete the TCB, and return" — no user signal: the application has
    closed already, and Linux reports nothing to a closed socket either)."""
    trace = run_scenario("lost-final-ack-no-time-wait", profile)
    assert flow(trace) == [
        *FOUR_WAY[:-1],
        "C>S ACK seq=x+2 ack=y+2 LOST",
        "S>C FIN+ACK seq=y+1 ack=x+2",
        "C>S RST seq=x+2",
    ]
    assert path(trace, C) == CLIENT_OPEN + ACTIVE_CLOSE
    assert path(trace, S) == SERVER_OPEN + PASSIVE_CLOSE
    assert trace.steps[-1].entered(S) is State.CLOSED and trace.steps[-1].notices == ()


@BOTH
def test_closed_port_answers_syn_with_rst(profile: str) -> None:
    """RFC 9293 §3.10.7.1: no ACK bit, so <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; in
    SYN-SENT an RST whose ACK acknowledges the SYN means "connection refused" (§3.10.7.3)."""
    trace = run_scenario("closed-port", profile)
    assert flow(trace) == ["C>S SYN seq=x", "S>C RST+ACK seq=0 ack=x+1"]
    assert path(trace, C) == ["CLOSED", "SYN_SENT", "CLOSED"]
    assert path(trace, S) == ["CLOSED"]
    assert Notice.REFUSED in trace.steps[-1].notices


@BOTH
def test_data_after_fin_is_delivered_before_the_fin(profile: str) -> None:
    """RFC 9293 §3.10.7.4: "Segments are processed in sequence": a FIN beyond RCV.NXT is held
    (SHLD-31) and only processed once the data before it arrived; the client stays in
    FIN-WAIT-2 until then."""
    trace = run_scenario("data-after-fin", profile)
    server_reply = {
        "rfc": ["S>C ACK seq=y+1 ack=x+2", "S>C FIN+ACK seq=y+44 ack=x+2"],
        # No data has arrived, so the FIN's ACK waits only a tick, not for the FIN.
        "linux": ["S>C ACK seq=y+1 ack=x+2", "S>C FIN+ACK seq=y+44 ack=x+2"],
    }[profile]
    assert flow(trace) == [
        *HANDSHAKE,
        "C>S FIN+ACK seq=x+1 ack=y+1",
        *server_reply,
        "S>C ACK seq=y+1 ack=x+2 len=43",
        "C>S ACK seq=x+2 ack=y+1",
        "C>S ACK seq=x+2 ack=y+45",
    ]
    held = next(s for s in trace.steps if s.reaction is Reaction.OUT_OF_ORDER)
    assert held.label == "FIN+ACK" and held.states[C] is not State.TIME_WAIT
    assert path(trace, C) == CLIENT_OPEN + ACTIVE_CLOSE
    assert received_by(trace, C) == RESPONSE


LATE_RFC = [
    *HANDSHAKE,
    "S>C ACK seq=y+1 ack=x+1 len=9",
    "C>S ACK seq=x+1 ack=y+10",
    "C>S FIN+ACK seq=x+1 ack=y+10",
    "S>C ACK seq=y+10 ack=x+2",
    "S>C FIN+ACK seq=y+10 ack=x+2",
    "C>S ACK seq=x+2 ack=y+11",
]
LATE_LINUX = [
    *HANDSHAKE,
    "S>C ACK seq=y+1 ack=x+1 len=9",
    "C>S ACK seq=x+1 ack=y+10",
    "C>S FIN+ACK seq=x+1 ack=y+10",
    "S>C FIN+ACK seq=y+10 ack=x+2",
    "C>S ACK seq=x+2 ack=y+11",
]
TWICE_CLIENT = CLIENT_OPEN + ACTIVE_CLOSE + CLIENT_OPEN[1:] + ACTIVE_CLOSE
TWICE_SERVER = SERVER_OPEN + PASSIVE_CLOSE + SERVER_OPEN[1:] + PASSIVE_CLOSE


@BOTH
def test_late_segment_is_absorbed_by_time_wait(profile: str) -> None:
    """RFC 9293 §3.10.7.4: in TIME-WAIT the old data is below RCV.NXT, so it is unacceptable
    and answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; the server, listening again,
    answers that ACK with <SEQ=SEG.ACK><CTL=RST> (§3.10.7.2), and the in-sequence RST ends
    TIME-WAIT ("If the RST bit is set, then enter the CLOSED state"; RFC 1337's hazard).
    The client's next connection, opened after that, gets the new quote intact."""
    trace = run_scenario("late-segment", profile)
    first = {"rfc": LATE_RFC, "linux": LATE_LINUX}[profile]
    second = [
        "C>S SYN seq=x",
        "S>C SYN+ACK seq=y ack=x+1",
        "C>S ACK seq=x+1 ack=y+1",
        "S>C ACK seq=y+1 ack=x+1 len=9",
        *(
            [
                "C>S ACK seq=x+1 ack=y+10",
                "C>S FIN+ACK seq=x+1 ack=y+10",
                "S>C ACK seq=y+10 ack=x+2",
                "S>C FIN+ACK seq=y+10 ack=x+2",
            ]
            if profile == "rfc"
            else [
                "C>S ACK seq=x+1 ack=y+10",
                "C>S FIN+ACK seq=x+1 ack=y+10",
                "S>C FIN+ACK seq=y+10 ack=x+2",
            ]
        ),
        "C>S ACK seq=x+2 ack=y+11",
    ]
    assert flow(trace) == [
        *first,
        "S>C ACK seq=y+1 ack=x+1 len=9",
        "C>S ACK seq=x+2 ack=y+11",
        "S>C RST seq=y+11",
        *second,
    ]
    late = next(s for s in trace.steps if s.reaction is Reaction.DUPLICATE)
    assert late.states[C] is State.TIME_WAIT and late.app_data == b""
    assert path(trace, C) == TWICE_CLIENT and path(trace, S) == TWICE_SERVER
    assert received_by(trace, C) == OLD_QUOTE + NEW_QUOTE


@BOTH
def test_without_time_wait_the_late_segment_corrupts_the_next_connection(profile: str) -> None:
    """RFC 9293 §3.4.3: if a new incarnation reuses sequence numbers of old segments still
    in the network, "old data [may be] accepted as new". Here the second connection starts
    at the same ISNs x and y (the worst case: with a new client ISN the old segment's ACK
    could lie beyond SND.NXT and be dropped), the old quote fits its window and is
    delivered; the new quote, with the same numbers, is then an old duplicate and dropped
    (§3.10.7.4 first step)."""
    trace = run_scenario("late-segment-no-time-wait", profile)
    first = {"rfc": LATE_RFC, "linux": LATE_LINUX}[profile]
    second = {
        "rfc": [
            "C>S ACK seq=x+1 ack=y+1",
            "C>S ACK seq=x+1 ack=y+10",
            "C>S FIN+ACK seq=x+1 ack=y+10",
            "S>C ACK seq=y+1 ack=x+1 len=9",
            "S>C ACK seq=y+10 ack=x+2",
            "S>C FIN+ACK seq=y+10 ack=x+2",
            "C>S ACK seq=x+2 ack=y+10",
            "C>S ACK seq=x+2 ack=y+11",
        ],
        "linux": [
            "C>S ACK seq=x+1 ack=y+1",
            "C>S ACK seq=x+1 ack=y+10",
            "C>S FIN+ACK seq=x+1 ack=y+10",
            "S>C ACK seq=y+1 ack=x+1 len=9",
            "S>C FIN+ACK seq=y+10 ack=x+2",
            "C>S ACK seq=x+2 ack=y+10",
            "C>S ACK seq=x+2 ack=y+11",
        ],
    }[profile]
    assert flow(trace) == [
        *first,
        "C>S SYN seq=x",
        "S>C SYN+ACK seq=y ack=x+1",
        "S>C ACK seq=y+1 ack=x+1 len=9",
        *second,
    ]
    assert path(trace, C) == TWICE_CLIENT and path(trace, S) == TWICE_SERVER
    assert received_by(trace, C) == OLD_QUOTE + OLD_QUOTE
    dropped = next(s for s in trace.steps if s.reaction is Reaction.DUPLICATE)
    assert dropped.segment and dropped.segment.payload == NEW_QUOTE


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_runs_repeat_for_a_seed_and_isns_follow_the_seed(name: str) -> None:
    """ISNs come from a seeded RNG (RFC 9293 §3.4.1 asks for unpredictable ISNs; a seed makes
    a run reproducible)."""
    assert run_scenario(name, seed=7) == run_scenario(name, seed=7)
    if name != "closed-port":
        assert run_scenario(name, seed=7).isns(C) != run_scenario(name, seed=8).isns(C)
