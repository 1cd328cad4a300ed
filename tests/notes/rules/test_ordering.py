"""Rule ordering: numbered lists are procedures only when they read as steps (shape 9)."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

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
