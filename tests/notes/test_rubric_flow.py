"""Rubric bodies and flow annotations become card data the quiz reads (syntax only)."""

from __future__ import annotations

from quizapp.notes import CardKind
from quizapp.notes.rubric import FlowLink, Rubric, parse_steps

from .helpers import note


def test_rubric_points_with_synonyms_and_flow_links() -> None:
    doc = note(
        """
        <!-- quizapp rubric scenario=half-close pass=1
        - 서버에 보낼 데이터가 남아 있다 | the server has data left to send
          ko: 남은 데이터, 보낼 데이터
          en: data left, remaining data
          step: 15-18
        - 방향마다 따로 닫는다 | each direction closes on its own
          query: segments server in CLOSE_WAIT @ four-way-close
        -->
        #### Q. 종료가 네 단계인 이유는?
        반쪽 닫기 때문.
        """
    )
    [card] = doc.cards
    rubric = Rubric.from_json(card.extra["rubric"])
    data_left, directions = rubric.points
    assert (data_left.ko, data_left.en) == (
        "서버에 보낼 데이터가 남아 있다",
        "the server has data left to send",
    )
    assert data_left.synonyms == ("남은 데이터", "보낼 데이터", "data left", "remaining data")
    assert data_left.row == 0  # lines within the body: they survive a move to another file
    # A point with no word lists is recognised by its own wording.
    assert directions.synonyms == ("방향마다 따로 닫는다", "each direction closes on its own")
    assert rubric.needed == 1
    assert [(p.ko[:2], link) for p, link in rubric.links()] == [
        ("서버", FlowLink("half-close", steps=(15, 16, 17, 18), row=3)),
        ("방향", FlowLink("four-way-close", query="segments server in CLOSE_WAIT", row=5)),
    ]
    assert doc.problems == []


def test_rubric_without_pass_needs_half_of_its_points() -> None:
    doc = note(
        """
        <!-- quizapp rubric
        - 하나 | one
        - 둘 | two
        - 셋 | three
        -->
        Q. 왜?
        A. 그래서.
        """
    )
    assert Rubric.from_json(doc.cards[0].extra["rubric"]).needed == 2


def test_rubric_mistakes_are_reported_on_their_own_lines() -> None:
    doc = note(
        """
        # T

        <!-- quizapp rubric pass=many

        ko: 점 밖의 줄
        - 요점 | point
          step: seven
          color: red
        -
        -->
        #### Q. 왜?
        그래서.
        """
    )
    messages = {(p.line, p.message.split(" ")[0]) for p in doc.problems}
    assert messages == {
        (3, "pass="),
        (5, "rubric"),
        (7, "step:"),
        (8, "unknown"),
        (9, "rubric"),
    }


def test_flow_annotation_with_a_query_makes_a_flow_card_without_an_answer() -> None:
    doc = note(
        """
        ## 시뮬레이터로 확인하기

        - Q. 서버가 FIN을 받은 직후 상태는? <!-- quizapp flow scenario=four-way-close query="state server after-recv FIN" -->
        - Q. 마지막 ACK를 보낸 클라이언트는? <!-- quizapp flow scenario=four-way-close query="state client after-recv FIN" -->

        <!-- quizapp flow scenario=four-way-close query="time-in client TIME_WAIT" -->
        #### Q. TIME_WAIT는 얼마나 유지되나?
        """  # noqa: E501
    )
    first, second, third = doc.cards
    assert {card.kind for card in doc.cards} == {CardKind.FLOW}
    assert (first.extra["scenario"], first.extra["query"]) == (
        "four-way-close",
        "state server after-recv FIN",
    )
    assert first.answer == "" and second.line == 4
    assert third.extra["query"] == "time-in client TIME_WAIT"
    # A flow question is never linked to a section: its answer comes from the simulator.
    assert "linked_section" not in third.extra
    assert doc.problems == []


def test_flow_link_without_a_query_keeps_the_card_kind() -> None:
    doc = note(
        """
        ### 4-way handshake

        <!-- quizapp flow scenario=four-way-close step=6-12 -->
        1. 클라이언트가 FIN을 보낸다.
        2. 서버가 ACK를 보낸다.
        3. 서버가 FIN을 보낸다.
        """
    )
    [card] = doc.cards
    assert card.kind == CardKind.ORDERING
    assert card.extra["scenario"] == "four-way-close"
    assert card.extra["flow_steps"] == [6, 7, 8, 9, 10, 11, 12]
    assert doc.problems == []


def test_flow_annotation_mistakes_are_reported() -> None:
    doc = note(
        """
        <!-- quizapp flow query="state server at-end" step=x -->
        #### Q. 끝난 뒤 서버 상태는?

        <!-- quizapp flow scenario=four-way-close query="states client" -->
        - SYN: 연결 요청
        - FIN: 연결 종료
        """
    )
    assert [(p.line, p.message[:25]) for p in doc.problems] == [
        (1, "flow annotation needs sce"),
        (1, "step= expects numbers lik"),
        (4, "a flow query= needs a que"),
    ]
    assert [card.kind for card in doc.cards] == [
        CardKind.FLOW,
        CardKind.DEFINITION,
        CardKind.DEFINITION,
    ]


def test_step_lists() -> None:
    assert parse_steps("7") == (7,)
    assert parse_steps("7, 9-10") == (7, 9, 10)
    assert parse_steps("3-1") is None
    assert parse_steps("0") is None
    assert parse_steps("1-5000") is None
