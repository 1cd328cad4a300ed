"""The reference note's structure (our own sentences in the fixture) yields exactly its cards."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind, NoteDoc, parse_note, read_note

from .helpers import FIXTURES, SEED, of_kind


def _fixture() -> NoteDoc:
    return read_note(FIXTURES / "tcp_structure.md", FIXTURES)


def test_fixture_yields_exactly_the_expected_cards() -> None:
    doc = _fixture()
    counts = {kind: len(of_kind(doc, kind)) for kind in CardKind}
    assert counts == {
        CardKind.DEFINITION: 3,
        CardKind.BASIC: 3,
        CardKind.OPEN: 2,
        CardKind.ORDERING: 3,
        CardKind.REVERSE: 0,
        CardKind.CHOICE: 0,
        CardKind.CLOZE: 0,
        CardKind.FLOW: 0,
    }
    assert doc.problems == []


def test_definition_terms_keep_their_gloss_with_its_inner_colon() -> None:
    cards = of_kind(_fixture(), CardKind.DEFINITION)
    assert [card.question for card in cards] == [
        "SYN(synchronize sequence numbers : 순서 번호 동기화)",
        "ACK(acknowledgement : 확인 응답)",
        "FIN",
    ]
    assert cards[0].answer == "새 연결을 열 때 첫 순서 번호를 알리는 비트"
    assert cards[0].extra["term"] == cards[0].question
    assert [card.line for card in cards] == [5, 6, 7]


def test_question_headings_lose_the_answer_marker_even_without_a_space() -> None:
    cards = of_kind(_fixture(), CardKind.BASIC)
    assert [card.question for card in cards] == [
        "4Way Handshake가 필요한 이유",
        "TIME_WAIT 상태는 왜 있을까?",
        "SYN 세그먼트가 중간에 사라지면 어떻게 될까?",
    ]
    assert cards[0].answer.startswith("한쪽이 보낼 데이터를")
    assert cards[0].answer.endswith("따로 보낸다.")
    assert cards[1].answer.startswith("마지막 ACK가")
    assert all(not card.answer.startswith(("A.", "A ")) for card in cards)
    assert cards[0].section_path[-1] == "추가"


def test_open_questions_link_to_the_sections_that_answer_them() -> None:
    doc = _fixture()
    first, second = of_kind(doc, CardKind.OPEN)
    assert first.question == "3way handshake절차를 설명하세요"
    assert first.extra["linked_section"]["title"] == "3 way handshake (연결 수립)"
    assert first.extra["linked_section"]["line"] == 9
    assert first.answer.startswith("### - 3 way handshake (연결 수립)")
    assert second.extra["linked_section"]["title"] == "Q. 4Way Handshake가 필요한 이유"
    assert "따로 보낸다" in second.answer


def test_each_step_list_becomes_one_ordering_card_named_after_its_heading() -> None:
    cards = of_kind(_fixture(), CardKind.ORDERING)
    assert [card.question.split(" — ")[0] for card in cards] == [
        "3 way handshake (연결 수립)",
        "데이터 전송 단계",
        "4 way handshake (연결 종료)",
    ]
    assert [len(card.extra["steps"]) for card in cards] == [3, 3, 4]
    assert cards[0].answer.splitlines()[0] == (
        "1. 클라이언트가 임의의 순서 번호를 담은 **SYN**을 보내고 SYN_SENT 상태가 된다"
    )
    assert [card.line for card in cards] == [15, 25, 33]


def test_images_links_and_references_stay_in_the_body() -> None:
    doc = _fixture()
    by_title = {section.title: section for section in doc.sections}
    opening = by_title["3 way handshake (연결 수립)"].markdown
    assert "![그림) 연결 수립 순서](images/open.png)" in opening
    assert "[RFC 9293](https://www.rfc-editor.org/rfc/rfc9293)" in by_title["ref)"].markdown
    assert doc.title == "3. TCP 연결 관리 : 3 way handshake & 4 way handshake"


@pytest.mark.skipif(not SEED.exists(), reason="the user's seed note is not on this machine")
def test_the_real_seed_note_yields_the_same_cards() -> None:
    doc = parse_note(SEED.read_text(encoding="utf-8"), SEED.name)
    counts = {kind: len(of_kind(doc, kind)) for kind in CardKind if of_kind(doc, kind)}
    assert counts == {
        CardKind.DEFINITION: 3,
        CardKind.BASIC: 3,
        CardKind.OPEN: 2,
        CardKind.ORDERING: 3,
    }
    definitions = of_kind(doc, CardKind.DEFINITION)
    assert definitions[0].question == "SYN(synchronize equence numbers : 연결 요청)"
    assert [card.question for card in definitions[1:]] == ["ACK(acknowledgements : 승인)", "FIN"]
    assert all(not card.answer.startswith("A") for card in of_kind(doc, CardKind.BASIC))
    first, second = of_kind(doc, CardKind.OPEN)
    assert first.extra["linked_section"]["title"] == "3 way handshake (연결 과정)"
    assert second.extra["linked_section"]["title"] == "Q. 4Way Handshake 사용이유"
    assert [card.question.split(" — ")[0] for card in of_kind(doc, CardKind.ORDERING)] == [
        "3 way handshake (연결 과정)",
        "데이터 통신 과정",
        "4 way handshake (연결 해제 과정)",
    ]
