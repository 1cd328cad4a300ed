"""Rule 3: an ordered list of three or more steps under a heading makes an ordering card."""

from __future__ import annotations

from quizapp.notes import CardKind
from quizapp.notes.parser import ORDERING_PROMPT

from .helpers import note, of_kind


def test_numbered_steps_under_a_heading_make_an_ordering_card() -> None:
    doc = note(
        """
        ### - 슬로 스타트
        1. 혼잡 윈도를 1 MSS로 시작한다
        2. ACK마다 윈도를 늘린다
        3. 임계값에 닿으면 혼잡 회피로 바꾼다
        """
    )
    [card] = doc.cards
    assert card.kind == CardKind.ORDERING
    assert card.question == f"슬로 스타트 — {ORDERING_PROMPT}"
    assert card.extra["steps"] == [
        "혼잡 윈도를 1 MSS로 시작한다",
        "ACK마다 윈도를 늘린다",
        "임계값에 닿으면 혼잡 회피로 바꾼다",
    ]
    assert card.answer.splitlines() == [f"{n}. {s}" for n, s in enumerate(card.extra["steps"], 1)]
    assert (card.line, card.section_path) == (2, ("슬로 스타트",))


def test_two_steps_are_not_a_procedure() -> None:
    assert note("### 과정\n1. 하나\n2. 둘\n").cards == []


def test_a_numbered_list_without_a_heading_is_not_a_procedure() -> None:
    assert note("1. 하나\n2. 둘\n3. 셋\n").cards == []


def test_a_numbered_list_of_questions_is_not_a_procedure() -> None:
    assert note("### 생각해 볼 것\n1. 왜?\n2. 어떻게?\n3. 언제?\n").cards == []


def test_two_procedures_in_one_section_get_distinct_questions() -> None:
    """The second list starts again at 1: a second procedure (one that goes on at 4. after
    the paragraph is the same procedure, see rules/test_ordering.py)."""
    doc = note("### 과정\n1. a\n2. b\n3. c\n\n문단\n\n1. d\n2. e\n3. f\n")
    first, second = of_kind(doc, CardKind.ORDERING)
    assert first.question != second.question
    assert second.question.endswith("(2)")


def test_steps_keep_inline_markdown() -> None:
    doc = note("### 열기\n1. **SYN** 전송\n2. `SYN+ACK` 응답\n3. [ACK](#ack) 전송\n")
    assert doc.cards[0].extra["steps"] == ["**SYN** 전송", "`SYN+ACK` 응답", "[ACK](#ack) 전송"]
