"""Rule nested_answer: a parent bullet (term, `X란`, label, question) answered by its children."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from ..helpers import note


def test_korean_term_label_and_question_parents() -> None:
    doc = note(
        """
        ## SQL Injection

        - SQL Injection이란
          - 입력값에 SQL을 끼워 넣어 쿼리를 바꾸는 공격
        - **방어 방법**
          - Prepared Statement로 값을 바인딩한다
          - 입력을 검증한다
        """
    )
    first, second = doc.cards
    assert (first.rule, first.kind, first.question) == (
        "nested_answer",
        CardKind.BASIC,
        "SQL Injection이란",
    )
    assert first.answer == "- 입력값에 SQL을 끼워 넣어 쿼리를 바꾸는 공격"
    assert second.question == "SQL Injection — 방어 방법"
    assert second.answer.splitlines() == [
        "- Prepared Statement로 값을 바인딩한다",
        "- 입력을 검증한다",
    ]
    assert (second.line, second.end_line) == (5, 7)


def test_english_question_parent_and_aspect_children_make_one_card() -> None:
    doc = note(
        """
        ## Pooling

        - Connection pool
          - Pros: no handshake per request
          - Cons: idle connections hold memory
        """
    )
    [card] = doc.cards
    assert (card.question, card.rule) == ("Connection pool", "nested_answer")
    assert "Pros: no handshake per request" in card.answer


def test_near_misses_sentence_parents_and_follow_up_questions() -> None:
    doc = note(
        """
        ## 메모

        - 오늘은 네트워크 계층을 복습했다.
          - 내일은 전송 계층
        - 더 생각해 볼 것
          - 왜 UDP를 쓸까?
          - 언제 TCP가 느릴까?
        """
    )
    assert doc.cards == []


def test_english_near_misses_sentence_parents_and_follow_up_questions() -> None:
    doc = note(
        """
        ## Notes

        - Today I went over the transport layer again.
          - tomorrow: the network layer
        - Things to think about
          - Why would a game use UDP?
          - When is TCP slow?
        """
    )
    assert doc.cards == []


def test_a_long_question_parent_is_still_a_question() -> None:
    doc = note(
        "## Hooks\n\n1. What is the difference between useEffect and useLayoutEffect?\n"
        "   - useLayoutEffect runs before paint\n"
        "2. 상태 끌어올리기는 언제, 왜 필요하고 어떻게 하는지 설명해 주세요?\n"
        "   - 두 컴포넌트가 같은 상태를 써야 할 때 공통 부모로 옮긴다\n"
    )
    assert [c.question for c in doc.cards] == [
        "What is the difference between useEffect and useLayoutEffect?",
        "상태 끌어올리기는 언제, 왜 필요하고 어떻게 하는지 설명해 주세요?",
    ]


@pytest.mark.parametrize(
    ("text", "question"),
    [
        (
            "## DI(의존성 주입)\n\n- 주입 방법\n  - 생성자 주입\n  - 필드 주입\n",
            "DI(의존성 주입) — 주입 방법",
        ),
        (
            "## Connection pooling\n\n- Pooling pros\n  - no handshake per request\n",
            "Connection pooling — Pooling pros",
        ),
        # near-misses: a parent naming its own topic stays as written
        ("## 네트워크\n\n- TCP 사용 이유\n  - 신뢰성\n", "TCP 사용 이유"),
        ("## SQL Injection\n\n- SQL Injection\n  - 쿼리를 바꾸는 공격\n", "SQL Injection"),
    ],
)
def test_a_parent_that_only_names_an_aspect_is_asked_under_its_heading(
    text: str, question: str
) -> None:
    [card] = note(text).cards
    assert card.question == question


def test_a_phrase_ending_in_an_aspect_word_is_asked_under_the_heading() -> None:
    doc = note(
        """
        ## @Transactional

        - 롤백 규칙
          - 기본적으로 언체크 예외에서만 롤백한다

        ## Connection pooling

        - Eviction policy
          - Idle connections are closed after ten minutes
        """
    )
    assert [c.question for c in doc.cards] == [
        "@Transactional — 롤백 규칙",
        "Connection pooling — Eviction policy",
    ]


def test_a_term_or_a_phrase_naming_the_heading_keeps_its_own_words() -> None:
    doc = note(
        """
        ## 락

        - 공유 락
          - 여러 트랜잭션이 동시에 걸 수 있다
        - 락 설정
          - innodb_lock_wait_timeout으로 대기 시간을 정한다
        """
    )
    assert [c.question for c in doc.cards] == ["공유 락", "락 설정"]


def test_a_parent_naming_the_terms_its_children_define_leaves_them_definitions() -> None:
    doc = note(
        """
        ## 트랜잭션

        - 커밋과 롤백
          - 커밋(COMMIT): 변경 내용을 영구히 반영한다
          - 롤백(ROLLBACK): 시작 전 상태로 되돌린다

        ## Locks

        - Shared and exclusive locks
          - Shared: many readers at once
          - Exclusive: one writer, nobody else
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("definitions", "커밋(COMMIT)"),
        ("definitions", "롤백(ROLLBACK)"),
        ("definitions", "Shared"),
        ("definitions", "Exclusive"),
    ]


def test_a_parent_over_label_items_or_other_terms_keeps_one_card() -> None:
    doc = note(
        """
        ## 인덱스

        - 장점과 단점
          - 장점: 조회가 빠르다
          - 단점: 쓰기가 느리다
        - 커밋과 롤백
          - 트랜잭션: 작업 단위
          - 세이브포인트: 중간 저장 지점
        """
    )
    assert [(c.rule, c.question) for c in doc.cards] == [
        ("nested_answer", "인덱스 — 장점과 단점"),
        ("nested_answer", "커밋과 롤백"),
    ]


def test_a_bold_acronym_or_name_over_its_answer_is_a_term() -> None:
    """`1. **XSS**` / `- **HashMap**` over a nested definition asks for the term itself."""
    korean = note(
        "# 웹 취약점 정리\n\n1. **XSS**\n"
        "   - 입력에 담긴 스크립트가 다른 사용자의 브라우저에서 실행된다\n"
        "2. **SQL Injection**\n   - 입력값으로 SQL 문을 조작한다\n"
    )
    assert [c.question for c in korean.cards] == ["XSS", "SQL Injection"]
    english = note(
        "## Collections\n\n- **HashMap**\n  - a hash table keyed by `hashCode()` and `equals()`\n"
        "- **TreeMap**\n  - a red-black tree kept in key order\n"
    )
    assert [c.question for c in english.cards] == ["HashMap", "TreeMap"]


def test_a_short_bold_label_is_still_asked_under_its_heading() -> None:
    """Near miss: `**주의할 점**` / `**Key idea**` name nothing: "heading — label"."""
    doc = note(
        "## 멀티 스레드\n\n- **주의할 점**\n  - 공유 자원에 동시에 접근하면 경쟁 상태가 생긴다\n\n"
        "## Caching\n\n- **Key idea**\n  - keep hot data close to the reader\n"
    )
    assert [c.question for c in doc.cards] == ["멀티 스레드 — 주의할 점", "Caching — Key idea"]


def test_a_question_bullet_answered_on_its_next_line() -> None:
    """`- 임계 구역이란?` + the answer on the item's next line (an ordinary line break)."""
    doc = note(
        "- 임계 구역(Critical Section)이란?\n  공유 자원에 접근하는 코드 영역이다.\n"
        "- What is a race condition?\n  The result depends on the order the threads run in.\n"
    )
    assert [(c.rule, c.question, c.answer) for c in doc.cards] == [
        (
            "nested_answer",
            "임계 구역(Critical Section)이란?",
            "공유 자원에 접근하는 코드 영역이다.",
        ),
        (
            "nested_answer",
            "What is a race condition?",
            "The result depends on the order the threads run in.",
        ),
    ]


def test_a_sentence_bullet_that_wraps_is_no_card() -> None:
    """Near miss: a statement wrapped onto a second line asks nothing."""
    doc = note(
        "- 스레드는 같은 프로세스의 힙을 공유하고\n  스택은 따로 가진다.\n"
        "- 프로세스는 독립적이다.\n"
    )
    assert doc.cards == []
