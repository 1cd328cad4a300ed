"""End to end, more screens with a hostile deck loaded: a card opened from the browser, the
weakest cards of statistics and the keys panel write no escape of the deck's data.

Completes `tests/reliability/test_terminal_bytes_hostile_deck.py` (home, notes, statistics,
browser, settings, review, quiz) for issue 13's "the tmux byte stream of every screen". The
deck gets its escapes through front matter, a JSON backup and an Anki package.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs

from quizapp.deck.db import open_database
from quizapp.srs.reviewer import Reviewer
from tests.e2e.test_tmux import pytestmark  # noqa: F401 - marks apply here
from tests.reliability.test_terminal_bytes_hostile_deck import (
    C1_IN_UTF8,
    CSI,
    IMAGE_QUERY,
    OSC,
    load,
    watched,
)

HOSTILE_SEQUENCES = [b"\x1b]52;", b"\x1b]0;DECK", b"\x1b]8;;", b"\x1b[6n", b"\x1b[31mRED"]


def test_card_weakest_and_keys_screens_write_no_escape(tmp_path: Path) -> None:
    db = load(tmp_path)
    engine = open_database(f"sqlite:///{db}")
    # The backup's card forgotten twice: the weakest card of statistics.
    yesterday = datetime.now(UTC) - timedelta(days=1)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    reviewer.rate("backup-choice", fsrs.Rating.Again, yesterday)
    reviewer.rate("backup-choice", fsrs.Rating.Again, yesterday + timedelta(minutes=10))
    engine.dispose()
    env = {"QUIZAPP_DB": str(db), "QUIZAPP_LANG": "en", "TERM": "xterm-256color"}
    env["LANG"] = "C.UTF-8"
    app = watched(tmp_path, "more.bin", [], env)
    try:
        app.wait_for(lambda s: "n Notes" in s)
        app.press("c")
        app.wait_for(lambda s: "RED-PAYLOAD" in s)
        app.press("/")
        # Typed only once the search box has the keys (the footer drops the card keys):
        # an R that reached the table would reset the card.
        app.wait_for(lambda s: "x Suspend" not in s)
        app.press("R", "E", "D", "Enter")
        app.wait_for(lambda s: "1 card ·" in s and "x Suspend" in s)
        app.press("Enter")  # the card whole: source, question, options, answer
        app.wait_for(lambda s: "OPTION-PAYLOAD" in s and "RED-PAYLOAD" in s)
        app.press("Escape")
        app.wait_for(lambda s: "1 card ·" in s)
        app.press("Escape")
        app.wait_for(lambda s: "n Notes" in s and "RED-PAYLOAD" not in s)
        app.press("s")
        app.wait_for(lambda s: "statistics" in s.lower())
        app.press("Right", "Right", "Right")
        app.wait_for(lambda s: "RED-PAYLOAD" in s and "lapses" in s)
        app.press("Escape")
        app.wait_for(lambda s: "statistics" not in s.lower() and "n Notes" in s)
        app.press("?")
        app.wait_for(lambda s: "Keys" in s and "Esc closes" in s)
        app.press("Escape")
        app.wait_for(lambda s: "Esc closes" not in s and "n Notes" in s)
        app.press("C-q")
        app.wait_exit()
    finally:
        app.close()

    data = (tmp_path / "more.bin").read_bytes()
    assert b"OPTION-PAYLOAD" in data and b"RED-PAYLOAD" in data
    for sequence in HOSTILE_SEQUENCES:
        assert sequence not in data, sequence
    assert {number for number, _ in OSC.findall(data)} <= {b"22"}
    rest = OSC.sub(b"", CSI.sub(b"", IMAGE_QUERY.sub(b"", data)))
    assert b"\x1b" not in rest and b"\x07" not in rest
    assert not C1_IN_UTF8.search(data)
    assert "\u202e".encode() not in data
