"""Claims in a written answer, checked against the simulator's run of the linked scenario.

The lint's extraction (`quizapp.quiz.lint.sentence_mentions`) finds the states a sentence
names and whose they are; this module turns them into claims and looks each one up in
the trace:

- **enters** — `the server goes to TIME_WAIT`: the side must pass through the state;
- **receives** — `the server receives the FIN and enters CLOSE_WAIT`: after receiving
  such a segment the side must be in that state;
- **after sending** — `the client is in SYN_RECEIVED after sending SYN`;
- **sends in** — `TIME_WAIT 상태의 클라이언트가 ACK를 다시 보낸다`: the side must send such
  a segment while in the state;
- **order** — two states of one side in one sentence must come in that order;
- **duration** — `TIME_WAIT lasts 240 s on Linux`: the stay in the state under the
  profile named (`Linux`, `리눅스`, `RFC`), or the quiz's profile when none is named.

A claim is refuted only when every linked scenario refutes it; the refutation names the
step that shows the truth (`step 10: the client, not the server, enters TIME_WAIT`), in
the UI language (`10단계: TIME_WAIT에 들어가는 쪽은 서버가 아니라 클라이언트다`).
Sentences that negate or deny, or speak of another world (`without TIME_WAIT`,
`would`, `없으면`), are not checked: the grader would rather miss a wrong claim than call
a right one wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from quizapp.i18n import tr
from quizapp.quiz.analyser import Analysis
from quizapp.quiz.flow import trace_for
from quizapp.quiz.lint import sentence_mentions
from quizapp.tcp.model import Flags, Side, State
from quizapp.tcp.profile import PROFILES
from quizapp.tcp.query import segments_sent_while, sent, state_path, time_in_state
from quizapp.tcp.scenarios import SCENARIOS
from quizapp.tcp.trace import Trace

_COUNTERFACTUAL = re.compile(
    r"\b(?:would|without|otherwise|suppose|imagine|had\s+no)\b|없이|없으면|없다면|만약|만일",
    re.IGNORECASE,
)
"""Sentences about another world than the linked scenario's (`without TIME_WAIT …`)."""
_SENDS = re.compile(r"\bsend(?:s|ing)?\b|\bresend(?:s)?\b|보내|보냄|전송|응답|답하|replies|answers")
_AFTER_SENDING = re.compile(
    r"after\s+(?:it\s+)?send(?:s|ing)?\s+(?:the\s+|a\s+|an\s+|its\s+)?(?P<en>[A-Z+/]+)"
    r"|(?P<ko>[A-Z+/]+)\s*(?:을|를)?\s*보낸\s*(?:뒤|후|다음)",
    re.IGNORECASE,
)
_FLAG = r"(?<![A-Za-z_])(?P<flag>SYN\s*\+\s*ACK|FIN\s*\+\s*ACK|RST|SYN|FIN|ACK)(?![A-Za-z_])"
_NUMBER_WORDS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10,
    "thirty": 30, "sixty": 60, "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5,
}  # fmt: skip
"""`one minute`, `four minutes`, `두 분` (a length in words)."""
_DURATION = re.compile(
    r"(?:(?P<n>\d+(?:\.\d+)?)|(?<![A-Za-z가-힣])(?P<word>"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")\s)\s*(?P<unit>ms|밀리초|초|seconds?|secs?|s|분|minutes?|mins?)(?![A-Za-z])",
    re.IGNORECASE,
)
_PROFILE_WORDS = (
    (re.compile(r"linux|리눅스", re.IGNORECASE), "linux"),
    (re.compile(r"(?<![A-Za-z])RFC(?![A-Za-z])|표준", re.IGNORECASE), "rfc"),
)
_RECEIVED_BY = re.compile(
    r"(?P<flags>(?:SYN|FIN|RST|ACK)(?:\s*\+\s*ACK)?)\s*(?:세그먼트|패킷)?\s*(?:을|를)\s*받은\s*"
    r"(?P<side>클라이언트|서버)",
)
"""`FIN을 받은 서버는 …`: the side that received it, named after the receiving."""
_SIDES = {"클라이언트": Side.CLIENT, "서버": Side.SERVER}


@dataclass(frozen=True, slots=True)
class Contradiction:
    """A claim of the answer that the simulator refutes."""

    claim: str
    """The sentence that makes it."""
    truth: str
    """What the run shows instead, in English (`step 10: the client, not …`)."""
    scenario: str
    profile: str
    step: int | None

    def to_json(self) -> dict[str, object]:
        return {"claim": self.claim, "step": self.step, "truth": self.truth}


def check_claims(analysis: Analysis, scenarios: Sequence[str], profile: str) -> list[Contradiction]:
    """Every refuted claim of an analysed answer, in the order written."""
    names = [s for s in dict.fromkeys(scenarios) if s in SCENARIOS]
    if not names:
        return []
    found: list[Contradiction] = []
    for clauses in analysis.sentences():
        if any(c.negations % 2 or c.denied for c in clauses):
            continue
        last = clauses[-1]
        sentence = analysis.text[clauses[0].start : last.start + len(last.text)]
        if _COUNTERFACTUAL.search(sentence):
            continue
        for refutations in _sentence_claims(sentence, names, profile):
            if refutations and len(refutations) == len(names):
                found.append(refutations[0])
                break  # one contradiction per sentence: the first claim it gets wrong
    return found


def _sentence_claims(
    sentence: str, scenarios: Sequence[str], profile: str
) -> Iterable[list[Contradiction]]:
    """For each claim of the sentence, its refutation in each scenario that refutes it."""

    def each(refute: Callable[..., Contradiction | None], *args: object) -> list[Contradiction]:
        traces = (trace_for(scenario, profile) for scenario in scenarios)
        return [found for t in traces if (found := refute(sentence, t, *args)) is not None]

    duration = duration_claim(sentence)
    if duration is not None:
        state, ms, named = duration
        found = _refute_duration(sentence, scenarios, named or profile, state, ms)
        yield [found] * len(scenarios) if found else []
    relative = _RECEIVED_BY.search(sentence)
    after = _AFTER_SENDING.search(sentence)
    per_side: dict[Side, list[State]] = {}
    mentions = sentence_mentions(sentence, 1, iter(range(1, 1000)))
    # Which state a sent segment belongs to is only clear when the sentence names one.
    one_state = len({m.state for m in mentions}) == 1
    for mention in mentions:
        side, state = mention.side, mention.state
        if side is None:
            continue
        per_side.setdefault(side, []).append(state)
        yield each(_refute_enters, side, state)
        received = mention.received
        if received is None and relative is not None and _SIDES[relative.group("side")] is side:
            received = Flags.parse(re.sub(r"\s+", "", relative.group("flags")).upper())
            relative = None  # only the first state after it
        if received is not None:
            yield each(_refute_received, side, received, state)
        if after is not None:
            flags_sent = Flags.parse((after.group("en") or after.group("ko")).upper())
            if flags_sent is not None:
                yield each(_refute_after_send, side, flags_sent, state)
        elif one_state and _SENDS.search(sentence):
            flags_said = _flags_sent(sentence)
            if flags_said is not None:
                yield each(_refute_sends, side, state, flags_said)
    for side, states in per_side.items():
        if len(states) >= 2:
            yield each(_refute_order, side, states)


def _contradiction(sentence: str, trace: Trace, step: int | None, truth: str) -> Contradiction:
    where = tr(f"{step}단계: ", f"step {step}: ") if step is not None else ""
    return Contradiction(sentence, f"{where}{truth}", trace.scenario, trace.profile, step)


def _entered(trace: Trace, side: Side, state: State) -> int | bool | None:
    """The step `side` first enters `state`; False when it never does."""
    for st, step in state_path(trace, side):
        if st is state:
            return step
    return False


def _refute_enters(sentence: str, trace: Trace, side: Side, state: State) -> Contradiction | None:
    if _entered(trace, side, state) is not False:
        return None
    other = _entered(trace, side.peer, state)
    if other is not False:
        return _contradiction(
            sentence,
            trace,
            other,
            tr(
                f"{state}에 들어가는 쪽은 {side.korean}가 아니라 {side.peer.korean}다",
                f"the {side.peer}, not the {side}, enters {state}",
            ),
        )
    return _contradiction(
        sentence,
        trace,
        None,
        tr(
            f"{trace.scenario}에서 {side.korean}는 {state}에 들어가지 않는다",
            f"the {side} never enters {state} in {trace.scenario}",
        ),
    )


def _refute_received(
    sentence: str, trace: Trace, side: Side, flags: Flags, state: State
) -> Contradiction | None:
    hits = [s for s in trace.steps if s.to is side and s.delivered and flags in s.flags]
    if not hits or any(s.states[side] is state for s in hits):
        return None
    step = hits[0]
    return _contradiction(
        sentence,
        trace,
        step.n,
        tr(
            f"{step.label}을 받은 {side.korean}는 {state}가 아니라 {step.states[side]} 상태다",
            f"after receiving {step.label} the {side} is in {step.states[side]}, not {state}",
        ),
    )


def _refute_after_send(
    sentence: str, trace: Trace, side: Side, flags: Flags, state: State
) -> Contradiction | None:
    step = sent(trace, side, flags)
    if step is None or step.sender_state is None or step.sender_state is state:
        return None
    return _contradiction(
        sentence,
        trace,
        step.n,
        tr(
            f"{side.korean}는 {step.label}을 {state}가 아니라 {step.sender_state}에서 보낸다",
            f"the {side} sends {step.label} in {step.sender_state}, not {state}",
        ),
    )


_SENT_FLAG_KO = re.compile(
    rf"{_FLAG}\s*(?:세그먼트|패킷)?\s*(?:을|를|만|도|로|으로)\s*(?:\S+\s+){{0,2}}?(?:보내|보낸|보냄|보낼|전송|응답|답)"
)
_SENT_FLAG_EN = re.compile(
    rf"(?:sends?|resends?|answers?\s+(?:\S+\s+){{0,4}}?with|repl(?:y|ies)\s+with|"
    rf"respond(?:s)?\s+with)\s+(?:an?\s+|the\s+|its\s+|another\s+)?(?:\w+\s+)?{_FLAG}",
    re.IGNORECASE,
)


def _flags_sent(sentence: str) -> Flags | None:
    """The segment a sentence says is sent: the object of `보낸다` or of `sends`."""
    match = _SENT_FLAG_KO.search(sentence) or _SENT_FLAG_EN.search(sentence)
    return Flags.parse(re.sub(r"\s+", "", match.group("flag")).upper()) if match else None


def _same_segment(a: Flags, b: Flags) -> bool:
    """`FIN` in an answer is the `FIN+ACK` a run sends."""
    return (a | Flags.ACK if Flags.FIN in a else a) == (b | Flags.ACK if Flags.FIN in b else b)


def _refute_sends(
    sentence: str, trace: Trace, side: Side, state: State, flags: Flags
) -> Contradiction | None:
    if _entered(trace, side, state) is False:
        return None  # the `enters` claim already reports it
    steps = segments_sent_while(trace, side, state)
    if any(_same_segment(flags, s.flags) for s in steps):
        return None
    if not steps:
        entered = _entered(trace, side, state)
        step = entered if isinstance(entered, int) and entered is not True else None
        nothing = tr(
            f"{side.korean}는 {state}에서 아무것도 보내지 않는다",
            f"the {side} sends nothing while in {state}",
        )
        return _contradiction(sentence, trace, step, nothing)
    labels = ", ".join(s.label for s in steps)
    return _contradiction(
        sentence,
        trace,
        steps[0].n,
        tr(
            f"{state}에서 {side.korean}가 보내는 것은 {flags.label}가 아니라 {labels}다",
            f"in {state} the {side} sends {labels}, not {flags.label}",
        ),
    )


def _refute_order(
    sentence: str, trace: Trace, side: Side, states: list[State]
) -> Contradiction | None:
    path = [st for st, _ in state_path(trace, side)]
    position = 0
    for i, state in enumerate(states):
        while position < len(path) and path[position] is not state:
            position += 1
        if position == len(path):
            if i == 0 or state not in path:
                return None  # not an order problem: `enters` reports a missing state
            earlier = states[i - 1]
            entered = _entered(trace, side, state)
            step = entered if isinstance(entered, int) and entered is not True else None
            return _contradiction(
                sentence,
                trace,
                step,
                tr(
                    f"{side.korean}가 {state} 상태인 것은 {earlier} 뒤가 아니라 전이다",
                    f"the {side} is in {state} before {earlier}, not after",
                ),
            )
        position += 1
    return None


def duration_claim(sentence: str) -> tuple[State, int, str | None] | None:
    """(state, milliseconds, profile named) when the sentence says how long a state lasts."""
    mentions = sentence_mentions(sentence, 1, iter(range(1, 1000)))
    if len(mentions) != 1 or mentions[0].state is not State.TIME_WAIT:
        return None
    # The length written after the state (`MSL은 2분이므로 TIME_WAIT는 4분`); `2MSL` is
    # no length (the unit must end the word).
    named_at = re.search(r"TIME[\s_-]*WAIT", sentence, re.IGNORECASE)
    match = _DURATION.search(sentence, named_at.end() if named_at else 0)
    if match is None:
        return None
    # The profile named closest before the length (`RFC에서는 240초, 리눅스에서는 60초`),
    # else the first one named after it.
    named_at = sorted(
        (m.start(), p) for pattern, p in _PROFILE_WORDS for m in pattern.finditer(sentence)
    )
    before = [p for at, p in named_at if at < match.start()]
    named = before[-1] if before else next((p for _, p in named_at), None)
    return mentions[0].state, _milliseconds(match), named


def duration_ms(text: str) -> int | None:
    """The first length written in `text` (`60초`, `4 minutes`, `one minute`), in ms."""
    match = _DURATION.search(text)
    return None if match is None else _milliseconds(match)


def _milliseconds(match: re.Match[str]) -> int:
    value = float(match.group("n") or _NUMBER_WORDS[match.group("word").casefold()])
    unit = match.group("unit").casefold()
    factor = 1 if unit in ("ms", "밀리초") else 60_000 if unit.startswith(("분", "min")) else 1000
    return int(value * factor)


def _refute_duration(
    sentence: str, scenarios: Sequence[str], profile: str, state: State, ms: int
) -> Contradiction | None:
    """TIME_WAIT lasts the profile's `time_wait_ms`; the step shown is where a linked
    scenario (or `four-way-close`) leaves it after exactly that long."""
    real = PROFILES[profile].time_wait_ms
    if real == ms:
        return None
    for scenario in [*scenarios, "four-way-close"]:
        trace = trace_for(scenario, profile)
        for side in Side:
            stay = time_in_state(trace, side, state)
            if stay is not None and stay[0] == real:
                return _contradiction(
                    sentence,
                    trace,
                    stay[2],
                    tr(
                        f"{profile} 프로필에서 {state}는 {ms / 1000:g}초가 아니라 "
                        f"{real / 1000:g}초 동안 유지된다",
                        f"under the {profile} profile {state} lasts {real / 1000:g} s, "
                        f"not {ms / 1000:g} s",
                    ),
                )
    return None
