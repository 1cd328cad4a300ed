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


def test_lines_each_led_by_a_bold_term_define_it() -> None:
    doc = note(
        "## Signals\n\n"
        "**SIGTERM** asks a process to terminate; it may clean up first.<br>\n"
        "**SIGKILL** stops a process at once and cannot be caught.<br>\n\n"
        "## 전송 계층\n\n"
        "**TCP**는 연결을 맺고 순서를 보장하는 프로토콜이다.  \n"
        "**UDP**는 연결 없이 데이터그램을 보내는 프로토콜이다.\n"
    )
    assert [(c.rule, c.question, c.line) for c in doc.cards] == [
        ("colon_paragraph", "SIGTERM", 3),
        ("colon_paragraph", "SIGKILL", 4),
        ("colon_paragraph", "TCP", 8),
        ("colon_paragraph", "UDP", 9),
    ]
    assert doc.cards[1].answer == "stops a process at once and cannot be caught."
    assert doc.cards[2].answer == "연결을 맺고 순서를 보장하는 프로토콜이다."


def test_one_bold_led_line_or_emphasis_inside_prose_defines_nothing() -> None:
    doc = note(
        "## 회고\n\n"
        "**중요** 이번 주에는 트랜잭션을 공부했다.\n"
        "그리고 **락**도 조금 봤다.\n\n"
        "## Notes\n\n"
        "**Remember** to restart the server after the change.\n"
    )
    assert [c for c in doc.cards if c.rule == "colon_paragraph"] == []


def test_a_bold_term_then_a_hard_break_then_its_definition() -> None:
    """`**TERM**` + hard line break (two spaces or `\\`) + the definition, as a paragraph."""
    doc = note(
        "## 메모리\n\n**TLB (Translation Lookaside Buffer)**  \n"
        "페이지 테이블 항목을 캐싱하는 하드웨어 캐시이다.\n\n"
        "**Spinlock**\\\na lock that busy-waits instead of sleeping\n"
    )
    assert [(c.rule, c.question, c.answer) for c in doc.cards] == [
        (
            "colon_paragraph",
            "TLB (Translation Lookaside Buffer)",
            "페이지 테이블 항목을 캐싱하는 하드웨어 캐시이다.",
        ),
        ("colon_paragraph", "Spinlock", "a lock that busy-waits instead of sleeping"),
    ]


def test_a_bold_label_or_a_soft_break_is_no_term_definition() -> None:
    """Near miss: a label word (`**참고**`) or a bold line with a soft break only."""
    doc = note(
        "**참고**  \n자세한 내용은 공식 문서에 있다.\n\n"
        "**Note**\nthis line only continues the paragraph on GitHub.\n"
    )
    assert [c for c in doc.cards if c.rule == "colon_paragraph"] == []
