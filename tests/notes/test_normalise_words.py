"""`normalise_words` keeps letters, digits and whitespace and turns every other character
into a space, as the per-character `str.isalnum() or str.isspace()` test it replaced."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.notes.text import _NOT_WORD, normalise_words


def _by_character(text: str) -> str:
    return " ".join("".join(ch if ch.isalnum() or ch.isspace() else " " for ch in text).split())


def test_every_character_is_kept_or_spaced_as_isalnum_and_isspace_say() -> None:
    for code in range(sys.maxunicode + 1):
        text = f"a{chr(code)}b"
        assert " ".join(_NOT_WORD.sub(" ", text).split()) == _by_character(text), hex(code)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_words_of_any_text_match_the_character_test(text: str) -> None:
    folded = unicodedata.normalize("NFKC", text).casefold()
    assert normalise_words(text) == _by_character(re.sub(r":[a-z0-9_+\-]+:", " ", folded))
