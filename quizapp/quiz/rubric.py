"""Grading a conceptual answer by a rubric: which key points it makes, which it misses.

A point is made when the answer contains one of its synonyms. A synonym is found when every
word of it is found in the answer, in any order, after folding (`quizapp.quiz.fold`):

- a Hangul word is found inside any answer word (`데이터` in `남은데이터가`), and a Hangul
  synonym is also found across the answer's spacing (`보낼데이터` in `보낼 데이터`);
- a TCP state, a flag or a number must be the same token (`FIN` is found in `FIN+ACK`);
- another word is found as an answer word, as the start of one when it has four letters
  or more (`close` in `closes`), or, from five letters, with one slip (`seperately`).

Keywords are a heuristic: the user confirms the verdict after reading the model answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from quizapp.notes.rubric import Rubric, RubricPoint
from quizapp.quiz.fold import FLAG_TOKENS, Folded, fold, has_hangul, is_exact_token

TYPO_SIMILARITY = 85.0
"""How close (rapidfuzz ratio) a long English word must be to count despite a typo."""


@dataclass(frozen=True, slots=True)
class PointResult:
    point: RubricPoint
    hit: bool
    matched: str | None
    """The synonym that was found."""


@dataclass(frozen=True, slots=True)
class RubricResult:
    rubric: Rubric
    points: tuple[PointResult, ...]

    @property
    def hits(self) -> int:
        return sum(p.hit for p in self.points)

    @property
    def score(self) -> float:
        return self.hits / len(self.points) if self.points else 0.0

    @property
    def passed(self) -> bool:
        return bool(self.points) and self.hits >= self.rubric.needed

    @property
    def hit(self) -> tuple[RubricPoint, ...]:
        return tuple(p.point for p in self.points if p.hit)

    @property
    def missed(self) -> tuple[RubricPoint, ...]:
        return tuple(p.point for p in self.points if not p.hit)


def grade_rubric(answer: str, rubric: Rubric) -> RubricResult:
    """Which points of `rubric` the answer makes."""
    folded = fold(answer)
    results = []
    for point in rubric.points:
        matched = next((s for s in point.synonyms if synonym_found(s, folded)), None)
        results.append(PointResult(point, matched is not None, matched))
    return RubricResult(rubric, tuple(results))


def synonym_found(synonym: str, answer: Folded) -> bool:
    """Whether one synonym occurs in a folded answer (rules in the module docstring)."""
    wanted = fold(synonym)
    if not wanted or not answer:
        return False
    if has_hangul(wanted.key) and wanted.key in answer.key:
        return True
    return all(any(_word_found(w, a) for a in answer.tokens) for w in wanted.tokens)


def _word_found(word: str, token: str) -> bool:
    if word == token:
        return True
    if is_exact_token(word):
        return word in FLAG_TOKENS and word in token.split("+")
    if has_hangul(word):
        return word in token
    if len(word) >= 4 and token.startswith(word):
        return True
    return len(word) >= 5 and fuzz.ratio(word, token) >= TYPO_SIMILARITY
