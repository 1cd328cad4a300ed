"""Stack profiles: the timing and ACK habits that differ between the RFC and Linux."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Profile:
    """How an endpoint times things. Both endpoints of a run share one profile."""

    name: str
    msl_ms: int
    """Maximum segment lifetime: the network never delivers a segment older than this."""
    time_wait_ms: int
    """How long TIME_WAIT lasts: 2×MSL (RFC 9293 §3.6.1). 0 turns the protection off."""
    delayed_ack_ms: int | None
    """None: every ACK leaves at once. Otherwise an ACK for in-order data or for a FIN
    that moves us to CLOSE_WAIT waits up to this long so it can ride on our next segment
    (RFC 9293 §3.8.6.3); a second full-sized segment, a gap, a duplicate or a FIN that
    ends our side is still answered at once."""
    min_rto_ms: int
    """RFC 6298 (2.4) rounds a computed RTO up to 1 s; Linux uses 200 ms."""
    max_rto_ms: int
    """RFC 6298 (2.5) allows an upper bound of at least 60 s on the backed-off RTO."""
    syn_retries: int
    """Retransmissions of a SYN or SYN+ACK before the connection is given up."""
    retries: int
    """Retransmissions of any other segment before the connection is given up (RFC 1122 R2)."""
    synack_retries: int | None = None
    """Retransmissions of a passive open's SYN+ACK; None: the same as `syn_retries`."""
    passive_retry_limit_listens: bool = False
    """A passive open that gives up returns to LISTEN (Linux drops the request, keeps the
    listener) instead of closing."""
    dup_syn_resends_syn_ack: bool = False
    """A retransmitted SYN reaching SYN_RECEIVED is answered with the SYN+ACK again (Linux's
    tcp_check_req) rather than the RFC's ACK for an unacceptable segment."""
    quick_acks: int = 0
    """ACKs sent at once for the first data segments of a connection before delaying
    starts (Linux's quick-ACK mode, TCP_MAX_QUICKACKS = 16); a FIN ends it."""
    first_delayed_ack_ms: int | None = None
    """How long an ACK waits before any data has arrived on the connection (Linux: its ACK
    timeout starts at 0, so the ACK of a bare FIN leaves on the next clock tick, 4 ms at
    HZ=250); None: `delayed_ack_ms`."""
    ack_range_check: bool = False
    """RFC 5961 §5: drop a segment whose ACK is older than SND.UNA minus the largest window
    (Linux bounds it by the bytes acknowledged so far), answering with a challenge ACK."""
    note: str = ""
    """What the profile does not do, said in the header: `no delayed ACK`."""
    initial_rto_ms: int = 1000
    """RFC 6298 (2.1): 1 s until the first round-trip measurement."""
    invalid_ack_interval_ms: int = 500
    """At most one ACK per this interval in answer to invalid segments (old, out of window,
    acknowledging unsent data, challenged RST/SYN): RFC 5961 §7's ACK throttling, Linux's
    tcp_invalid_ratelimit. Without it two ends that disagree answer each other forever."""


PROFILES: dict[str, Profile] = {
    # RFC 9293 §3.4.2 takes MSL to be 2 minutes, so TIME_WAIT is 240 s, and every ACK is
    # sent as the RFC's processing steps say: at once. §3.8.6.3 says a TCP SHOULD delay
    # ACKs (by less than 0.5 s); this profile does not, and says so in its note (the
    # three-segment close turns a 200 ms delayed ACK on for its run). The retry counts give
    # RFC 1122's R2 of at least 100 s for data and 3 minutes for a SYN with a 60 s RTO
    # ceiling. RFC 5961 §5's ACK check is a MAY (MAY-12) and is left out.
    "rfc": Profile(
        name="rfc",
        msl_ms=120_000,
        time_wait_ms=240_000,
        delayed_ack_ms=None,
        min_rto_ms=1000,
        max_rto_ms=60_000,
        syn_retries=8,
        retries=7,
        note="no delayed ACK",
    ),
    # Linux: TCP_TIMEWAIT_LEN 60 s (Linux names no MSL; 60 s is read as 2×MSL),
    # TCP_DELACK_MIN 40 ms (entering CLOSE_WAIT switches to delayed ACKs, which is why a
    # prompt close() sends FIN+ACK: the three-segment close),
    # TCP_RTO_MIN 200 ms, TCP_RTO_MAX 120 s, tcp_syn_retries 6, tcp_synack_retries 5,
    # tcp_retries2 15. The first data segments are ACKed at once (quick-ACK mode); a FIN
    # switches to delayed ACKs. A duplicate SYN in SYN_RECV gets the SYN+ACK again, a
    # request that runs out of SYN+ACK retries is dropped while the listener stays, and an
    # ACK below SND.UNA minus the bytes acknowledged so far is challenged (RFC 5961 §5).
    "linux": Profile(
        name="linux",
        msl_ms=30_000,
        time_wait_ms=60_000,
        delayed_ack_ms=40,
        min_rto_ms=200,
        max_rto_ms=120_000,
        syn_retries=6,
        retries=15,
        synack_retries=5,
        passive_retry_limit_listens=True,
        dup_syn_resends_syn_ack=True,
        quick_acks=16,
        first_delayed_ack_ms=4,
        ack_range_check=True,
    ),
}
