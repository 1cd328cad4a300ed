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
        # a left arrow back to the README or the TOC, to another file
        (
            "### Q. 솔트란?\n해시 전에 붙이는 난수다.\n\n[⬅ 목차로 돌아가기](../README.md)\n",
            "해시 전에 붙이는 난수다.",
        ),
        (
            "### Q. What is a salt?\nRandom bytes.\n\n[← Back to README](../README.md)\n",
            "Random bytes.",
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
        # near misses: links whose label teaches something, even to another file
        (
            "### Q. What is flow control?\nSee [Back pressure](backpressure.md).\n",
            "[Back pressure]",
        ),
        (
            "### Q. 목차 인덱스란?\n[목차 인덱스 설계](./toc-index.md)를 보라.\n",
            "[목차 인덱스 설계]",
        ),
    ],
)
def test_links_that_teach_and_code_stay(text: str, kept: str) -> None:
    assert kept in note(text).cards[0].answer
