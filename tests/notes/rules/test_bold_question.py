"""Rule bold_question: a paragraph that is only a bold question, answered by what follows."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from ..helpers import note


def test_korean_and_english_bold_questions() -> None:
    doc = note(
        """
        ## 자바

        | 클래스 | 가변성 |
        |---|---|
        | String | 불변 |
        | StringBuilder | 가변 |

        **equals와 hashCode를 함께 재정의하는 이유는?**

        해시 컬렉션은 hashCode로 버킷을 찾고 equals로 비교하기 때문이다.

        __Why is HTTP stateless?__

        Each request carries everything the server needs.

        - Cookies add state on top.
        """
    )
    cards = [c for c in doc.cards if c.rule == "bold_question"]
    assert [(c.kind, c.question, c.line) for c in cards] == [
        (CardKind.BASIC, "equals와 hashCode를 함께 재정의하는 이유는?", 8),
        (CardKind.BASIC, "Why is HTTP stateless?", 12),
    ]
    assert cards[0].answer == "해시 컬렉션은 hashCode로 버킷을 찾고 equals로 비교하기 때문이다."
    assert cards[1].answer.endswith("- Cookies add state on top.")


def test_a_bold_question_ends_the_answer_of_the_question_heading_above() -> None:
    doc = note("### Q1. JVM이란?\n\n자바 가상 머신.\n\n**GC는 언제 도나?**\n\nEden이 차면.\n")
    assert [(c.question, c.answer) for c in doc.cards] == [
        ("JVM이란?", "자바 가상 머신."),
        ("GC는 언제 도나?", "Eden이 차면."),
    ]


def test_a_bold_question_with_nothing_before_the_next_heading_is_open() -> None:
    [card] = note("## Notes\n\n**What is NAT?**\n\n## Next\n").cards
    assert (card.kind, card.question) == (CardKind.OPEN, "What is NAT?")


@pytest.mark.parametrize(
    "text",
    [
        "**왜 그럴까?** 그 이유는 버퍼가 가득 찼기 때문이다.\n",  # prose
        "**Important:** read the RFC first.\n\nIt is long.\n",  # bold, but no question
        "긴 문단 속의 **강조된 질문?**\n다음 줄.\n",  # the bold question is not the first line
    ],
)
def test_near_misses_are_not_bold_questions(text: str) -> None:
    assert [c for c in note(text).cards if c.rule == "bold_question"] == []


@pytest.mark.parametrize(
    ("text", "question", "answer"),
    [
        (
            "## 해시 테이블\n\n**해시 테이블이란?**\n키를 해시 함수로 바꾼 값을 인덱스로 쓰는 "
            "자료구조입니다.\n",
            "해시 테이블이란?",
            "키를 해시 함수로",
        ),
        (
            "## Caches\n\n**Why use a CDN?**\nEdge servers sit close to users.\n\n"
            "They also offload the origin.\n",
            "Why use a CDN?",
            "Edge servers",
        ),
    ],
)
def test_the_answer_may_start_on_the_next_line(text: str, question: str, answer: str) -> None:
    """A bold question line with its answer on the next line of the same paragraph is one
    card, and the heading above it takes no definition from that paragraph."""
    [card] = note(text).cards
    assert (card.rule, card.kind, card.question) == ("bold_question", CardKind.BASIC, question)
    assert card.answer.startswith(answer)


def test_an_answer_in_its_own_paragraph_ends_at_the_next_bold_line() -> None:
    doc = note(
        "## 해시 테이블\n\n**해시 테이블이란?**\n키를 해시 함수로 바꾼 값을 인덱스로 쓴다.\n\n"
        "**해시 충돌 해결 방법**\n- 체이닝: 연결 리스트로 잇는다\n- 개방 주소법: 빈 버킷에 둔다\n"
    )
    first = doc.cards[0]
    assert first.rule == "bold_question" and "체이닝" not in first.answer
    assert "해시 충돌 해결 방법" in [card.question for card in doc.cards]
