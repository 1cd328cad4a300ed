"""Rule label_list: a list under an aspect heading is one card; label/arrow lists too (shape 6)."""

from __future__ import annotations

from quizapp.notes import CardKind

from ..helpers import note


def test_aspect_heading_is_asked_under_its_parent() -> None:
    doc = note("## Deadlock\n\n### Conditions\n- Mutual exclusion\n- Hold and wait\n")
    [card] = doc.cards
    assert (card.rule, card.kind, card.question) == (
        "label_list",
        CardKind.BASIC,
        "Deadlock — Conditions",
    )
    assert card.answer == "- Mutual exclusion\n- Hold and wait"


def test_korean_pros_and_cons_and_arrow_lists_make_one_card_each() -> None:
    doc = note(
        """
        ## 멀티 스레드의 장단점
        - 장점: 문맥 교환 비용이 작다
        - 단점: 동기화 문제가 생긴다

        ## OSI 계층과 PDU
        - 전송 계층 -> 세그먼트
        - 네트워크 계층 -> 패킷
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("label_list", "멀티 스레드의 장단점"),
        ("label_list", "OSI 계층과 PDU"),
    ]


def test_near_misses_table_of_contents_links_and_plain_topics() -> None:
    doc = note(
        """
        ## 목차
        - [프로세스](#프로세스)
        - [스레드](#스레드)

        ## 오늘 할 일
        - 빨래
        - 장보기
        """
    )
    assert doc.cards == []


def test_english_near_misses_contents_and_plain_topics() -> None:
    doc = note(
        """
        ## Contents
        - [Processes](#processes)
        - [Threads](#threads)

        ## Weekend plans
        - laundry
        - groceries
        """
    )
    assert doc.cards == []
