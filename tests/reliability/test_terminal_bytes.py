"""End to end: the bytes the real app writes to a terminal carry no escape from a note.

The app runs in tmux with `pipe-pane` copying everything it writes to a file; it shows a
hostile note's card (both sides) and the note itself. The note's payloads must reach
the screen as text, and none of its escape sequences may reach the terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_tmux import QUIZAPP, Terminal

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

NOTE = (
    "---\ndeck: 위험\n---\n"
    "# 제목 \x1b]0;EVIL-TITLE\x07 노트\n\n"
    "본문의 \x1b[6nDSR-PAYLOAD 와 \x1bPDCS-PAYLOAD\x1b\\ 끝.\n\n"
    "<script>alert('XSS-PAYLOAD')</script>\n\n"
    "#### Q. 빨간 \x1b[31mRED-PAYLOAD\x1b[0m 글자?\n\n"
    "A. 답은 아래와 같다.\n\n"
    "- 클립보드 \x1b]52;c;RVZJTC1DTElQ\x07 복사\n"
    "- 한 바이트 \x9b31mC1-PAYLOAD 제어\n"
    "- 양방향 \u202eEDISNI\u202c 문자\n"
)

MARKERS = [b"EVIL-TITLE", b"DSR-PAYLOAD", b"DCS-PAYLOAD", b"RED-PAYLOAD", b"RVZJTC1DTElQ"]
MARKERS += [b"C1-PAYLOAD", b"EDISNI"]

NOTE_SEQUENCES = [
    b"\x1b]0;EVIL-TITLE",
    b"\x1b[6n",
    b"\x1bPDCS",
    b"\x1b[31mRED-PAYLOAD",
    b"\x1b]52;",
    b"\xc2\x9b31m",
    "\u202e".encode(),
    "\u202c".encode(),
]

CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")
IMAGE_QUERY = re.compile(rb"\x1b_Gi=\d+,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\")
OSC = re.compile(rb"\x1b\](\d*);([^\x07\x1b]*)(?:\x07|\x1b\\)")
C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def test_a_hostile_note_reaches_the_terminal_as_text_only(tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "evil.md").write_text(NOTE, encoding="utf-8")
    env = {"QUIZAPP_DB": str(tmp_path / "e2e.db"), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    subprocess.run(
        [str(QUIZAPP), "import", str(notes)], env={**os.environ, **env}, capture_output=True
    )
    raw = tmp_path / "terminal.bin"
    # The app waits for a key, so the pipe is in place before its first byte.
    term = Terminal(
        ["sh", "-c", 'read go; exec "$0" review --deck 위험', str(QUIZAPP)], env, (100, 30)
    )
    try:
        term.record(raw)
        term.press("Enter")
        term.wait_for(lambda s: "RED-PAYLOAD" in s)
        term.press("Space")
        term.wait_for(lambda s: "C1-PAYLOAD" in s and "EDISNI" in s)
        term.press("o")
        term.wait_for(lambda s: "EVIL-TITLE" in s and "DCS-PAYLOAD" in s)
        term.press("C-q")
        term.wait_exit()
    finally:
        term.close()
    data = raw.read_bytes()

    for marker in MARKERS:
        assert marker in data, f"{marker!r} never reached the screen"
    for sequence in NOTE_SEQUENCES:
        assert sequence not in data, f"the note's {sequence!r} reached the terminal"
    oscs = OSC.findall(data)
    assert {number for number, _ in oscs} <= {b"22"}  # Textual's own: the pointer shape
    assert all(re.fullmatch(rb"[a-z-]+", payload) for _, payload in oscs)
    # quizapp's own question to the terminal before the app starts: can it draw images
    # (textual-image's Kitty graphics query, a fixed sequence, never note content).
    data = IMAGE_QUERY.sub(b"", data)
    rest = OSC.sub(b"", CSI.sub(b"", data))
    assert b"\x1b" not in rest and b"\x07" not in rest
    assert not C1_IN_UTF8.search(data)
