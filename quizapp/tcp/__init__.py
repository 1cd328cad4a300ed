"""TCP connection simulator: RFC 9293 endpoints, a faulty network, scenarios and traces.

Pure domain code: no Textual, no sleeping, no wall clock — time is simulated in integer
milliseconds and everything random comes from a seed.

- `model`: the nouns (`Side`, `State`, `Flags`, `Segment`) and RFC 9293 Figure 5 as data.
- `endpoint`: one `Endpoint`, the connection state machine (OPEN, SEND, CLOSE, ABORT,
  segment arrival, RFC 6298 retransmission, delayed ACK, TIME_WAIT).
- `network`: delay, loss, duplication and reordering, by `Faults` or by rules: by number
  (`Drop`, `Delay`), by meaning (`Lose`/`Hold` of a `Pick`), or `HoldPastFin`.
- `app`: what each side's application does, as a program of calls and triggers.
- `sim`: `simulate()` runs both endpoints over the network into a `Trace`.
- `scenarios`: the named scenarios (`SCENARIOS`, `run_scenario()`), narrated in ko/en,
  each with its lesson as `claims` checked against every run (`Trace.claims`).
- `claims`: `Claim` and the trace vocabulary the claims are written in.
- `query`: questions about a trace, as helpers and as a small query language.
- `render`: `trace_to_json()` and the text sequence diagram `render_text()`.
- `cli`: `sim_command()`, the body of `quizapp sim`.
"""

from quizapp.tcp.app import (
    Action,
    Call,
    CallName,
    Program,
    Trigger,
    When,
    abort,
    after,
    close,
    on_closed,
    on_eof,
    on_established,
    on_received,
    open_active,
    open_passive,
    send,
)
from quizapp.tcp.claims import Claim
from quizapp.tcp.endpoint import Effects, Endpoint
from quizapp.tcp.model import (
    LEGAL_TRANSITIONS,
    TRANSITIONS,
    Event,
    Flags,
    Notice,
    Reaction,
    Segment,
    Side,
    State,
    TimerKind,
)
from quizapp.tcp.network import (
    Delay,
    Drop,
    Faults,
    Hold,
    HoldPastFin,
    Lose,
    Network,
    Pick,
    Rule,
)
from quizapp.tcp.profile import PROFILES, Profile
from quizapp.tcp.query import (
    Answer,
    Query,
    QueryError,
    evaluate,
    first_step_in_state,
    next_segment_after,
    parse_query,
    received,
    segments_sent_while,
    sent,
    state_after,
    state_path,
    time_in_state,
)
from quizapp.tcp.render import render_text, trace_to_json
from quizapp.tcp.scenarios import SCENARIOS, Scenario, run_scenario
from quizapp.tcp.sim import simulate
from quizapp.tcp.trace import (
    Cause,
    ClaimResult,
    FaultReport,
    Narration,
    States,
    Step,
    Trace,
)

__all__ = [
    "LEGAL_TRANSITIONS",
    "PROFILES",
    "SCENARIOS",
    "TRANSITIONS",
    "Action",
    "Answer",
    "Call",
    "CallName",
    "Cause",
    "Claim",
    "ClaimResult",
    "Delay",
    "Drop",
    "Effects",
    "Endpoint",
    "Event",
    "FaultReport",
    "Faults",
    "Flags",
    "Hold",
    "HoldPastFin",
    "Lose",
    "Narration",
    "Network",
    "Notice",
    "Pick",
    "Profile",
    "Program",
    "Query",
    "QueryError",
    "Reaction",
    "Rule",
    "Scenario",
    "Segment",
    "Side",
    "State",
    "States",
    "Step",
    "TimerKind",
    "Trace",
    "Trigger",
    "When",
    "abort",
    "after",
    "close",
    "evaluate",
    "first_step_in_state",
    "next_segment_after",
    "on_closed",
    "on_eof",
    "on_established",
    "on_received",
    "open_active",
    "open_passive",
    "parse_query",
    "received",
    "render_text",
    "run_scenario",
    "segments_sent_while",
    "send",
    "sent",
    "simulate",
    "state_after",
    "state_path",
    "time_in_state",
    "trace_to_json",
]
