"""Rule 2: `TERM: definition` lists make definition cards (and reversed ones on request)."""

from __future__ import annotations

from quizapp.notes import CardKind
from quizapp.notes.definitions import split_definition

from .helpers import note, of_kind


def test_split_happens_at_the_first_colon_outside_parentheses() -> None:
    assert split_definition("RST(reset : 재설정): 연결을 즉시 끊는 비트") == (
        "RST(reset : 재설정)",
        "연결을 즉시 끊는 비트",
    )


def test_bold_terms_in_both_styles() -> None:
    assert split_definition("**MSS**: 세그먼트 최대 크기") == ("MSS", "세그먼트 최대 크기")
    assert split_definition("**MSS:** 세그먼트 최대 크기") == ("MSS", "세그먼트 최대 크기")


def test_colons_in_times_urls_and_shortcodes_do_not_split() -> None:
    assert split_definition("회의는 10:30 시작") is None
    assert split_definition("출처: https://example.com/a") is None
    assert split_definition(":bulb: 팁") is None


def test_a_list_of_two_or_more_definitions_makes_definition_cards() -> None:
    doc = note(
        """
        - **RTT**: 왕복 시간
        - RTO(retransmission timeout): 재전송까지 기다리는 시간
        """
    )
    cards = of_kind(doc, CardKind.DEFINITION)
    assert [(c.question, c.answer) for c in cards] == [
        ("RTT", "왕복 시간"),
        ("RTO(retransmission timeout)", "재전송까지 기다리는 시간"),
    ]
    assert [c.extra["term"] for c in cards] == ["RTT", "RTO(retransmission timeout)"]


def test_a_single_definition_item_is_body() -> None:
    assert note("- RTT: 왕복 시간\n").cards == []


def test_a_list_with_a_plain_item_is_not_a_definition_list() -> None:
    assert note("- RTT: 왕복 시간\n- 그냥 메모\n").cards == []


def test_front_matter_reverse_adds_reversed_cards() -> None:
    doc = note("---\nreverse: true\n---\n- RTT: 왕복 시간\n- MSS: 최대 세그먼트 크기\n")
    reverse = of_kind(doc, CardKind.REVERSE)
    assert [(c.question, c.answer) for c in reverse] == [
        ("왕복 시간", "RTT"),
        ("최대 세그먼트 크기", "MSS"),
    ]
    assert [c.line for c in reverse] == [4, 5]


def test_reverse_annotation_adds_reversed_cards_for_one_list() -> None:
    doc = note(
        """
        <!-- quizapp: reverse -->
        - RTT: 왕복 시간
        - MSS: 최대 세그먼트 크기

        플래그:

        - SYN: 연결 요청
        - FIN: 연결 종료
        """
    )
    assert len(of_kind(doc, CardKind.DEFINITION)) == 4
    assert [c.answer for c in of_kind(doc, CardKind.REVERSE)] == ["RTT", "MSS"]
    assert doc.problems == []
