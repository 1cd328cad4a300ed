"""Shape 10: `term : definition` after a hard line break, and under a sentence bullet.

Rules `definitions` (a list made only of such items) and `term_break` (one among others).
"""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from ..helpers import note


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        (  # Korean, bold terms, two trailing spaces
            "## 키\n\n- **기본키(Primary Key)**  \n  각 행을 유일하게 식별하는 키\n"
            "- **외래키**  \n  다른 테이블의 기본키를 참조하는 키\n",
            [
                ("기본키(Primary Key)", "각 행을 유일하게 식별하는 키"),
                ("외래키", "다른 테이블의 기본키를 참조하는 키"),
            ],
        ),
        (  # English, colon terms, backslash breaks
            "## Locks\n\n- Spinlock:\\\n  a lock that busy-waits\n"
            "- Read-write lock:\\\n  many readers or one writer\n",
            [
                ("Spinlock", "a lock that busy-waits"),
                ("Read-write lock", "many readers or one writer"),
            ],
        ),
    ],
)
def test_a_term_then_a_hard_break_then_its_definition(text: str, pairs: list) -> None:
    doc = note(text)
    assert [(c.kind, c.question, c.answer) for c in doc.cards] == [
        (CardKind.DEFINITION, term, definition) for term, definition in pairs
    ]
    assert [c.line for c in doc.cards] == [3, 5]


def test_a_break_term_among_other_bullets_is_its_own_card() -> None:
    doc = note(
        "## 동기화\n\n- 동기화 도구는 상황에 따라 고른다\n"
        "- **스핀락**  \n  잠들지 않고 계속 확인하며 기다리는 잠금\n"
        "- Mutex:\\\n  one owner at a time\n"
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("term_break", "스핀락"),
        ("term_break", "Mutex"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a soft break: GitHub shows one sentence
        "## 키\n\n- **기본키**\n  각 행을 식별하는 키\n- **외래키**\n  참조하는 키\n",
        # a label word as the term
        "## TCP\n\n- **장점**  \n  신뢰성이 높다\n- Pros:\\\n  reliable\n",
        # a sentence as the term
        "## Notes\n\n- This is what I learned today:\\\n  quite a lot\n",
    ],
)
def test_near_misses_make_no_break_definitions(text: str) -> None:
    assert [c for c in note(text).cards if c.kind == CardKind.DEFINITION] == []


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        (
            "## 트랜잭션\n\n- 트랜잭션의 성질은 ACID로 정리한다\n"
            "  - 원자성 : 모두 반영되거나 전혀 반영되지 않는다\n"
            "  - 지속성 : 커밋된 결과는 장애가 나도 남는다\n",
            ["원자성", "지속성"],
        ),
        (
            "## Sync\n\n- There are a few primitives to compare:\n"
            "  - Mutex: a lock one thread owns at a time\n"
            "  - Semaphore: a counter that lets up to N threads in\n",
            ["Mutex", "Semaphore"],
        ),
    ],
)
def test_term_items_nested_under_a_sentence_bullet_are_definitions(
    text: str, terms: list[str]
) -> None:
    doc = note(text)
    assert [(c.kind, c.question) for c in doc.cards] == [
        (CardKind.DEFINITION, term) for term in terms
    ]


def test_label_items_nested_under_a_sentence_bullet_are_not_definitions() -> None:
    doc = note("## TCP\n\n- 특징을 정리하면 다음과 같다\n  - 장점: 신뢰성\n  - 단점: 느리다\n")
    assert [c for c in doc.cards if c.kind == CardKind.DEFINITION] == []
