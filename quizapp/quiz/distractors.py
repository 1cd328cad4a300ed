"""Wrong options for multiple choice: plausible, distinct, never the answer in disguise."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz

from quizapp.quiz.fold import Folded, fold, markdown_plain

NEAR_IDENTICAL = 90.0
"""Options at least this similar (rapidfuzz ratio of folded text) count as the same option."""
MIN_DISTRACTORS = 2
"""Fewer than this and the card is not asked as multiple choice (3 options at least)."""
MAX_DISTRACTORS = 4
"""At most 5 options."""


def near_identical(a: Folded, b: Folded) -> bool:
    """Same after folding, or nearly so. Options naming different states, flags or numbers
    are never near-identical (`FIN_WAIT_1` and `FIN_WAIT_2` differ by one character)."""
    if a.key == b.key:
        return True
    return a.exact == b.exact and fuzz.ratio(a.key, b.key) >= NEAR_IDENTICAL


def pick_distractors(
    right: str,
    pools: Sequence[Iterable[str]],
    rng: random.Random,
    want: int = 3,
    *,
    shuffle: bool = True,
) -> list[str]:
    """Up to `want` options from `pools`, taken in order (say: same note, then same deck).

    Each pool is shuffled first unless `shuffle` is False (a pool already in order of
    plausibility). Empty options, the right answer and near-duplicates are skipped.
    """
    taken: list[Folded] = [fold(right)]
    chosen: list[str] = []
    for pool in pools:
        items = list(pool)
        if shuffle:
            rng.shuffle(items)
        for item in items:
            if len(chosen) >= want:
                return chosen
            text = item.strip()
            folded = fold(text)
            if not folded or not markdown_plain(text).strip():
                continue
            if any(near_identical(folded, other) for other in taken):
                continue
            taken.append(folded)
            chosen.append(text)
    return chosen
