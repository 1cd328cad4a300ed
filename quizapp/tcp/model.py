"""The nouns of the TCP simulator: sides, states, flags, segments and RFC transitions."""

from __future__ import annotations

import enum
from dataclasses import dataclass

SEQ_MOD = 1 << 32
"""Sequence numbers live in a 32-bit circle (RFC 9293 §3.4)."""


def seq_add(a: int, n: int) -> int:
    """`a + n` in sequence space."""
    return (a + n) % SEQ_MOD


def seq_diff(a: int, b: int) -> int:
    """Signed distance `a - b` in sequence space, in (-2**31, 2**31]."""
    d = (a - b) % SEQ_MOD
    return d - SEQ_MOD if d > SEQ_MOD // 2 else d


class Side(enum.StrEnum):
    """One of the two endpoints. The client is drawn on the left, the server on the right."""

    CLIENT = "client"
    SERVER = "server"

    @property
    def peer(self) -> Side:
        return Side.SERVER if self is Side.CLIENT else Side.CLIENT

    @property
    def korean(self) -> str:
        """The side's name in Korean: 클라이언트, 서버."""
        return "클라이언트" if self is Side.CLIENT else "서버"


class State(enum.StrEnum):
    """The eleven connection states of RFC 9293 §3.3.2, spelled with underscores."""

    CLOSED = "CLOSED"
    LISTEN = "LISTEN"
    SYN_SENT = "SYN_SENT"
    SYN_RECEIVED = "SYN_RECEIVED"
    ESTABLISHED = "ESTABLISHED"
    FIN_WAIT_1 = "FIN_WAIT_1"
    FIN_WAIT_2 = "FIN_WAIT_2"
    CLOSE_WAIT = "CLOSE_WAIT"
    CLOSING = "CLOSING"
    LAST_ACK = "LAST_ACK"
    TIME_WAIT = "TIME_WAIT"

    @classmethod
    def parse(cls, text: str) -> State | None:
        """The state meant by `FIN-WAIT-1`, `fin_wait_1`, `SYN-RCVD`, …; None if none."""
        key = text.strip().upper().replace("-", "_").replace(" ", "_")
        key = {"SYN_RCVD": "SYN_RECEIVED", "ESTAB": "ESTABLISHED"}.get(key, key)
        try:
            return cls(key)
        except ValueError:
            return None


SYNCHRONIZED = frozenset(
    {
        State.ESTABLISHED,
        State.FIN_WAIT_1,
        State.FIN_WAIT_2,
        State.CLOSE_WAIT,
        State.CLOSING,
        State.LAST_ACK,
        State.TIME_WAIT,
    }
)
"""States in which both sequence spaces are known (RFC 9293 §3.5)."""


class Flags(enum.Flag):
    """The control bits the simulator uses (URG and PSH play no part in connection flow)."""

    SYN = enum.auto()
    FIN = enum.auto()
    RST = enum.auto()
    ACK = enum.auto()

    @property
    def label(self) -> str:
        """`SYN+ACK`, `FIN+ACK`, `RST`: ACK last, the way notes write them."""
        return "+".join(f.name for f in Flags if f in self and f.name) or "-"

    @property
    def names(self) -> list[str]:
        """Sorted upper-case names, the JSON spelling: `["ACK", "SYN"]`."""
        return sorted(f.name for f in Flags if f in self and f.name)

    @classmethod
    def parse(cls, text: str) -> Flags | None:
        """`SYN+ACK`, `syn/ack`, `FIN` → flags; None if a part is not a flag name."""
        result = cls(0)
        for part in text.replace("/", "+").replace(",", "+").split("+"):
            name = part.strip().upper()
            if name not in cls.__members__:
                return None
            result |= cls[name]
        return result or None


@dataclass(frozen=True, slots=True)
class Segment:
    """A TCP segment as far as connection flow is concerned: control bits, numbers, payload."""

    src: Side
    dst: Side
    seq: int
    ack: int
    """Meaningful only when `Flags.ACK` is set; 0 otherwise."""
    flags: Flags
    payload: bytes = b""
    window: int = 65535

    @property
    def seg_len(self) -> int:
        """SEG.LEN: payload octets plus one for SYN and one for FIN (RFC 9293 §3.4)."""
        return len(self.payload) + (Flags.SYN in self.flags) + (Flags.FIN in self.flags)

    @property
    def label(self) -> str:
        """Flags as notes write them; a bare ACK carrying data reads `DATA`."""
        if self.payload and self.flags == Flags.ACK:
            return "DATA"
        return self.flags.label


class Event(enum.StrEnum):
    """What a trace step records."""

    SEGMENT = "segment"
    """A segment crossing the network: delivered (and processed) or lost."""
    TIMER = "timer"
    """A timer of one endpoint expiring: retransmission, TIME_WAIT, retry limit."""
    CALL = "call"
    """A user call: OPEN, SEND, CLOSE, ABORT."""


class TimerKind(enum.StrEnum):
    RETRANSMIT = "retransmit"
    """RFC 6298 retransmission timer."""
    TIME_WAIT = "time-wait"
    """2×MSL in TIME_WAIT (RFC 9293 §3.6.1)."""
    DELAYED_ACK = "delayed-ack"
    """An ACK held back so that it can ride on the next segment (RFC 9293 §3.8.6.3)."""
    RETRY_LIMIT = "retry-limit"
    """Not a separate clock: the retransmission timer expiring once too often (RFC 1122 R2)."""


class Notice(enum.StrEnum):
    """What the endpoint tells its application (the RFC's user signals)."""

    ESTABLISHED = "established"
    EOF = "connection closing"
    """The peer sent FIN: nothing more will arrive."""
    RESET = "connection reset"
    REFUSED = "connection refused"
    TIMED_OUT = "connection aborted: retransmission limit"
    ERR_EXISTS = "error: connection already exists"
    ERR_NO_CONNECTION = "error: connection does not exist"
    ERR_CLOSING = "error: connection closing"


class Reaction(enum.StrEnum):
    """What the receiver did with an arriving segment, for narration and questions."""

    ACCEPTED = "accepted"
    OUT_OF_ORDER = "out-of-order"
    """Beyond RCV.NXT: held for later, ACK of what is expected sent at once."""
    DUPLICATE = "duplicate"
    """Entirely old sequence numbers: acknowledged and dropped."""
    OUT_OF_WINDOW = "out-of-window"
    """Starts beyond the receive window: acknowledged and dropped."""
    RETRANSMITTED_FIN = "retransmitted-fin"
    """The peer's FIN again: acknowledged again (in TIME_WAIT, 2×MSL restarts)."""
    CHALLENGED = "challenge-ack"
    """RFC 5961: an in-window RST or SYN that might be forged is answered with an ACK."""
    OLD_ACK = "old-ack"
    """RFC 5961 §5: its ACK lies further behind SND.UNA than the window allows; dropped and
    answered with a challenge ACK (linux profile)."""
    RESET = "reset"
    """An acceptable RST ended the connection."""
    REFUSED = "refused"
    """An RST answered our SYN."""
    RESET_SENT = "reset-sent"
    """No connection or a bad ACK: answered with RST."""
    IGNORED = "ignored"


@dataclass(frozen=True, slots=True)
class Edge:
    src: State
    dst: State
    event: str


TRANSITIONS: tuple[Edge, ...] = (
    # RFC 9293 §3.3.2 Figure 5.
    Edge(State.CLOSED, State.LISTEN, "passive OPEN"),
    Edge(State.CLOSED, State.SYN_SENT, "active OPEN / snd SYN"),
    Edge(State.LISTEN, State.CLOSED, "CLOSE / ABORT"),
    Edge(State.LISTEN, State.SYN_RECEIVED, "rcv SYN / snd SYN,ACK"),
    Edge(State.LISTEN, State.SYN_SENT, "SEND / snd SYN"),
    Edge(State.SYN_SENT, State.CLOSED, "CLOSE / rcv RST / retry limit"),
    Edge(State.SYN_SENT, State.SYN_RECEIVED, "rcv SYN / snd SYN,ACK"),
    Edge(State.SYN_SENT, State.ESTABLISHED, "rcv SYN,ACK / snd ACK"),
    Edge(State.SYN_RECEIVED, State.ESTABLISHED, "rcv ACK of SYN"),
    Edge(State.SYN_RECEIVED, State.FIN_WAIT_1, "CLOSE / snd FIN"),
    Edge(State.ESTABLISHED, State.FIN_WAIT_1, "CLOSE / snd FIN"),
    Edge(State.ESTABLISHED, State.CLOSE_WAIT, "rcv FIN / snd ACK"),
    Edge(State.FIN_WAIT_1, State.FIN_WAIT_2, "rcv ACK of FIN"),
    Edge(State.FIN_WAIT_1, State.CLOSING, "rcv FIN / snd ACK"),
    Edge(State.FIN_WAIT_1, State.TIME_WAIT, "rcv FIN and ACK of FIN (note 2)"),
    Edge(State.FIN_WAIT_2, State.TIME_WAIT, "rcv FIN / snd ACK"),
    Edge(State.CLOSE_WAIT, State.LAST_ACK, "CLOSE / snd FIN"),
    Edge(State.CLOSING, State.TIME_WAIT, "rcv ACK of FIN"),
    Edge(State.LAST_ACK, State.CLOSED, "rcv ACK of FIN"),
    Edge(State.TIME_WAIT, State.CLOSED, "timeout 2MSL"),
    # Note 1 and §3.10.7.4: a passively opened SYN-RECEIVED returns to LISTEN on RST.
    Edge(State.SYN_RECEIVED, State.LISTEN, "rcv RST (from passive OPEN)"),
    # Note 3, §3.10.4-5, §3.10.7 and §3.8.3: RST, ABORT and the retry limit end any
    # connection that exists.
    *(
        Edge(s, State.CLOSED, "rcv RST / ABORT / retry limit")
        for s in (
            State.SYN_RECEIVED,
            State.ESTABLISHED,
            State.FIN_WAIT_1,
            State.FIN_WAIT_2,
            State.CLOSE_WAIT,
            State.CLOSING,
            State.LAST_ACK,
            State.TIME_WAIT,
        )
    ),
)
"""Every state change an endpoint may make, as data (used by tests and by `quizapp check`)."""

LEGAL_TRANSITIONS: frozenset[tuple[State, State]] = frozenset((e.src, e.dst) for e in TRANSITIONS)
