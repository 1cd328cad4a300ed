"""Flow questions and flow views: answers computed by the TCP simulator, and marked steps.

A flow question names a scenario and a trace query; its expected answer is whatever the
simulator says under the quiz's profile, so it changes when the profile does (TIME_WAIT
lasts 240 s under `rfc` and 60 s under `linux`). Its options are real states and segments
of that run. After grading, `FlowView`s say which scenario to open and which steps to mark.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from quizapp.i18n import tr
from quizapp.notes.rubric import FlowLink, Rubric, RubricPoint
from quizapp.quiz.distractors import MIN_DISTRACTORS, pick_distractors
from quizapp.tcp.marks import Mark
from quizapp.tcp.model import LEGAL_TRANSITIONS, Side, State
from quizapp.tcp.profile import PROFILES
from quizapp.tcp.query import (
    FirstStep,
    NextSegment,
    Query,
    QueryError,
    SegmentsIn,
    StatePath,
    TimeIn,
    evaluate,
    parse_query,
    segments_sent_while,
    state_path,
)
from quizapp.tcp.scenarios import SCENARIOS, run_scenario
from quizapp.tcp.trace import Trace

if TYPE_CHECKING:
    from quizapp.quiz.claims import Contradiction

STEP_PROFILE = "rfc"
"""Step numbers written in notes are those of this profile (what `quizapp sim` shows)."""

NONE_TEXT = "없음 · none"
"""The answer when a side sends no segment in a state."""

SEGMENT_LABELS = ("SYN", "SYN+ACK", "ACK", "FIN", "FIN+ACK", "RST", "DATA")
"""Segment labels offered when a run itself has too few different ones."""


@lru_cache(maxsize=64)
def trace_for(scenario: str, profile: str) -> Trace:
    """The run of a named scenario (runs are deterministic, so one per pair is enough)."""
    return run_scenario(scenario, profile)


class FlowError(Exception):
    """A flow reference that does not resolve; `quizapp check` reports these in notes."""


@dataclass(frozen=True, slots=True)
class FlowAnswer:
    """A query's answer in one run, ready to ask about."""

    scenario: str
    profile: str
    query: Query
    value: State | int | str | tuple[str, ...]
    steps: tuple[int, ...]
    """The steps that show the answer."""

    @property
    def text(self) -> str:
        """The answer as the user sees it (`CLOSE_WAIT`, `240초 · 240 s`, `ACK, ACK`)."""
        return value_text(self.query, self.value)

    @property
    def accepted(self) -> tuple[str, ...]:
        """Typed forms that count as right (a duration in seconds, minutes or ms)."""
        if isinstance(self.query, TimeIn) and isinstance(self.value, int):
            seconds = self.value / 1000
            forms = [f"{seconds:g}초", f"{seconds:g}s", f"{self.value}ms", f"{seconds:g}"]
            if seconds >= 60 and seconds % 60 == 0:
                forms.append(f"{seconds / 60:g}분")
            return tuple(forms)
        if isinstance(self.query, FirstStep):
            return (str(self.value),)
        return (self.text,)


def value_text(query: Query, value: State | int | str | tuple[str, ...]) -> str:
    if isinstance(query, TimeIn) and isinstance(value, int):
        return f"{value / 1000:g}초 · {value / 1000:g} s"
    if isinstance(value, tuple):
        return ", ".join(value) if value else NONE_TEXT
    return str(value)


def flow_answer(scenario: str, query: str, profile: str) -> FlowAnswer:
    """Run `scenario` under `profile` and answer `query`; FlowError names what is wrong."""
    if scenario not in SCENARIOS:
        raise FlowError(f"unknown scenario {scenario!r} (see `quizapp sim`)")
    if profile not in PROFILES:
        raise FlowError(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})")
    parsed = parse_query(query)
    if isinstance(parsed, QueryError):
        raise FlowError(str(parsed))
    trace = trace_for(scenario, profile)
    answer = evaluate(parsed, trace)
    if isinstance(answer, QueryError):
        raise FlowError(str(answer))
    steps = answer.steps
    if not steps and isinstance(parsed, SegmentsIn):
        # Nothing was sent in that state: what shows it is the stay itself.
        steps = _stay(trace, parsed.side, parsed.state)
    return FlowAnswer(scenario, profile, parsed, answer.value, steps)


def _stay(trace: Trace, side: Side, state: State) -> tuple[int, ...]:
    """The step that put `side` in `state` and the one that took it out (if any)."""
    path = state_path(trace, side)
    for i, (st, entered) in enumerate(path):
        if st is state and entered is not None:
            left = path[i + 1][1] if i + 1 < len(path) else None
            return (entered,) if left is None else (entered, left)
    return ()


def is_ordering(answer: FlowAnswer) -> bool:
    """A list of states is asked as "put them in order"."""
    return isinstance(answer.query, StatePath) and len(answer.value) >= 2  # type: ignore[arg-type]


def flow_options(answer: FlowAnswer, rng: random.Random, count: int = 4) -> tuple[str, ...]:
    """`count` options (the right one among them) taken from the run itself, likeliest
    confusions first; empty when the answer is better typed (a step number)."""
    if isinstance(answer.query, FirstStep):
        return ()
    wrong = pick_distractors(answer.text, [_candidates(answer)], rng, count - 1, shuffle=False)
    if len(wrong) < MIN_DISTRACTORS:
        return ()
    options = [answer.text, *wrong]
    rng.shuffle(options)
    return tuple(options)


def _candidates(answer: FlowAnswer) -> Iterable[str]:
    trace = trace_for(answer.scenario, answer.profile)
    query, value = answer.query, answer.value
    if isinstance(value, State):
        side = getattr(query, "side", Side.CLIENT)
        at = answer.steps[0] if answer.steps else len(trace.steps)
        yield from (str(state) for state in _states_near(trace, side, value, at))
    elif isinstance(query, TimeIn):
        for profile in PROFILES.values():
            yield value_text(query, profile.time_wait_ms)
            yield value_text(query, profile.msl_ms)
    elif isinstance(query, SegmentsIn):
        for state, _ in state_path(trace, query.side):
            steps = segments_sent_while(trace, query.side, state)
            yield value_text(query, tuple(s.label for s in steps))
        yield from (s.label for s in trace.steps if s.segment)
        yield from SEGMENT_LABELS
    elif isinstance(query, NextSegment):
        yield from (s.label for s in trace.steps if s.segment)
        yield from SEGMENT_LABELS


def _states_near(trace: Trace, side: Side, right: State, at: int) -> list[State]:
    """States of the run nearest in time to step `at` (the side's own first on a tie), then
    the RFC neighbours of the right state, then any state: the likeliest confusions first."""
    timed: list[tuple[int, int, State]] = []
    for who in (side, side.peer):
        for state, entered in state_path(trace, who):
            timed.append((abs((entered or 0) - at), 0 if who is side else 1, state))
    ordered = [state for _, _, state in sorted(timed, key=lambda t: (t[0], t[1]))]
    ordered += [dst for src, dst in sorted(LEGAL_TRANSITIONS) if src is right]
    ordered += [src for src, dst in sorted(LEGAL_TRANSITIONS) if dst is right]
    return [*ordered, *State]


# -- flow views: which scenario to open, which steps to mark -----------------------------


@dataclass(frozen=True, slots=True)
class FlowView:
    """What the simulator should show after a graded question."""

    scenario: str
    profile: str
    marks: dict[int, Mark]
    step: int = 0
    """The step to start from (a contradiction plays up to the step that refutes it)."""


def link_steps(link: FlowLink, profile: str) -> tuple[str, tuple[int, ...]] | None:
    """(profile the steps belong to, steps) for a link; None when it does not resolve."""
    if link.scenario is None or link.scenario not in SCENARIOS:
        return None
    if link.query is not None:
        try:
            return profile, flow_answer(link.scenario, link.query, profile).steps
        except FlowError:
            return None
    total = len(trace_for(link.scenario, STEP_PROFILE).steps)
    steps = tuple(n for n in link.steps if 1 <= n <= total)
    return (STEP_PROFILE, steps) if steps else None


def rubric_views(
    rubric: Rubric, outcomes: Sequence[tuple[RubricPoint, bool]], profile: str, lang: str = "ko"
) -> list[FlowView]:
    """One view per scenario the rubric's points link to, in the order they are named.

    `outcomes` says for each point whether the answer made it. A point's steps are green
    when it was made and red when not. A scenario with any step-numbered link is shown
    under `STEP_PROFILE`, whose numbering the note uses; queries are re-evaluated under
    that profile too.
    """
    by_scenario: dict[str, list[tuple[bool, str, FlowLink]]] = {}
    for point, made in outcomes:
        for link in point.links:
            scenario = link.scenario or rubric.scenario
            if scenario is None:
                continue
            full = FlowLink(scenario, link.steps, link.query, link.row)
            by_scenario.setdefault(scenario, []).append((made, point.label(lang), full))
    views = []
    for scenario, links in by_scenario.items():
        view_profile = STEP_PROFILE if any(link.steps for _, _, link in links) else profile
        proven: dict[int, list[tuple[bool, str]]] = {}
        for made, label, link in links:
            resolved = link_steps(link, view_profile)
            if resolved is None:
                continue
            for step in resolved[1]:
                proven.setdefault(step, []).append((made, label))
        marks = {step: merge_marks(step, points) for step, points in proven.items()}
        if marks:
            views.append(FlowView(scenario, view_profile, marks))
    return views


def merge_marks(step: int, points: Sequence[tuple[bool, str]]) -> Mark:
    """One step that proves several points: each keeps its own ✔ or ✘.

    The simulator writes the mark's symbol before its label, so the made points come
    first (under the mark's ✔) and every missed one carries its own ✘: a point the user
    got right is never shown under ✘.
    """
    made = list(dict.fromkeys(label for hit, label in points if hit))
    missed = list(dict.fromkeys(label for hit, label in points if not hit))
    if not made:
        return Mark(step, False, " · ".join(missed))
    label = " · ".join([*made, *(f"✘ {m}" for m in missed)])
    return Mark(step, True, label)


def contradiction_views(contradictions: Sequence[Contradiction]) -> list[FlowView]:
    """A view per refuted claim: its scenario, the refuting step marked ✘ with the truth,
    played from the step before it."""
    views = []
    for found in contradictions:
        if found.step is None:
            continue
        marks = {found.step: Mark(found.step, False, found.truth)}
        views.append(FlowView(found.scenario, found.profile, marks, max(0, found.step - 1)))
    return views


def answer_view(answer: FlowAnswer, correct: bool, given: str | None) -> FlowView:
    """The view after a flow question: the steps that show the answer, green or red."""
    label = answer.text if correct or not given else f"{answer.text} (≠ {given})"
    marks = {n: Mark(n, correct, label) for n in answer.steps}
    return FlowView(answer.scenario, answer.profile, marks)


def linked_view(scenario: str, steps: Sequence[int], correct: bool, label: str) -> FlowView | None:
    """The view for a question linked to a scenario by `flow scenario=… step=…`."""
    resolved = link_steps(FlowLink(scenario, tuple(steps)), STEP_PROFILE) if steps else None
    if scenario not in SCENARIOS:
        return None
    marks = {n: Mark(n, correct, label) for n in (resolved[1] if resolved else ())}
    return FlowView(scenario, STEP_PROFILE, marks)


def card_views(extra: dict[str, Any], lang: str = "ko") -> list[FlowView]:
    """The simulator views a card names, for reading it outside a quiz (nothing graded).

    A flow card shows the steps that prove its answer; a card linked by `flow scenario=…
    step=…` shows those steps; a rubric shows where each of its points is proven. All
    green: in review they say where to look, not whether an answer was right.
    """
    scenario = extra.get("scenario")
    views: list[FlowView] = []
    if scenario and extra.get("query"):
        try:
            answer = flow_answer(str(scenario), str(extra["query"]), STEP_PROFILE)
        except FlowError:
            return []
        return [answer_view(answer, True, None)]
    if scenario:
        label = tr("이 카드", "this card")
        view = linked_view(str(scenario), extra.get("flow_steps", ()), True, label)
        if view is not None:
            views.append(view)
    if extra.get("rubric"):
        rubric = Rubric.from_json(extra["rubric"])
        shown = [(point, True) for point in rubric.points]
        views += [
            v for v in rubric_views(rubric, shown, STEP_PROFILE, lang) if v.scenario != scenario
        ]
    return views
