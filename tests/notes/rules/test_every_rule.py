"""Every rule is documented and tested as the issue asks: a docstring showing the Markdown it
accepts with a Korean and an English example, its own test file, and a line in the docs."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from quizapp.notes import parse_note
from quizapp.notes.rules import RULES, Rule

_HERE = Path(__file__).parent
_DOCS = Path(__file__).parents[3] / "docs" / "content-format.md"
_HANGUL = re.compile(r"[가-힣]")
_LATIN_WORDS = re.compile(r"\b[A-Za-z]{3,}\b.*\b[A-Za-z]{3,}\b")


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_the_rule_has_bilingual_examples_a_test_file_and_a_docs_entry(rule: Rule) -> None:
    module = importlib.import_module(f"quizapp.notes.rules.{rule.name}")
    blocks = re.findall(r"```markdown\n(.*?)\n```", module.__doc__ or "", re.DOTALL)
    example = "\n".join(blocks)
    assert blocks, f"{rule.name}: no ```markdown example in its docstring"
    assert _HANGUL.search(example), f"{rule.name}: no Korean example"
    assert any(
        _LATIN_WORDS.search(line) and not _HANGUL.search(line) for line in example.splitlines()
    ), f"{rule.name}: no English example"
    tests = _HERE / f"test_{rule.name}.py"
    assert tests.exists(), f"{rule.name}: no {tests.name}"
    assert f"`{rule.name}`" in _DOCS.read_text(encoding="utf-8"), f"{rule.name}: not in the docs"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_the_docstring_examples_make_cards_by_their_rule(rule: Rule) -> None:
    """The Markdown a rule says it accepts really makes its cards (the docs stay true)."""
    module = importlib.import_module(f"quizapp.notes.rules.{rule.name}")
    examples = re.findall(r"`{3,4}markdown\n(.*?)\n`{3,4}\n", module.__doc__ or "", re.DOTALL)
    assert examples
    for example in examples:
        doc = parse_note(example, "example.md")
        assert rule.name in {card.rule for card in doc.cards}, (rule.name, example)
