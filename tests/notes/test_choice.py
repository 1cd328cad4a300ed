"""Rule 1, multiple choice: the author's options and answer line make a CHOICE card."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind
from quizapp.notes.choice import leading_options, match_choice
from quizapp.notes.parser import NoteParser
from quizapp.notes.rules.shared import _candidate_entries, collect_entries
from quizapp.notes.tree import build_tree

from .helpers import note


@pytest.mark.parametrize(
    "answer_line", ["Answer: C", "정답: C", "**정답: C**", "**Answer:** C) OPENED", "정답: OPENED"]
)
def test_lettered_options_and_an_answer_line_make_a_choice_card(answer_line: str) -> None:
    doc = note(
        f"""
        다음 중 TCP 상태가 아닌 것은?
        A) LISTEN
        B) SYN_SENT
        C) OPENED
        D) CLOSED
        {answer_line}
        """
    )
    [card] = doc.cards
    assert card.kind == CardKind.CHOICE
    assert card.question == "다음 중 TCP 상태가 아닌 것은?"
    assert card.extra == {"options": ["LISTEN", "SYN_SENT", "OPENED", "CLOSED"], "correct": 2}
    assert card.answer == "OPENED"


def test_numbered_options_under_a_question_heading() -> None:
    doc = note(
        """
        #### Q. 연결을 여는 첫 세그먼트는?
        1) SYN
        2) FIN
        3) RST

        정답: 1

        클라이언트가 먼저 보낸다.
        """
    )
    [card] = doc.cards
    assert card.kind == CardKind.CHOICE
    assert card.extra == {"options": ["SYN", "FIN", "RST"], "correct": 0}
    assert card.answer == "SYN\n\n클라이언트가 먼저 보낸다."


def test_task_list_marks_the_correct_option_with_its_tick() -> None:
    doc = note(
        """
        포트 번호는 몇 비트인가?

        - [ ] 8
        - [x] 16
        - [ ] 32
        """
    )
    [card] = doc.cards
    assert card.kind == CardKind.CHOICE
    assert card.extra == {"options": ["8", "16", "32"], "correct": 1}


def test_task_list_without_a_question_is_just_a_checklist() -> None:
    assert note("오늘 할 일\n\n- [x] 복습\n- [ ] 정리\n").cards == []


def test_answer_line_naming_no_option_makes_no_choice_card() -> None:
    doc = note("#### Q. 고르세요\nA) 하나\nB) 둘\n정답: Z\n")
    [card] = doc.cards
    assert card.kind == CardKind.BASIC


def test_options_without_an_answer_line_stay_a_plain_answer() -> None:
    [card] = note("#### Q. 연결 상태 두 가지\nA) ESTABLISHED\nB) CLOSED\n").cards
    assert card.kind == CardKind.BASIC
    assert card.answer == "A) ESTABLISHED\nB) CLOSED"


_OPTION_SHAPES = [
    "다음 중 TCP 상태가 아닌 것은?\nA) LISTEN\nB) SYN_SENT\nC) OPENED\nAnswer: C\n설명이 이어진다.",
    "Which flag opens a connection?\n\n- [ ] FIN\n- [x] SYN\n- [ ] RST\n\nMore text.",
    "What is printed?\n\n```python\nprint(1)\n```\n\n1) 1\n2) 2\n\n정답: 1",
    "A) only one option\nAnswer: A",
    "1. 첫째 항목\n2. 둘째 항목\n3. 셋째 항목",
    "질문은?\n\n- 옵션 없음\n- A) 나중의 옵션\n- B) 또 하나\n\nAnswer: A",
    "Options:\n\n<details><summary>Answer</summary>\n\n#### Answer: B\n\n</details>",
]


@pytest.mark.parametrize("text", _OPTION_SHAPES)
def test_entries_stop_after_the_options_and_find_the_same_choice(text: str) -> None:
    """`collect_entries` classifies lines only up to the entry after the leading options:
    the choice (or none) it finds is the one all the candidate entries give."""
    parser = NoteParser(text, "n.md", "")
    blocks = parser.blocks(build_tree(parser._tokenize()), ())
    for start in range(len(blocks)):
        body = blocks[start:]
        prefix = parser.inline_lines(blocks[start])[1:]
        entries, places = collect_entries(parser, prefix, body[1:])
        every = list(_candidate_entries(parser, prefix, body[1:]))
        assert [place for place, _ in every[: len(places)]] == places
        assert entries == [found for _, found in every[: len(entries)]]
        assert len(entries) == len(every) or len(leading_options(entries)) == len(entries) - 1
        everything = [found for _, found in every]
        assert match_choice(entries) == match_choice(everything)
        assert leading_options(entries) == leading_options(everything)
