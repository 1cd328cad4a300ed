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


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            "- CSRF 방어 방법\n  - CSRF 토큰을 검증한다\n"
            "  - ~~Referer 헤더만 보면 충분하다~~ (조작될 수 있어 보조 수단일 뿐)\n"
            "  - SameSite 쿠키를 쓴다\n",
            "- CSRF 토큰을 검증한다\n- SameSite 쿠키를 쓴다",
        ),
        (
            "**How do you stop clickjacking?**\n\n- Send `X-Frame-Options: DENY`\n"
            "- ~~Use a frame-busting script~~\n- Set CSP `frame-ancestors`\n",
            "- Send `X-Frame-Options: DENY`\n- Set CSP `frame-ancestors`",
        ),
        # near miss: an item with text left after the struck words keeps that text
        (
            "**What does `kill -9` send?**\n\n- ~~SIGTERM~~ SIGKILL (cannot be caught)\n"
            "- the process ends at once\n",
            "- SIGKILL (cannot be caught)\n- the process ends at once",
        ),
    ],
)
def test_an_item_crossed_out_whole_is_dropped(text: str, answer: str) -> None:
    """A bullet struck out whole leaves no empty item and no orphaned `(…)` aside."""
    assert note(text).cards[0].answer == answer


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
