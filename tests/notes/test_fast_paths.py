"""Shortcuts the importer takes for speed give what the long way gives (`bench/import.py`)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.notes.parser import NoteParser
from quizapp.notes.rules.definitions import LABEL_TERMS, real_term
from quizapp.notes.text import normalise_words
from quizapp.notes.tree import build_tree

from .helpers import FIXTURES, SEED


def _parsers() -> list[NoteParser]:
    paths = [*sorted(FIXTURES.rglob("*.md")), SEED]
    parsers = []
    for path in paths:
        parser = NoteParser(path.read_text(encoding="utf-8"), path.name, "")
        parser.parse()
        parsers.append(parser)
    return parsers


def test_a_heading_text_is_what_its_lines_join_to() -> None:
    """`inline_text` reads a one-line heading without comments from its token: the same text
    its lines give (every heading of the fixture notes, and setext and commented ones)."""
    extra = NoteParser("Setext\nheading\n===\n\n## 제목 <!-- 메모 -->\n\n##   \n", "x.md", "")
    extra.parse()
    checked = 0
    for parser in [*_parsers(), extra]:
        blocks = parser.blocks(build_tree(parser._tokenize()), ())
        for block in blocks:
            if block.kind == "heading":
                lines = parser.inline_lines(block)
                assert parser.inline_text(block) == "\n".join(x.text for x in lines).strip()
                checked += 1
    assert checked > 100


_TAG = re.compile(r"<[^<>]*>")
_GLOSS = re.compile(r"[(（\[][^)）\]]*[)）\]]")
_ARROW = re.compile(r"->|→|=>|⇒|<-|←")
_TERM_CHARACTERS = st.sampled_from(list("<b>()（）[]TCP 연결 정의 장점 -> x"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_TERM_CHARACTERS, max_size=30))
def test_real_term_skips_only_substitutions_that_change_nothing(term: str) -> None:
    words = normalise_words(_GLOSS.sub(" ", _TAG.sub(" ", term))).split()
    expected = bool(words) and len(words) <= 6 and not all(w in LABEL_TERMS for w in words)
    assert real_term(term, term) == (expected and not _ARROW.search(term))
