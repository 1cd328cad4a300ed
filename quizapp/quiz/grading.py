"""Grading what a user answered: typed text, a picked option, an ordering (pure functions).

Typed answers are compared after `fold` (see `quizapp.quiz.fold`); a short answer that is
not equal may still pass by fuzzy similarity (rapidfuzz) at `FUZZY_THRESHOLD`, which the
verdict shows. A wrong typed answer comes with a character diff against the expected one.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from quizapp.quiz.fold import Folded, fold, markdown_plain

FUZZY_THRESHOLD = 85.0
"""Similarity (0–100, rapidfuzz ratio of the folded answers) a short answer needs to pass."""
FUZZY_MAX_CHARS = 30
FUZZY_MAX_WORDS = 3
"""Only short answers (at most this many words and characters, folded) are graded by
similarity: in a sentence, one changed syllable can reverse the meaning."""


class Match(enum.StrEnum):
    """How a typed answer was judged."""

    EQUAL = "equal"
    """Equal after folding (case, spacing, punctuation, TCP spellings, particles)."""
    FUZZY = "fuzzy"
    """Close enough: a short answer at or above the threshold."""
    WRONG = "wrong"
    EMPTY = "empty"
    """Nothing (or only filler) was typed: never a pass."""


@dataclass(frozen=True, slots=True)
class TypedResult:
    match: Match
    similarity: float
    """Best similarity to an accepted answer, 0–100."""
    threshold: float | None
    """The fuzzy threshold when similarity could decide; None when it could not (a long
    answer, or states/flags/numbers that differ)."""
    expected: str
    """The accepted answer the given one came closest to (plain text)."""

    @property
    def correct(self) -> bool:
        return self.match in (Match.EQUAL, Match.FUZZY)


def grade_typed(given: str, accepted: Sequence[str]) -> TypedResult:
    """Grade a typed answer against the accepted answers (the first is the main one)."""
    if not accepted:
        raise ValueError("a typed question needs at least one accepted answer")
    answer = fold(given)
    if not answer:
        return TypedResult(Match.EMPTY, 0.0, None, markdown_plain(accepted[0]))
    best: TypedResult | None = None
    for text in accepted:
        result = _grade_one(answer, text)
        if best is None or _rank(result) > _rank(best):
            best = result
    assert best is not None
    return best


def _rank(result: TypedResult) -> tuple[int, float]:
    return ({Match.EQUAL: 2, Match.FUZZY: 1}.get(result.match, 0), result.similarity)


def _grade_one(answer_folded: Folded, text: str) -> TypedResult:
    expected = fold(text)
    plain = markdown_plain(text)
    if not expected:
        # An expected answer made only of filler words: compare it as typed.
        same = answer_folded.key == "".join(plain.casefold().split())
        return TypedResult(Match.EQUAL if same else Match.WRONG, 100.0 * same, None, plain)
    if answer_folded.key == expected.key or answer_folded.stem_key == expected.stem_key:
        return TypedResult(Match.EQUAL, 100.0, None, plain)
    similarity = fuzz.ratio(answer_folded.key, expected.key)
    fuzzy_allowed = (
        len(expected.key) <= FUZZY_MAX_CHARS
        and len(expected.tokens) <= FUZZY_MAX_WORDS
        and answer_folded.exact == expected.exact
        and bool(expected.loose_key)
    )
    if not fuzzy_allowed:
        return TypedResult(Match.WRONG, similarity, None, plain)
    loose = fuzz.ratio(answer_folded.loose_key, expected.loose_key)
    match = Match.FUZZY if loose >= FUZZY_THRESHOLD else Match.WRONG
    return TypedResult(match, loose, FUZZY_THRESHOLD, plain)


class Diff(enum.StrEnum):
    SAME = "same"
    EXTRA = "extra"
    """Typed but not expected."""
    MISSING = "missing"
    """Expected but not typed."""


@dataclass(frozen=True, slots=True)
class DiffPart:
    kind: Diff
    text: str


def char_diff(given: str, expected: str) -> tuple[DiffPart, ...]:
    """A character diff of a typed answer against the expected one, case-insensitive.

    Same characters are shown as typed; replaced ones as the extra typed text followed by
    the missing expected text.
    """
    given, expected = given.strip(), markdown_plain(expected).strip()
    matcher = difflib.SequenceMatcher(None, given.casefold(), expected.casefold(), autojunk=False)
    parts: list[DiffPart] = []

    def add(kind: Diff, text: str) -> None:
        if not text:
            return
        if parts and parts[-1].kind is kind:
            parts[-1] = DiffPart(kind, parts[-1].text + text)
        else:
            parts.append(DiffPart(kind, text))

    for op, g1, g2, e1, e2 in matcher.get_opcodes():
        if op == "equal":
            add(Diff.SAME, given[g1:g2])
            continue
        add(Diff.EXTRA, given[g1:g2])
        add(Diff.MISSING, expected[e1:e2])
    return tuple(parts)


@dataclass(frozen=True, slots=True)
class OrderingResult:
    run: int
    """Length of the longest stretch of the answer that matches the right order."""
    total: int

    @property
    def correct(self) -> bool:
        return self.run == self.total

    @property
    def score(self) -> float:
        """Partial credit: each right neighbour in the longest stretch counts.

        One step alone is always "in order", so a run of 1 scores 0 and the full order 1.
        """
        if self.total <= 1:
            return 1.0 if self.correct else 0.0
        return (self.run - 1) / (self.total - 1)


def grade_ordering(given: Sequence[str], correct: Sequence[str]) -> OrderingResult:
    """Credit by the longest run of the given order that appears, in order, in the right one.

    Steps are compared by text, so repeated steps (`FIN`, `ACK`, `FIN`, `ACK`) may swap.
    """
    if sorted(given) != sorted(correct):
        raise ValueError("an ordering answer must use exactly the question's steps")
    best = 0
    # Longest common contiguous run: n is a handful of steps, so O(n²) is nothing.
    previous = [0] * (len(correct) + 1)
    for g in given:
        current = [0] * (len(correct) + 1)
        for j, c in enumerate(correct, 1):
            if g == c:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return OrderingResult(best, len(correct))
