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


def test_english_repeats_across_forms_are_made_once() -> None:
    doc = note(
        "### Why TIME_WAIT?\nOld segments expire.\n\n"
        "Q. **Why TIME_WAIT**\nA. The last ACK may be lost.\n"
    )
    [card] = doc.cards
    assert (card.answer, doc.duplicates) == ("Old segments expire.", 1)


def test_near_misses_similar_but_different_questions_and_clozes_are_kept() -> None:
    doc = note(
        "Q. TCP란?\nA. 연결형\n\nQ. UDP란?\nA. 비연결형\n\n## 빈칸\n\n"
        "TCP는 ==연결형==이다.\n\nTCP는 ==연결형==이다.\n"
    )
    assert doc.duplicates == 0 and len(doc.cards) == 4
