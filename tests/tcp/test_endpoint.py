"""The endpoint's rules one at a time: retransmission timing, resets, user-call errors."""

from __future__ import annotations

import random

from quizapp.tcp.app import (
    Action,
    abort,
    after,
    close,
    on_eof,
    on_established,
    open_active,
    open_passive,
    send,
)
from quizapp.tcp.endpoint import Effects, Endpoint
from quizapp.tcp.model import Event, Flags, Notice, Reaction, Segment, Side, State
from quizapp.tcp.network import Delay, Drop
from quizapp.tcp.profile import PROFILES
from quizapp.tcp.scenarios import run_scenario
from quizapp.tcp.sim import simulate

from .tcp_helpers import flow, path

C, S = Side.CLIENT, Side.SERVER
RFC, LINUX = PROFILES["rfc"], PROFILES["linux"]


def _endpoint(side: Side) -> Endpoint:
    return Endpoint(side, RFC, random.Random(f"test/{side}"))


def _only(eff: Effects) -> Segment:
    assert len(eff.sent) == 1, eff.sent
    return eff.sent[0].segment


def _connected() -> tuple[Endpoint, Endpoint]:
    """A client and a server that did the three-way handshake by hand."""
    client, server = _endpoint(C), _endpoint(S)
    server.open(0, active=False)
    syn = _only(client.open(0, active=True))
    syn_ack = _only(server.receive(1, syn))
    ack = _only(client.receive(2, syn_ack))
    server.receive(3, ack)
    assert client.state is server.state is State.ESTABLISHED
    return client, server


def test_unanswered_syn_backs_off_and_gives_up_without_rst() -> None:
    """RFC 6298 (5.5) doubles the RTO on each expiry, (2.5) caps it (60 s here; Linux 120 s);
    RFC 1122 §4.2.3.5 closes the connection after R2 — counted as tcp_syn_retries on Linux.
    Giving up sends nothing: the peer is presumed unreachable."""
    for profile, expiries in (
        (RFC, [1000, 3000, 7000, 15000, 31000, 63000, 123000, 183000, 243000]),
        (LINUX, [1000, 3000, 7000, 15000, 31000, 63000, 127000]),
    ):
        trace = simulate(
            {C: (Action(open_active()),)},
            profile=profile,
            rules=tuple(Drop(n, side=C) for n in range(1, 20)),
        )
        timers = [s for s in trace.steps if s.event is Event.TIMER]
        assert [s.t_ms for s in timers] == expiries
        assert {s.label for s in timers[:-1]} == {"retransmit"}
        assert timers[-1].label == "retry-limit" and Notice.TIMED_OUT in timers[-1].notices
        assert trace.steps[-1] is timers[-1] and path(trace, C) == ["CLOSED", "SYN_SENT", "CLOSED"]
        assert all(s.segment and Flags.SYN in s.flags for s in trace.steps if s.segment)


def test_rto_falls_back_to_three_seconds_after_a_resent_syn() -> None:
    """RFC 6298 (5.7): a SYN that had to be retransmitted gives no RTT sample (Karn), and
    once data flows the RTO is 3 s, so the lost data segment is resent 3 s after it left."""
    trace = simulate(
        {
            S: (Action(open_passive()),),
            C: (Action(open_active()), Action(send(b"hello"), on_established())),
        },
        profile=RFC,
        rules=(Drop(1, side=C), Drop(4, side=C)),
    )
    lost_data = [s for s in trace.steps if s.delivered is False and s.segment and s.segment.payload]
    resend = [s for s in trace.steps if s.event is Event.TIMER and s.t_ms > lost_data[0].t_ms]
    assert resend[0].t_ms - lost_data[0].t_ms == 3000


def test_old_duplicate_syn_is_reset_and_the_real_one_connects() -> None:
    """RFC 9293 §3.5 Figure 8, driven through the Endpoint API: B answers an old SYN (90);
    A, in SYN-SENT, sees an ACK of something it never sent (91 =< ISS) and resets it with
    <SEQ=SEG.ACK><CTL=RST>; B, passively opened, returns to LISTEN; the real SYN connects."""
    a, b = _endpoint(C), _endpoint(S)
    b.open(0, active=False)
    syn = _only(a.open(0, active=True, iss=100))
    old_syn = Segment(C, S, 90, 0, Flags.SYN)
    answer = _only(b.receive(1, old_syn))
    assert (b.state, answer.flags, answer.ack) == (State.SYN_RECEIVED, Flags.SYN | Flags.ACK, 91)
    rst = _only(a.receive(2, answer))
    assert (rst.flags, rst.seq, a.state) == (Flags.RST, 91, State.SYN_SENT)
    assert b.receive(3, rst).reaction is Reaction.RESET and b.state is State.LISTEN
    syn_ack = _only(b.receive(4, syn))
    assert syn_ack.ack == 101
    ack = _only(a.receive(5, syn_ack))
    assert (ack.seq, ack.ack) == (101, (syn_ack.seq + 1) % 2**32)
    b.receive(6, ack)
    assert a.state is b.state is State.ESTABLISHED


def test_rst_must_match_rcv_nxt_exactly() -> None:
    """RFC 9293 §3.10.7.4 second step (RFC 5961 §3): an RST in the window but not at RCV.NXT
    gets a challenge ACK and changes nothing; one exactly at RCV.NXT resets the connection;
    one outside the window is dropped silently."""
    _client, server = _connected()
    assert server.tcb is not None
    nxt = server.tcb.rcv_nxt
    eff = server.receive(10, Segment(C, S, nxt + 5, 0, Flags.RST))
    assert eff.reaction is Reaction.CHALLENGED and server.state is State.ESTABLISHED
    assert _only(eff).flags == Flags.ACK
    eff = server.receive(11, Segment(C, S, nxt + 100_000, 0, Flags.RST))
    assert (eff.reaction, eff.sent) == (Reaction.IGNORED, [])
    eff = server.receive(12, Segment(C, S, nxt, 0, Flags.RST))
    assert eff.reaction is Reaction.RESET and Notice.RESET in eff.notices
    assert server.state is State.CLOSED and server.tcb is None


def test_unacceptable_segment_is_answered_with_an_ack() -> None:
    """RFC 9293 §3.10.7.4 first step: an unacceptable segment (here: old data) is answered
    with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and dropped."""
    client, server = _connected()
    assert server.tcb is not None and client.tcb is not None
    old = Segment(C, S, (server.tcb.rcv_nxt - 10) % 2**32, client.tcb.rcv_nxt, Flags.ACK, b"x")
    eff = server.receive(10, old)
    reply = _only(eff)
    assert eff.reaction is Reaction.DUPLICATE and eff.data == b""
    assert (reply.flags, reply.seq, reply.ack) == (
        Flags.ACK,
        server.tcb.snd_nxt,
        server.tcb.rcv_nxt,
    )


def test_send_after_close_fails_but_the_connection_still_receives() -> None:
    """RFC 9293 §3.10.2: SEND in FIN-WAIT-1/2 returns "error: connection closing"; §3.6: the
    user who CLOSEs may continue to RECEIVE."""
    client, server = _connected()
    _only(client.close(10))
    assert Notice.ERR_CLOSING in client.send(11, b"late").notices
    data = _only(server.send(12, b"still here"))
    assert client.receive(13, data).data == b"still here"


def test_open_while_in_time_wait_is_refused() -> None:
    """RFC 9293 §3.10.1: OPEN in any state but CLOSED is "error: connection already exists";
    TIME-WAIT keeps the connection, so it cannot be opened again until 2 MSL have passed."""
    trace = simulate(
        {
            S: (Action(open_passive()), Action(close(), on_eof())),
            C: (
                Action(open_active()),
                Action(close(), on_established(100)),
                Action(open_active(), after(1000)),
            ),
        },
        profile=RFC,
    )
    reopen = [s for s in trace.steps if s.event is Event.CALL and s.label == "OPEN active"][1]
    assert reopen.notices == (Notice.ERR_EXISTS,) and reopen.states[C] is State.TIME_WAIT


def test_abort_sends_rst_and_resets_the_peer() -> None:
    """RFC 9293 §3.10.5: ABORT in ESTABLISHED sends <SEQ=SND.NXT><CTL=RST> and enters CLOSED;
    the peer, in a synchronized state, accepts the in-sequence RST and reports a reset."""
    trace = simulate(
        {
            S: (Action(open_passive()),),
            C: (Action(open_active()), Action(abort(), on_established(100))),
        }
    )
    assert flow(trace)[-1] == "C>S RST seq=x+1"
    assert path(trace, C)[-1] == path(trace, S)[-1] == "CLOSED"
    assert Notice.RESET in trace.steps[-1].notices


def test_linux_delays_the_ack_of_a_fin_by_its_ack_timeout() -> None:
    """The FIN switches Linux to delayed ACKs. Its ACK timeout starts at 0 and becomes
    TCP_ATO_MIN (40 ms) once data has arrived: with no data received the ACK of a bare FIN
    leaves on the next tick (4 ms at HZ=250; the kernel test sees it within a few ms), after
    data it waits 40 ms. The rfc profile ACKs at once."""
    for name, profile, wait in (
        ("four-way-close", "rfc", 0),
        ("four-way-close", "linux", 4),
        ("half-close", "rfc", 0),
        ("half-close", "linux", 40),
    ):
        trace = run_scenario(name, profile)
        fin = next(s for s in trace.steps if s.to is S and s.label == "FIN+ACK")
        assert fin.segment is not None
        ack = next(
            s
            for s in trace.steps
            if s.side is S and s.segment and s.segment.ack == (fin.segment.seq + 1) % 2**32
        )
        assert (ack.label, ack.sent_ms - fin.t_ms) == ("ACK", wait), (name, profile)
        assert (ack.cause.label == "delayed-ack") == (wait > 0)


def test_linux_acks_the_first_data_segments_at_once() -> None:
    """Quick-ACK mode: Linux ACKs the first data of a connection at once (the kernel test
    shows the ACK right behind the request); the FIN then ends quick ACKs."""
    trace = run_scenario("server-close", "linux")
    request = next(s for s in trace.steps if s.to is S and s.label == "DATA")
    ack = next(s for s in trace.steps if s.side is S and s.segment_no == request.segment_no + 1)
    assert (ack.label, ack.sent_ms) == ("ACK", request.t_ms)


def test_retransmitted_syn_in_syn_received_is_answered() -> None:
    """RFC 9293 §3.10.7.4: a retransmitted SYN reaching SYN-RECEIVED is unacceptable and is
    answered with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>; Linux resends its SYN+ACK."""
    for profile, answer in ((RFC, Flags.ACK), (LINUX, Flags.SYN | Flags.ACK)):
        server = Endpoint(S, profile, random.Random("s"))
        server.open(0, active=False)
        syn = Segment(C, S, 100, 0, Flags.SYN)
        first = _only(server.receive(1, syn))
        eff = server.receive(1000, syn)
        again = _only(eff)
        assert (eff.reaction, server.state) == (Reaction.DUPLICATE, State.SYN_RECEIVED)
        assert (again.flags, again.ack, again.seq) == (
            answer,
            101,
            first.seq if Flags.SYN in answer else (first.seq + 1) % 2**32,
        )


def test_linux_keeps_listening_after_five_syn_ack_retries() -> None:
    """tcp_synack_retries = 5: the half-open request is dropped and the listener stays; the
    rfc profile gives up the passive open after its SYN retry limit and closes."""
    for profile, resent, end in ((LINUX, 5, State.LISTEN), (RFC, 8, State.CLOSED)):
        trace = simulate(
            {S: (Action(open_passive()),), C: (Action(open_active()),)},
            profile=profile,
            rules=tuple(Drop(n, side=S) for n in range(1, 30)),
        )
        # The retries of the first half-open request: resent by the server's own timer
        # (the client's resent SYNs are answered too, but they are no retries).
        gave_up = next(s.n for s in trace.steps if s.n > 3 and s.entered(S) is not None)
        retries = [
            s
            for s in trace.steps
            if s.side is S
            and s.label == "SYN+ACK"
            and s.n < gave_up
            and s.cause.event is Event.TIMER
        ]
        assert len(retries) == resent, profile
        server_path = path(trace, S)
        assert server_path[:3] == ["CLOSED", "LISTEN", "SYN_RECEIVED"]
        assert server_path[3] == end.value, server_path
        if end is State.LISTEN:
            assert not any(Notice.TIMED_OUT in s.notices for s in trace.steps if s.side is S)


def test_linux_drops_a_segment_whose_ack_is_too_old() -> None:
    """RFC 5961 §5 as Linux applies it: an ACK below SND.UNA − min(window, bytes acked) is
    answered with a challenge ACK and the segment (data included) dropped; the rfc profile
    leaves this MAY out and takes the data."""
    for profile, reaction, taken in (
        (LINUX, Reaction.OLD_ACK, b""),
        (RFC, Reaction.ACCEPTED, b"hi"),
    ):
        client = Endpoint(C, profile, random.Random("c"))
        server = Endpoint(S, profile, random.Random("s"))
        server.open(0, active=False)
        syn = _only(client.open(0, active=True))
        ack = _only(client.receive(2, _only(server.receive(1, syn))))
        server.receive(3, ack)
        assert client.tcb is not None
        old = Segment(S, C, ack.ack, (syn.seq - 10) % 2**32, Flags.ACK, b"hi")
        eff = client.receive(4, old)
        assert (eff.reaction, bytes(eff.data)) == (reaction, taken)


def test_send_is_cut_into_mss_sized_segments() -> None:
    """RFC 9293 §3.7.1: without an MSS option the send MSS is 536 for IPv4."""
    data = bytes(1200)
    trace = simulate(
        {S: (Action(open_passive()),), C: (Action(open_active()), Action(send(data), after(500)))}
    )
    sizes = [len(s.segment.payload) for s in trace.steps if s.segment and s.segment.payload]
    assert sizes == [536, 536, 128]


def test_a_segment_never_outlives_the_msl() -> None:
    """A delay beyond the maximum segment lifetime (RFC 9293 §3.4.2: 2 minutes) loses the
    segment instead; the sender's retransmission then gets through."""
    trace = run_scenario("three-way-open", "rfc", extra_rules=(Delay(1, 150_000),))
    first = trace.steps[2]
    assert (first.label, first.delivered, first.lost_by) == ("SYN", False, "msl")
    assert path(trace, C) == ["CLOSED", "SYN_SENT", "ESTABLISHED"]
