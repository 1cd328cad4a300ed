"""Question identity: `question_key` folds what a light edit changes, keeps what matters."""

from __future__ import annotations

import pytest

from quizapp.notes import question_key


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
