"""End to end, the user's own library: import a folder, edit a note outside the app, see the
new card at start-up, suspend it in the card browser, unsuspend it from the command line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from sqlmodel import Session, select

from quizapp.deck.db import open_database
from quizapp.deck.models import Card
from quizapp.srs.reviewer import suspended_cards
from tests.e2e.test_tmux import QUIZAPP, Terminal, pytestmark  # noqa: F401 - marks apply here

NOTE = "# TCP 연결\n\n#### Q. 3-way handshake의 첫 세그먼트는?\n\nA. SYN.\n"
ADDED = "\n#### Q. Which segment ends a handshake?\n\nA. The final ACK.\n"


def _suspended(db: Path, question: str) -> bool:
    engine = open_database(f"sqlite:///{db}")
    with Session(engine) as session:
        card = session.exec(select(Card).where(Card.question == question)).one()
    return card.id in suspended_cards(engine)


def test_folder_edit_browser_suspend_cli_unsuspend(tmp_path: Path) -> None:
    db = tmp_path / "mine.db"
    env = {**os.environ, "QUIZAPP_DB": str(db), "QUIZAPP_LANG": "en"}
    notes = tmp_path / "my notes"
    notes.mkdir()
    note = notes / "tcp.md"
    note.write_text(NOTE, encoding="utf-8")
    subprocess.run([str(QUIZAPP), "import", str(notes)], env=env, check=True, capture_output=True)
    # Edited outside the app, before it starts.
    note.write_text(NOTE + ADDED, encoding="utf-8")

    term = Terminal(
        [str(QUIZAPP)],
        {"QUIZAPP_DB": str(db), "QUIZAPP_LANG": "en", "TERM": "xterm-256color", "LANG": "C.UTF-8"},
        (80, 24),
    )
    try:
        term.wait_for(lambda s: "notes synced: 1 added" in s)
        term.wait_for(lambda s: "total" in s and "2     0    0" in s)
        term.press("c")
        term.wait_for(lambda s: "2 cards" in s)
        term.press("/")
        # The search box has the keys once the footer drops the card keys (a letter typed
        # before the focus moved would go to the table).
        term.wait_for(lambda s: "x Suspend" not in s)
        term.press("f", "i", "n", "a", "l", "Enter")
        # Back in the table, whose keys return to the footer.
        term.wait_for(lambda s: "1 card ·" in s and "Which segment ends" in s and "x Suspend" in s)
        term.press("x")
        term.wait_for(lambda s: "suspended" in s)
        assert _suspended(db, "Which segment ends a handshake?")
        term.press("Escape")
        term.wait_for(lambda s: "Which segment" not in s and "total" in s)
        term.press("q")
        term.wait_exit()
    finally:
        term.close()

    listed = subprocess.run(
        [str(QUIZAPP), "cards", "--state", "suspended", "--format", "json"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    [card_id] = [line.split('"')[3] for line in listed.stdout.splitlines() if '"id"' in line]
    done = subprocess.run(
        [str(QUIZAPP), "card", "unsuspend", card_id],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    assert "1 card unsuspended" in done.stdout
    assert not _suspended(db, "Which segment ends a handshake?")
