"""Symlinks out of an imported folder are never followed; file names cannot forge output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizapp.cli import app
from quizapp.deck.queries import find_cards
from quizapp.deck.sync import import_paths
from tests.conftest import T0


@pytest.mark.skipif(not Path("/etc/passwd").is_file(), reason="needs /etc/passwd")
def test_links_to_etc_passwd_and_etc_are_reported_by_name_and_skipped(engine, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "tcp.md").write_text("#### Q. SYN이란?\n\nA. 연결 요청\n", encoding="utf-8")
    os.symlink("/etc/passwd", notes / "passwd.md")
    os.symlink("/etc", notes / "system")
    summary = import_paths(engine, [notes], now=T0)
    problems = {p.path: p.message for p in summary.problems}
    assert problems == {
        "passwd.md": "symlink to /etc/passwd, outside the imported folder: skipped",
        "system": "symlink to /etc, outside the imported folder: skipped",
    }
    assert [card.question for card, _ in find_cards(engine)] == ["SYN이란?"]


def test_a_link_inside_the_folder_is_followed(engine, tmp_path):
    notes = tmp_path / "notes"
    (notes / "real").mkdir(parents=True)
    (notes / "real" / "udp.md").write_text("#### Q. UDP는?\n\nA. 비연결형\n", encoding="utf-8")
    os.symlink(notes / "real", notes / "alias")
    summary = import_paths(engine, [notes], now=T0)
    assert summary.files_imported == 1
    assert "already imported through another link" in summary.problems[0].message


def test_a_newline_in_a_file_name_cannot_forge_a_line_of_output(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    forged = "a.md: error: forged\nb"
    broken = "---\ndeck: [\n---\n#### Q. 깨진 노트?\n\nA. 답\n"
    (notes / f"{forged}.md").write_text(broken, encoding="utf-8")
    (notes / "x\x1b]0;TITLE\x07.md").write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(notes)], catch_exceptions=False)
    lines = result.output.splitlines()
    assert not any(line.startswith("b.md") for line in lines), result.output
    assert "a.md: error: forged␊b.md:2: warning: front matter" in result.output
    assert "x␛]0;TITLE␇.md:2: warning" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
