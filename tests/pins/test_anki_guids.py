"""Anki note GUIDs are the same in every process, on every machine, in every version.

Re-exporting updates the user's Anki notes only if each card's GUID is exactly what an
earlier export wrote. The literals below were written once and must never change: a GUID
computed from Python's per-process `hash()`, a random id, or a changed id derivation makes
Anki add a second copy of every note. The cross-process tests run the real command in
fresh interpreters with different hash seeds, as a user does on another day or machine.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition

from quizapp.deck.queries import find_cards
from quizapp.deck.sync import import_paths
from quizapp.export.apkg import note_guid
from tests.conftest import T0

NOTE = """\
---
deck: 네트워크
tags: [tcp]
---
# TCP 연결 종료

<!-- quizapp: id=close-why-4way -->
#### Q. 연결을 닫을 때는 왜 4번 주고받나?

A. 서버가 ACK를 먼저 보내고, 남은 데이터를 다 보낸 뒤에 FIN을 따로 보내기 때문이다.

#### Q. What does the side that closes first wait for in TIME_WAIT?

A. Twice the maximum segment lifetime, so that a lost final ACK can be sent again.

## 플래그

- FIN: 더 보낼 데이터가 없다고 알리는 플래그
- RST: 연결을 즉시 끊는 플래그
"""

EXPECTED = {
    # question → (card id, Anki GUID): written down once, never recomputed by the product
    "연결을 닫을 때는 왜 4번 주고받나?": ("close-why-4way", "fW{c<{&c[B"),
    "What does the side that closes first wait for in TIME_WAIT?": (
        "0cdd7c1b7d319e2d",
        "pel5P;ct~)",
    ),
    "FIN": ("b34ceed6fdab97bf", "Cl?DV7@&&R"),
    "RST": ("e731ab0ff90aeb53", "wdK;nM7>[L"),
}
GUIDS = {question: guid for question, (_, guid) in EXPECTED.items()}


def write_notes(folder: Path, note: str = NOTE) -> Path:
    (folder / "network").mkdir(parents=True, exist_ok=True)
    (folder / "network" / "close.md").write_text(note, encoding="utf-8")
    return folder


def quizapp(hash_seed: str, *args: str | Path) -> None:
    """Run the real command in a fresh interpreter with its own string-hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    env.pop("QUIZAPP_DB", None)
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def export_in_a_new_process(notes: Path, work: Path, hash_seed: str) -> Path:
    work.mkdir()
    db, package = work / "deck.db", work / "deck.apkg"
    quizapp(hash_seed, "import", notes, "--db", db)
    quizapp(hash_seed, "export", "-f", "apkg", "-o", package, "--db", db)
    return package


def guids_in(package: Path, work: Path) -> dict[str, str]:
    """The package's notes as written, read with sqlite alone: first field → GUID."""
    with zipfile.ZipFile(package) as archive:
        archive.extract("collection.anki2", work)
    con = sqlite3.connect(work / "collection.anki2")
    try:
        rows = con.execute("SELECT flds, guid FROM notes").fetchall()
    finally:
        con.close()
    return {fields.split("\x1f")[0]: guid for fields, guid in rows}


def import_into_anki(collection: Collection, package: Path) -> None:
    """Anki's importer with its default: a note is updated when the incoming one is newer."""
    newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    options = ImportAnkiPackageOptions(update_notes=newer, update_notetypes=newer)
    collection.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(package), options=options)
    )


def test_card_ids_and_guids_are_the_pinned_literals(engine, tmp_path):
    import_paths(engine, [write_notes(tmp_path / "notes")], now=T0)
    got = {card.question: (card.id, note_guid(card.id)) for card, _ in find_cards(engine)}
    assert got == EXPECTED


def test_two_processes_with_different_hash_seeds_export_the_pinned_guids(tmp_path):
    notes = write_notes(tmp_path / "notes")
    first = export_in_a_new_process(notes, tmp_path / "first", hash_seed="1")
    second = export_in_a_new_process(notes, tmp_path / "second", hash_seed="2")

    by_field = guids_in(first, tmp_path / "first")
    assert guids_in(second, tmp_path / "second") == by_field
    # The Question field is HTML; each pinned question is in exactly one note's field.
    assert sorted(by_field.values()) == sorted(GUIDS.values())
    for question, guid in GUIDS.items():
        [field] = [field for field, g in by_field.items() if g == guid]
        assert question in field


def test_re_export_from_another_process_updates_the_anki_note_instead_of_adding_one(tmp_path):
    notes = write_notes(tmp_path / "notes")
    first = export_in_a_new_process(notes, tmp_path / "first", hash_seed="1")
    (tmp_path / "anki").mkdir()
    anki = Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        import_into_anki(anki, first)
        assert anki.note_count() == 4
        # Anki updates only a newer note: the first export is backdated as if made yesterday.
        day = 86_400
        anki.db.execute("UPDATE notes SET mod = mod - ?", day)

        edited = NOTE.replace("FIN을 따로 보내기 때문이다.", "FIN을 나중에 따로 보내서다.")
        write_notes(notes, edited)
        second = export_in_a_new_process(notes, tmp_path / "second", hash_seed="2")
        import_into_anki(anki, second)

        assert anki.note_count() == 4
        notes_by_guid = {anki.get_note(nid).guid: anki.get_note(nid) for nid in anki.find_notes("")}
        assert set(notes_by_guid) == set(GUIDS.values())
        answer = notes_by_guid[GUIDS["연결을 닫을 때는 왜 4번 주고받나?"]]["Answer"]
        assert "FIN을 나중에 따로 보내서다." in answer
        assert "FIN을 따로 보내기 때문이다." not in answer
    finally:
        anki.close()
