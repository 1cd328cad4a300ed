"""One TCP endpoint: the RFC 9293 connection state machine with RFC 6298 retransmission.

An `Endpoint` never reads a clock: every verb takes `now` (simulated milliseconds) and
returns `Effects` — the segments to put on the wire, the state changes it made, the bytes
and signals for its application. Timers are deadlines in `Endpoint.timers`; whoever drives
the simulation calls `expire()` when one is due.

Where RFC 9293 leaves a choice, this endpoint takes the one its figures need:

- Segments are trimmed to the receive window before they are processed, the way the RFC
  allows (§3.10.7.4: "trimming off any portions that lie outside the window (including SYN
  and FIN)"). An old SYN in front of an otherwise new segment is trimmed off rather than
  making the whole segment unacceptable; that is what lets a SYN-RECEIVED endpoint in a
  simultaneous open become ESTABLISHED on the peer's SYN,ACK (§3.5 Figure 7, line 6).
- A FIN that was already received arrives again only when our ACK of it was lost. It fails
  the acceptability test, so it is recognised there: acknowledged again and, in TIME_WAIT,
  the 2×MSL timer restarts (§3.10.7.4, TIME-WAIT).
- Out-of-order segments are held and processed when the gap fills (§3.10.7.4 SHLD-31).
- RST and SYN checks follow RFC 5961 as folded into §3.10.7.4: an RST is accepted only at
  exactly RCV.NXT; an in-window RST or a SYN in a synchronized state gets a challenge ACK.
- No Nagle algorithm (as with TCP_NODELAY): a SEND goes out at once, cut at the MSS.
- The retry limit closes the connection without an RST (RFC 1122 §4.2.3.5, as Linux does).
- ACKs that answer invalid segments are rate-limited (RFC 5961 §7, Linux's
  tcp_invalid_ratelimit), so two ends that disagree about the connection cannot keep
  answering each other's ACKs forever.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from quizapp.tcp.model import (
    SYNCHRONIZED,
    Flags,
    Notice,
    Reaction,
    Segment,
    Side,
    State,
    TimerKind,
    seq_add,
    seq_diff,
)
from quizapp.tcp.profile import Profile

DEFAULT_MSS = 536
"""RFC 9293 §3.7.1: the send MSS when no MSS option is exchanged (IPv4)."""
RCV_WND = 65535
"""The application reads everything at once, so the receive window never shrinks."""
SYN_FALLBACK_RTO_MS = 3000
"""RFC 6298 (5.7): the RTO after a retransmitted SYN, once the connection is open."""


@dataclass(frozen=True, slots=True)
class Timer:
    deadline: int
    generation: int
    """Tells a restarted timer from the one it replaced."""


@dataclass(frozen=True, slots=True)
class Sent:
    segment: Segment
    retransmission: bool = False


@dataclass(slots=True)
class Effects:
    """What one verb did."""

    sent: list[Sent] = field(default_factory=list)
    transitions: list[tuple[State, State]] = field(default_factory=list)
    data: bytearray = field(default_factory=bytearray)
    """Bytes handed to the application, in order."""
    notices: list[Notice] = field(default_factory=list)
    reaction: Reaction | None = None
    """For an arriving segment: what was done with it."""
    gave_up: bool = False
    """The retransmission timer expired once more than the profile allows."""


@dataclass(slots=True)
class Tcb:
    """The transmission control block of one connection (RFC 9293 §3.3.1)."""

    passive: bool
    pinned_iss: int | None
    rto: int
    iss: int = 0
    irs: int = 0
    snd_una: int = 0
    snd_nxt: int = 0
    snd_wnd: int = 0
    snd_wl1: int = 0
    snd_wl2: int = 0
    rcv_nxt: int = 0
    send_buf: bytearray = field(default_factory=bytearray)
    """Data from `buf_seq` on: first the unacknowledged, then the unsent octets."""
    buf_seq: int = 0
    fin_queued: bool = False
    fin_sent: bool = False
    fin_acked: bool = False
    close_pending: bool = False
    """CLOSE arrived in SYN-RECEIVED with data still queued: close once ESTABLISHED."""
    segment_ends: list[int] = field(default_factory=list)
    """Where each data segment in flight ends, so a retransmission resends just the first."""
    held: list[Segment] = field(default_factory=list)
    """Out-of-order segments waiting for the gap before them to fill."""
    srtt: float | None = None
    rttvar: float = 0.0
    retries: int = 0
    probe: tuple[int, int] | None = None
    """(sequence number whose ACK ends the measurement, send time): one RTT sample at a time."""
    syn_retransmitted: bool = False
    ack_owed: bool = False
    ack_now: bool = False
    last_invalid_ack: int | None = None
    full_segments_unacked: int = 0
    ack_delay_ms: int = 0
    """How long an owed ACK may wait: 0 until the first data arrives (Linux's ATO)."""
    quick: int = 0
    """Quick ACKs left (Linux's quick-ACK mode)."""
    pingpong: bool = False
    """Delayed-ACK mode for good (after the peer's FIN), quick ACKs off."""

    @property
    def fin_seq(self) -> int:
        """Our FIN's sequence number: right after the last data octet."""
        return seq_add(self.buf_seq, len(self.send_buf))

    @property
    def data_in_flight(self) -> int:
        """Data octets sent but not yet acknowledged."""
        return seq_diff(self.snd_nxt, self.buf_seq) - self.fin_sent


@dataclass(slots=True)
class Endpoint:
    """One side of the connection. Mutable: each verb updates it and returns its `Effects`."""

    side: Side
    profile: Profile
    rng: random.Random
    """Where initial sequence numbers come from; seed it and runs reproduce."""
    mss: int = DEFAULT_MSS
    state: State = State.CLOSED
    tcb: Tcb | None = None
    timers: dict[TimerKind, Timer] = field(default_factory=dict)
    _generation: int = 0

    # ----------------------------------------------------------------- user calls (§3.10)

    def open(self, now: int, *, active: bool, iss: int | None = None) -> Effects:
        """OPEN: passive (listen) or active (connect). `iss` pins the initial sequence number."""
        eff = Effects()
        if self.state is not State.CLOSED:
            eff.notices.append(Notice.ERR_EXISTS)
            return eff
        self.tcb = Tcb(passive=not active, pinned_iss=iss, rto=self.profile.initial_rto_ms)
        if active:
            self._connect(now, eff)
        else:
            self._enter(State.LISTEN, now, eff)
        return eff

    def send(self, now: int, data: bytes) -> Effects:
        """SEND: queue data; it leaves as soon as the connection is synchronized."""
        eff = Effects()
        t = self.tcb
        if t is None:
            eff.notices.append(Notice.ERR_NO_CONNECTION)
        elif t.fin_queued or t.close_pending or self.state not in _SEND_OK:
            eff.notices.append(Notice.ERR_CLOSING)
        else:
            t.send_buf += data
            if self.state is State.LISTEN:
                # §3.10.2: SEND on a listening connection turns it into an active one.
                t.passive = False
                self._connect(now, eff)
            self._flush(now, eff)
        return eff

    def close(self, now: int) -> Effects:
        """CLOSE: no more data from us (SHUT_WR); we keep receiving until the peer's FIN."""
        eff = Effects()
        t = self.tcb
        if t is None:
            eff.notices.append(Notice.ERR_NO_CONNECTION)
        elif self.state in (State.LISTEN, State.SYN_SENT):
            self._enter(State.CLOSED, now, eff)
        elif self.state is State.SYN_RECEIVED and t.send_buf:
            t.close_pending = True
        elif self.state in (State.SYN_RECEIVED, State.ESTABLISHED):
            t.fin_queued = True
            self._enter(State.FIN_WAIT_1, now, eff)
            self._flush(now, eff)
        elif self.state is State.CLOSE_WAIT:
            t.fin_queued = True
            self._enter(State.LAST_ACK, now, eff)
            self._flush(now, eff)
        else:
            eff.notices.append(Notice.ERR_CLOSING)
        return eff

    def abort(self, now: int) -> Effects:
        """ABORT: drop the connection; a connection the peer knows about gets an RST."""
        eff = Effects()
        t = self.tcb
        if t is None:
            eff.notices.append(Notice.ERR_NO_CONNECTION)
            return eff
        if self.state in _RST_ON_ABORT:
            self._emit(eff, self._segment(t.snd_nxt, Flags.RST), now)
        self._enter(State.CLOSED, now, eff)
        return eff

    # ------------------------------------------------------------------------- timers

    def expire(self, now: int, kind: TimerKind) -> Effects:
        """A timer in `self.timers` reached its deadline."""
        eff = Effects()
        self.timers.pop(kind, None)
        t = self.tcb
        if t is None:
            return eff
        if kind is TimerKind.TIME_WAIT:
            self._enter(State.CLOSED, now, eff)
        elif kind is TimerKind.DELAYED_ACK:
            if t.ack_owed:
                self._emit(eff, self._segment(t.snd_nxt, Flags.ACK), now)
        elif kind is TimerKind.RETRANSMIT:
            passive_syn = self.state is State.SYN_RECEIVED and t.passive
            limit = self.profile.retries
            if self.state in (State.SYN_SENT, State.SYN_RECEIVED):
                limit = self.profile.syn_retries
            if passive_syn and self.profile.synack_retries is not None:
                limit = self.profile.synack_retries
            if t.retries >= limit:
                eff.gave_up = True
                if passive_syn and self.profile.passive_retry_limit_listens:
                    # Linux drops the half-open request; the listener never knew of it.
                    self._back_to_listen(now, eff)
                    return eff
                eff.notices.append(Notice.TIMED_OUT)
                self._enter(State.CLOSED, now, eff)
                return eff
            # RFC 6298 (5.4)-(5.6): back off, resend the earliest unacknowledged segment
            # (sending it starts the timer again, with the doubled RTO).
            t.retries += 1
            t.rto = min(t.rto * 2, self.profile.max_rto_ms)
            self._retransmit(now, eff)
        return eff

    # ---------------------------------------------------------------- segment arrives

    def receive(self, now: int, seg: Segment) -> Effects:
        """SEGMENT ARRIVES (§3.10.7)."""
        eff = Effects()
        if self.state is State.CLOSED:
            eff.reaction = self._recv_closed(seg, eff)
        elif self.state is State.LISTEN:
            eff.reaction = self._recv_listen(seg, now, eff)
        elif self.state is State.SYN_SENT:
            eff.reaction = self._recv_syn_sent(seg, now, eff)
        else:
            had_gap = bool(self.tcb and self.tcb.held)
            eff.reaction = self._recv_other(seg, now, eff)
            self._drain_held(now, eff, had_gap)
        self._flush(now, eff)
        return eff

    def _recv_closed(self, seg: Segment, eff: Effects) -> Reaction:
        """§3.10.7.1: no connection; anything but an RST is answered with an RST."""
        if Flags.RST in seg.flags:
            return Reaction.IGNORED
        if Flags.ACK in seg.flags:
            rst = Segment(self.side, seg.src, seg.ack, 0, Flags.RST, window=0)
        else:
            ack = seq_add(seg.seq, seg.seg_len)
            rst = Segment(self.side, seg.src, 0, ack, Flags.RST | Flags.ACK, window=0)
        eff.sent.append(Sent(rst))
        return Reaction.RESET_SENT

    def _recv_listen(self, seg: Segment, now: int, eff: Effects) -> Reaction:
        """§3.10.7.2."""
        t = self._tcb()
        if Flags.RST in seg.flags:
            return Reaction.IGNORED
        if Flags.ACK in seg.flags:
            eff.sent.append(Sent(Segment(self.side, seg.src, seg.ack, 0, Flags.RST, window=0)))
            return Reaction.RESET_SENT
        if Flags.SYN not in seg.flags:
            return Reaction.IGNORED
        t.irs = seg.seq
        t.rcv_nxt = seq_add(seg.seq, 1)
        self._choose_iss()
        t.snd_wnd, t.snd_wl1 = seg.window, seg.seq
        self._enter(State.SYN_RECEIVED, now, eff)
        self._emit(eff, self._segment(t.iss, Flags.SYN | Flags.ACK), now)
        return Reaction.ACCEPTED

    def _recv_syn_sent(self, seg: Segment, now: int, eff: Effects) -> Reaction:
        """§3.10.7.3."""
        t = self._tcb()
        ack_ok = False
        if Flags.ACK in seg.flags:
            if seq_diff(seg.ack, t.iss) <= 0 or seq_diff(seg.ack, t.snd_nxt) > 0:
                if Flags.RST in seg.flags:
                    return Reaction.IGNORED
                eff.sent.append(Sent(Segment(self.side, seg.src, seg.ack, 0, Flags.RST, window=0)))
                return Reaction.RESET_SENT
            ack_ok = True
        if Flags.RST in seg.flags:
            if not ack_ok:
                return Reaction.IGNORED
            eff.notices.append(Notice.REFUSED)
            self._enter(State.CLOSED, now, eff)
            return Reaction.REFUSED
        if Flags.SYN not in seg.flags:
            return Reaction.IGNORED
        t.irs = seg.seq
        t.rcv_nxt = seq_add(seg.seq, 1)
        t.snd_wnd, t.snd_wl1, t.snd_wl2 = seg.window, seg.seq, seg.ack
        if ack_ok:
            self._ack_advance(seg.ack, now)
        if seq_diff(t.snd_una, t.iss) > 0:
            self._enter(State.ESTABLISHED, now, eff)
            self._owe_ack(immediate=True)
        else:
            # Simultaneous open: answer with SYN,ACK on our own ISS. It resends our SYN's
            # sequence number, so Karn's rule forbids timing it.
            t.probe = None
            self._enter(State.SYN_RECEIVED, now, eff)
            self._emit(eff, self._segment(t.iss, Flags.SYN | Flags.ACK), now)
        return Reaction.ACCEPTED

    def _recv_other(self, seg: Segment, now: int, eff: Effects) -> Reaction:
        """§3.10.7.4: SYN-RECEIVED and the synchronized states."""
        t = self._tcb()
        if Flags.RST in seg.flags:
            offset = seq_diff(seg.seq, t.rcv_nxt)
            if offset == 0:
                return self._reset_by_peer(now, eff)
            if 0 < offset < RCV_WND:
                self._answer_invalid(now)
                return Reaction.CHALLENGED
            return Reaction.IGNORED

        # First: the sequence number. Trim what lies left of RCV.NXT.
        seq, payload = seg.seq, seg.payload
        syn, fin = Flags.SYN in seg.flags, Flags.FIN in seg.flags
        old = seq_diff(t.rcv_nxt, seq)
        if old > 0:
            if syn:
                if self.state is not State.SYN_RECEIVED:
                    # The peer resent its SYN (our ACK of it was lost): acknowledge again.
                    self._answer_invalid(now)
                    return Reaction.DUPLICATE
                if Flags.ACK not in seg.flags and old >= seg.seg_len:
                    # A retransmitted SYN, wholly old: unacceptable, so §3.10.7.4 answers
                    # with an ACK; Linux resends its SYN+ACK instead (both rate-limited).
                    if self.profile.dup_syn_resends_syn_ack:
                        if self._invalid_answer_allowed(now):
                            syn_ack = self._segment(t.iss, Flags.SYN | Flags.ACK)
                            self._emit(eff, syn_ack, now, retransmission=True)
                    else:
                        self._answer_invalid(now)
                    return Reaction.DUPLICATE
                syn, seq, old = False, seq_add(seq, 1), old - 1
            if old > len(payload) or (old == len(payload) > 0 and not fin):
                self._answer_invalid(now)
                if fin and old == len(payload) + 1:
                    if self.state is State.TIME_WAIT:
                        self._start_timer(TimerKind.TIME_WAIT, now, self.profile.time_wait_ms)
                    return Reaction.RETRANSMITTED_FIN
                return Reaction.DUPLICATE
            if old > 0:
                payload, seq = payload[old:], seq_add(seq, old)
        ahead = seq_diff(seq, t.rcv_nxt)
        if ahead >= RCV_WND:
            self._answer_invalid(now)
            return Reaction.OUT_OF_WINDOW
        if len(payload) > RCV_WND - ahead:
            payload, fin = payload[: RCV_WND - ahead], False
        flags = seg.flags & ~(Flags.SYN | Flags.FIN)
        flags |= (Flags.SYN if syn else Flags(0)) | (Flags.FIN if fin else Flags(0))
        trimmed = Segment(seg.src, seg.dst, seq, seg.ack, flags, payload, seg.window)
        if ahead > 0 and (payload or fin):
            if trimmed not in t.held:
                t.held.append(trimmed)
            self._owe_ack(immediate=True)
            return Reaction.OUT_OF_ORDER

        # Fourth: a SYN inside the window of a synchronized connection.
        if syn:
            if self.state is State.SYN_RECEIVED and t.passive:
                self._back_to_listen(now, eff)
                return Reaction.RESET
            self._answer_invalid(now)
            return Reaction.CHALLENGED
        return self._process(trimmed, now, eff)

    def _process(self, seg: Segment, now: int, eff: Effects) -> Reaction:
        """Steps five to eight of §3.10.7.4 for a segment that starts at RCV.NXT."""
        t = self._tcb()
        if Flags.ACK not in seg.flags:
            return Reaction.IGNORED
        if self.state is State.SYN_RECEIVED:
            if seq_diff(seg.ack, t.snd_una) > 0 and seq_diff(seg.ack, t.snd_nxt) <= 0:
                self._enter(State.ESTABLISHED, now, eff)
            else:
                eff.sent.append(Sent(Segment(self.side, seg.src, seg.ack, 0, Flags.RST, window=0)))
                return Reaction.RESET_SENT
        if seq_diff(seg.ack, t.snd_nxt) > 0:
            # It acknowledges something we never sent: say where we are, drop it.
            self._answer_invalid(now)
            return Reaction.IGNORED
        if self.profile.ack_range_check and self.state in _ACK_CHECKED:
            # RFC 5961 §5 as Linux bounds it: min(largest window, bytes acknowledged so far).
            floor = seq_add(t.snd_una, -min(RCV_WND, seq_diff(t.snd_una, t.iss)))
            if seq_diff(seg.ack, floor) < 0:
                self._answer_invalid(now)
                return Reaction.OLD_ACK
        if seq_diff(seg.ack, t.snd_una) > 0:
            self._ack_advance(seg.ack, now)
        if seq_diff(t.snd_wl1, seg.seq) < 0 or (
            t.snd_wl1 == seg.seq and seq_diff(t.snd_wl2, seg.ack) <= 0
        ):
            t.snd_wnd, t.snd_wl1, t.snd_wl2 = seg.window, seg.seq, seg.ack
        if self.state is State.FIN_WAIT_1 and t.fin_acked:
            self._enter(State.FIN_WAIT_2, now, eff)
        elif self.state is State.CLOSING:
            if t.fin_acked:
                self._enter(State.TIME_WAIT, now, eff)
            return Reaction.ACCEPTED
        elif self.state is State.LAST_ACK:
            if t.fin_acked:
                self._enter(State.CLOSED, now, eff)
            return Reaction.ACCEPTED
        elif self.state is State.TIME_WAIT:
            return Reaction.ACCEPTED

        if seg.payload and self.state in _RECEIVING:
            eff.data += seg.payload
            t.rcv_nxt = seq_add(t.rcv_nxt, len(seg.payload))
            if not t.ack_delay_ms and self.profile.delayed_ack_ms:
                # The first data: the delayed-ACK clock starts, quick ACKs with it.
                t.ack_delay_ms, t.quick = self.profile.delayed_ack_ms, self.profile.quick_acks
            quick = t.quick > 0 and not t.pingpong
            t.quick -= quick
            self._owe_ack(immediate=quick, full_segment=len(seg.payload) >= self.mss)
        if Flags.FIN in seg.flags and self.state in _FIN_EXPECTED:
            t.rcv_nxt = seq_add(t.rcv_nxt, 1)
            eff.notices.append(Notice.EOF)
            if self.state in (State.SYN_RECEIVED, State.ESTABLISHED):
                self._enter(State.CLOSE_WAIT, now, eff)
                # Our application still has the word: the ACK may wait for its reply.
                t.pingpong = True
                self._owe_ack(immediate=False)
            elif self.state is State.FIN_WAIT_1:
                self._enter(State.CLOSING, now, eff)
                self._owe_ack(immediate=True)
            elif self.state is State.FIN_WAIT_2:
                self._enter(State.TIME_WAIT, now, eff)
                self._owe_ack(immediate=True)
        return Reaction.ACCEPTED

    def _drain_held(self, now: int, eff: Effects, had_gap: bool) -> None:
        """Process held segments that the last arrival made contiguous."""
        while (t := self.tcb) is not None and t.held and self.state not in _NO_DATA:
            ready = next((s for s in t.held if seq_diff(s.seq, t.rcv_nxt) <= 0), None)
            if ready is None:
                return
            t.held.remove(ready)
            self._recv_other(ready, now, eff)
            if had_gap and self.tcb is not None:
                # RFC 5681 §4.2: a segment that fills a gap is acknowledged at once.
                self._owe_ack(immediate=True)

    def _reset_by_peer(self, now: int, eff: Effects) -> Reaction:
        """§3.10.7.4, second step: an acceptable RST."""
        t = self._tcb()
        if self.state is State.SYN_RECEIVED:
            if t.passive:
                self._back_to_listen(now, eff)
                return Reaction.RESET
            eff.notices.append(Notice.REFUSED)
            self._enter(State.CLOSED, now, eff)
            return Reaction.REFUSED
        if self.state not in (State.CLOSING, State.LAST_ACK, State.TIME_WAIT):
            # MUST-12: the application learns that its connection ended by reset, not by
            # the FIN handshake. In CLOSING, LAST-ACK and TIME-WAIT §3.10.7.4 only closes:
            # the application has already closed its side and is told nothing.
            eff.notices.append(Notice.RESET)
        self._enter(State.CLOSED, now, eff)
        return Reaction.RESET

    # ------------------------------------------------------------------------ helpers

    def _tcb(self) -> Tcb:
        if self.tcb is None:
            raise RuntimeError(f"{self.side} has no TCB in {self.state}")
        return self.tcb

    def _choose_iss(self) -> None:
        t = self._tcb()
        t.iss = t.pinned_iss if t.pinned_iss is not None else self.rng.getrandbits(32)
        t.snd_una = t.iss
        t.snd_nxt = seq_add(t.iss, 1)
        t.buf_seq = seq_add(t.iss, 1)

    def _connect(self, now: int, eff: Effects) -> None:
        t = self._tcb()
        self._choose_iss()
        self._enter(State.SYN_SENT, now, eff)
        self._emit(eff, self._segment(t.iss, Flags.SYN), now)

    def _back_to_listen(self, now: int, eff: Effects) -> None:
        """A passively opened connection forgets its peer and listens again."""
        old = self._tcb()
        self.timers.clear()
        self._enter(State.LISTEN, now, eff)
        self.tcb = Tcb(passive=True, pinned_iss=old.pinned_iss, rto=self.profile.initial_rto_ms)

    def _enter(self, new: State, now: int, eff: Effects) -> None:
        eff.transitions.append((self.state, new))
        self.state = new
        t = self.tcb
        if new is State.CLOSED:
            self.tcb = None
            self.timers.clear()
        elif new is State.TIME_WAIT:
            self.timers.clear()
            self._start_timer(TimerKind.TIME_WAIT, now, self.profile.time_wait_ms)
        elif new is State.ESTABLISHED and t is not None:
            eff.notices.append(Notice.ESTABLISHED)
            if t.syn_retransmitted:
                t.rto = SYN_FALLBACK_RTO_MS
            if t.close_pending:
                t.close_pending, t.fin_queued = False, True
                self._enter(State.FIN_WAIT_1, now, eff)

    def _segment(self, seq: int, flags: Flags, payload: bytes = b"") -> Segment:
        t = self._tcb()
        ack = t.rcv_nxt if Flags.ACK in flags else 0
        return Segment(self.side, self.side.peer, seq, ack, flags, payload, RCV_WND)

    def _emit(self, eff: Effects, seg: Segment, now: int, *, retransmission: bool = False) -> None:
        t = self._tcb()
        eff.sent.append(Sent(seg, retransmission))
        if Flags.ACK in seg.flags:
            t.ack_owed = t.ack_now = False
            t.full_segments_unacked = 0
            self.timers.pop(TimerKind.DELAYED_ACK, None)
        if seg.seg_len:
            if retransmission:
                t.probe = None  # Karn: an ACK could be for either copy.
            elif t.probe is None:
                t.probe = (seq_add(seg.seq, seg.seg_len), now)
            if TimerKind.RETRANSMIT not in self.timers:
                self._start_timer(TimerKind.RETRANSMIT, now, t.rto)

    def _start_timer(self, kind: TimerKind, now: int, ms: int) -> None:
        self._generation += 1
        self.timers[kind] = Timer(now + ms, self._generation)

    def _owe_ack(self, *, immediate: bool, full_segment: bool = False) -> None:
        t = self._tcb()
        t.ack_owed = True
        t.full_segments_unacked += full_segment
        if immediate or self.profile.delayed_ack_ms is None or t.full_segments_unacked >= 2:
            t.ack_now = True

    def _invalid_answer_allowed(self, now: int) -> bool:
        """At most one answer to invalid segments per interval (RFC 5961 §7)."""
        t = self._tcb()
        interval = self.profile.invalid_ack_interval_ms
        if t.last_invalid_ack is None or now - t.last_invalid_ack >= interval:
            t.last_invalid_ack = now
            return True
        return False

    def _answer_invalid(self, now: int) -> None:
        """Answer an invalid segment with an ACK of where we are, rate-limited."""
        if self._invalid_answer_allowed(now):
            self._owe_ack(immediate=True)

    def _flush(self, now: int, eff: Effects) -> None:
        """Send what may go now: new data, then our FIN, else an ACK that is due."""
        t = self.tcb
        if t is None:
            return
        if self.state in SYNCHRONIZED:
            self._push(now, eff)
        if t.ack_owed and self.state not in (State.LISTEN, State.SYN_SENT):
            if t.ack_now:
                self._emit(eff, self._segment(t.snd_nxt, Flags.ACK), now)
            elif TimerKind.DELAYED_ACK not in self.timers and self.profile.delayed_ack_ms:
                first = self.profile.first_delayed_ack_ms or self.profile.delayed_ack_ms
                self._start_timer(TimerKind.DELAYED_ACK, now, t.ack_delay_ms or first)
        t.ack_now = False

    def _push(self, now: int, eff: Effects) -> None:
        t = self._tcb()
        while (unsent := len(t.send_buf) - t.data_in_flight) > 0:
            room = t.snd_wnd - seq_diff(t.snd_nxt, t.snd_una)
            if room <= 0:
                return
            n = min(self.mss, unsent, room)
            start = t.data_in_flight
            payload = bytes(t.send_buf[start : start + n])
            self._emit(eff, self._segment(t.snd_nxt, Flags.ACK, payload), now)
            t.snd_nxt = seq_add(t.snd_nxt, n)
            t.segment_ends.append(t.snd_nxt)
        if t.fin_queued and not t.fin_sent:
            self._emit(eff, self._segment(t.snd_nxt, Flags.FIN | Flags.ACK), now)
            t.snd_nxt = seq_add(t.snd_nxt, 1)
            t.fin_sent = True

    def _retransmit(self, now: int, eff: Effects) -> None:
        t = self._tcb()
        if t.snd_una == t.iss:
            t.syn_retransmitted = True
            flags = Flags.SYN if self.state is State.SYN_SENT else Flags.SYN | Flags.ACK
            self._emit(eff, self._segment(t.iss, flags), now, retransmission=True)
            return
        in_flight = t.data_in_flight
        first_end = next((e for e in t.segment_ends if seq_diff(e, t.snd_una) > 0), t.snd_nxt)
        n = min(self.mss, in_flight, seq_diff(first_end, t.snd_una))
        flags = Flags.ACK | (Flags.FIN if t.fin_sent and n == in_flight else Flags(0))
        seg = self._segment(t.snd_una, flags, bytes(t.send_buf[:n]))
        self._emit(eff, seg, now, retransmission=True)

    def _ack_advance(self, ack: int, now: int) -> None:
        """SND.UNA < SEG.ACK =< SND.NXT: something new is acknowledged (RFC 6298 (5.2)-(5.3))."""
        t = self._tcb()
        if t.fin_sent and seq_diff(ack, t.fin_seq) > 0:
            t.fin_acked = True
        acked_data = min(len(t.send_buf), max(0, seq_diff(ack, t.buf_seq)))
        del t.send_buf[:acked_data]
        t.buf_seq = seq_add(t.buf_seq, acked_data)
        t.segment_ends = [e for e in t.segment_ends if seq_diff(e, ack) > 0]
        t.snd_una = ack
        t.retries = 0
        if t.probe is not None and seq_diff(ack, t.probe[0]) >= 0:
            self._rtt_sample(now - t.probe[1])
            t.probe = None
        if t.snd_una == t.snd_nxt:
            self.timers.pop(TimerKind.RETRANSMIT, None)
        else:
            self._start_timer(TimerKind.RETRANSMIT, now, t.rto)

    def _rtt_sample(self, r: int) -> None:
        """RFC 6298 (2.2)-(2.3), with clock granularity G = 1 ms."""
        t = self._tcb()
        if t.srtt is None:
            t.srtt, t.rttvar = float(r), r / 2
        else:
            t.rttvar = 0.75 * t.rttvar + 0.25 * abs(t.srtt - r)
            t.srtt = 0.875 * t.srtt + 0.125 * r
        rto = math.ceil(t.srtt + max(1.0, 4 * t.rttvar))
        t.rto = min(max(rto, self.profile.min_rto_ms), self.profile.max_rto_ms)


_SEND_OK = frozenset(
    {State.LISTEN, State.SYN_SENT, State.SYN_RECEIVED, State.ESTABLISHED, State.CLOSE_WAIT}
)
_RST_ON_ABORT = frozenset(
    {
        State.SYN_RECEIVED,
        State.ESTABLISHED,
        State.FIN_WAIT_1,
        State.FIN_WAIT_2,
        State.CLOSE_WAIT,
    }
)
_ACK_CHECKED = frozenset(
    {
        State.ESTABLISHED,
        State.FIN_WAIT_1,
        State.FIN_WAIT_2,
        State.CLOSE_WAIT,
        State.CLOSING,
        State.LAST_ACK,
    }
)
_RECEIVING = frozenset({State.ESTABLISHED, State.FIN_WAIT_1, State.FIN_WAIT_2})
_FIN_EXPECTED = _RECEIVING | {State.SYN_RECEIVED}
_NO_DATA = frozenset({State.CLOSED, State.LISTEN, State.SYN_SENT})
