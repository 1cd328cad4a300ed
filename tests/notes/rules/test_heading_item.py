"""Rule heading_item: a list item starting with a heading is a card for that heading (shape 12)."""

from __future__ import annotations

from quizapp.notes import CardKind

from ..helpers import note


def test_korean_and_english_heading_items() -> None:
    doc = note(
        """
        ## 격리 수준

        1. ##### Read Uncommitted
           다른 트랜잭션이 커밋하지 않은 데이터도 읽는다.
        2. ##### Serializable
           Transactions behave as if they ran one after another.
        """
    )
    assert [(c.rule, c.kind, c.question, c.line) for c in doc.cards] == [
        ("heading_item", CardKind.BASIC, "Read Uncommitted", 3),
        ("heading_item", CardKind.BASIC, "Serializable", 5),
    ]
    assert doc.cards[0].answer == "다른 트랜잭션이 커밋하지 않은 데이터도 읽는다."


def test_a_marked_heading_item_drops_its_markers() -> None:
    [card] = note("- ### Q. 뮤텍스란?\n  A. 한 번에 한 스레드만 들어가게 하는 잠금\n").cards
    assert (card.question, card.answer) == ("뮤텍스란?", "한 번에 한 스레드만 들어가게 하는 잠금")


def test_near_misses_heading_items_with_nothing_under_them() -> None:
    doc = note("## Levels\n\n- ### Read Committed\n- ### 직렬화 가능\n")
    assert [c for c in doc.cards if c.rule == "heading_item"] == []
    assert any("has nothing under it" in u.reason for u in doc.unclaimed)
