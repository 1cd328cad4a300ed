"""`quizapp grade CARD_ID --answer TEXT`: grade one written answer without the TUI.

For note authors trying their rubrics and for scripts. The JSON form is::

    {"card": ID, "verdict": "pass" | "partial" | "fail", "score": 0–1,
     "points": [{"point", "status": "made" | "missed" | "denied", "clause", "step"}],
     "contradictions": [{"claim", "step", "truth"}]}

Keys and the values of `verdict` and `status` are fixed; the words meant to be read (each
point's label, the truth of a contradiction, the list-of-terms message) are in the UI
language (`--lang`), like the text form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from quizapp.deck.models import Card
from quizapp.i18n import language, tr
from quizapp.quiz.analyser import load_analyser
from quizapp.quiz.meaning import MeaningResult, Status, grade_meaning
from quizapp.quiz.questions import Pools, card_rubric
from quizapp.tcp.profile import PROFILES


class GradeError(Exception):
    """Why an answer could not be graded (unknown card, no rubric, unknown profile)."""


@dataclass(frozen=True, slots=True)
class GradedAnswer:
    card: Card
    result: MeaningResult

    def to_json(self) -> dict[str, Any]:
        result = self.result
        data: dict[str, Any] = {
            "card": self.card.id,
            "verdict": result.grade.value,
            "score": result.score,
            "points": [p.to_json(language()) for p in result.points],
            "contradictions": [c.to_json() for c in result.contradictions],
        }
        if result.stuffed:
            data["message"] = result.stuffed
        return data

    def lines(self) -> list[str]:
        """The verdict for people: one line per point, then contradictions."""
        result = self.result
        marks = {Status.MADE: "✔", Status.MISSED: "✘", Status.DENIED: tr("⊘ 부정:", "⊘ denied:")}
        verdict = {
            "pass": tr("통과", "pass"),
            "partial": tr("부분", "partial"),
            "fail": tr("미달", "fail"),
        }[result.grade.value]
        made, total, needed = len(result.made), len(result.points), result.rubric.needed
        out = [
            f"{self.card.id}: {verdict} "
            + tr(
                f"(요점 {made}/{total}, 기준 {needed})", f"({made}/{total} points, needs {needed})"
            )
        ]
        if result.stuffed:
            out.append(result.stuffed)
        for point in result.points:
            line = f"  {marks[point.status]} {point.point.label(language())}"
            if point.clause:
                line += f"  «{point.clause}»"
            out.append(line)
        for found in result.contradictions:
            where = f"{found.scenario} ({found.profile})"
            out.append(
                "  ✘ " + tr(f"{where}와 모순", f"contradicts {where}") + f": «{found.claim}»"
            )
            out.append(f"      {found.truth}")
        return out


def grade_card(engine: Engine, card_id: str, answer: str, profile: str = "rfc") -> GradedAnswer:
    """Grade `answer` by the rubric of card `card_id` (its own, or its Q&A's)."""
    if profile not in PROFILES:
        raise GradeError(f"unknown profile {profile!r} (known: {', '.join(PROFILES)})")
    with Session(engine) as session:
        card = session.get(Card, card_id)
        if card is None:
            raise GradeError(
                f"no card {card_id!r} in the deck (see `quizapp cards`; `quizapp import` "
                "brings in notes, and running `quizapp` once the bundled ones)"
            )
        note_cards = list(session.exec(select(Card).where(Card.note_id == card.note_id)))
        for row in note_cards:
            session.expunge(row)
    rubric = card_rubric(card, Pools.of(note_cards))
    if rubric is None:
        raise GradeError(f"card {card_id!r} has no rubric to grade by")
    result = grade_meaning(answer, rubric, load_analyser(), profile=profile)
    return GradedAnswer(card, result)
