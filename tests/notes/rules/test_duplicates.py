"""Duplicates (shape 14): the same question twice in a note is made once and reported."""

from __future__ import annotations

from quizapp.notes import Severity

from ..helpers import note


def test_a_repeated_question_is_made_once_and_reported() -> None:
    doc = note("Q. TCP란?\nA. 연결형 프로토콜\n\nQ. TCP란?\nA. 전송 계층 프로토콜\n")
    [card] = doc.cards
    assert card.answer == "연결형 프로토콜" and doc.duplicates == 1
    [problem] = doc.problems
    assert (problem.line, problem.severity) == (4, Severity.WARNING)
    assert "duplicate of the card at line 1" in problem.message


def test_cards_with_id_annotations_are_never_dropped_as_duplicates() -> None:
    doc = note(
        "<!-- quizapp: id=a -->\nQ. TCP란?\nA. 하나\n\n<!-- quizapp: id=b -->\nQ. TCP란?\nA. 둘\n"
    )
    assert [card.explicit_id for card in doc.cards] == ["a", "b"] and doc.duplicates == 0
