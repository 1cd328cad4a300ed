"""Questions about a trace, as Python helpers and as one-line queries a note author writes.

A flow question in a note names a scenario and a query; the quiz computes the expected
answer by running the scenario and evaluating the query, so a note never states an answer
the simulator could contradict. `parse_query` turns the text into a `Query` or returns a
`QueryError` (for `quizapp check` to report); `evaluate` returns an `Answer` — the value
and the step numbers that prove it — or a `QueryError` when the trace has no such thing.

Grammar (tokens are separated by spaces; keywords, sides, states and flags ignore case)::

    query      = state | first-step | segments | next-segment | states | time-in
    state      = "state" SIDE ( "after" "step" N          state of SIDE after step N
                              | "after-recv" FLAGS [NTH]  … after it receives such a segment
                              | "after-send" FLAGS [NTH]  … as it sends such a segment
                              | "at-end" )                … when the run is over
    first-step = "first-step" SIDE STATE                  first step after which SIDE is STATE
    segments   = "segments" SIDE "in" STATE               what SIDE sent while in STATE
    next-segment = "next-segment" "after" "step" N        the next segment after step N
    states     = "states" SIDE                            the states SIDE passes through
    time-in    = "time-in" SIDE STATE                     ms from entering STATE to leaving it
    SIDE  = "client" | "server"
    STATE = an RFC 9293 state in any usual spelling: TIME_WAIT, time-wait, SYN-RCVD
    FLAGS = flag names joined by "+": FIN, SYN+ACK, rst  (a segment carrying at least these)
    NTH   = "#" N, which of them (1-based, default #1)
    N     = a non-negative integer; step 0 is the start, before anything happened

Examples, with their answers in `four-way-close` under the `rfc` profile::

    state server after-recv FIN      → CLOSE_WAIT (step 7)
    state client after step 6        → FIN_WAIT_1
    first-step client TIME_WAIT      → 10
    segments server in CLOSE_WAIT    → ACK
    next-segment after step 7        → ACK
    states client                    → CLOSED, SYN_SENT, ESTABLISHED, FIN_WAIT_1, …
    time-in client TIME_WAIT         → 240000

"After" a step means once the step is over: for an arriving segment, once the receiver
has dealt with it. A segment is sent "in" the state its sender is in as it leaves, after
whatever made it leave (the ACK of a FIN leaves in CLOSE_WAIT; a FIN leaves in FIN_WAIT_1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from quizapp.tcp.model import Event, Flags, Side, State
from quizapp.tcp.trace import Step, Trace

# ------------------------------------------------------------------------ Python helpers


def state_after(trace: Trace, side: Side, step: int) -> State:
    """`side`'s state once step `step` is over; step 0 is the start (CLOSED)."""
    return trace.step(step).states[side] if step else State.CLOSED


def first_step_in_state(trace: Trace, side: Side, state: State) -> Step | None:
    """The first step after which `side` is in `state`."""
    return next((s for s in trace.steps if s.states[side] is state), None)


def segments_sent_while(trace: Trace, side: Side, state: State) -> tuple[Step, ...]:
    """Segments `side` sent while in `state`, in send order, one step per segment."""
    return _unique(s for s in trace.steps if s.side is side and s.sender_state is state)


def received(trace: Trace, side: Side, flags: Flags, nth: int = 1) -> Step | None:
    """The `nth` segment delivered to `side` that carries all of `flags`."""
    hits = [s for s in trace.steps if s.to is side and s.delivered and flags in s.flags]
    return hits[nth - 1] if len(hits) >= nth else None


def sent(trace: Trace, side: Side, flags: Flags, nth: int = 1) -> Step | None:
    """The `nth` segment `side` sent that carries all of `flags` (delivered or not)."""
    hits = _unique(s for s in trace.steps if s.side is side and s.segment and flags in s.flags)
    return hits[nth - 1] if len(hits) >= nth else None


def next_segment_after(trace: Trace, step: int) -> Step | None:
    """The first segment step after step `step`."""
    return next((s for s in trace.steps[step:] if s.event is Event.SEGMENT), None)


def state_path(trace: Trace, side: Side) -> tuple[tuple[State, int | None], ...]:
    """The states `side` passes through, each with the step that entered it (None: start)."""
    path: list[tuple[State, int | None]] = [(State.CLOSED, None)]
    for s in trace.steps:
        for who, _, dst in s.transitions:
            if who is side:
                path.append((dst, s.n))
    return tuple(path)


def time_in_state(trace: Trace, side: Side, state: State) -> tuple[int, int, int] | None:
    """(ms, entering step, leaving step) for `side`'s first stay in `state`; None if it
    never enters it or never leaves it."""
    path = state_path(trace, side)
    for i, (st, entered) in enumerate(path):
        if st is state and entered is not None and i + 1 < len(path):
            left = path[i + 1][1]
            assert left is not None
            return trace.step(left).t_ms - trace.step(entered).t_ms, entered, left
    return None


def _unique(steps: Iterable[Step]) -> tuple[Step, ...]:
    """One step per segment number: duplicate copies made by the network count once."""
    seen: set[int | None] = set()
    out = []
    for s in steps:
        if s.segment_no not in seen:
            seen.add(s.segment_no)
            out.append(s)
    return tuple(out)


# ------------------------------------------------------------------------------ queries


@dataclass(frozen=True, slots=True)
class QueryError:
    """Why a query could not be parsed or answered. `column` points into the query text."""

    query: str
    message: str
    column: int | None = None

    def __str__(self) -> str:
        where = f" (at column {self.column + 1})" if self.column is not None else ""
        return f"{self.message}{where}: {self.query!r}"


@dataclass(frozen=True, slots=True)
class StateAt:
    side: Side
    step: int | None
    """None: at the end of the run."""


@dataclass(frozen=True, slots=True)
class StateAround:
    side: Side
    flags: Flags
    nth: int
    sending: bool
    """True: as `side` sends the segment; False: after it receives one."""


@dataclass(frozen=True, slots=True)
class FirstStep:
    side: Side
    state: State


@dataclass(frozen=True, slots=True)
class SegmentsIn:
    side: Side
    state: State


@dataclass(frozen=True, slots=True)
class NextSegment:
    step: int


@dataclass(frozen=True, slots=True)
class StatePath:
    side: Side


@dataclass(frozen=True, slots=True)
class TimeIn:
    side: Side
    state: State


Query = StateAt | StateAround | FirstStep | SegmentsIn | NextSegment | StatePath | TimeIn


@dataclass(frozen=True, slots=True)
class Answer:
    value: State | int | str | tuple[str, ...]
    steps: tuple[int, ...]
    """The steps that show the answer (to highlight in the diagram)."""

    @property
    def text(self) -> str:
        if isinstance(self.value, tuple):
            return ", ".join(self.value)
        return str(self.value)


class _Tokens:
    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[tuple[str, int]] = []
        col = 0
        for word in text.split():
            col = text.index(word, col)
            self.items.append((word, col))
            col += len(word)
        self.pos = 0

    def error(self, message: str) -> QueryError:
        col = self.items[self.pos][1] if self.pos < len(self.items) else len(self.text)
        return QueryError(self.text, message, col)

    def take(self) -> str | None:
        if self.pos >= len(self.items):
            return None
        self.pos += 1
        return self.items[self.pos - 1][0]

    def peek(self) -> str | None:
        return self.items[self.pos][0] if self.pos < len(self.items) else None


class _Bad(Exception):
    def __init__(self, error: QueryError) -> None:
        self.error = error


def parse_query(text: str) -> Query | QueryError:
    """Parse a query of the grammar in this module's docstring."""
    toks = _Tokens(text)
    try:
        query = _parse(toks)
        if toks.peek() is not None:
            raise _Bad(toks.error(f"unexpected {toks.peek()!r} after a complete query"))
        return query
    except _Bad as bad:
        return bad.error


def _parse(t: _Tokens) -> Query:
    head = (t.take() or "").lower()
    if head == "state":
        side = _side(t)
        word = (t.peek() or "").lower()
        if word == "after":
            t.take()
            _keyword(t, "step")
            return StateAt(side, _number(t))
        if word == "at-end":
            t.take()
            return StateAt(side, None)
        if word in ("after-recv", "after-send"):
            t.take()
            flags = _flags(t)
            nth = 1
            if (t.peek() or "").startswith("#"):
                nth = _number(t, prefix="#", minimum=1)
            return StateAround(side, flags, nth, sending=word == "after-send")
        raise _Bad(
            t.error("expected 'after step N', 'after-recv FLAGS', 'after-send FLAGS' or 'at-end'")
        )
    if head == "first-step":
        return FirstStep(_side(t), _state(t))
    if head == "segments":
        side = _side(t)
        _keyword(t, "in")
        return SegmentsIn(side, _state(t))
    if head == "next-segment":
        _keyword(t, "after")
        _keyword(t, "step")
        return NextSegment(_number(t))
    if head == "states":
        return StatePath(_side(t))
    if head == "time-in":
        return TimeIn(_side(t), _state(t))
    t.pos = 0
    raise _Bad(
        t.error("a query starts with state, first-step, segments, next-segment, states or time-in")
    )


def _side(t: _Tokens) -> Side:
    word = (t.peek() or "").lower()
    if word not in ("client", "server"):
        raise _Bad(t.error("expected 'client' or 'server'"))
    t.take()
    return Side(word)


def _state(t: _Tokens) -> State:
    word = t.peek()
    state = State.parse(word) if word else None
    if state is None:
        raise _Bad(t.error("expected a TCP state such as ESTABLISHED or TIME_WAIT"))
    t.take()
    return state


def _flags(t: _Tokens) -> Flags:
    word = t.peek()
    flags = Flags.parse(word) if word else None
    if flags is None:
        raise _Bad(t.error("expected flags such as FIN or SYN+ACK"))
    t.take()
    return flags


def _keyword(t: _Tokens, word: str) -> None:
    if (t.peek() or "").lower() != word:
        raise _Bad(t.error(f"expected '{word}'"))
    t.take()


def _number(t: _Tokens, prefix: str = "", minimum: int = 0) -> int:
    word = t.peek() or ""
    digits = word.removeprefix(prefix) if prefix else word
    if not word.startswith(prefix) or not digits.isdigit() or int(digits) < minimum:
        raise _Bad(t.error(f"expected {prefix}N, a number of at least {minimum}"))
    t.take()
    return int(digits)


def evaluate(query: Query | str, trace: Trace) -> Answer | QueryError:
    """Answer a query (parsed or as text) from a trace."""
    text = query if isinstance(query, str) else repr(query)
    if isinstance(query, str):
        parsed = parse_query(query)
        if isinstance(parsed, QueryError):
            return parsed
        query = parsed

    def missing(message: str) -> QueryError:
        return QueryError(text, f"{message} in {trace.scenario} ({trace.profile})")

    match query:
        case StateAt(side, None):
            changed = [s.n for s in trace.steps if s.entered(side)]
            return Answer(trace.steps[-1].states[side], tuple(changed[-1:]))
        case StateAt(side, int(n)):
            if n > len(trace.steps):
                return missing(f"there is no step {n} (the run has {len(trace.steps)})")
            return Answer(state_after(trace, side, n), (n,) if n else ())
        case StateAround(side, flags, nth, sending):
            step = sent(trace, side, flags, nth) if sending else received(trace, side, flags, nth)
            verb = "sends" if sending else "receives"
            if step is None:
                return missing(f"{side} never {verb} segment #{nth} with {flags.label}")
            state = step.sender_state if sending else step.states[side]
            assert state is not None
            return Answer(state, (step.n,))
        case FirstStep(side, state):
            found = first_step_in_state(trace, side, state)
            if found is None:
                return missing(f"{side} is never in {state}")
            return Answer(found.n, (found.n,))
        case SegmentsIn(side, state):
            steps = segments_sent_while(trace, side, state)
            return Answer(tuple(s.label for s in steps), tuple(s.n for s in steps))
        case NextSegment(n):
            found = next_segment_after(trace, n)
            if found is None:
                return missing(f"no segment follows step {n}")
            return Answer(found.label, (found.n,))
        case StatePath(side):
            path = state_path(trace, side)
            return Answer(tuple(s.value for s, _ in path), tuple(n for _, n in path if n))
        case TimeIn(side, state):
            stay = time_in_state(trace, side, state)
            if stay is None:
                return missing(f"{side} never both enters and leaves {state}")
            return Answer(stay[0], stay[1:])
    raise TypeError(f"not a query: {query!r}")
