"""End to end: with a hostile deck loaded, the app's screens write no escape of its data.

The deck gets its escapes through YAML front matter, a JSON backup (deck, question,
choice options in `extra_json`) and an Anki package (deck name, fields, tags): see
`hostile_deck.py`. The real app runs in tmux with `pipe-pane` copying every byte it
writes; it shows the home screen (deck names), the notes screen (file names),
statistics, a review of the backup's choice card and the package's card with both sides,
and a quiz on the backup's card. Every payload must show as text, and apart from
Textual's own sequences no ESC, BEL or C1 byte may appear.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from quizapp.deck.db import open_database
from quizapp.deck.sync import import_paths
from quizapp.export.anki_import import import_package
from quizapp.export.json import restore_json
from tests.conftest import T0
from tests.e2e.test_tmux import QUIZAPP, Terminal
from tests.reliability import hostile_deck

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")
IMAGE_QUERY = re.compile(rb"\x1b_Gi=\d+,s=1,v=1,a=q,t=d,f=24;AAAA\x1b\\")
OSC = re.compile(rb"\x1b\](\d*);([^\x07\x1b]*)(?:\x07|\x1b\\)")
C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def load(tmp_path: Path) -> Path:
    db = tmp_path / "e2e.db"
    engine = open_database(f"sqlite:///{db}")
    notes, backup, package = hostile_deck.write_inputs(tmp_path)
    import_paths(engine, [notes], now=T0)
    restore_json(engine, backup)
    import_package(engine, package, tmp_path / "imported", now=T0)
    engine.dispose()
    return db


def watched(tmp_path: Path, name: str, args: list[str], env: dict[str, str]) -> Terminal:
    """The app in tmux, every byte it writes copied to `name`; it starts on Enter."""
    term = Terminal(["sh", "-c", 'read go; exec "$0" "$@"', str(QUIZAPP), *args], env, (110, 32))
    term.record(tmp_path / name)
    term.press("Enter")
    return term


def test_no_screen_writes_an_escape_from_a_hostile_deck(tmp_path: Path):
    db = load(tmp_path)
    env = {"QUIZAPP_DB": str(db), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    home = watched(tmp_path, "home.bin", [], env)
    try:
        home.wait_for(lambda s: all(p in s for p in ("DECK-PAYLOAD", "ANKI-PAYLOAD", "Q0xJUC1Q")))
        home.wait_for(lambda s: "n Notes" in s)
        home.press("n")
        home.wait_for(lambda s: "NAME-PAYLOAD" in s)
        home.press("Escape")
        # Back home first: an `s` right after ESC would read as alt+s.
        home.wait_for(lambda s: "NAME-PAYLOAD" not in s and "new learn" in s.replace("  ", " "))
        home.press("s")
        home.wait_for(lambda s: "statistics" in s.lower())
        home.press("Escape")
        home.wait_for(lambda s: "statistics" not in s.lower() and "n Notes" in s)
        home.press("c")  # the card browser: every card's deck, question and source
        home.wait_for(lambda s: "RED-PAYLOAD" in s and "DSR-PAYLOAD" in s)
        home.press("Escape")
        home.wait_for(lambda s: "RED-PAYLOAD" not in s and "n Notes" in s)
        home.press("d")  # the settings dialog names the selected deck in its title
        home.wait_for(lambda s: "Desired retention" in s and "settings" in s)
        home.press("Escape")
        home.wait_for(lambda s: "Desired retention" not in s and "n Notes" in s)
        home.press("C-q")
        home.wait_exit()
    finally:
        home.close()
    for deck, front, back in (
        ("백업␛]0;DECK-PAYLOAD␇", "RED-PAYLOAD", "OPTION-PAYLOAD"),
        ("앙키␛]0;ANKI-PAYLOAD␇\ufffd", "DSR-PAYLOAD", "LINK-PAYLOAD"),
    ):
        review = watched(tmp_path, f"review-{front}.bin", ["review", "--deck", deck], env)
        try:
            review.wait_for(lambda s, f=front: f in s)
            review.press("Space")
            review.wait_for(lambda s, b=back: b in s)
            review.press("C-q")
            review.wait_exit()
        finally:
            review.close()

    quiz = watched(
        tmp_path, "quiz.bin", ["quiz", "--deck", "백업␛]0;DECK-PAYLOAD␇", "-n", "1"], env
    )
    try:
        quiz.wait_for(lambda s: "OPTION-PAYLOAD" in s or "RED-PAYLOAD" in s)
        quiz.press("C-q")
        quiz.wait_exit()
    finally:
        quiz.close()

    data = b"".join(f.read_bytes() for f in sorted(tmp_path.glob("*.bin")))
    for payload in (b"DECK-PAYLOAD", b"NAME-PAYLOAD", b"OPTION-PAYLOAD", b"LINK-PAYLOAD"):
        assert payload in data
    oscs = OSC.findall(data)
    assert {number for number, _ in oscs} <= {b"22"}  # Textual's own: the pointer shape
    # quizapp's own question to the terminal before the app starts: can it draw images
    # (textual-image's Kitty graphics query, a fixed sequence, never deck content).
    data = IMAGE_QUERY.sub(b"", data)
    rest = OSC.sub(b"", CSI.sub(b"", data))
    assert b"\x1b" not in rest and b"\x07" not in rest
    assert not C1_IN_UTF8.search(data)
    for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert char.encode() not in data
