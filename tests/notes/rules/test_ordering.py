"""Rule ordering: numbered lists are procedures only when they read as steps (shape 9)."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind
from quizapp.notes.rules.ordering import ORDERING_PROMPT

from ..helpers import note


@pytest.mark.parametrize(
    "text",
    [
        "### 3-way handshake 과정\n1. SYN을 보낸다\n2. 서버가 응답한다\n3. ACK를 보낸다\n",
        "### Opening a socket\n1. Create the socket\n2. Bind it to a port\n3. Listen\n",
        "### 로그인\n1. 클라이언트가 요청한다\n2. 서버가 응답한다\n3. 연결을 닫는다\n",
    ],
)
def test_steps_make_an_ordering_card(text: str) -> None:
    [card] = note(text).cards
    assert (card.kind, card.rule) == (CardKind.ORDERING, "ordering")


@pytest.mark.parametrize(
    "text",
    [
        "### 격리 수준 종류\n1. Read Uncommitted\n2. Read Committed\n3. Serializable\n",
        "### SOLID principles\n1. Single responsibility\n2. Open/closed\n3. Liskov\n",
        "### 목차\n1. 네트워크\n2. 운영체제\n3. 데이터베이스\n",
        "### Exercises\n1. Chapter one\n2. Chapter two\n3. Chapter three\n",
    ],
)
def test_lists_of_things_are_not_procedures(text: str) -> None:
    doc = note(text)
    assert [c for c in doc.cards if c.kind == CardKind.ORDERING] == []


def test_a_list_that_is_not_steps_says_why() -> None:
    doc = note("### 오늘 본 영화\n1. 인터스텔라\n2. 기생충\n3. 올드보이\n")
    assert doc.cards == []
    [block] = doc.unclaimed[1:]
    assert "not steps" in block.reason and block.line == 2


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        (
            "### 배포 과정\n1. 이미지를 빌드한다\n2. 레지스트리에 올린다\n\n"
            "이때 태그는 커밋 해시로 붙인다.\n\n"
            "3. 서버에서 새 이미지를 받는다\n4. 컨테이너를 교체한다\n",
            4,
        ),
        (
            "## Steps\n1. Open the socket\n2. Bind it to a port\n\n> The port must be free.\n\n"
            "```c\nbind(fd, addr, len);\n```\n\n"
            "3. Listen for connections\n\nThen:\n\n4. Accept one\n",
            4,
        ),
    ],
)
def test_a_procedure_interrupted_by_a_paragraph_stays_one_card(text: str, steps: int) -> None:
    """Issue 10, shape 9: the second list's numbering (`3.`) continues the first."""
    [card] = note(text).cards
    assert (card.kind, len(card.extra["steps"])) == (CardKind.ORDERING, steps)
    assert card.line == 2 and card.end_line == text.rstrip("\n").count("\n") + 1


@pytest.mark.parametrize(
    "text",
    [
        # numbering starts again: the author means a second procedure
        "### 과정\n1. 요청을 보낸다\n2. 응답을 받는다\n3. 닫는다\n\n재시도할 때는\n\n"
        "1. 다시 연결한다\n2. 요청을 보낸다\n3. 닫는다\n",
        # numbering jumps: not the same run
        "### Steps\n1. Send SYN\n2. Receive SYN+ACK\n3. Send ACK\n\n"
        "Later:\n\n7. Send FIN\n8. Wait\n",
    ],
)
def test_numbering_that_does_not_continue_is_not_one_procedure(text: str) -> None:
    cards = [c for c in note(text).cards if c.kind == CardKind.ORDERING]
    assert len(cards[0].extra["steps"]) == 3


def test_a_subjectless_procedure_heading_is_asked_under_its_parent() -> None:
    doc = note(
        """
        ## ✏️ 퀵 정렬

        ### 동작 과정

        1. 피벗을 고른다
        2. 피벗보다 작은 값은 왼쪽, 큰 값은 오른쪽으로 옮긴다
        3. 양쪽을 재귀적으로 정렬한다

        ## Binary search

        ### Steps

        1. Look at the middle element
        2. Drop the half that cannot hold the target
        3. Repeat until the range is empty
        """
    )
    assert [c.question for c in doc.cards] == [
        f"퀵 정렬 — 동작 과정 — {ORDERING_PROMPT}",
        f"Binary search — Steps — {ORDERING_PROMPT}",
    ]


def test_a_lifecycle_is_a_procedure_and_a_named_process_keeps_its_own_title() -> None:
    doc = note(
        """
        ## 스프링

        ### 빈 생명주기

        1. 스프링 컨테이너 생성
        2. 빈 생성
        3. 의존관계 주입
        4. 초기화 콜백

        ### 빈 종류

        1. 싱글톤 빈
        2. 프로토타입 빈
        3. 요청 스코프 빈
        """
    )
    assert [(c.kind, c.question) for c in doc.cards] == [
        (CardKind.ORDERING, f"빈 생명주기 — {ORDERING_PROMPT}"),
        (CardKind.BASIC, "빈 종류"),  # kinds: one card with the list, never an ordering
    ]


@pytest.mark.parametrize(
    "text",
    [
        "## Producer-consumer with a bounded buffer\n\n1. The producer waits on `empty`\n"
        "2. It locks the mutex and puts an item in the buffer\n3. It unlocks the mutex and "
        "signals `full`\n4. The consumer takes the item and signals `empty`\n",
        "## 생산자-소비자\n\n1. 생산자가 빈 칸을 기다린다\n2. 뮤텍스를 잠근다\n3. 버퍼에 넣는다\n"
        "4. 소비자를 깨운다\n",
    ],
)
def test_lock_put_signal_steps_are_a_procedure(text: str) -> None:
    """Synchronisation verbs (lock, put, signal, 잠근다, 깨운다) are steps; "consumer" in a
    heading is not the word "cons" (an aspect heading)."""
    [card] = note(text).cards
    assert (card.rule, card.kind) == ("ordering", CardKind.ORDERING)


@pytest.mark.parametrize(
    "text",
    [
        "## Rules of Hooks\n\n1. Only call hooks at the top level\n2. Only call hooks from "
        "React functions\n3. Name custom hooks starting with `use`\n",
        "## 코딩 규칙\n\n1. 변수 이름은 명사로 짓는다\n2. 함수는 한 가지 일만 한다\n"
        "3. 주석은 이유를 적는다\n",
    ],
)
def test_rules_are_not_steps(text: str) -> None:
    """Near miss: a list of rules uses verbs ("call", "짓는다") but is not a procedure."""
    assert [c for c in note(text).cards if c.kind == CardKind.ORDERING] == []
