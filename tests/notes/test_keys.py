"""Question identity: `question_key` folds what a light edit changes, keeps what matters."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quizapp.notes import question_key
from quizapp.notes.text import strip_question_marker


@pytest.mark.parametrize(
    "variant",
    [
        "TCP란?",
        "TCP란",
        "**TCP**란?",
        "Q. TCP란?",
        "**Q.** TCP란？",
        "3. TCP란?",
        "  TCP란 ?  ",
        "[TCP](https://example.com)란?",
        "TCP란?<br>",
        "ＴＣＰ란?",
    ],
)
def test_light_formatting_edits_keep_the_key(variant: str) -> None:
    assert question_key(variant) == question_key("TCP란?") == "tcp란"


def test_whitespace_is_collapsed_and_case_folded() -> None:
    assert question_key("Why  is\nTIME_WAIT   needed") == "why is time_wait needed"


def test_angle_brackets_that_are_not_formatting_stay_in_the_key() -> None:
    assert question_key("List<String>과 List<Integer>") != question_key("List과 List")


def test_different_questions_have_different_keys() -> None:
    assert question_key("3 way handshake 과정") != question_key("4 way handshake 과정")


_KEY_CHARACTERS = st.sampled_from(list("Qq. :?？。!*_~=`abc가나\u00a0\u3000\t1)"))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_KEY_CHARACTERS, max_size=25))
def test_key_trims_and_unemphasises_as_the_patterns_say(text: str) -> None:
    """The emphasis pre-check and the trailing strip give what the regular expressions gave."""
    key = unicodedata.normalize("NFKC", text)
    key = re.sub(r"\*\*|__|~~|==|[*`]", "", key)
    key = strip_question_marker(key) or key
    key = re.sub(r"^\s*(?:\d{1,3}|[a-z])[.)]\s+", "", key, flags=re.IGNORECASE)
    key = " ".join(key.casefold().split())
    assert question_key(text) == re.sub(r"[\s?？.!。:：]+$", "", key)
