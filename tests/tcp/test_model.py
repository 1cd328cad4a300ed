"""The simulator's nouns: state names, flags, and the RFC transition table."""

from __future__ import annotations

import pytest

from quizapp.tcp.model import LEGAL_TRANSITIONS, Flags, State

_SYNCHRONIZED_OR_SYN_RECEIVED = [
    "SYN_RECEIVED",
    "ESTABLISHED",
    "FIN_WAIT_1",
    "FIN_WAIT_2",
    "CLOSE_WAIT",
    "CLOSING",
    "LAST_ACK",
    "TIME_WAIT",
]
FIGURE_5 = {
    ("CLOSED", "LISTEN"),  # passive OPEN
    ("CLOSED", "SYN_SENT"),  # active OPEN, snd SYN
    ("LISTEN", "CLOSED"),  # CLOSE
    ("LISTEN", "SYN_RECEIVED"),  # rcv SYN, snd SYN,ACK
    ("LISTEN", "SYN_SENT"),  # SEND, snd SYN
    ("SYN_SENT", "CLOSED"),  # CLOSE
    ("SYN_SENT", "SYN_RECEIVED"),  # rcv SYN, snd ACK
    ("SYN_SENT", "ESTABLISHED"),  # rcv SYN,ACK, snd ACK
    ("SYN_RECEIVED", "ESTABLISHED"),  # rcv ACK of SYN
    ("SYN_RECEIVED", "FIN_WAIT_1"),  # CLOSE, snd FIN
    ("SYN_RECEIVED", "LISTEN"),  # rcv RST (note 1)
    ("ESTABLISHED", "FIN_WAIT_1"),  # CLOSE, snd FIN
    ("ESTABLISHED", "CLOSE_WAIT"),  # rcv FIN, snd ACK
    ("FIN_WAIT_1", "FIN_WAIT_2"),  # rcv ACK of FIN
    ("FIN_WAIT_1", "CLOSING"),  # rcv FIN, snd ACK
    ("FIN_WAIT_1", "TIME_WAIT"),  # note 2
    ("FIN_WAIT_2", "TIME_WAIT"),  # rcv FIN, snd ACK
    ("CLOSE_WAIT", "LAST_ACK"),  # CLOSE, snd FIN
    ("CLOSING", "TIME_WAIT"),  # rcv ACK of FIN
    ("LAST_ACK", "CLOSED"),  # rcv ACK of FIN
    ("TIME_WAIT", "CLOSED"),  # timeout = 2MSL
}
# Note 3, §3.10.4-5 and §3.10.7: RST, ABORT and the retry limit close any connection.
RESET_EDGES = {(s, "CLOSED") for s in _SYNCHRONIZED_OR_SYN_RECEIVED}


def test_transition_table_is_figure_5_plus_reset_edges() -> None:
    """RFC 9293 §3.3.2 Figure 5 with its notes 1-3, written out here independently."""
    table = {(a.value, b.value) for a, b in LEGAL_TRANSITIONS}
    assert table == FIGURE_5 | RESET_EDGES


def test_all_eleven_states_with_rfc_names() -> None:
    assert [s.value for s in State] == [
        "CLOSED",
        "LISTEN",
        "SYN_SENT",
        "SYN_RECEIVED",
        "ESTABLISHED",
        "FIN_WAIT_1",
        "FIN_WAIT_2",
        "CLOSE_WAIT",
        "CLOSING",
        "LAST_ACK",
        "TIME_WAIT",
    ]


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("FIN-WAIT-1", State.FIN_WAIT_1),
        ("fin_wait_2", State.FIN_WAIT_2),
        ("time wait", State.TIME_WAIT),
        ("SYN-RCVD", State.SYN_RECEIVED),
        ("Close_Wait", State.CLOSE_WAIT),
        ("WAITING", None),
    ],
)
def test_state_spellings(text: str, state: State | None) -> None:
    assert State.parse(text) is state


def test_flag_spellings_and_orders() -> None:
    both = Flags.SYN | Flags.ACK
    assert Flags.parse("syn/ack") == Flags.parse("SYN+ACK") == both
    assert Flags.parse("SYN+PSH") is None
    assert both.label == "SYN+ACK" and (Flags.FIN | Flags.ACK).label == "FIN+ACK"
    assert both.names == ["ACK", "SYN"]
