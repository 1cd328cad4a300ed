"""A card imported from Anki gets the same id in every process: importing the package again
(another day, another machine) updates the cards instead of adding a second copy.

The ids below were written down once from the Anki GUIDs (`guid1`, `guid2`) and must never
change; the product's own function is not used to compute what it should return. The imports
run the real command in fresh interpreters with different string-hash seeds, so an id taken
from Python's per-process `hash()` would differ between them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from quizapp.deck.db import open_database
from quizapp.deck.queries import find_cards
from tests.export.packages import Collection, build

PINNED = {
    "TIME_WAIT는 얼마나 기다리나?": "anki-2c33b1495197-0",
    "What does RST do?": "anki-45934feb1225-0",
}


def _import(hash_seed: str, package: Path, db: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    env.pop("QUIZAPP_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "import", str(package), "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_re_importing_an_anki_package_in_another_process_updates_the_same_cards(tmp_path):
    collection = Collection()
    collection.basic(1, "TIME_WAIT는 얼마나 기다리나?", "2MSL 동안 기다린다.")
    collection.basic(2, "What does RST do?", "It aborts the connection at once.")
    package = build(tmp_path / "network.apkg", collection)
    db = tmp_path / "deck.db"

    _import("1", package, db)
    _import("2", package, db)

    engine = open_database(f"sqlite:///{db}")
    try:
        cards = {card.question: card.id for card, _ in find_cards(engine)}
    finally:
        engine.dispose()
    assert cards == PINNED
