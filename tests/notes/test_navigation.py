"""Shape 5: navigation and boilerplate never reach an answer; real links in answers stay."""

from __future__ import annotations

import pytest

from .helpers import note


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        (
            "### Q. Why TCP?\nIt retransmits lost segments.\n\n"
            '<div align="right"><b><a href="#top">↥ back to top</a></b></div>\n',
            "It retransmits lost segments.",
        ),
        ("### Q. 왜 UDP?\n빠르다. **[위로](#top)**\n", "빠르다."),
        ("### Q. 스레드란?\n실행 흐름이다.\n\n[⬆ 목차로 돌아가기](#목차)\n", "실행 흐름이다."),
        (
            "### Q. What is DNS?\nA name lookup service.\n\n---\n\n## Next\n",
            "A name lookup service.",
        ),
    ],
)
def test_navigation_and_closing_rules_are_dropped(text: str, answer: str) -> None:
    assert note(text).cards[0].answer == answer


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("### Q. Why TCP?\nSee [flow control](#flow-control) for details.\n", "[flow control]"),
        ("### Q. 혼잡 제어란?\n[슬로 스타트](#슬로-스타트)부터 시작한다.\n", "[슬로 스타트]"),
        ("### Q. What is `***`?\n\n```\n***\n```\n", "***"),
    ],
)
def test_links_that_teach_and_code_stay(text: str, kept: str) -> None:
    assert kept in note(text).cards[0].answer
