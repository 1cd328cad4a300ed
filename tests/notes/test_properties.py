"""Property tests: no text makes the parser fail, and every card points inside its file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.notes import NoteDoc, decode_note_bytes, parse_note

_WORDS = [
    "TCP",
    "연결",
    "종료",
    "SYN",
    "ACK",
    "왜",
    "과정",
    "질문",
    "답",
    "👩‍💻",
    ":zap:",
    "List<String>",
]
_LINE_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "#### ",
        "### - ",
        "- ",
        "1. ",
        "2) ",
        "  - ",
        "> ",
        "- [ ] ",
        "- [x] ",
        "Q. ",
        "Q1) ",
        "**Q.** ",
        "질문: ",
        "A.",
        "A) ",
        "B) ",
        "답: ",
        "정답: B",
        "Answer: A",
        "TERM(gloss : 뜻): ",
        "==숨김==",
        "{{c1::숨김::힌트}}",
        "?",
        "？",
        "<details><summary>",
        "</summary>",
        "</details>",
        "<summary><h3>1. 질문?</h3></summary>",
        "<br>",
        "</br>",
        '<img src="a.png">',
        "<!-- quizapp: id=x tags=a,b -->",
        "<!-- quizapp rubric",
        "<!-- quizapp: kind=open reverse skip -->",
        "<!-- quizapp: bogus=1 ",
        "<!--",
        "-->",
        "```",
        "```quizapp rubric",
        "---",
        "deck: d",
        "| a | b |",
        "|---|---|",
        "![x](data:image/png;base64,AAAA)",
        "[링크](https://example.com)",
        "\t",
        "    ",
        "\r",
    ]
)
_LINE = st.lists(st.one_of(_LINE_PIECES, st.sampled_from(_WORDS), st.text(max_size=8)), max_size=6)
_MARKDOWNISH = st.lists(_LINE.map("".join), max_size=30).map("\n".join)


def _assert_within_file(doc: NoteDoc, text: str) -> None:
    line_count = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for card in doc.cards:
        assert 1 <= card.line <= line_count, card
        assert card.question or card.kind.value == "cloze"
    for section in doc.sections:
        assert 1 <= section.start_line <= section.end_line <= line_count
    for problem in doc.problems:
        assert problem.line is None or 1 <= problem.line <= line_count


_SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.text())
def test_any_text_parses_without_error(text: str) -> None:
    _assert_within_file(parse_note(text, "any.md"), text)


@_SETTINGS
@given(_MARKDOWNISH)
def test_markdown_like_text_parses_without_error(text: str) -> None:
    _assert_within_file(parse_note(text, "gen.md"), text)


@_SETTINGS
@given(st.binary())
def test_any_bytes_decode_without_error(raw: bytes) -> None:
    text, problems = decode_note_bytes(raw, "raw.md")
    assert text is not None or problems
    if text is not None:
        _assert_within_file(parse_note(text, "raw.md"), text)
