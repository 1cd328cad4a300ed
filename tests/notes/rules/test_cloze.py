"""Rule cloze: `==hidden==` and `{{c1::hidden}}` make cloze cards."""

from __future__ import annotations

from quizapp.notes import CardKind
from quizapp.notes.cloze import find_cloze

from ..helpers import note


def test_highlight_marks_a_cloze() -> None:
    [card] = note("TCP 헤더의 최소 크기는 ==20바이트==이다.\n").cards
    assert card.kind == CardKind.CLOZE
    assert card.question == "TCP 헤더의 최소 크기는 [...]이다."
    assert card.answer == "TCP 헤더의 최소 크기는 20바이트이다."
    assert card.extra["clozes"] == [{"index": 1, "text": "20바이트", "hint": None}]


def test_anki_clozes_keep_their_numbers_and_hints() -> None:
    cloze = find_cloze("{{c2::ACK::응답}} 다음에 {{c1::FIN}}")
    assert cloze is not None
    assert cloze.question == "[응답] 다음에 [...]"
    assert cloze.clozes == [
        {"index": 2, "text": "ACK", "hint": "응답"},
        {"index": 1, "text": "FIN", "hint": None},
    ]


def test_cloze_in_a_list_item() -> None:
    doc = note("- 첫 줄\n- UDP는 ==비연결형== 프로토콜\n")
    [card] = doc.cards
    assert (card.kind, card.line) == (CardKind.CLOZE, 2)


def test_code_spans_and_comparisons_are_not_clozes() -> None:
    assert find_cloze("`a == b`와 `x==y==z`") is None
    assert find_cloze("a == b 이고 c == d") is None


def test_english_cloze_in_a_paragraph() -> None:
    [card] = note("The default HTTPS port is {{c1::443}}.\n").cards
    assert (card.rule, card.question, card.answer) == (
        "cloze",
        "The default HTTPS port is [...].",
        "The default HTTPS port is 443.",
    )
