"""Rule label_details: a question, then a `<details>` whose summary only labels its answer."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from ..helpers import note


@pytest.mark.parametrize(
    ("text", "question", "answer"),
    [
        (
            "TCP와 UDP의 차이는?\n<details><summary>정답</summary>\n\n"
            "TCP는 연결과 순서를 보장하고 UDP는 그렇지 않다.\n</details>\n",
            "TCP와 UDP의 차이는?",
            "TCP는 연결과 순서를 보장하고 UDP는 그렇지 않다.",
        ),
        (
            "- What is a socket?\n- Why does DNS use UDP?\n"
            "<details><summary>Answer</summary>Small queries fit one datagram.</details>\n",
            "Why does DNS use UDP?",
            "Small queries fit one datagram.",
        ),
    ],
)
def test_the_question_before_a_label_details_gets_its_answer(
    text: str, question: str, answer: str
) -> None:
    cards = [c for c in note(text).cards if c.rule == "label_details"]
    assert [(c.kind, c.question, c.answer) for c in cards] == [(CardKind.BASIC, question, answer)]


@pytest.mark.parametrize(
    "text",
    [
        "오늘 배운 것을 정리했다.\n<details><summary>더보기</summary>\n\n자세한 내용\n</details>\n",
        "Here is the full program.\n<details><summary>Code</summary>\n\nprint(1)\n</details>\n",
    ],
)
def test_near_misses_a_statement_before_a_label_details_is_body(text: str) -> None:
    assert note(text).cards == []
