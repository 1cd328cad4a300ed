"""Trace questions: the Python helpers and the query language flow questions are written in."""

from __future__ import annotations

import pytest

from quizapp.tcp.model import Flags, Side, State
from quizapp.tcp.query import (
    Answer,
    QueryError,
    evaluate,
    first_step_in_state,
    parse_query,
    received,
    segments_sent_while,
    state_after,
)
from quizapp.tcp.scenarios import run_scenario

C, S = Side.CLIENT, Side.SERVER


def _answer(query: str, scenario: str = "four-way-close", profile: str = "rfc") -> Answer:
    result = evaluate(query, run_scenario(scenario, profile))
    assert isinstance(result, Answer), result
    return result


def test_server_is_in_close_wait_after_it_receives_the_fin() -> None:
    trace = run_scenario("four-way-close")
    fin = received(trace, S, Flags.FIN)
    assert fin is not None and fin.side is C and Flags.FIN in fin.flags
    assert fin.states[S] is State.CLOSE_WAIT
    answer = _answer("state server after-recv FIN")
    assert (answer.value, answer.steps) == (State.CLOSE_WAIT, (fin.n,))


def test_first_step_in_time_wait_is_the_arrival_of_the_servers_fin() -> None:
    trace = run_scenario("four-way-close")
    step = first_step_in_state(trace, C, State.TIME_WAIT)
    assert step is not None and (step.side, step.label) == (S, "FIN+ACK")
    assert state_after(trace, C, step.n - 1) is State.FIN_WAIT_2
    assert _answer("first-step client TIME-WAIT").value == step.n


def test_what_the_server_sends_in_close_wait_during_a_half_close() -> None:
    """The point of half-close: in CLOSE_WAIT the server still sends data. Its first segment
    is the ACK of the client's FIN, under linux too: the sorted result takes longer than
    the 40 ms the ACK may wait."""
    for profile in ("rfc", "linux"):
        trace = run_scenario("half-close", profile)
        sent = segments_sent_while(trace, S, State.CLOSE_WAIT)
        assert [s.label for s in sent] == ["ACK", "DATA", "DATA", "DATA"]
        assert sent[0].segment and sent[0].segment.ack == (trace.isns(C)[0] + 17) % 2**32
        assert all(s.segment and s.segment.payload for s in sent[1:])


def test_answers_change_with_the_profile() -> None:
    """A flow question's expected answer is computed, so it follows the profile."""
    assert _answer("time-in client TIME_WAIT", profile="rfc").value == 240_000
    assert _answer("time-in client TIME_WAIT", profile="linux").value == 60_000
    rfc = _answer("segments server in CLOSE_WAIT", "four-way-close", "rfc")
    linux = _answer("segments server in CLOSE_WAIT", "four-way-close", "linux")
    assert (rfc.value, linux.value) == (("ACK",), ("ACK",))


@pytest.mark.parametrize(
    ("query", "value"),
    [
        ("state client after step 0", State.CLOSED),
        ("state client after step 6", State.FIN_WAIT_1),
        ("state client after-send FIN", State.FIN_WAIT_1),
        ("state server after-send fin", State.LAST_ACK),
        # FLAGS match segments carrying at least those flags: the 2nd ACK is the FIN+ACK.
        ("state server after-recv ACK #2", State.CLOSE_WAIT),
        ("state server after-recv ACK #3", State.CLOSED),
        ("state client at-end", State.CLOSED),
        ("next-segment after step 7", "ACK"),
        ("next-segment after step 6", "FIN+ACK"),
        (
            "states client",
            (
                "CLOSED",
                "SYN_SENT",
                "ESTABLISHED",
                "FIN_WAIT_1",
                "FIN_WAIT_2",
                "TIME_WAIT",
                "CLOSED",
            ),
        ),
        (
            "STATES server",
            ("CLOSED", "LISTEN", "SYN_RECEIVED", "ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"),
        ),
    ],
)
def test_queries_on_four_way_close(query: str, value: object) -> None:
    assert _answer(query).value == value


def test_nth_received_segment_and_proof_steps() -> None:
    """The client receives the server's FIN twice when the last ACK is lost; the second one
    finds it still in TIME_WAIT."""
    trace = run_scenario("lost-final-ack")
    answer = _answer("state client after-recv FIN #2", "lost-final-ack")
    step = trace.step(answer.steps[0])
    assert answer.value is State.TIME_WAIT and step.retransmission and step.to is C


@pytest.mark.parametrize(
    ("query", "column", "message"),
    [
        ("", 0, "a query starts with"),
        ("stat client after step 3", 0, "a query starts with"),
        ("state srv after step 3", 6, "'client' or 'server'"),
        ("state client after stp 3", 19, "'step'"),
        ("state client after step three", 24, "N"),
        ("state client after-recv FIN #0", 28, "#N"),
        ("first-step client TIME-WAITING", 18, "TCP state"),
        ("state server after-recv FIN+PSH", 24, "flags"),
        ("segments server CLOSE_WAIT", 16, "'in'"),
        ("time-in client TIME_WAIT now", 25, "unexpected 'now'"),
    ],
)
def test_bad_queries_are_errors_with_a_column(query: str, column: int, message: str) -> None:
    error = parse_query(query)
    assert isinstance(error, QueryError)
    assert error.column == column and message in error.message
    assert isinstance(evaluate(query, run_scenario("four-way-close")), QueryError)


@pytest.mark.parametrize(
    "query",
    [
        "state client after step 99",
        "state client after-recv RST",
        "first-step server TIME_WAIT",
        "time-in server TIME_WAIT",
        "next-segment after step 11",
    ],
)
def test_queries_the_trace_cannot_answer_are_errors(query: str) -> None:
    """`quizapp check` reports these: the scenario has no such step, segment or state."""
    error = evaluate(query, run_scenario("four-way-close"))
    assert isinstance(error, QueryError) and "four-way-close" in error.message
