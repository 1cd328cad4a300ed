"""Rule open_questions: interview questions, linked to the section that answers them."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.notes import CardKind, read_note

from ..helpers import note


def test_a_link_to_a_heading_names_the_answering_section() -> None:
    doc = note(
        """
        # UDP

        ### UDP는 언제 쓰나?
        지연이 손실보다 나쁠 때: 실시간 음성, 게임, DNS.

        ## 질문
        1. UDP는 어떤 상황에서 쓰나요? ([답](#udp는-언제-쓰나))
        2. Why would a game prefer UDP? ([answer](#udp는-언제-쓰나))
        """
    )
    first, second = [card for card in doc.cards if card.kind == CardKind.OPEN]
    assert (first.kind, first.rule, first.question) == (
        CardKind.OPEN,
        "open_questions",
        "UDP는 어떤 상황에서 쓰나요?",
    )
    assert second.question == "Why would a game prefer UDP?"
    for card in (first, second):
        assert card.extra["linked_section"]["anchor"] == "udp는-언제-쓰나"
        assert "실시간 음성" in card.answer


def test_a_link_to_a_missing_heading_falls_back_to_matching() -> None:
    doc = note("## 질문\n- 양자 컴퓨터란? ([답](#없는-절))\n")
    [card] = doc.cards
    assert card.question == "양자 컴퓨터란?" and card.extra["linked_section"] is None


def test_bundled_open_questions_reach_their_answers() -> None:
    content = Path(__file__).parents[3] / "content"
    empty = [
        (doc.path, card.question)
        for doc in (read_note(path, content) for path in sorted(content.rglob("*.md")))
        for card in doc.cards
        if card.kind == CardKind.OPEN and not card.answer.strip()
    ]
    assert len(empty) <= 3, empty  # 14 had no answer before the notes linked them


@pytest.mark.parametrize(
    "text",
    [
        "**Q: 폰 노이만 병목이란?**\n\n**A:** _(답변 작성 예정)_\n",
        "### What is a write-ahead log?\n\nTODO\n",
        "<details>\n<summary>What is MVCC?</summary>\n\n(TBD)\n\n</details>\n",
        "Q. 가상 메모리를 쓰는 이유는?\nA. 작성 중...\n",
    ],
)
def test_a_placeholder_answer_leaves_the_question_open(text: str) -> None:
    """ "(답변 작성 예정)", TODO, TBD: the author has not answered yet, so the card is open
    and never teaches the placeholder as an answer."""
    [card] = note(text).cards
    assert (card.kind, card.answer) == (CardKind.OPEN, "")


@pytest.mark.parametrize(
    "text",
    [
        "### TODO 주석을 남기는 이유는?\n\nTODO 주석은 나중에 할 일을 표시한다.\n",
        "### What does TBD mean?\n\nTo be decided: the value is not chosen yet.\n",
    ],
)
def test_an_answer_that_mentions_a_placeholder_word_is_an_answer(text: str) -> None:
    """Near miss: a sentence about TODO comments is an answer, not a placeholder."""
    [card] = note(text).cards
    assert card.kind == CardKind.BASIC and card.answer


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        (
            "## Questions I still need to answer\n\n- Why is field injection discouraged?\n"
            "- What does `volatile` guarantee?\n",
            "Questions I still need to answer",
        ),
        (
            "## 아직 답하지 못한 질문\n\n- 가상 스레드는 언제 쓰나요?\n"
            "- GC 튜닝은 어떻게 하나요?\n",
            "아직 답하지 못한 질문",
        ),
        (
            "### 받았던 질문\n\n1. 인덱스를 탔는지 어떻게 확인하나요?\n2. 커버링 인덱스란?\n",
            "받았던 질문",
        ),
    ],
)
def test_headings_naming_the_readers_own_open_questions(text: str, heading: str) -> None:
    """Headings that say the questions are the reader's to answer, worded freely."""
    cards = note(text).cards
    assert len(cards) == 2
    assert all((c.kind, c.rule) == (CardKind.OPEN, "open_questions") for c in cards)
    assert cards[0].section_path[-1] == heading


@pytest.mark.parametrize(
    "text",
    [
        "## Questions I want to ask the interviewer\n\n- What does on-call look like?\n"
        "- How big is the team?\n",
        "## 회사에 물어볼 질문\n\n- 코드 리뷰는 어떻게 하나요?\n- 온콜이 있나요?\n",
    ],
)
def test_questions_the_reader_will_ask_are_no_cards(text: str) -> None:
    """Near miss: questions for the employer are the reader's to ask, not to answer."""
    assert note(text).cards == []


@pytest.mark.parametrize(
    "text",
    [
        "## Review\n\n1. What is the difference between a process and a program?\n"
        "2. Why does a TLB miss cost more than a hit?\n",
        "### 복습\n\n- 페이지 폴트가 나면 무슨 일이 일어나나요?\n- 스래싱이란?\n",
    ],
)
def test_a_review_list_of_questions_makes_open_cards(text: str) -> None:
    """`## Review` / `### 복습` over questions only: the reader's questions to answer."""
    cards = note(text).cards
    assert [(c.rule, c.kind) for c in cards] == [("open_questions", CardKind.OPEN)] * 2


def test_a_review_list_of_statements_is_no_open_cards() -> None:
    """Near miss: a `Review` list that sums up (statements) asks nothing."""
    doc = note("## Review\n\n- A process owns its memory.\n- Threads share their process's heap.\n")
    assert [c for c in doc.cards if c.kind == CardKind.OPEN] == []


def test_an_answer_label_and_a_follow_up_label_under_a_question() -> None:
    """`**답변**` only labels the answer (dropped); `**꼬리 질문**` / "Follow-up questions:"
    ends it, and the questions listed after it are open cards."""
    korean = note(
        "## 1. 프로세스와 스레드의 차이\n\n**답변**\n\n프로세스는 메모리를 따로 받는다.\n\n"
        "**꼬리 질문**\n\n- 스레드마다 스택을 두는 이유는?\n- 멀티 프로세스가 나은 경우는?\n"
    )
    assert [(c.rule, c.kind, c.question) for c in korean.cards] == [
        ("question_heading", CardKind.BASIC, "1. 프로세스와 스레드의 차이"),
        ("open_questions", CardKind.OPEN, "스레드마다 스택을 두는 이유는?"),
        ("open_questions", CardKind.OPEN, "멀티 프로세스가 나은 경우는?"),
    ]
    assert korean.cards[0].answer == "프로세스는 메모리를 따로 받는다."
    english = note(
        "## What is a deadlock?\n\n**Answer:**\n\nTwo threads wait on each other forever.\n\n"
        "Follow-up questions:\n\n- How do you detect one?\n- What is a livelock?\n"
    )
    assert [c.kind for c in english.cards] == [CardKind.BASIC, CardKind.OPEN, CardKind.OPEN]
    assert english.cards[0].answer == "Two threads wait on each other forever."


def test_a_bold_label_that_is_not_about_questions_stays_in_the_answer() -> None:
    """Near miss: `**예시**` + a list is part of the answer, not a question list."""
    doc = note("## 캐시란?\n\n자주 쓰는 데이터를 가까이 둔다.\n\n**예시**\n\n- CPU 캐시\n- CDN\n")
    [card] = doc.cards
    assert "CDN" in card.answer
