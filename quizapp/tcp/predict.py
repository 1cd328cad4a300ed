"""Predict mode: before each step, a question about what happens next, with its answer.

A segment step asks which segment comes next (who sends which flags); a step that changes
an endpoint's state asks which state it enters. Distractors are drawn from what could
plausibly happen, so the choice tests understanding rather than reading.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from quizapp.tcp.model import Event, Side, State
from quizapp.tcp.trace import Narration, Step, Trace

SEGMENT_LABELS = ("SYN", "SYN+ACK", "ACK", "FIN", "FIN+ACK", "RST", "DATA")


@dataclass(frozen=True, slots=True)
class Prediction:
    """A multiple-choice question about step `step` of a trace."""

    step: int
    prompt: Narration
    options: tuple[str, ...]
    answer: int
    """Index of the right option."""

    def is_right(self, choice: int) -> bool:
        return choice == self.answer


@dataclass(frozen=True, slots=True)
class PredictScore:
    right: int = 0
    asked: int = 0

    def add(self, correct: bool) -> PredictScore:
        return PredictScore(self.right + int(correct), self.asked + 1)


def segment_option(step: Step) -> str:
    """`client → server: FIN+ACK`, the way a segment step is offered as an answer."""
    assert step.to is not None
    return f"{step.side} → {step.to}: {step.label}"


def _choices(right: str, pool: list[str], rng: random.Random, count: int = 4) -> tuple[list, int]:
    others = [p for p in dict.fromkeys(pool) if p != right]
    rng.shuffle(others)
    options = [right, *others[: count - 1]]
    rng.shuffle(options)
    return options, options.index(right)


def _state_prompt(step: Step, side: Side) -> Narration:
    ko, en = side.korean, side.value
    if step.event is Event.SEGMENT:
        return Narration(
            f"{ko}가 {step.label} 세그먼트를 받으면 어떤 상태가 될까?",
            f"The {en} receives {step.label}. Which state does it enter?",
        )
    if step.event is Event.CALL:
        return Narration(
            f"{ko}가 {step.label} 호출 뒤에는 어떤 상태가 될까?",
            f"The {en} calls {step.label}. Which state does it enter?",
        )
    return Narration(
        f"{ko}의 {step.label} 타이머가 끝나면 어떤 상태가 될까?",
        f"The {en}'s {step.label} timer expires. Which state does it enter?",
    )


def prediction_for(trace: Trace, n: int) -> Prediction | None:
    """The question to ask before step `n` is shown, or None when there is nothing to guess.

    A segment that moves its receiver to a new state asks for that state on odd steps and
    for the segment on even ones, so a run mixes both kinds of question.
    """
    step = trace.step(n)
    rng = random.Random(f"{trace.scenario}/{trace.profile}/{n}")
    changed = [(side, dst) for side, _src, dst in step.transitions]
    is_segment = step.event is Event.SEGMENT and step.to is not None
    if is_segment and (not changed or n % 2 == 0):
        right = segment_option(step)
        pool = [
            f"{side} → {side.peer}: {label}"
            for label in (*SEGMENT_LABELS, step.label)
            for side in Side
        ]
        options, answer = _choices(right, pool, rng)
        return Prediction(
            n,
            Narration("다음에 오가는 세그먼트는?", "Which segment comes next?"),
            tuple(options),
            answer,
        )
    if not changed:
        return None
    side, entered = changed[-1]
    before = trace.step(n - 1).states[side] if n > 1 else State.CLOSED
    pool = [s.value for s in State if s is not before]
    options, answer = _choices(entered.value, pool, rng)
    return Prediction(n, _state_prompt(step, side), tuple(options), answer)
