"""Rule colon_paragraph: `term : definition` written as paragraph or quote lines (shape 10)."""

from __future__ import annotations

from quizapp.notes import CardKind

from ..helpers import note


def test_paragraph_lines_of_definitions() -> None:
    doc = note(
        "프로세스 : 실행 중인 프로그램\nLatency: the time one request takes\n\n"
        "> **Throughput**: requests finished per second\n"
    )
    assert [(c.rule, c.kind, c.question, c.line) for c in doc.cards] == [
        ("colon_paragraph", CardKind.DEFINITION, "프로세스", 1),
        ("colon_paragraph", CardKind.DEFINITION, "Latency", 2),
        ("colon_paragraph", CardKind.DEFINITION, "Throughput", 4),
    ]
    assert doc.cards[2].answer == "requests finished per second"


def test_near_misses_single_plain_line_labels_and_prose() -> None:
    doc = note(
        "참고: 이 부분은 시험에 안 나온다\n\n장점: 빠르다\n단점: 비싸다\n\n"
        "Note: this is just a remark, written in a sentence.\n"
    )
    assert doc.cards == []
