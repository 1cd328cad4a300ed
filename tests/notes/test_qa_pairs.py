"""Rule 1: questions with and without markers, and where their answers end."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from .helpers import note


@pytest.mark.parametrize(
    "line",
    [
        "Q. 포트란?",
        "Q: 포트란?",
        "Q) 포트란?",
        "Q1. 포트란?",
        "Q12) 포트란?",
        "**Q.** 포트란?",
        "**Q. 포트란?**",
        "질문: 포트란?",
        "Question: 포트란?",
    ],
)
def test_every_question_marker_starts_a_question(line: str) -> None:
    doc = note(f"{line}\n\n프로세스를 구분하는 번호.\n")
    [card] = doc.cards
    assert card.kind == CardKind.BASIC
    assert card.question == "포트란?"
    assert card.answer == "프로세스를 구분하는 번호."


@pytest.mark.parametrize("marker", ["A.", "A:", "A)", "답:", "**A.**", "Answer:"])
def test_answer_markers_are_stripped(marker: str) -> None:
    [card] = note(f"#### Q. 포트란?\n\n{marker} 프로세스를 구분하는 번호.\n").cards
    assert card.answer == "프로세스를 구분하는 번호."


def test_answer_without_space_after_marker_is_stripped() -> None:
    [card] = note("#### Q. 포트란?\n\nA.프로세스를 구분하는 번호.\n둘째 줄.\n").cards
    assert card.answer == "프로세스를 구분하는 번호.\n둘째 줄."


def test_heading_answer_runs_to_the_next_heading_of_the_same_level() -> None:
    doc = note(
        """
        ## Q. 흐름 제어란?
        수신 측이 감당할 만큼만 보내게 하는 것.

        ### 윈도 크기
        수신 버퍼의 남은 공간.

        ## 다음 주제
        본문.
        """
    )
    [card] = doc.cards
    assert card.line == 1
    assert card.answer.endswith("수신 버퍼의 남은 공간.")
    assert "다음 주제" not in card.answer


def test_answers_keep_quotes_lists_tables_and_code_as_markdown() -> None:
    doc = note(
        """
        ### Q. 소켓 상태를 보는 방법은?
        > 리눅스 기준

        - `ss -tan`
          - 상태 열을 본다

        | 명령 | 뜻 |
        |---|---|
        | ss | socket statistics |

        ```sh
        ss -tan state time-wait
        ```
        """
    )
    [card] = doc.cards
    assert card.answer.startswith("> 리눅스 기준")
    assert "- `ss -tan`\n  - 상태 열을 본다" in card.answer
    assert "| ss | socket statistics |" in card.answer
    assert "```sh\nss -tan state time-wait\n```" in card.answer


def test_heading_ending_in_question_mark_with_a_body_is_a_question() -> None:
    doc = note(
        """
        #### Hash란?
        > 임의 길이 입력을 고정 길이 값으로 바꾸는 함수

        ### 1. 정규화는 어떤 문제를 풀려고 생겼나？
        중복 저장과 갱신 이상을 줄이려고.
        """
    )
    first, second = doc.cards
    assert (first.question, first.answer) == (
        "Hash란?",
        "> 임의 길이 입력을 고정 길이 값으로 바꾸는 함수",
    )
    assert second.question == "1. 정규화는 어떤 문제를 풀려고 생겼나？"


def test_heading_ending_in_question_mark_without_a_body_is_an_open_card() -> None:
    """Issue 10, shape 11: a question with no answer in the note is an open card (round 2
    expected no card here, which lost the question)."""
    [card] = note("### 왜 그럴까?\n\n### 다음\n본문\n").cards
    assert (card.kind, card.question, card.answer) == (CardKind.OPEN, "왜 그럴까?", "")


def test_question_heading_answer_stops_where_the_next_question_starts() -> None:
    doc = note(
        """
        ### Q. 첫 질문
        첫 답.

        Q. 둘째 질문
        A. 둘째 답.
        """
    )
    assert [(card.question, card.answer) for card in doc.cards] == [
        ("첫 질문", "첫 답."),
        ("둘째 질문", "둘째 답."),
    ]


def test_marked_paragraph_with_answer_on_the_next_line() -> None:
    [card] = note("Q. 혼잡 제어란?\nA. 네트워크가 막히지 않게 보내는 양을 줄이는 것.\n").cards
    assert card.question == "혼잡 제어란?"
    assert card.answer == "네트워크가 막히지 않게 보내는 양을 줄이는 것."


def test_marked_list_item_takes_its_nested_items_as_the_answer() -> None:
    doc = note(
        """
        - Q. UDP의 특징은?
          - 연결이 없다
          - 순서를 보장하지 않는다
        - Q. 다음 질문
        - A. 다음 답
        """
    )
    first, second = doc.cards
    assert first.answer == "- 연결이 없다\n- 순서를 보장하지 않는다"
    assert (second.question, second.answer) == ("다음 질문", "다음 답")
    assert second.line == 4


def test_marked_question_without_any_answer_is_an_open_card() -> None:
    [card] = note("#### Q. 나중에 정리할 질문\n").cards
    assert card.kind == CardKind.OPEN
    assert card.answer == ""
    assert card.extra["linked_section"] is None


def test_details_summary_is_the_question_and_its_content_the_answer() -> None:
    doc = note(
        """
        <details><summary>TCP와 UDP의 차이는?</summary>

        TCP는 연결과 순서를 보장하고 UDP는 그렇지 않다.

        </details>
        """
    )
    [card] = doc.cards
    assert (card.kind, card.line) == (CardKind.BASIC, 1)
    assert card.question == "TCP와 UDP의 차이는?"
    assert card.answer == "TCP는 연결과 순서를 보장하고 UDP는 그렇지 않다."


def test_details_with_a_heading_inside_the_summary() -> None:
    doc = note(
        """
        <details>
        <summary><h3>1. 인덱스를 쓰면 왜 빨라질까</h3></summary>
        정렬된 구조에서 찾기 때문이다.
        </details>
        """
    )
    [card] = doc.cards
    assert card.question == "1. 인덱스를 쓰면 왜 빨라질까"
    assert card.answer == "정렬된 구조에서 찾기 때문이다."
    assert card.line == 2


def test_details_with_an_empty_answer_is_an_open_question() -> None:
    [card] = note("<details><summary>격리 수준 네 가지를 말해 보세요</summary></details>\n").cards
    assert card.kind == CardKind.OPEN


@pytest.mark.parametrize(
    "label", ["정답", "Answer", "답", "코드", "예제", "show more", "정답 보기"]
)
def test_label_only_summary_holds_the_answer_to_the_question_before_it(label: str) -> None:
    doc = note(
        f"""
        ### 1. 교착 상태의 네 조건은?

        <details><summary>{label}</summary>

        상호 배제, 점유 대기, 비선점, 순환 대기

        </details>
        """
    )
    [card] = doc.cards
    assert card.question == "1. 교착 상태의 네 조건은?"
    assert card.answer == "상호 배제, 점유 대기, 비선점, 순환 대기"


def test_label_only_summary_after_a_plain_question_paragraph() -> None:
    doc = note(
        """
        교착 상태의 네 조건은?
        <details><summary>정답</summary>

        상호 배제, 점유 대기, 비선점, 순환 대기
        </details>
        """
    )
    [card] = doc.cards
    assert card.question == "교착 상태의 네 조건은?"
    assert card.answer == "상호 배제, 점유 대기, 비선점, 순환 대기"


def test_label_only_summary_with_no_question_before_it_is_body() -> None:
    doc = note("# 예시\n\n<details><summary>코드</summary>\n\nprint(1)\n</details>\n")
    assert doc.cards == []


def test_question_items_without_answers_under_a_plain_heading_are_body() -> None:
    doc = note(
        """
        ### 회사에 물어볼 것
        - 팀은 몇 명인가요?
        - 온콜이 있나요?
        """
    )
    assert doc.cards == []


def test_question_inside_a_blockquote_has_the_quote_markers_removed() -> None:
    doc = note(
        """
        > #### Q. 인용 속 질문
        > A. 인용 속 답
        >
        > - 이어지는 목록
        """
    )
    [card] = doc.cards
    assert card.answer == "인용 속 답\n\n- 이어지는 목록"


def test_question_heading_inside_a_list_item() -> None:
    doc = note("- ## Q. 목록 속 제목 질문\n  A.목록 속 답\n")
    [card] = doc.cards
    assert (card.question, card.answer, card.line) == ("목록 속 제목 질문", "목록 속 답", 1)


def test_indented_code_answer_keeps_its_indentation() -> None:
    [card] = note("#### Q. 출력은?\n\n    A. print(1)\n    print(2)\n").cards
    assert card.answer == "    A. print(1)\n    print(2)"


def test_nested_list_answer_inside_a_list_item_is_unindented_once() -> None:
    doc = note("- Q. 상태 두 개?\n\n  1. LISTEN\n     - 서버 대기\n  2. CLOSED\n")
    [card] = doc.cards
    assert card.answer == "1. LISTEN\n   - 서버 대기\n2. CLOSED"


def test_question_item_with_a_label_details_ends_the_previous_answer() -> None:
    doc = note(
        """
        **Q. TCP란?**
        <details><summary>정답</summary>

        연결형 프로토콜
        </details>

        - 네트워크 계층은 몇 개?
        <details><summary>Answer</summary>

        일곱 개
        </details>
        """
    )
    assert [(card.question, card.answer) for card in doc.cards] == [
        ("TCP란?", "연결형 프로토콜"),
        ("네트워크 계층은 몇 개?", "일곱 개"),
    ]
