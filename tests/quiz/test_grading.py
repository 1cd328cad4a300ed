"""Typed answers: folding, particles, fuzzy matching, diffs; orderings with partial credit."""

from __future__ import annotations

import pytest

from quizapp.quiz.fold import fold
from quizapp.quiz.grading import (
    FUZZY_THRESHOLD,
    Diff,
    Match,
    char_diff,
    grade_ordering,
    grade_typed,
)

# (expected, typed, right?) — Korean and English, TCP spellings, particles, near misses.
FOLDING_CASES = [
    # TCP state spellings
    ("FIN_WAIT_1", "FIN-WAIT-1", True),
    ("FIN_WAIT_1", "fin wait 1", True),
    ("FIN_WAIT_1", "FinWait1", True),
    ("FIN_WAIT_1", "ＦＩＮ＿ＷＡＩＴ＿１", True),
    ("FIN_WAIT_1", "FIN_WAIT_2", False),
    ("FIN_WAIT_2", "fin-wait-two", True),
    ("SYN_RECEIVED", "SYN-RCVD", True),
    ("SYN_RECEIVED", "syn_recv", True),
    ("SYN_RECEIVED", "SYN_SENT", False),
    ("TIME_WAIT", "time wait", True),
    ("TIME_WAIT", "`TIME_WAIT`", True),
    ("TIME_WAIT", "**TIME-WAIT**", True),
    ("ESTABLISHED", "estab", True),
    ("LAST_ACK", "last-ack", True),
    ("CLOSED", "CLOSING", False),
    # flags
    ("SYN+ACK", "SYN/ACK", True),
    ("SYN+ACK", "syn ack", True),
    ("SYN+ACK", "SYNACK", True),
    ("SYN+ACK", "ACK+SYN", True),
    ("SYN+ACK", "SYN", False),
    ("FIN+ACK", "fin/ack", True),
    ("FIN, ACK", "FIN+ACK", False),
    ("RST", "rst", True),
    # Korean particles and endings
    ("CLOSE_WAIT", "CLOSE_WAIT 상태로", True),
    ("CLOSE_WAIT", "close-wait 상태가 된다", True),
    ("CLOSE_WAIT", "CLOSE_WAIT이다", True),
    ("CLOSE_WAIT", "CLOSE_WAIT입니다.", True),
    ("CLOSE_WAIT", "LAST_ACK 상태로", False),
    ("TIME_WAIT", "the TIME_WAIT state", True),
    ("혼잡 제어", "혼잡제어", True),
    ("혼잡 제어", "혼잡 제어를", True),
    ("혼잡 제어", "흐름 제어", False),
    ("먼저 연결을 끊은 쪽", "먼저 연결을 끊은 쪽이", True),
    ("accept 큐", "accept큐에", True),
    ("SYN 큐", "accept 큐", False),
    ("2분", "2 분", True),
    ("2분", "3분", False),
    ("1", "１", True),
    ("4-tuple", "4 tuple", True),
    ("4-tuple", "5-tuple", False),
    # English spacing, case, punctuation, fuzzy typos
    ("congestion window", "Congestion-Window", True),
    ("congestion window", "congetion window", True),
    ("Karn's algorithm", "karns algorithm", True),
    ("persistent connection", "persistant connection", True),
    ("cwnd", "rwnd", False),
    ("TCP", "UDP", False),
    ("slow start", "fast retransmit", False),
    # never a pass for nothing
    ("CLOSE_WAIT", "", False),
    ("CLOSE_WAIT", "   ", False),
    ("CLOSE_WAIT", "상태", False),
]


@pytest.mark.parametrize(("expected", "typed", "right"), FOLDING_CASES)
def test_folding_table(expected: str, typed: str, right: bool) -> None:
    assert grade_typed(typed, [expected]).correct is right


def test_an_answer_right_for_one_row_is_wrong_for_every_other_expected_answer() -> None:
    """Folding must not make distinct answers equal: each typed spelling the table accepts
    is graded against every other expected answer of the table (over 800 near misses, such
    as `FIN-WAIT-1` for FIN_WAIT_2 or `혼잡제어` for 흐름 제어)."""
    expected = {answer for answer, _, _ in FOLDING_CASES}
    accepted_elsewhere = [
        (typed, other)
        for answer, typed, right in FOLDING_CASES
        if right
        for other in sorted(expected - {answer})
        if grade_typed(typed, [other]).correct
    ]
    assert accepted_elsewhere == []


def test_fuzzy_pass_reports_its_similarity_and_threshold() -> None:
    result = grade_typed("congetion window", ["congestion window"])
    assert result.match is Match.FUZZY
    assert result.threshold == FUZZY_THRESHOLD
    assert FUZZY_THRESHOLD <= result.similarity < 100


def test_states_never_pass_by_similarity() -> None:
    result = grade_typed("FIN_WAIT_2", ["FIN_WAIT_1"])
    assert result.match is Match.WRONG
    assert result.threshold is None  # similarity could not decide


def test_long_answers_are_not_graded_by_similarity() -> None:
    expected = "서버에 아직 보낼 데이터가 남아 있을 수 있기 때문이다"
    result = grade_typed("서버에 아직 보낼 데이터가 남아 있을 수 있기 때문이지", [expected])
    assert not result.correct and result.threshold is None


def test_empty_answer_is_never_a_pass() -> None:
    assert grade_typed("", ["상태"]).match is Match.EMPTY
    assert grade_typed("  .  ", ["x"]).match is Match.EMPTY


def test_any_accepted_answer_counts_and_the_closest_is_reported() -> None:
    result = grade_typed("SYN", ["SYN(synchronize sequence numbers)", "SYN"])
    assert result.correct and result.expected == "SYN"


def test_folding_keeps_particles_that_are_part_of_a_word() -> None:
    # `차이` ends like the particle `이` but is a word of two syllables.
    assert fold("차이").key == "차이"
    assert fold("데이터가").key == "데이터"


def test_wrong_typed_answer_diff_shows_extra_and_missing_characters() -> None:
    parts = char_diff("SYN_SNET", "SYN_SENT")
    assert "".join(p.text for p in parts if p.kind is not Diff.MISSING) == "SYN_SNET"
    assert "".join(p.text for p in parts if p.kind is not Diff.EXTRA) == "SYN_SENT"
    assert {p.kind for p in parts} == {Diff.SAME, Diff.EXTRA, Diff.MISSING}


def test_diff_of_a_korean_answer_uses_the_plain_expected_text() -> None:
    parts = char_diff("흐름 제어", "**혼잡 제어**")
    assert "".join(p.text for p in parts if p.kind is not Diff.EXTRA) == "혼잡 제어"
    assert parts[-1] == type(parts[-1])(Diff.SAME, " 제어")


@pytest.mark.parametrize(
    ("given", "run", "score"),
    [
        (["a", "b", "c", "d"], 4, 1.0),
        (["b", "c", "d", "a"], 3, 2 / 3),
        (["a", "b", "d", "c"], 2, 1 / 3),
        (["d", "c", "b", "a"], 1, 0.0),
    ],
)
def test_ordering_credit_is_the_longest_run_in_the_right_order(given, run, score) -> None:
    result = grade_ordering(given, ["a", "b", "c", "d"])
    assert (result.run, result.score) == (run, pytest.approx(score))
    assert result.correct is (run == 4)


def test_ordering_with_repeated_steps_compares_their_text() -> None:
    assert grade_ordering(["FIN", "ACK", "FIN", "ACK"], ["FIN", "ACK", "FIN", "ACK"]).correct


def test_ordering_must_use_the_questions_steps() -> None:
    with pytest.raises(ValueError):
        grade_ordering(["a", "b"], ["a", "c"])
