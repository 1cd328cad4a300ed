"""The fuzzy pass for short typed answers sits at its documented threshold, from both sides.

Near misses that are other words (`pocket` for socket, 83 % similar) must fail; typos just
over the line (`segmant`, 86 %) must pass. Moving the threshold either way by a few points
breaks a case here, not only one row of the folding table.
"""

from __future__ import annotations

import pytest

from quizapp.quiz.grading import FUZZY_THRESHOLD, Match, grade_typed


@pytest.mark.parametrize(
    ("expected", "typed"),
    [
        ("socket", "pocket"),
        ("window scaling", "window sizing"),
        ("datagram", "diagram"),
        ("빠른 재전송", "빠른 재전달"),
        ("port", "part"),
        ("slow start", "slow stop"),
        ("재전송 타이머", "재전송 타이밍"),
        ("three-way handshake", "two-way handshake"),
        ("segmentation", "fragmentation"),
        ("혼잡 윈도우", "혼합 윈도우"),
    ],
)
def test_a_different_word_close_to_the_threshold_fails(expected: str, typed: str) -> None:
    result = grade_typed(typed, [expected])
    assert result.match is Match.WRONG
    assert result.threshold == FUZZY_THRESHOLD and 70 <= result.similarity < FUZZY_THRESHOLD


@pytest.mark.parametrize(
    ("expected", "typed"),
    [
        ("segment", "segmant"),
        ("piggybacking", "piggyback"),
        ("Jacobson", "Jakobson"),
        ("Nagle", "Naggle"),
    ],
)
def test_a_typo_just_over_the_threshold_passes(expected: str, typed: str) -> None:
    result = grade_typed(typed, [expected])
    assert result.match is Match.FUZZY
    assert FUZZY_THRESHOLD <= result.similarity < 92
