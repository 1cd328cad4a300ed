"""Hand-made Anki packages for attacks: a legacy collection built with sqlite3 and zipfile.

Only the columns quizapp reads are created, so a test can put any value anywhere (a deck
name of 5,000 characters, a card `data` of `{"s": NaN}`, a revlog id of 9e18) without
Anki's own code refusing it first.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BASIC_TYPE = 1_000
CLOZE_TYPE = 2_000
DECK = 1


@dataclass
class Collection:
    """What goes into the package; every value is written as given."""

    decks: dict[int, dict[str, Any]] = field(default_factory=lambda: {DECK: {"name": "네트워크"}})
    models: Any = field(
        default_factory=lambda: {
            str(BASIC_TYPE): {
                "name": "Basic",
                "type": 0,
                "flds": [{"name": "Front", "ord": 0}, {"name": "Back", "ord": 1}],
                "tmpls": [{"ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
            },
            str(CLOZE_TYPE): {
                "name": "Cloze",
                "type": 1,
                "flds": [{"name": "Text", "ord": 0}, {"name": "Back Extra", "ord": 1}],
                "tmpls": [{"ord": 0, "qfmt": "{{cloze:Text}}", "afmt": "{{cloze:Text}}"}],
            },
        }
    )
    notes: list[tuple[int, str, int, str, str]] = field(default_factory=list)
    """(id, guid, note type id, tags, fields joined by 0x1f)."""
    cards: list[tuple[Any, ...]] = field(default_factory=list)
    """(id, nid, did, ord, type, queue, due, reps, lapses, odid, odue, data)."""
    revlog: list[tuple[Any, ...]] = field(default_factory=list)
    """(id, cid, ease, time, type)."""
    col_rows: int = 1

    def basic(self, n: int, front: str, back: str, *, deck: int = DECK, tags: str = "") -> int:
        """Add a Basic note with one new card; returns the card id."""
        self.notes.append((n, f"guid{n}", BASIC_TYPE, tags, f"{front}\x1f{back}"))
        self.cards.append((n * 10, n, deck, 0, 0, 0, n, 0, 0, 0, 0, ""))
        return n * 10


def build(path: Path, collection: Collection, media: dict[str, bytes] | None = None) -> Path:
    """Write `collection` as a legacy package (`collection.anki2`, and a JSON media map
    when `media` is given)."""
    database = path.with_suffix(".anki2-build")
    database.unlink(missing_ok=True)
    db = sqlite3.connect(database)
    db.executescript(
        "CREATE TABLE col (crt INTEGER, models TEXT, decks TEXT);"
        "CREATE TABLE notes (id INTEGER, guid TEXT, mid INTEGER, tags TEXT, flds TEXT);"
        "CREATE TABLE cards (id INTEGER, nid INTEGER, did INTEGER, ord INTEGER, type INTEGER,"
        " queue INTEGER, due INTEGER, reps INTEGER, lapses INTEGER, odid INTEGER,"
        " odue INTEGER, data TEXT);"
        "CREATE TABLE revlog (id INTEGER, cid INTEGER, ease INTEGER, time INTEGER, type INTEGER);"
    )
    decks = {str(k): {"id": k, **v} for k, v in collection.decks.items()}
    for _ in range(collection.col_rows):
        db.execute(
            "INSERT INTO col VALUES (?, ?, ?)",
            (1_700_000_000, json.dumps(collection.models), json.dumps(decks)),
        )
    db.executemany("INSERT INTO notes VALUES (?, ?, ?, ?, ?)", collection.notes)
    db.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", collection.cards)
    db.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?)", collection.revlog)
    db.commit()
    db.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(database, "collection.anki2")
        if media is not None:
            names = {str(n): name for n, name in enumerate(media)}
            archive.writestr("media", json.dumps(names))
            for n, data in enumerate(media.values()):
                archive.writestr(str(n), data)
    database.unlink()
    return path
