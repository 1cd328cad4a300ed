"""Every CLI command's output, with a hostile deck loaded, carries no escape of its data.

The deck is loaded through every way text comes in (see `hostile_deck.py`); then each
command runs and its stdout and stderr are scanned for ESC, BEL, C1 and bidi controls.
Paths with `[brackets]` and help text with `[extras]` must show intact (Rich markup used
to eat them).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizapp import locations
from quizapp.cli import app
from tests.reliability import hostile_deck

runner = CliRunner()


@pytest.fixture
def loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    monkeypatch.setattr(locations, "imported_decks", lambda: tmp_path / "imported")
    db = str(tmp_path / "deck.db")
    inputs = hostile_deck.write_inputs(tmp_path)
    notes = inputs[0]
    outputs = [
        runner.invoke(app, ["import", str(path), "--db", db], catch_exceptions=False)
        for path in inputs
    ]
    # A retired card for `orphans`: its note is gone.
    (notes / "evil.md").rename(tmp_path / "evil.md.gone")
    outputs.append(runner.invoke(app, ["import", str(notes), "--db", db], catch_exceptions=False))
    return {"db": db, "notes": notes, "tmp": tmp_path, "imports": outputs}


def commands(loaded: dict[str, object]) -> dict[str, list[str]]:
    db, notes, tmp = str(loaded["db"]), str(loaded["notes"]), Path(str(loaded["tmp"]))
    found: dict[str, list[str]] = {
        "cards": ["cards", "--db", db],
        "cards json": ["cards", "--format", "json", "--db", db],
        "check": ["check", notes],
        "orphans": ["orphans", "--db", db],
        "stats": ["stats", "--db", db],
        "quiz history": ["quiz", "--history", "--db", db],
        "optimize": ["optimize", "--db", db],
        "sim": ["sim"],
        "help": ["--help"],
        "missing db folder": ["cards", "--db", str(tmp / "no\x1b]0;x\x07" / "d.db" / "x")],
    }
    for fmt in ("apkg", "csv", "tsv", "json", "md"):
        out = tmp / "exports" / f"out.{fmt}"
        found[f"export {fmt}"] = ["export", "-f", fmt, "-o", str(out), "--db", db]
    for name in app.registered_commands:
        command = name.name or (name.callback.__name__ if name.callback else "")
        found[f"help {command}"] = [command, "--help"]
    return found


def test_no_command_writes_a_control_character_from_the_hostile_deck(loaded):
    seen = ""
    for result in loaded["imports"]:  # type: ignore[union-attr]
        assert not hostile_deck.controls(result.output), result.output
        seen += result.output
    for label, args in commands(loaded).items():
        result = runner.invoke(app, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            label,
            result.exception,
        )
        found = hostile_deck.controls(result.stdout + result.stderr)
        assert not found, f"{label}: {found!r} in {result.output!r}"
        seen += result.output
    # The payloads arrive as visible text, so nothing was simply dropped.
    for payload in ("FILE-PAYLOAD", "DECK-PAYLOAD", "ANKI-PAYLOAD", "RED-PAYLOAD"):
        assert payload in seen, payload
    assert "␛]52;c;" in seen


def test_brackets_in_paths_and_help_text_show_intact(loaded):
    table = runner.invoke(app, ["cards", "--db", str(loaded["db"])]).output
    assert "Language/[java] 기초.md:1" in table
    help_text = runner.invoke(app, ["optimize", "--help"]).output
    assert "pip install 'quizapp[optimizer]'" in " ".join(help_text.split())
