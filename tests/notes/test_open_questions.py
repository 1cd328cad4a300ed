"""Rule 4: question lists under a `질문` heading become open cards linked to a section."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.notes import CardKind, read_note
from quizapp.notes.text import is_question_list_heading

from .helpers import note, of_kind

NOTE = """
# 흐름 제어와 혼잡 제어

## 슬라이딩 윈도 (흐름 제어)
수신 측이 알려 준 윈도만큼만 보낸다.

## 혼잡 제어 알고리즘
슬로 스타트, 혼잡 회피, 빠른 재전송.

## 4 way handshake
종료 과정.

## 면접 질문
- 슬라이딩윈도에 대해 설명해 주세요
- 혼잡제어 알고리즘은 무엇인가요?
- 4way handshake를 설명하세요
- 양자 암호의 미래는?
"""


@pytest.mark.parametrize(
    "title",
    [
        "질문",
        "면접 질문",
        "예상 질문",
        "### 예상 면접 질문",
        "Questions",
        "Interview questions",
        "Questions to review",
    ],
)
def test_question_list_headings_are_recognised(title: str) -> None:
    assert is_question_list_heading(title)


@pytest.mark.parametrize(
    "title", ["회사에 할 질문", "질문하는 법", "Asking questions well", "Questions to ask them"]
)
def test_other_headings_are_not_question_lists(title: str) -> None:
    assert not is_question_list_heading(title)


def test_each_item_becomes_an_open_card() -> None:
    cards = of_kind(note(NOTE), CardKind.OPEN)
    assert [card.line for card in cards] == [13, 14, 15, 16]
    assert all(card.section_path[-1] == "면접 질문" for card in cards)


def test_links_ignore_spacing_and_boilerplate() -> None:
    cards = of_kind(note(NOTE), CardKind.OPEN)
    titles = [(card.extra["linked_section"] or {}).get("title") for card in cards]
    assert titles[:3] == ["슬라이딩 윈도 (흐름 제어)", "혼잡 제어 알고리즘", "4 way handshake"]
    assert cards[0].answer.startswith("## 슬라이딩 윈도 (흐름 제어)")
    assert cards[0].extra["linked_section"]["anchor"] == "슬라이딩-윈도-흐름-제어"


def test_a_question_with_no_good_section_is_self_graded() -> None:
    last = of_kind(note(NOTE), CardKind.OPEN)[-1]
    assert last.extra["linked_section"] is None
    assert last.answer == ""


def test_the_numbers_in_3way_and_4way_decide_the_link() -> None:
    doc = note(
        """
        ## 3 way handshake (연결)
        열기.

        ## 4 way handshake (종료)
        닫기.

        ## 질문
        1. 4way handshake과정에 대해 설명하세요
        2. 3way handshake과정에 대해 설명하세요
        """
    )
    titles = [c.extra["linked_section"]["title"] for c in of_kind(doc, CardKind.OPEN)]
    assert titles == ["4 way handshake (종료)", "3 way handshake (연결)"]


@pytest.mark.parametrize(
    ("section", "question", "linked"),
    [
        ("Explain the static keyword", "What is the volatile keyword?", False),
        ("Explain the static keyword", "What is the static keyword used for?", True),
        ("프로세스 동기화", "프로세스 스케줄링이란?", False),
        ("프로세스 동기화", "프로세스 동기화가 필요한 이유는?", True),
    ],
)
def test_a_section_sharing_only_half_the_question_is_no_answer(
    section: str, question: str, linked: bool
) -> None:
    """The static keyword's section does not answer "volatile keyword", nor 동기화 스케줄링:
    a link needs the section to hold more than half of the question's words."""
    doc = note(
        f"""
        ## {section}
        A `static` member belongs to the class, shared by every object (모든 객체가 공유).

        ## 질문
        - {question}
        """
    )
    [card] = of_kind(doc, CardKind.OPEN)
    assert (card.extra["linked_section"] or {}).get("title") == (section if linked else None)


def test_an_item_with_its_own_answer_keeps_it() -> None:
    doc = note("## 질문\n- TIME_WAIT는 왜 필요한가\n  - 늦은 세그먼트를 흘려보내려고\n")
    [card] = doc.cards
    assert card.kind == CardKind.OPEN
    assert card.answer == "- 늦은 세그먼트를 흘려보내려고"


def test_english_questions_heading() -> None:
    doc = note("## Retransmission\nTimers.\n\n## Interview questions\n- Explain retransmission\n")
    [card] = doc.cards
    assert card.extra["linked_section"]["title"] == "Retransmission"


def test_a_linked_section_ending_in_a_list_answers_with_the_list() -> None:
    """A list's span ends on the blank line after it: the list is still the section's body."""
    doc = note(
        """
        ## 질문 목록

        1. 데드락이 발생하는 조건은 무엇인가요?
        2. What are the conditions for a deadlock?

        ## 정리

        ### 데드락의 조건

        - 상호 배제
        - 점유 대기

        ### Deadlock conditions

        - Mutual exclusion
        - Hold and wait

        ## 참고
        """
    )
    opened = [card for card in doc.cards if card.kind == CardKind.OPEN]
    assert [card.answer.split("\n\n")[-1] for card in opened] == [
        "- 상호 배제\n- 점유 대기",
        "- Mutual exclusion\n- Hold and wait",
    ]


def test_every_open_question_of_the_bundled_notes_links_to_an_answer() -> None:
    """Issue 10: the bundled notes' open questions link to the section that answers them
    (by wording, or by an explicit `([답](#anchor))` where the wording differs), and the
    linked answer is more than the section's heading."""
    content = Path(__file__).parents[2] / "content"
    opened = [
        (path.name, card)
        for path in sorted(content.rglob("*.md"))
        for card in read_note(path, content).cards
        if card.kind == CardKind.OPEN
    ]
    assert len(opened) >= 40
    for name, card in opened:
        assert card.extra.get("linked_section"), (name, card.question)
        assert len(card.answer.strip().splitlines()) > 1, (name, card.question, card.answer)
