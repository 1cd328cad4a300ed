"""Annotations: ids, tags, flags, forced kinds, multi-line bodies, and their problems."""

from __future__ import annotations

from quizapp.notes import CardKind, Severity
from quizapp.notes.annotations import may_hold_annotations

from .helpers import note, of_kind


def test_id_and_tags_before_a_question_heading() -> None:
    doc = note(
        """
        <!-- quizapp: id=tcp-why-4way tags=tcp,close -->
        #### Q. 종료는 왜 네 번 주고받나?
        양쪽 방향을 따로 닫기 때문이다.
        """
    )
    [card] = doc.cards
    assert card.explicit_id == "tcp-why-4way"
    assert card.tags == ("tcp", "close")
    assert card.line == 2
    assert doc.problems == []


def test_annotation_at_the_end_of_a_heading_or_item_line() -> None:
    doc = note(
        """
        #### Q. MSS란? <!-- quizapp: id=mss -->
        최대 세그먼트 크기.

        #### 용어
        - RTT: 왕복 시간 <!-- quizapp: id=rtt tags=timer -->
        - RTO: 재전송 대기 시간
        """
    )
    basic, rtt, rto = doc.cards
    assert (basic.question, basic.explicit_id) == ("MSS란?", "mss")
    assert (rtt.question, rtt.answer, rtt.explicit_id, rtt.tags) == (
        "RTT",
        "왕복 시간",
        "rtt",
        ("timer",),
    )
    assert rto.explicit_id is None


def test_id_on_a_block_with_several_cards_is_numbered() -> None:
    doc = note(
        """
        <!-- quizapp: id=flags reverse -->
        - SYN: 연결 요청
        - FIN: 연결 종료
        """
    )
    assert [card.explicit_id for card in doc.cards] == [
        "flags-1",
        "flags-1-reverse",
        "flags-2",
        "flags-2-reverse",
    ]


def test_skip_before_a_list_makes_no_cards() -> None:
    doc = note("<!-- quizapp: skip -->\n- SYN: 연결 요청\n- FIN: 연결 종료\n")
    assert doc.cards == []
    assert doc.problems == []


def test_skip_before_a_heading_skips_its_whole_section() -> None:
    doc = note(
        """
        <!-- quizapp: skip -->
        ## 아직 정리 중
        #### Q. 숨길 질문
        설명.

        ## 정리됨
        #### Q. 보일 질문
        설명.
        """
    )
    assert [card.question for card in doc.cards] == ["보일 질문"]


def test_kind_open_turns_a_question_into_an_interview_question() -> None:
    doc = note("<!-- quizapp: kind=open -->\n#### Q. 흐름 제어를 설명하세요\n모범 답안.\n")
    [card] = doc.cards
    assert (card.kind, card.answer) == (CardKind.OPEN, "모범 답안.")


def test_kind_basic_makes_any_heading_a_question() -> None:
    [card] = note("<!-- quizapp: kind=basic -->\n### Nagle 알고리즘\n작은 패킷을 모은다.\n").cards
    assert (card.kind, card.question, card.answer) == (
        CardKind.BASIC,
        "Nagle 알고리즘",
        "작은 패킷을 모은다.",
    )


def test_kind_ordering_on_a_bullet_list_and_kind_definition_on_one_item() -> None:
    doc = note(
        """
        ### 닫기
        <!-- quizapp: kind=ordering -->
        - FIN
        - ACK

        <!-- quizapp: kind=definition -->
        - MSL: 세그먼트 최대 수명
        """
    )
    assert [card.kind for card in doc.cards] == [CardKind.ORDERING, CardKind.DEFINITION]


def test_kind_that_does_not_fit_is_a_warning_and_the_block_imports_as_usual() -> None:
    doc = note("<!-- quizapp: kind=cloze -->\n#### Q. 질문\n설명.\n")
    [card] = doc.cards
    assert card.kind == CardKind.BASIC
    [problem] = doc.problems
    assert problem.line == 1 and "kind=cloze" in problem.message


def test_unknown_key_is_a_warning_with_its_line_and_the_block_still_imports() -> None:
    doc = note("# 제목\n\n<!-- quizapp: id=ok colour=red -->\n#### Q. 질문\n설명.\n")
    [card] = doc.cards
    assert card.explicit_id == "ok"
    [problem] = doc.problems
    assert (problem.line, problem.severity) == (3, Severity.WARNING)
    assert "colour" in problem.message
    assert "note.md:3: warning:" in str(problem)


def test_malformed_annotations_are_reported_and_ignored() -> None:
    doc = note(
        """
        <!-- quizapp: id="unclosed tags=a -->
        #### Q. 하나
        설명.

        <!-- quizapp: id=has space kind=nonsense -->
        #### Q. 둘
        설명.
        """
    )
    assert [card.question for card in doc.cards] == ["하나", "둘"]
    assert {problem.line for problem in doc.problems} == {1, 5}
    assert any("unbalanced quote" in p.message for p in doc.problems)
    assert any("nonsense" in p.message for p in doc.problems)


def test_an_annotation_comment_that_never_closes_does_not_swallow_the_note() -> None:
    doc = note("<!-- quizapp: id=x\n\n#### Q. 질문\n설명.\n")
    [card] = doc.cards
    assert card.question == "질문"
    [problem] = doc.problems
    assert problem.line == 1 and "never closed" in problem.message


def test_multi_line_rubric_body_is_kept_for_the_quiz() -> None:
    doc = note(
        """
        <!-- quizapp rubric
        - 서버에 보낼 데이터가 남아 있다 | data left to send
        - 방향마다 따로 닫는다 | half-close
        -->
        #### Q. 종료가 네 단계인 이유는?
        반쪽 닫기 때문.
        """
    )
    [card] = doc.cards
    assert card.extra["annotation_kind"] == "rubric"
    assert card.extra["annotation_body"] == (
        "- 서버에 보낼 데이터가 남아 있다 | data left to send\n- 방향마다 따로 닫는다 | half-close"
    )
    assert card.extra["annotation_line"] == 1
    assert "rubric" not in card.answer and "data left" not in card.answer


def test_flow_annotation_keeps_its_parameters() -> None:
    doc = note(
        """
        <!-- quizapp flow scenario=client-close query="server state after FIN" tags=tcp -->
        #### Q. FIN을 받은 서버의 상태는?
        CLOSE_WAIT
        """
    )
    [card] = doc.cards
    assert card.extra["annotation_kind"] == "flow"
    assert card.extra["annotation_params"] == {
        "scenario": "client-close",
        "query": "server state after FIN",
    }
    assert card.tags == ("tcp",)
    assert doc.problems == []


def test_fenced_annotation_block_works_like_a_comment() -> None:
    doc = note(
        """
        ```quizapp rubric id=why-close
        - 남은 데이터
        ```
        #### Q. 왜?
        설명.
        """
    )
    [card] = doc.cards
    assert card.explicit_id == "why-close"
    assert card.extra["annotation_body"] == "- 남은 데이터"


def test_annotation_before_nothing_card_worthy_is_reported() -> None:
    doc = note("<!-- quizapp: id=lost -->\n그냥 문단.\n")
    [problem] = doc.problems
    assert problem.line == 1 and "applies to no card" in problem.message


def test_the_same_id_twice_is_reported() -> None:
    doc = note(
        "<!-- quizapp: id=a -->\n#### Q. 하나\n설명.\n\n<!-- quizapp: id=a -->\n#### Q. 둘\n설명.\n"
    )
    assert [p.line for p in doc.problems] == [6]


def test_tags_on_a_heading_apply_to_every_card_in_its_section() -> None:
    doc = note(
        """
        <!-- quizapp: tags=timers -->
        ## 타이머
        - RTO: 재전송 타이머
        - TIME_WAIT: 2MSL 대기

        ## 다른 곳
        - MSL: 하나
        - ISN: 둘
        """
    )
    assert [card.tags for card in of_kind(doc, CardKind.DEFINITION)] == [
        ("timers",),
        ("timers",),
        (),
        (),
    ]


def test_annotations_never_show_in_answers_or_sections() -> None:
    doc = note(
        """
        ## 섹션
        #### Q. 질문
        답 첫 줄.

        <!-- quizapp: tags=x -->
        - 이어지는 답
        """
    )
    assert "quizapp" not in doc.cards[0].answer
    assert all("quizapp" not in section.markdown for section in doc.sections)


def test_annotations_inside_a_skipped_section_are_not_reported() -> None:
    doc = note(
        """
        <!-- quizapp: skip -->
        ## 초안
        <!-- quizapp: id=draft -->
        #### Q. 초안 질문
        설명.
        """
    )
    assert doc.cards == []
    assert doc.problems == []


def test_an_annotated_block_ends_the_answer_before_it() -> None:
    doc = note(
        """
        ### 종료
        #### Q. 연결 종료가 네 단계인 이유는?
        두 방향을 따로 닫기 때문.

        <!-- quizapp: kind=ordering id=close-steps -->
        - FIN
        - ACK
        """
    )
    basic, ordering = doc.cards
    assert basic.answer == "두 방향을 따로 닫기 때문."
    assert (ordering.kind, ordering.explicit_id) == (CardKind.ORDERING, "close-steps")
    assert ordering.question.startswith("연결 종료가 네 단계인 이유는? — ")
    assert doc.problems == []


def test_annotations_are_looked_for_in_any_letter_case_and_skipped_without_the_name() -> None:
    """Notes that never name `quizapp` skip the annotation pass; any casing still counts."""
    assert not may_hold_annotations("# TCP\n\n- SYN: 연결 요청\n<!-- 메모 -->\n")
    doc = note(
        """
        <!-- QuizApp: tags=upper -->
        #### Q. 대문자로 쓴 주석도 읽히나?
        A. 읽힌다.
        """
    )
    [card] = doc.cards
    assert "upper" in card.tags
    assert may_hold_annotations("```QUIZAPP rubric\n```")
