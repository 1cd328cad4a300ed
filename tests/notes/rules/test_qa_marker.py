"""Rule qa_marker: `Q.` paragraphs and list items, answered by what follows."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind

from ..helpers import note


@pytest.mark.parametrize(
    ("text", "question", "answer"),
    [
        (
            "Q. 혼잡 윈도는 언제 줄어드나?\nA. 패킷 손실을 감지했을 때.\n",
            "혼잡 윈도는 언제 줄어드나?",
            "패킷 손실을 감지했을 때.",
        ),
        (
            "**Q: Why TIME_WAIT?**\n\nA: To let old segments expire.\n",
            "Why TIME_WAIT?",
            "To let old segments expire.",
        ),
        ("- Q. UDP의 특징은?\n  - 연결이 없다\n", "UDP의 특징은?", "- 연결이 없다"),
        (
            "- Q. Why a window?\n- A. To bound unacknowledged bytes.\n",
            "Why a window?",
            "To bound unacknowledged bytes.",
        ),
    ],
)
def test_marked_questions_and_their_answers(text: str, question: str, answer: str) -> None:
    [card] = note(text).cards
    assert (card.rule, card.kind, card.question, card.answer) == (
        "qa_marker",
        CardKind.BASIC,
        question,
        answer,
    )


@pytest.mark.parametrize(
    ("text", "fronts"),
    [
        (
            "Q. XSS란?\n\nA. 공격자의 스크립트가 다른 사용자의 브라우저에서 실행되는 공격.\n\n"
            "- Stored XSS\n  - 서버에 저장된 스크립트가 방문자마다 실행된다\n"
            "- **방어 방법**\n  - 출력을 이스케이프한다\n",
            ["XSS란?", "Stored XSS", "방어 방법"],
        ),
        (
            "Q. How does a CSRF token help?\nA. Another site cannot read it.\n\n"
            "- Why does SameSite help?\n  - Cross-site POSTs carry no cookie\n"
            "- JWT\n  - Pros: stateless\n  - Cons: hard to revoke\n",
            ["How does a CSRF token help?", "Why does SameSite help?", "JWT"],
        ),
    ],
)
def test_an_outline_list_after_the_answer_makes_its_own_cards(text: str, fronts: list[str]) -> None:
    doc = note(text)
    assert [c.question.split(" — ")[-1] for c in doc.cards] == fronts
    assert "\n- " not in doc.cards[0].answer


def test_an_outline_list_that_is_the_whole_answer_stays_the_answer() -> None:
    [card] = note("Q. TCP와 UDP의 차이는?\n\n- TCP\n  - 연결형\n- UDP\n  - 비연결형\n").cards
    assert card.answer == "- TCP\n  - 연결형\n- UDP\n  - 비연결형"


def test_an_answer_list_of_plain_points_stays_in_the_answer() -> None:
    [card] = note(
        "Q. Why use a pool?\nA. Connections are costly:\n\n- a handshake\n- memory\n"
    ).cards
    assert card.answer.endswith("- a handshake\n- memory")


def test_a_marked_how_question_answered_by_steps_is_an_ordering_card() -> None:
    """`Q: …어떻게 처리하나요?` + `A:` + numbered steps: an ordering card at the question."""
    korean = note(
        "**Q: 페이지 폴트가 나면 운영체제는 어떻게 처리하나요?**\n\n**A:**\n"
        "1. 트랩이 발생해 커널 모드로 바뀐다\n2. 디스크에서 페이지를 읽어 빈 프레임에 올린다\n"
        "3. 페이지 테이블을 갱신하고 명령어를 다시 실행한다\n"
    )
    [card] = korean.cards
    assert (card.kind, card.rule, card.line) == (CardKind.ORDERING, "qa_marker", 1)
    assert card.extra["steps"][0] == "트랩이 발생해 커널 모드로 바뀐다"
    english = note(
        "Q. How does a TLS session start?\n\nA.\n\n1. The client sends a hello\n"
        "2. The server replies with its certificate\n3. Both sides derive the session keys\n"
    )
    [card] = english.cards
    assert card.kind == CardKind.ORDERING


def test_a_marked_question_answered_by_a_list_of_kinds_stays_basic() -> None:
    """Near miss: `Q. …종류는?` over a numbered list of kinds is no procedure."""
    doc = note("Q. 조인의 종류는?\n\nA.\n\n1. INNER JOIN\n2. LEFT JOIN\n3. FULL OUTER JOIN\n")
    [card] = doc.cards
    assert card.kind == CardKind.BASIC


def test_a_whole_question_line_is_answered_by_the_next_line_without_an_answer_marker() -> None:
    """`**Q1. What does DHCP do?**` / `> **Q. …?**` then the answer on the next line of the
    same paragraph (no `A.`): the question is the first line, never the whole paragraph."""
    english = note(
        "**Q1. What does DHCP do?**\nIt hands out IP addresses to hosts that join a network.\n"
    )
    [card] = english.cards
    assert (card.kind, card.question) == (CardKind.BASIC, "What does DHCP do?")
    assert card.answer == "It hands out IP addresses to hosts that join a network."
    korean = note("> **Q. 스핀락은 언제 유리한가?**\n> 락을 잡는 시간이 아주 짧을 때다.\n")
    [card] = korean.cards
    assert (card.kind, card.question, card.answer) == (
        CardKind.BASIC,
        "스핀락은 언제 유리한가?",
        "락을 잡는 시간이 아주 짧을 때다.",
    )


def test_a_question_that_goes_on_over_its_next_line_stays_one_question() -> None:
    """Near miss: a first line that is not yet a whole question continues on the next."""
    doc = note("Q. 다음 설명 중\n옳은 것을 고르시오.\n\nA. 2번\n")
    [card] = doc.cards
    assert card.question == "다음 설명 중\n옳은 것을 고르시오."
