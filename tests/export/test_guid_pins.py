"""Anki note GUIDs are the same in every process: re-exporting updates notes in Anki
instead of duplicating them. Tests that compute the expected GUID with the product's own
function in the same process cannot see a GUID built on Python's per-process `hash()`;
these pin literal values and compare two processes with different hash seeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from quizapp.export.apkg import note_guid

PINNED = {
    "tcp-why-3way": "f[$sGlxxU9",
    "tcp-why-time-wait": "uABOg.EfhG",
    "0123456789abcdef": "pPxv]9RZvZ",
    "한글-카드": "BQ#OX++F$|",
}


def test_guids_of_fixed_card_ids_are_pinned() -> None:
    assert {card: note_guid(card) for card in PINNED} == PINNED


def test_two_processes_with_different_hash_seeds_give_the_same_guids() -> None:
    program = (
        "import json, sys; from quizapp.export.apkg import note_guid; "
        "print(json.dumps([note_guid(c) for c in json.loads(sys.argv[1])]))"
    )
    runs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", program, json.dumps(list(PINNED))],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        runs.append(json.loads(out))
    assert runs[0] == runs[1] == list(PINNED.values())
