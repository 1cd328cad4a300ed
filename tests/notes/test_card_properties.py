"""Properties of every card, on our fixture corpus and on generated notes (issue 10):

- no empty answer unless the card is open (or a flow card, whose answer the simulator computes);
- no answer holds a raw HTML block tag (`<div>`, `<p>`, `<li>`, `<details>` …) or navigation
  ("↥ back to top", "위로" links);
- every card's source line points at its question or term.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from quizapp.notes import CardKind, CardSpec, NoteDoc, parse_note, read_note
from quizapp.notes.html import BLOCK_TAG, is_navigation
from quizapp.notes.rules.ordering import ORDERING_PROMPT
from quizapp.notes.text import normalise_words

from .held_out import ALL as HELD_OUT_SETS
from .real_shapes import CORPUS

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_TAG = re.compile(r"<[^<>]*>")
_NAV_WORDS = re.compile(r"back\s*to\s*top|↥", re.IGNORECASE)


def _raw_html(answer: str) -> list[str]:
    """Raw HTML block tags markdown-it sees in an answer (code spans and blocks excluded)."""
    found: list[str] = []
    for token in _MD.parse(answer):
        pieces = [token] if token.type == "html_block" else (token.children or [])
        for piece in pieces:
            if piece.type in ("html_block", "html_inline"):
                found.extend(BLOCK_TAG.findall(piece.content))
    return found


def _points_at(card: CardSpec, lines: list[str]) -> bool:
    """The card's line holds a word of its question (or term, or first step / cloze text)."""
    if not 1 <= card.line <= len(lines):
        return False
    if card.kind == CardKind.ORDERING and card.rule == "ordering":
        wanted = str(card.extra["steps"][0])  # a numbered list under a heading: its first step
    elif card.kind == CardKind.ORDERING:  # steps answering a written question: the question
        wanted = card.question.split(f" — {ORDERING_PROMPT}")[0]
    elif card.kind == CardKind.CLOZE:
        wanted = card.answer
    elif card.kind == CardKind.REVERSE:
        wanted = str(card.extra.get("term", card.answer))
    else:
        wanted = card.question  # "name — aspect": the line shows one of them
    # A question written over several lines starts at the card's line.
    span = wanted.count("\n") + 1 if card.kind != CardKind.CLOZE else 1
    return _shows(" ".join(lines[card.line - 1 : card.line - 1 + span]), wanted)


def _shows(shown: str, wanted: str) -> bool:
    """Whether the text `shown` holds a word of one " — " part of `wanted`."""
    here = normalise_words(_TAG.sub("", shown))  # `TCP<b>TCP</b>` shows "TCPTCP"
    for part in wanted.split(" — "):
        words = normalise_words(_TAG.sub(" ", part)).split()  # the words a reader sees
        words = [w for w in words if len(w) > 1][:4] or words[:1]
        if not words or any(word in here for word in words):
            return True
    return False


def check(doc: NoteDoc, text: str) -> None:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for card in doc.cards:
        where = f"{doc.path}:{card.line} [{card.rule}] {card.question[:40]!r}"
        if card.kind not in (CardKind.OPEN, CardKind.FLOW):  # FLOW: the simulator answers
            assert card.answer.strip(), f"empty answer: {where}"
        assert not _raw_html(card.answer), f"raw HTML {_raw_html(card.answer)}: {where}"
        assert not any(is_navigation(line) for line in card.answer.split("\n")), where
        assert not _NAV_WORDS.search(card.answer), where
        assert _points_at(card, lines), f"line does not show the question: {where}"


@pytest.mark.parametrize("corpus", [CORPUS, *HELD_OUT_SETS], ids=lambda corpus: corpus.name)
def test_every_card_of_the_fixture_corpora_keeps_the_properties(corpus: Path) -> None:
    for path in sorted(corpus.glob("*.md")):
        check(read_note(path, corpus), path.read_text(encoding="utf-8"))


def test_the_bundled_notes_keep_the_properties() -> None:
    content = Path(__file__).parents[2] / "content"
    for path in sorted(content.rglob("*.md")):
        check(read_note(path, content), path.read_text(encoding="utf-8"))


_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "### ",
        "- ",
        "  - ",
        "1. ",
        "> ",
        "Q. ",
        "A. ",
        "**",
        ": ",
        " : ",
        "?",
        "란",
        " vs ",
        "What is ",
        "이유",
        "| a | b |",
        "|---|---|",
        "<details><summary>",
        "</summary>",
        "</details>",
        "</br>",
        "<br>",
        "<p>",
        "</p>",
        "<ul><li>",
        "</li></ul>",
        "<b>",
        "</b>",
        "<del>",
        "</del>",
        '<div align="right"><a href="#top">↥ back to top</a></div>',
        "[위로](#top)",
        "<table><tr><td>x</td></tr></table>",
        "```",
        "정답: A",
        "A) ",
        "B) ",
    ]
)
_WORDS = st.sampled_from(["TCP", "연결", "프로세스", "스레드", "deadlock", "cache", "장점", "특징"])
_LINE = st.lists(st.one_of(_PIECES, _WORDS), min_size=1, max_size=6).map("".join)
_NOTE = st.lists(st.one_of(_LINE, st.just("")), max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NOTE)
def test_generated_notes_keep_the_properties(text: str) -> None:
    check(parse_note(text, "gen.md"), text)


@pytest.mark.parametrize(
    "text",
    [
        "<details><summary>Q. 1. # \nTCP",
        "<details><summary>A. \nTCP",
        "Q. <details><summary>",
        "# Q. <details><summary>",
        "- Q. <br>\n- A. 답",
        "Q. <details><summary><ul><li>TCP",
        "# \n<details><summary># \nQ. ",
    ],
)
def test_notes_the_generator_found_keep_the_properties(text: str) -> None:
    """Found by the generated notes: a summary whose words start on its next line, and
    `Q.` markers followed only by tags (the card's line still shows what it asks)."""
    check(parse_note(text, "gen.md"), text)


@pytest.mark.parametrize(
    "text", ["- Q. <stdio.h>?\n", "Q. `List<String>`?\n", "#### Q. <stdio.h>\n"]
)
def test_a_question_about_a_header_name_is_still_a_question(text: str) -> None:
    """Found by the export round trip: `<stdio.h>` is no HTML tag, the question asks it."""
    assert [c.kind for c in parse_note(text, "q.md").cards] == [CardKind.OPEN]
