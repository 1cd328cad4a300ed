"""Start-up stays light: what the first screen does not need is not loaded before it.

`bench/review.py --only startup` measures the start-up (target: ≤ 1.5× a bare Textual
app); these tests pin the two things that keep it there, so a later import at the top of
a module cannot silently undo them. Each runs in a fresh interpreter, since this test
process has long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = (
    "sqlalchemy",
    "sqlmodel",
    "alembic",
    "fsrs",
    "markdown_it",
    "mdit_py_plugins",
    "yaml",
    "rapidfuzz",
    "kiwipiepy",
    "snowballstemmer",
    "genanki",
    "zstandard",
    "html_to_markdown",
    "textual_plotext",
    "plotext",
    "textual_image",
    "PIL",
    "numpy",
    "quizapp.notes",
    "quizapp.deck",
)
"""Packages only some screens, the database worker or the note sync need."""


def loaded_heavy(script: str, tmp_path: Path) -> list[str]:
    """The HEAVY packages in `sys.modules` when `script` prints `json.dumps(loaded())`."""
    prelude = (
        "import json, sys\n"
        f"HEAVY = {HEAVY!r}\n"
        "def loaded():\n"
        "    return sorted(h for h in HEAVY\n"
        "                  if any(m == h or m.startswith(h + '.') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", prelude + script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_app_and_its_first_screen_import_nothing_heavy(tmp_path: Path) -> None:
    script = "import quizapp.tui.app, quizapp.tui.screens.home\nprint(json.dumps(loaded()))\n"
    assert loaded_heavy(script, tmp_path) == []


def test_the_database_is_opened_after_the_first_screen_is_drawn(tmp_path: Path) -> None:
    """Opening the deck in a thread still holds the interpreter's lock: it waits for the
    first frame. Afterwards the deck is open as before."""
    url = f"sqlite:///{tmp_path / 'deck.db'}"
    script = (
        "from quizapp.tui.app import QuizApp\n"
        "class Probe(QuizApp):\n"
        "    at_first_frame = None\n"
        "    def on_ready(self):\n"
        "        Probe.at_first_frame = loaded()\n"
        "        self.set_interval(0.05, self.done)\n"
        "    def done(self):\n"
        "        if self.database_ready:\n"
        "            self.exit()\n"
        f"app = Probe({url!r}, sync_sources=False)\n"
        "app.run(headless=True)\n"
        "assert app.database_ready\n"
        "print(json.dumps(Probe.at_first_frame))\n"
    )
    assert loaded_heavy(script, tmp_path) == []
