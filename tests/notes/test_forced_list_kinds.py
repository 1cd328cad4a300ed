"""`kind=reverse` and `kind=ordering` on a list make just that card, with the annotation's id.

The Markdown export relies on both to write any card back with its own id.
"""

from __future__ import annotations

from quizapp.notes import CardKind

from .helpers import note


def test_kind_reverse_makes_only_the_reversed_card_with_its_own_id() -> None:
    doc = note(
        """
        <!-- quizapp: id=syn-reverse kind=reverse -->
        - SYN: 연결을 시작할 때 보내는 플래그
        """
    )
    assert [(c.kind, c.question, c.answer, c.explicit_id) for c in doc.cards] == [
        (CardKind.REVERSE, "연결을 시작할 때 보내는 플래그", "SYN", "syn-reverse")
    ]
    assert not doc.problems


def test_kind_ordering_on_steps_that_look_like_definitions_makes_no_definitions() -> None:
    doc = note(
        """
        ## 연결 종료

        <!-- quizapp: id=close-steps kind=ordering -->
        1. FIN: 클라이언트가 먼저 보낸다
        2. ACK: 서버가 받았다고 알린다
        3. FIN: 서버도 닫는다
        """
    )
    assert [(c.kind, c.explicit_id) for c in doc.cards] == [(CardKind.ORDERING, "close-steps")]


def test_without_kind_the_same_steps_also_make_definitions() -> None:
    doc = note(
        """
        ## 연결 종료

        1. FIN: 클라이언트가 먼저 보낸다
        2. ACK: 서버가 받았다고 알린다
        3. FIN: 서버도 닫는다
        """
    )
    assert sorted({c.kind for c in doc.cards}) == [CardKind.DEFINITION, CardKind.ORDERING]
