"""Import sync: bring the deck in line with a folder of notes, keeping every card's history.

A card keeps its id — and so its reviews — when its question is unchanged, when only its
answer changed, and when its question was lightly edited; an explicit id annotation wins
over all of that. Cards whose source disappeared are retired, never deleted. Each file is
written in a savepoint of its own (files are committed in batches), so a crash or an error
leaves every file either fully imported or untouched.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from rapidfuzz import fuzz
from sqlalchemy import Table
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlmodel import Session, col, func, select

from quizapp.deck.db import get_meta, set_meta, writer
from quizapp.deck.models import Card, Deck, Note
from quizapp.deck.sources import add_source, list_sources
from quizapp.notes.keys import question_key
from quizapp.notes.model import CardSpec, ImportProblem, NoteDoc, Severity
from quizapp.notes.reader import iter_note_files, read_note

IMPORT_RULES_VERSION = "5"
"""Bump when the Markdown → card rules change, so unchanged files are parsed again once.

2: control characters in notes are replaced by visible placeholders.
4: also in front matter values after YAML decoding, and newlines in file names.
5: one rule module per convention (quizapp.notes.rules), HTML answers as Markdown.
"""

RENAME_THRESHOLD = 80.0
"""Question similarity (0–100) above which an edited question is the same card renamed."""

RENAME_WITH_SAME_ANSWER_THRESHOLD = 60.0
"""A lower bar when the answer is unchanged: a reworded question with the same answer."""

BATCH_FILES = 1000
BATCH_SECONDS = 2.0
"""Parsed notes are written (and committed) in batches of at most this many files or this
much parsing time. Each commit rewrites every page of the card-id index that its cards
touched, and new ids are random, so at 10,000 notes a commit per file (or per 100 files)
rewrote most of that index again and again: the import grew faster than the notes. The
write lock is held only while a batch is written (files are parsed before it is taken)."""

ProgressCallback = Callable[[int, int, str], None]
"""Called as (files done, files in all, current file) while importing."""


@dataclass
class ImportSummary:
    """What an import did, for the user: counts of cards and files, and every problem."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    revived: int = 0
    files_imported: int = 0
    files_skipped: int = 0
    """Files whose bytes had not changed since the last import."""
    files_failed: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    by_rule: dict[str, int] = field(default_factory=dict)
    """Cards found in the imported files, per rule of `quizapp.notes.rules`."""
    duplicates: int = 0
    """Cards not made because their note already had the same question."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.retired or self.revived)

    def merge(self, other: ImportSummary) -> None:
        for name in (
            "added",
            "updated",
            "unchanged",
            "retired",
            "revived",
            "files_imported",
            "files_skipped",
            "files_failed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.problems.extend(other.problems)
        for rule, count in other.by_rule.items():
            self.by_rule[rule] = self.by_rule.get(rule, 0) + count
        self.duplicates += other.duplicates

    def rules_line(self) -> str:
        """`cards by rule: qa_marker 12, definitions 4; duplicates skipped 1` (or "")."""
        if not self.by_rule and not self.duplicates:
            return ""
        ranked = sorted(self.by_rule.items(), key=lambda pair: (-pair[1], pair[0]))
        line = "cards by rule: " + ", ".join(f"{rule} {count}" for rule, count in ranked)
        return f"{line}; duplicates skipped {self.duplicates}"


@dataclass
class _Known:
    """What the deck held when an import started (plus what it added since), read in three
    queries: a note new to the deck then needs no lookups of its own before its insert.
    """

    file_paths: set[str]
    rel_paths: set[str]
    card_ids: set[str]

    @classmethod
    def load(cls, engine: Engine) -> _Known:
        with Session(engine) as session:
            return cls(
                set(session.exec(select(Note.file_path))),
                set(session.exec(select(Note.path))),
                set(session.exec(select(Card.id))),
            )

    def is_new(self, doc: NoteDoc, file_path: str) -> bool:
        """A file never imported, not a moved one, whose explicit ids no card has yet."""
        return (
            file_path not in self.file_paths
            and doc.path not in self.rel_paths
            and not any(spec.explicit_id in self.card_ids for spec in doc.cards)
        )


def card_id_base(path: str, spec: CardSpec) -> str:
    """The id a new card gets unless it is taken: a hash of where and what the card is."""
    seed = f"{path}\x00{spec.kind}\x00{question_key(spec.question)}"
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def new_card_id(
    path: str, spec: CardSpec, taken: Callable[[str], bool], base: str | None = None
) -> str:
    """A new card's id: derived from where and what it is, so two imports of the same notes
    give the same ids (stable Anki GUIDs, reproducible exports); suffixed if already taken.
    `base` is `card_id_base(path, spec)` when the caller has it already.
    """
    base = base or card_id_base(path, spec)
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _folders(path: str) -> tuple[str, ...]:
    """`Path(path).parent.parts`, worked out once per folder (the notes of a folder share it)."""
    folder, slash, _ = path.rpartition("/")
    if not slash or not folder or folder.startswith("/"):
        return Path(path).parent.parts
    return _folder_parts(folder)


@lru_cache(maxsize=1024)
def _folder_parts(folder: str) -> tuple[str, ...]:
    return Path(folder).parts


def deck_name_for(doc: NoteDoc, root: Path) -> str:
    """Front matter `deck:` wins, then the note's folder below the root, then the root's name."""
    if doc.deck:
        return doc.deck
    folders = _folders(doc.path)
    if folders:
        return "::".join(folders)
    return root.resolve().name or "default"


def _tags_text(tags: Iterable[str]) -> str:
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = tag.strip().lower().replace(" ", "-")
        if cleaned:
            seen[cleaned] = None
    return " ".join(seen)


def _extra_json(spec: CardSpec) -> str:
    extra = dict(spec.extra)
    if spec.section_path:
        extra["section_path"] = list(spec.section_path)
    return _SORTED_JSON.encode(extra)


_JSON = json.JSONEncoder(ensure_ascii=False)
_SORTED_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
"""Made once: `json.dumps` with options builds a new encoder on every call."""


@lru_cache(maxsize=64)
def _resolved(root: Path) -> str:
    """The imported folder's absolute path, as notes store it (one system call per part;
    forgotten at the start of each import, as folders may move between imports)."""
    return str(root.resolve())


def get_or_create_deck(session: Session, name: str, cache: dict[str, int]) -> int:
    """The id of the deck named `name`, made if missing; `cache` maps names to ids."""
    if name in cache:
        return cache[name]
    deck = session.exec(select(Deck).where(Deck.name == name)).first()
    if deck is None:
        deck = Deck(name=name)
        session.add(deck)
        session.flush()
    assert deck.id is not None
    cache[name] = deck.id
    return deck.id


@dataclass
class _Match:
    spec: CardSpec
    card: Card | None


def match_specs_to_cards(
    specs: list[CardSpec], candidates: list[Card], claimed_by_id: dict[str, Card]
) -> tuple[list[_Match], list[Card]]:
    """Pair each spec with the existing card it continues, by the identity rules.

    `candidates` are the note's existing cards (active and retired); `claimed_by_id` maps
    explicit ids found in the specs to the cards that already carry them (anywhere in the
    deck). Returns the pairs (card None for a new card) and the candidates left unmatched.
    """
    matches: list[_Match | None] = [None] * len(specs)
    free = {card.id: card for card in candidates}

    for i, spec in enumerate(specs):
        if spec.explicit_id and spec.explicit_id in claimed_by_id:
            card = claimed_by_id[spec.explicit_id]
            matches[i] = _Match(spec, card)
            free.pop(card.id, None)

    keys = [question_key(spec.question) for spec in specs]
    by_key: dict[str, list[Card]] = {}
    for card in free.values():
        by_key.setdefault(card.question_key, []).append(card)
    for i, spec in enumerate(specs):
        if matches[i] is not None or spec.explicit_id:
            continue
        same = by_key.get(keys[i], [])
        # Prefer a card of the same kind and an active one over a retired one.
        same.sort(key=lambda c: (c.kind != spec.kind, c.retired))
        while same and same[0].id not in free:
            same.pop(0)
        if same:
            card = same.pop(0)
            matches[i] = _Match(spec, card)
            free.pop(card.id)

    # Light edits: the most similar remaining pairs of the same kind, best first.
    scored: list[tuple[float, int, str]] = []
    for i, spec in enumerate(specs):
        if matches[i] is not None or spec.explicit_id:
            continue
        for card in free.values():
            if card.kind != spec.kind:
                continue
            score = fuzz.ratio(keys[i], card.question_key)
            threshold = RENAME_THRESHOLD
            if card.answer.strip() == spec.answer.strip() and spec.answer.strip():
                threshold = RENAME_WITH_SAME_ANSWER_THRESHOLD
            if score >= threshold:
                scored.append((score, i, card.id))
    for _score, i, card_id in sorted(scored, key=lambda s: -s[0]):
        if matches[i] is None and card_id in free:
            matches[i] = _Match(specs[i], free.pop(card_id))

    result = [m if m is not None else _Match(specs[i], None) for i, m in enumerate(matches)]
    return result, list(free.values())


def _apply_spec(card: Card, spec: CardSpec, values: dict[str, object]) -> bool:
    """Write the spec's content onto the card; True if what the user sees changed."""
    changed = False
    for name, value in values.items():
        if getattr(card, name) != value:
            setattr(card, name, value)
            if name not in ("source_line", "source_path", "note_id", "deck_id"):
                changed = True
    return changed


@dataclass
class _FileRows:
    """The rows of a note new to the deck, prepared for an insert together with others."""

    note: dict[str, object]
    cards: list[dict[str, object]]
    """Without `note_id`: set once the note row has its id."""


def _prepare_new_doc(
    session: Session,
    doc: NoteDoc,
    root: Path,
    file_path: str,
    now: datetime,
    deck_cache: dict[str, int],
    known: _Known,
    summary: ImportSummary,
) -> _FileRows:
    """A note new to the deck (see `_Known.is_new`): its rows, with no lookups at all.

    Its card ids are checked against the ids the deck held when the import started (plus
    those added since), and are exactly those `_import_known_doc` would give.
    """
    deck_id = get_or_create_deck(session, deck_name_for(doc, root), deck_cache)
    note = _note_values(doc, root, file_path, now, deck_id)
    new = [(spec, _card_values(doc, spec, deck_id, None)) for spec in doc.cards]
    cards = _new_card_rows(session, doc.path, new, set(), now, summary, known.card_ids)
    note["problems_json"] = problems_json([*doc.problems, *summary.problems])
    return _FileRows(note, cards)


def _insert_rows(session: Session, files: list[_FileRows]) -> None:
    """Insert new notes and their cards: one `executemany` for the notes, one for the cards.

    The notes' new ids are read back by their unique file paths (an INSERT … RETURNING
    in parameter order ran one statement per note on SQLite).
    """
    connection = session.connection()
    insert_many(connection, Note.__table__, [rows.note for rows in files])  # type: ignore[attr-defined]
    paths = [str(rows.note["file_path"]) for rows in files]
    by_path: dict[str, int] = {}
    for start in range(0, len(paths), 500):
        chunk = paths[start : start + 500]
        found = connection.execute(
            select(Note.file_path, Note.id).where(col(Note.file_path).in_(chunk))
        )
        by_path.update((path, note_id) for path, note_id in found)
    ids = [by_path[path] for path in paths]
    cards = []
    for rows, note_id in zip(files, ids, strict=True):
        for card in rows.cards:
            card["note_id"] = note_id
        cards.extend(rows.cards)
    if cards:
        insert_many(connection, Card.__table__, cards)  # type: ignore[attr-defined]


class _InsertPlan(NamedTuple):
    sql: str
    keys: tuple[str, ...]
    """Row keys in the statement's parameter order."""
    defaults: dict[str, object]
    """Python-side column defaults, for the columns rows leave out."""
    processors: tuple[Callable[[Any], Any] | None, ...]
    positional: bool


@lru_cache(maxsize=32)
def _insert_plan(dialect: Dialect, table: Table, given: frozenset[str]) -> _InsertPlan:
    """The INSERT SQLAlchemy would run for rows with the keys `given`, compiled once."""
    left_out = [column for column in table.columns if column.key not in given]
    if any(
        not isinstance(column.default, ScalarElementColumnDefault | None) for column in left_out
    ):
        raise TypeError(f"insert_many fills only scalar defaults of {table.name}")
    defaults = {column.key: column.default.arg for column in left_out if column.default is not None}
    keys = tuple(
        column.key for column in table.columns if column.key in given or column.key in defaults
    )
    compiled = table.insert().compile(dialect=dialect, column_keys=list(keys))
    order = tuple(compiled.positiontup or ()) if compiled.positional else keys
    processors = tuple(
        table.columns[key].type.dialect_impl(dialect).bind_processor(dialect) for key in order
    )
    return _InsertPlan(compiled.string, order, defaults, processors, compiled.positional)


def insert_many(connection: Connection, table: Table, rows: list[dict[str, object]]) -> None:
    """Insert rows (dicts with the same keys) with one driver-level `executemany`.

    Core's own `connection.execute(table.insert(), rows)` compiles each row's parameters
    and runs every value through its type's converter: for the cards of a first import
    that cost more than SQLite's inserting them. Here the statement is compiled once,
    column defaults are filled in as Core would, and a converter runs once per distinct
    value in a column (all rows of an import share their timestamps).
    """
    if not rows:
        return
    plan = _insert_plan(connection.dialect, table, frozenset(rows[0]))
    defaults = plan.defaults
    columns: list[list[object]] = []
    for key, process in zip(plan.keys, plan.processors, strict=True):
        values = [row[key] for row in rows] if key not in defaults else [defaults[key]] * len(rows)
        if process is not None:
            seen: dict[object, object] = {}
            values = [
                seen[value] if value in seen else seen.setdefault(value, process(value))
                for value in values
            ]
        columns.append(values)
    if plan.positional:
        parameters: list[Any] = list(zip(*columns, strict=True))
    else:
        parameters = [
            dict(zip(plan.keys, values, strict=True)) for values in zip(*columns, strict=True)
        ]
    connection.exec_driver_sql(plan.sql, parameters)


def _import_known_doc(
    session: Session,
    doc: NoteDoc,
    root: Path,
    file_path: str,
    now: datetime,
    deck_cache: dict[str, int],
    inserted: list[str],
) -> ImportSummary:
    """Bring a note the deck may know (by path, by a moved folder, by card ids) in line
    with `doc`: its cards are matched, updated, revived and retired, new ones inserted."""
    summary = ImportSummary(files_imported=1)
    deck_id = get_or_create_deck(session, deck_name_for(doc, root), deck_cache)
    note_values = _note_values(doc, root, file_path, now, deck_id)
    note = session.exec(select(Note).where(Note.file_path == file_path)).first()
    if note is None:
        note = _relocated_note(session, root, doc.path)
    if note is None:
        note = Note(**note_values)
        session.add(note)
        session.flush()
        candidates: list[Card] = []
    else:
        for name, value in note_values.items():
            setattr(note, name, value)
        candidates = list(session.exec(select(Card).where(Card.note_id == note.id)))

    explicit_ids = {s.explicit_id for s in doc.cards if s.explicit_id}
    claimed = (
        {card.id: card for card in session.exec(select(Card).where(col(Card.id).in_(explicit_ids)))}
        if explicit_ids
        else {}
    )
    matches, leftovers = match_specs_to_cards(doc.cards, candidates, claimed)

    used_ids: set[str] = set()
    new: list[tuple[CardSpec, dict[str, object]]] = []
    assert note.id is not None
    for match in matches:
        spec = match.spec
        values = _card_values(doc, spec, deck_id, note.id)
        card = match.card
        if card is None:
            new.append((spec, values))
            continue
        if card.retired:
            _apply_spec(card, spec, values)
            card.retired = False
            card.retired_at = None
            card.updated_at = now
            summary.revived += 1
        elif _apply_spec(card, spec, values):
            card.updated_at = now
            summary.updated += 1
        else:
            summary.unchanged += 1
        used_ids.add(card.id)
    if new:
        rows = _new_card_rows(session, doc.path, new, used_ids, now, summary)
        insert_many(session.connection(), Card.__table__, rows)  # type: ignore[attr-defined]
        inserted.extend(str(row["id"]) for row in rows)

    for card in leftovers:
        if not card.retired:
            card.retired = True
            card.retired_at = now
            summary.retired += 1
    note.problems_json = problems_json([*doc.problems, *summary.problems])
    return summary


def _note_values(
    doc: NoteDoc, root: Path, file_path: str, now: datetime, deck_id: int
) -> dict[str, object]:
    sections_json = _JSON.encode(
        [
            {
                "title": s.title,
                "level": s.level,
                "path": list(s.path),
                "start_line": s.start_line,
                "end_line": s.end_line,
                "anchor": s.anchor,
            }
            for s in doc.sections
        ]
    )
    return {
        "deck_id": deck_id,
        "file_path": file_path,
        "root": _resolved(root),
        "path": doc.path,
        "title": doc.title,
        "markdown": doc.markdown,
        "sections_json": sections_json,
        "content_hash": doc.content_hash,
        "tags": _tags_text(doc.tags),
        "retired": False,
        "imported_at": now,
    }


def _card_values(
    doc: NoteDoc, spec: CardSpec, deck_id: int, note_id: int | None
) -> dict[str, object]:
    """The columns of a card row that come from its note and spec (for inserts and updates).

    `note_id` is None for a note not inserted yet (`_insert_rows` sets it).
    """
    return {
        "deck_id": deck_id,
        "note_id": note_id,
        "kind": str(spec.kind),
        "question": spec.question,
        "answer": spec.answer,
        "question_key": question_key(spec.question),
        "extra_json": _extra_json(spec),
        "source_path": doc.path,
        "source_line": spec.line,
        "tags": _tags_text((*doc.tags, *spec.tags)),
    }


class _TakenIds:
    """Which card ids are in use: this file's so far, and the deck's.

    The ids new cards will most likely get are asked of the database in one query per 500,
    instead of one query per card (the slowest part of a first import); only a suffixed
    id, needed after a collision, is looked up on its own.
    """

    def __init__(
        self,
        session: Session,
        used: set[str],
        likely: Iterable[str],
        known: set[str] | None = None,
    ) -> None:
        self.session = session
        self.used = used
        self.asked = set(likely)
        self.existing: set[str] = set()
        if known is not None:  # every id in the deck, read when the import started
            self.existing = known
            return
        ordered = sorted(self.asked)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            self.existing.update(session.exec(select(Card.id).where(col(Card.id).in_(chunk))))

    def __call__(self, card_id: str) -> bool:
        if card_id in self.used or card_id in self.existing:
            return True
        if card_id in self.asked:
            return False
        return self.session.get(Card, card_id) is not None


def _new_card_rows(
    session: Session,
    path: str,
    new: list[tuple[CardSpec, dict[str, object]]],
    used_ids: set[str],
    now: datetime,
    summary: ImportSummary,
    known: set[str] | None = None,
) -> list[dict[str, object]]:
    """The rows of new cards: their values, and ids no card of the deck has."""
    bases = [card_id_base(path, spec) for spec, _ in new]
    likely = bases + [spec.explicit_id for spec, _ in new if spec.explicit_id]
    taken = _TakenIds(session, used_ids, likely, known)
    rows = []
    for (spec, values), base in zip(new, bases, strict=True):
        card_id = spec.explicit_id
        if card_id and taken(card_id):
            summary.problems.append(
                ImportProblem(path, spec.line, f"card id {card_id!r} is used twice")
            )
            card_id = None
        if not card_id:
            card_id = new_card_id(path, spec, taken, base)
        used_ids.add(card_id)
        values["id"] = card_id  # the values are made for this row alone: completed in place
        values["explicit_id"] = bool(spec.explicit_id) and card_id == spec.explicit_id
        values["created_at"] = values["updated_at"] = now
        rows.append(values)
    summary.added += len(rows)
    return rows


def problems_json(problems: Iterable[ImportProblem]) -> str:
    """A note's problems as stored in `Note.problems_json` (its path is the note's own)."""
    return _JSON.encode(
        [{"line": p.line, "message": p.message, "severity": str(p.severity)} for p in problems]
    )


def _relocated_note(session: Session, root: Path, rel_path: str) -> Note | None:
    """A note imported from a folder that has since moved (a renamed or moved checkout).

    Matched by its path below a root of the same folder name whose file is gone, so that
    moving the notes folder keeps every card's history.
    """
    for note in session.exec(select(Note).where(Note.path == rel_path)):
        if Path(note.root).name == root.resolve().name and not Path(note.file_path).exists():
            return note
    return None


def _missing_notes(engine: Engine, seen_by_root: dict[Path, set[str]]) -> list[int]:
    """Active notes imported from these folders whose files were not found this time."""
    missing: list[int] = []
    with Session(engine) as session:
        for root, seen in seen_by_root.items():
            rows = session.exec(
                select(Note.id, Note.file_path).where(
                    Note.root == str(root.resolve()), col(Note.retired).is_(False)
                )
            )
            missing += [note_id for note_id, path in rows if path not in seen and note_id]
    return missing


def _retire_notes(session: Session, note_ids: list[int], now: datetime) -> ImportSummary:
    summary = ImportSummary()
    notes = [
        note
        for start in range(0, len(note_ids), 500)
        for note in session.exec(
            select(Note).where(
                col(Note.id).in_(note_ids[start : start + 500]), col(Note.retired).is_(False)
            )
        )
    ]
    for note in notes:
        note.retired = True
        for card in session.exec(
            select(Card).where(Card.note_id == note.id, col(Card.retired).is_(False))
        ):
            card.retired = True
            card.retired_at = now
            summary.retired += 1
    return summary


def _is_unreadable(doc: NoteDoc) -> bool:
    """A file we could not read at all: its previous cards stay as they were."""
    return not doc.markdown and any(p.severity == Severity.ERROR for p in doc.problems)


def import_paths(
    engine: Engine,
    paths: Iterable[Path],
    *,
    now: datetime,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Import folders (every note below them) and single Markdown files into the deck.

    For a folder, notes previously imported from it whose files are gone are retired.
    """
    with _fewer_collections():
        return _import_paths(engine, paths, now=now, progress=progress)


YOUNG_COLLECTION_THRESHOLD = 100_000
"""Allocations between young-generation garbage collections during an import (CPython's
default is 700). Parsing allocates hundreds of thousands of short-lived objects (tokens,
blocks, lines) that reference counting frees; at the default, the cyclic collector ran
thousands of times and kept traversing the batch of parsed notes held for writing: 15 % of
a first import of 1,000 notes. Collections still run, so memory stays bounded."""


_gc_lock = threading.Lock()
_gc_imports = 0
_gc_before: tuple[int, ...] = ()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Raise the young-generation GC threshold while any import runs (imports may run in
    several threads); the last one to finish restores the threshold found by the first."""
    global _gc_imports, _gc_before
    with _gc_lock:
        if _gc_imports == 0:
            _gc_before = gc.get_threshold()
            gc.set_threshold(max(_gc_before[0], YOUNG_COLLECTION_THRESHOLD), *_gc_before[1:])
        _gc_imports += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_imports -= 1
            if _gc_imports == 0:
                gc.set_threshold(*_gc_before)


def _import_paths(
    engine: Engine,
    paths: Iterable[Path],
    *,
    now: datetime,
    progress: ProgressCallback | None,
) -> ImportSummary:
    summary = ImportSummary()
    _resolved.cache_clear()
    write_engine = writer(engine)
    jobs: list[tuple[Path, Path | ImportProblem, bool]] = []
    seen_by_root: dict[Path, set[str]] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            seen_by_root[path] = set()
            jobs.extend((path, item, True) for item in iter_note_files(path))
        elif path.is_file():
            jobs.append((_root_of_file(engine, path), path, False))
        else:
            summary.problems.append(ImportProblem(str(path), None, "no such file or folder"))
            summary.files_failed += 1

    _remember_sources(engine, [Path(p) for p in paths if Path(p).exists()], now)

    # Resolved once: it costs a system call per path component.
    real_folder = lru_cache(maxsize=None)(os.path.realpath)
    resolved = {
        item: _real_file(item, real_folder) for _root, item, _ in jobs if isinstance(item, Path)
    }
    rules_current, unchanged_files = _unchanged_file_index(engine, list(resolved.values()))
    deck_cache: dict[str, int] = {}
    deck_index: _Known | None = None  # read when a file must be written: not if none changed
    batch: list[tuple[Path, str, NoteDoc]] = []
    started = time.monotonic()
    for done, (root, item, is_folder) in enumerate(jobs):
        if progress:
            progress(done, len(jobs), str(item if isinstance(item, Path) else item.path))
        if isinstance(item, ImportProblem):
            summary.problems.append(item)
            summary.files_failed += 1
            continue
        file_path = resolved[item]
        if is_folder:
            seen_by_root[root].add(file_path)
        known = unchanged_files.get(file_path)
        if known is not None and known[0] == _file_hash(item):
            summary.files_skipped += 1
            summary.unchanged += known[1]
            continue
        doc = read_note(item, root)
        if _is_unreadable(doc):
            summary.merge(ImportSummary(files_failed=1, problems=list(doc.problems)))
            continue
        batch.append((root, file_path, doc))
        if len(batch) >= BATCH_FILES or time.monotonic() - started >= BATCH_SECONDS:
            deck_index = deck_index or _Known.load(engine)
            summary.merge(_write_batch(write_engine, batch, now, deck_cache, deck_index))
            batch, started = [], time.monotonic()
    if batch:
        deck_index = deck_index or _Known.load(engine)
        summary.merge(_write_batch(write_engine, batch, now, deck_cache, deck_index))
    if progress:
        progress(len(jobs), len(jobs), "")

    # Decided by a read first, so an import that changed nothing takes no write lock.
    missing = _missing_notes(engine, seen_by_root)
    if missing or not rules_current:
        with Session(write_engine) as session:
            summary.merge(_retire_notes(session, missing, now))
            set_meta(session, "import_rules_version", IMPORT_RULES_VERSION)
            session.commit()
    return summary


def _real_file(file: Path, real_folder: Callable[[str], str]) -> str:
    """`str(file.resolve())`, resolving each folder once: `resolve` checks every component of
    every path for a link, the larger part of a re-import that finds nothing changed."""
    if os.path.islink(file):
        return os.path.realpath(file)
    return os.path.join(real_folder(os.path.dirname(file)), file.name)


def _remember_sources(engine: Engine, paths: list[Path], now: datetime) -> None:
    """Record the folders and files imported here as the deck's sources (once each).

    Read first, so importing a known source again takes no write lock.
    """
    with Session(engine) as session:
        known = {source.path for source in list_sources(session)}
    new = [path for path in paths if str(path.resolve()) not in known]
    if not new:
        return
    with Session(writer(engine)) as session:
        for path in new:
            add_source(session, path, now=now)
        session.commit()


def _root_of_file(engine: Engine, file: Path) -> Path:
    """The folder a single file was imported from before, so its deck and source stay put."""
    with Session(engine) as session:
        note = session.exec(select(Note).where(Note.file_path == str(file.resolve()))).first()
    return Path(note.root) if note is not None else file.parent


def _file_hash(file: Path) -> str:
    try:
        return hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:
        return ""


def _unchanged_file_index(
    engine: Engine, paths: list[str]
) -> tuple[bool, dict[str, tuple[str, int]]]:
    """Whether the card rules are those of the last import, and for those of `paths`
    (resolved) that can be skipped if unchanged: path → (content hash, active card count).

    Nothing can be skipped when the card rules changed: every file is parsed again.
    """
    index: dict[str, tuple[str, int]] = {}
    with Session(engine) as session:
        if get_meta(session, "import_rules_version") != IMPORT_RULES_VERSION:
            return False, index
        active = (col(Card.note_id) == Note.id) & col(Card.retired).is_(False)
        for start in range(0, len(paths), 500):
            rows = session.exec(
                select(Note.file_path, Note.content_hash, func.count(col(Card.id)))
                .outerjoin(Card, active)
                .where(col(Note.file_path).in_(paths[start : start + 500]))
                .where(col(Note.retired).is_(False))
                .group_by(col(Note.id))
            ).all()
            index.update((path, (digest, count)) for path, digest, count in rows)
    return True, index


def _write_batch(
    write_engine: Engine,
    batch: list[tuple[Path, str, NoteDoc]],
    now: datetime,
    deck_cache: dict[str, int],
    known: _Known,
) -> ImportSummary:
    """Write parsed notes in one transaction; each file is written whole or not at all.

    One commit per batch instead of per file (a commit cost more than a note's inserts).
    Notes new to the deck are inserted together (two statements for all of them); a note
    the deck knows is matched on its own, in a savepoint. If a file fails, it is rolled
    back alone, the files before it are committed, and the error propagates.
    """
    summary = ImportSummary()
    pending: list[_FileRows] = []
    with Session(write_engine) as session:
        try:
            for root, file_path, doc in batch:
                if known.is_new(doc, file_path):
                    result = ImportSummary(files_imported=1)
                    pending.append(
                        _prepare_new_doc(
                            session, doc, root, file_path, now, deck_cache, known, result
                        )
                    )
                    known.card_ids.update(str(card["id"]) for card in pending[-1].cards)
                else:
                    # Its lookups must see the notes prepared before it.
                    _flush_new(session, pending)
                    inserted: list[str] = []
                    with session.begin_nested():
                        result = _import_known_doc(
                            session, doc, root, file_path, now, deck_cache, inserted
                        )
                    known.card_ids.update(inserted)
                known.file_paths.add(file_path)
                known.rel_paths.add(doc.path)
                result.problems = list(doc.problems) + result.problems
                for card in doc.cards:
                    result.by_rule[card.rule] = result.by_rule.get(card.rule, 0) + 1
                result.duplicates = doc.duplicates
                summary.merge(result)
            _flush_new(session, pending)
        except Exception:
            _flush_new(session, pending)  # the files before the one that failed
            session.commit()
            # The deck cache may name a deck created in the rolled-back savepoint.
            deck_cache.clear()
            raise
        session.commit()
    return summary


def _flush_new(session: Session, pending: list[_FileRows]) -> None:
    """Insert the prepared new notes; if that fails, again file by file, so that the files
    before the failing one are kept (the error propagates)."""
    if not pending:
        return
    try:
        with session.begin_nested():
            _insert_rows(session, pending)
    except Exception:
        for rows in pending:
            with session.begin_nested():
                _insert_rows(session, [rows])
        raise
    finally:
        pending.clear()
