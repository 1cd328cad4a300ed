"""Struck-out text (`~~…~~`, `<del>`) is the author's crossed-out mistake: never an answer."""

from __future__ import annotations

import pytest

from .helpers import note


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            "Q. SQL 인젝션을 막는 방법은?\n\n"
            "A. ~~따옴표를 직접 이스케이프한다.~~ 파라미터 바인딩을 쓴다.\n",
            "파라미터 바인딩을 쓴다.",
        ),
        (
            "- UDP: ~~reliable~~ connectionless, no retransmission\n- TCP: reliable stream\n",
            "connectionless, no retransmission",
        ),
        (
            "### Why TIME_WAIT?\n\nTo let <del>every</del> old segments expire.\n",
            "To let old segments expire.",
        ),
    ],
)
def test_struck_text_never_reaches_an_answer(text: str, answer: str) -> None:
    assert " ".join(note(text).cards[0].answer.split()) == answer


def test_tildes_inside_code_stay() -> None:
    [card] = note("Q. What does this match?\n\nA. The pattern `~~x~~` in Markdown.\n").cards
    assert card.answer == "The pattern `~~x~~` in Markdown."


def test_words_starting_with_on_survive_inline_html() -> None:
    """Event attributes are removed from tags only: "at once", "only" stay in the text."""
    doc = note(
        "## What do SIGKILL and SIGSTOP do?\n\n"
        "**SIGKILL** stops a process at once; only the kernel handles it.<br>\n"
        '<b onclick="steal()">SIGSTOP</b> pauses it, one process at a time.<br>\n'
        "\n## SIGKILL이란?\n\n**SIGKILL**은 프로세스를 즉시 멈춘다 (kills at once).<br>\n"
    )
    answers = " ".join(card.answer for card in doc.cards)
    assert "at once; only the kernel" in answers and "one process" in answers
    assert "kills at once" in answers and "onclick" not in answers
