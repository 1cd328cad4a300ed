"""The library commands print no escape either (issue 13's scan, the commands issue 14 added).

`tests/reliability/test_cli_output.py` scans the commands that list and export cards; this
one scans the rest with the same hostile deck loaded (front matter, backup and package
escapes): `card`, `sources`, `deck list|show|set`, `users`, `stats --format json`,
`cards --state/--sort/--search`, and the errors that echo a deck name back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp import locations
from quizapp.cli import app
from quizapp.deck.db import open_database
from quizapp.deck.queries import find_cards
from tests.commands.cli import runner
from tests.reliability import hostile_deck

HOSTILE_DECK = "백업\x1b]0;DECK-PAYLOAD\x07"


@pytest.fixture
def loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Path]:
    monkeypatch.setattr(locations, "imported_decks", lambda: tmp_path / "imported")
    db = str(tmp_path / "deck.db")
    inputs = hostile_deck.write_inputs(tmp_path)
    for path in inputs:
        runner.invoke(app, ["import", str(path), "--db", db], catch_exceptions=False)
    return db, inputs[0]


def test_no_library_command_writes_a_control_character(loaded) -> None:
    db, notes = loaded
    engine = open_database(f"sqlite:///{db}")
    ids = [card.id for card, _ in find_cards(engine)]
    engine.dispose()
    commands = [
        ["card", "suspend", *ids],
        ["card", "unsuspend", *ids],
        ["card", "skip", ids[0]],
        ["card", "unskip", ids[0]],
        ["card", "bury", "no\x1b]52;c;eA==\x07such-card"],
        ["sources", "list"],
        ["sources", "remove", f"{notes}\x1b[2J"],
        ["deck", "list"],
        ["deck", "show", HOSTILE_DECK],
        ["deck", "set", HOSTILE_DECK, "--new-per-day", "5"],
        ["deck", "show", "없는\x1b]8;;http://evil\x1b\\덱"],
        ["users"],
        ["stats", "--format", "json"],
        ["cards", "--state", "suspended"],
        ["cards", "--sort", "deck", "--search", "PAYLOAD"],
        ["cards", "--deck", HOSTILE_DECK],
        ["cards", "--tag", "tag\x1b[?1049h"],
        ["quiz", "--history"],
    ]
    seen = ""
    for args in commands:
        result = runner.invoke(app, [*args, "--db", db])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args,
            result.exception,
        )
        output = result.stdout + result.stderr
        found = hostile_deck.controls(output)
        assert not found, f"{args}: {found!r} in {output!r}"
        seen += output
    # The hostile names came back as visible text: nothing was just dropped.
    assert "␛]0;DECK-PAYLOAD" in seen
    assert "ANKI-PAYLOAD" in seen
