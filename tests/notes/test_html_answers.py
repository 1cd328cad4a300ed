"""HTML in answers is converted without parsing the answer's text a second time when no
HTML block can be in it, and still converted when one is (a `<div>` inside a list item)."""

from __future__ import annotations

import pytest

from quizapp.notes import parse_note, tree
from quizapp.notes.html import convert_html_blocks

from .helpers import FIXTURES


def _refuse(text: str) -> list:
    raise AssertionError(f"parsed again: {text[:40]!r}")


@pytest.mark.parametrize(
    "text",
    [
        "A classic `<script>` in the head blocks parsing.",
        "줄바꿈은 <br> 로 하고 <b>굵게</b> 쓴다.",
        "- 항목 <div>가운데</div> 에 있는 태그\n- 둘째",
        "> 인용 안의 <p>문단</p>",
        "no html at all",
    ],
)
def test_text_whose_tags_sit_inside_lines_is_not_parsed_again(text: str) -> None:
    assert convert_html_blocks(text, _refuse) == text


def test_an_html_block_inside_a_list_item_is_still_converted() -> None:
    text = "- 첫째\n- <div>\n  <p>둘째 <b>굵게</b></p>\n  </div>\n- 셋째"
    converted = convert_html_blocks(text, tree.MARKDOWN_IT.parse)
    assert "<div" not in converted and "<p>" not in converted
    assert "**굵게**" in converted and "- 셋째" in converted


def test_no_fixture_answer_is_parsed_a_second_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every fixture note (HTML answers, `<details>` banks, navigation) imports with one
    parse: the answers' HTML comes from the tokens the note was parsed into."""
    seen: list[str] = []
    parse = tree.MARKDOWN_IT.parse

    def counting(text: str, env: dict | None = None) -> list:
        seen.append(text)
        return parse(text, env)

    monkeypatch.setattr(tree.MARKDOWN_IT, "parse", counting)
    for path in sorted(FIXTURES.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        seen.clear()
        parse_note(text, path.name)
        front_matter = 1 if text.startswith("-") else 0  # the note's own parse
        assert len(seen) == front_matter, path
