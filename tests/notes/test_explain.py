"""`quizapp import --explain FILE` and the import summary's cards per rule (issue 10)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from quizapp.cli import app
from quizapp.notes.explain import explain

from .helpers import note

runner = CliRunner()

NOTE = """\
- 장점: 빠르다
- 단점: 유실된다

# 네트워크

## 흐름 제어란

수신 측이 감당할 만큼만 보내도록 속도를 조절하는 것이다.

## 목차
1. [TCP](#tcp)
2. [UDP](#udp)
3. [IP](#ip)

Q. What is a socket?
A. An endpoint of a connection.

Q. What is a socket?
A. The same question again.
"""


def test_explain_names_the_rule_and_lines_of_each_card_and_why_blocks_made_none() -> None:
    lines = explain(note(NOTE, "net.md"))
    assert "net.md:6-8  question_heading → basic: 흐름 제어란" in lines
    assert "net.md:15-16  qa_marker → basic: What is a socket?" in lines
    [toc] = [line for line in lines if line.startswith("net.md:11-13  no card (ordered_list)")]
    assert "lists things, not steps" in toc
    [labels] = [line for line in lines if line.startswith("net.md:1-2  no card (bullet_list)")]
    assert "not definitions" in labels
    assert any("duplicate of the card at line 15" in line for line in lines)
    assert "net.md: 2 cards (question_heading 1, qa_marker 1)" in lines[-2]


def test_import_explain_prints_and_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "net.md"
    path.write_text(NOTE, encoding="utf-8")
    db = tmp_path / "deck.db"
    result = runner.invoke(app, ["import", "--explain", str(path), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "qa_marker → basic: What is a socket?" in result.stdout
    assert not db.exists()


def test_import_summary_counts_cards_per_rule_and_duplicates(tmp_path: Path) -> None:
    path = tmp_path / "net.md"
    path.write_text(NOTE, encoding="utf-8")
    result = runner.invoke(app, ["import", str(path), "--db", str(tmp_path / "deck.db")])
    assert "cards by rule: qa_marker 1, question_heading 1; duplicates skipped 1" in result.stdout
    # A skipped duplicate is a warning: the summary does not count it as an error.
    assert "errors 0, warnings 1" in result.stdout
    assert result.exit_code == 1  # content problems (docs: exit codes)


def test_explain_says_why_a_heading_is_no_term_in_words_a_user_can_act_on() -> None:
    """A label heading names its label word; a question list heading says what it titles;
    a long heading says the limit (not one reason for all three)."""
    doc = note(
        "## 예시\n\n코드는 아래를 본다.\n\n"
        "## Questions I still need to answer\n\n- Why is field injection discouraged?\n\n"
        "## The many small reasons why the JVM warms up slowly\n\nIt is slow.\n",
        "jvm.md",
    )
    reasons = {block.line: block.reason for block in doc.unclaimed if block.kind == "heading"}
    assert "section label ('예시')" in reasons[1]
    assert "titles the questions listed under it" in reasons[5]
    assert "too long to be a term (at most 6 words)" in reasons[9]
