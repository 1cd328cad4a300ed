"""Import from Anki (.apkg, .colpkg): notes become Markdown deck files, reviews become history.

The package is read directly (a zip holding an SQLite collection), without Anki's own
code: `collection.anki21b` (zstd-compressed, what Anki 2.1.50+ writes by default),
`collection.anki21` or `collection.anki2`, and the media map (zstd protobuf or JSON).

Each Anki card becomes one of our cards, written into Markdown files per Anki deck in our
content format (ids in annotations; a large deck split into parts the importer reads) and
imported with the ordinary import, so the cards have a note the app can show and the user
can edit; referenced images are copied into a `media/` folder beside the files. Then
Anki's review log becomes ours, in the same transaction: a package that fails (or an
import that is killed) halfway leaves the deck as it was.

A package may come from anyone. It is unpacked within limits counted while streaming
(`unpack`), and every value is checked (`records`) before any file is written: what
cannot be used — a note whose note type is missing, a card whose note is missing, a
cloze number its note lacks, an impossible date or memory state — is a problem naming
it, never a traceback. Each package's files go in a folder of their own
(`package_folder`); a file the user edited is never overwritten.

How Anki maps onto quizapp:
- Note types: for a cloze note type, each cloze number (Anki card) becomes a cloze card
  hiding that number only. For any other note type, each template gives a basic card
  whose question is the first field its front shows and whose answer is the first other
  field its back shows (Basic, Basic and reversed, type-in, most custom types); when a
  template shows no such fields, the first two fields, once per note (the history is
  that of the note's first card). A cloze's Back Extra is not kept.
- Card ids: `anki-<hash of the note GUID>-<template>`, so importing the package again
  updates those cards instead of adding new ones.
- Tags: the note's tags (lower case, as ours are); `leech` marks the card a leech.
- Review log: every rating (Anki's learn, review, relearn and filtered-deck reviews; not
  manual reschedules) with its time and duration. Anki keeps no memory state per review,
  so the states before and after each rating are those FSRS computes replaying the
  ratings with default parameters.
- The card's state: the replayed one, except what Anki knows better: its due date,
  learning/review/relearning state, reps, lapses, suspension, and stability/difficulty
  when Anki used FSRS. The last review's "after" state is set to match, so the log still
  ends where the card is. Buried cards come in unburied.
- A card already reviewed here after its last Anki review keeps its own state; reviews
  already in the log (same card, time and rating) are not added twice.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any, cast

import fsrs
import zstandard
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from quizapp.deck.db import writer
from quizapp.deck.models import Card, CardState, ReviewLog
from quizapp.deck.sync import ImportSummary, import_paths
from quizapp.deck.users import current_user
from quizapp.export import records
from quizapp.export.atomic import write_text
from quizapp.export.markdown import MarkdownCard, deck_file_name, deck_parts
from quizapp.export.unpack import LimitExceeded, Limits, Unpacker
from quizapp.notes.cloze import find_cloze
from quizapp.notes.model import CardKind, ImportProblem, Severity
from quizapp.notes.sanitize import one_line
from quizapp.srs.reviewer import LEECH_LAPSES
from quizapp.srs.state import SchedulingState

PACKAGE_SUFFIXES = frozenset({".apkg", ".colpkg"})
_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_FIELD_REF = re.compile(r"\{\{([^{}]+)\}\}")
_SPECIAL_FIELDS = frozenset({"frontside", "tags", "type", "deck", "subdeck", "card", "cardflag"})
_CLOZE_MARKER = re.compile(r"\{\{c(\d{1,3})::(.+?)(?:::(.*?))?\}\}", re.DOTALL)
_LINE_START = re.compile(r"^(?:([#>|+=~\-])|(\d+)([.)]))")
"""Text that would start a heading, quote, table, list or fence at the start of a line."""
_SAFE_MEDIA = re.compile(r"[^\w.\-]+")
_RATED_TYPES = frozenset({0, 1, 2, 3})
"""revlog types that are ratings: learn, review, relearn, filtered; 4/5 are reschedules."""


class PackageError(Exception):
    """The file is not an Anki package this reader understands."""


# -- reading the package -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NoteType:
    name: str
    cloze: bool
    fields: list[str]
    templates: list[tuple[str, str]]
    """(front format, back format) per template, by ord."""


@dataclass(frozen=True, slots=True)
class AnkiNote:
    id: int
    guid: str
    type_id: int
    fields: list[str]
    tags: list[str]


@dataclass(frozen=True, slots=True)
class AnkiCard:
    id: int
    note_id: int
    deck_id: int
    ord: int
    type: int
    queue: int
    due: int
    reps: int
    lapses: int
    memory: dict[str, float]
    """Anki's FSRS memory state, checked: `s` stability, `d` difficulty (either may lack)."""
    due_at: datetime | None
    """When a card that is not new is due; None when Anki's date is impossible (due now)."""


@dataclass(frozen=True, slots=True)
class AnkiReview:
    id: int
    """Milliseconds since the epoch: when it happened."""
    card_id: int
    ease: int
    time_ms: int
    type: int


@dataclass
class AnkiCollection:
    created: int
    """`col.crt`: the start of the collection's first day, seconds since the epoch."""
    note_types: dict[int, NoteType] = field(default_factory=dict)
    decks: dict[int, str] = field(default_factory=dict)
    notes: dict[int, AnkiNote] = field(default_factory=dict)
    cards: list[AnkiCard] = field(default_factory=list)
    reviews: list[AnkiReview] = field(default_factory=list)
    media: dict[str, str] = field(default_factory=dict)
    """Media file name → zip member holding it."""
    problems: list[str] = field(default_factory=list)
    """What was left out or changed while reading, each naming the note, card or review."""
    limits: Limits = field(default_factory=Limits)
    """The unpacking limits it was read under; media files are copied under them too."""
    unpacked: int = 0
    """Bytes unpacked while reading, counted against the total when media are copied."""


def _protobuf(buf: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) of one protobuf message: just enough to read Anki's configs."""
    pos = 0

    def varint() -> int:
        nonlocal pos
        shift = result = 0
        while True:
            if pos >= len(buf):
                raise PackageError("truncated protobuf in the collection")
            byte = buf[pos]
            pos += 1
            result |= (byte & 0x7F) << shift
            if byte < 0x80:
                return result
            shift += 7

    while pos < len(buf):
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            yield number, varint()
        elif wire == 1:
            yield number, buf[pos : pos + 8]
            pos += 8
        elif wire == 2:
            size = varint()
            yield number, buf[pos : pos + size]
            pos += size
        elif wire == 5:
            yield number, buf[pos : pos + 4]
            pos += 4
        else:
            raise PackageError(f"unknown protobuf wire type {wire} in the collection")


def _media_map(data: bytes, problems: list[str]) -> dict[str, str]:
    """Media file name → zip member, from the JSON (legacy) or protobuf media map."""
    if data.lstrip().startswith(b"{"):
        try:
            legacy = records.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise PackageError(f"the media map is not readable: {exc}") from exc
        if not isinstance(legacy, dict):
            raise PackageError("the media map is not a JSON object")
        return {str(name): str(member) for member, name in legacy.items()}
    media: dict[str, str] = {}
    # MediaEntries { repeated MediaEntry entries = 1 }, MediaEntry { string name = 1; … }:
    # the zip member of the n-th entry is named n.
    for index, (number, entry) in enumerate(_protobuf(data)):
        if number == 1 and isinstance(entry, bytes):
            for key, value in _protobuf(entry):
                if key == 1 and isinstance(value, bytes):
                    try:
                        media[value.decode("utf-8")] = str(index)
                    except UnicodeDecodeError:
                        problems.append(f"media entry {index}: name is not UTF-8: left out")
    return media


def read_package(path: Path, limits: Limits | None = None) -> AnkiCollection:
    """Read notes, cards, note types, decks, the review log and the media map.

    Every member is unpacked through `Unpacker`, which stops at the size limits while
    streaming; every value is checked, and what cannot be used is listed in `problems`.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise PackageError(f"not an Anki package (not a zip file): {exc}") from exc
    unpacker = Unpacker(archive, limits or Limits.from_environment())
    with archive, tempfile.TemporaryDirectory() as folder:
        names = unpacker.names
        member = next((name for name in _COLLECTIONS if name in names), None)
        if member is None:
            raise PackageError("not an Anki package (no collection inside)")
        database = Path(folder) / "collection.sqlite"
        unpacker.to_file(member, database, unpacker.limits.member_bytes)
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            collection = _read_collection(connection)
        except (sqlite3.DatabaseError, TypeError, KeyError, AttributeError, ValueError) as exc:
            # A collection made by hand can hold any type in any column.
            raise PackageError(f"the collection inside is not readable: {exc}") from exc
        finally:
            connection.close()
        if "media" in names:
            raw = unpacker.to_bytes("media", unpacker.limits.media_map_bytes)
            collection.media = _media_map(raw, collection.problems)
        collection.limits, collection.unpacked = unpacker.limits, unpacker.unpacked
    return collection


def _read_collection(db: sqlite3.Connection) -> AnkiCollection:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    missing = {"col", "notes", "cards"} - tables
    if missing:
        raise PackageError(f"the collection has no {', '.join(sorted(missing))} table")
    row = db.execute("SELECT crt, models, decks FROM col").fetchone()
    if row is None:
        raise PackageError("the collection's col table is empty")
    created, models_json, decks_json = row
    try:
        day_one = records.integer(created, "col.crt", 0, _LATEST_SECONDS)
    except records.BadValue as exc:
        raise PackageError(f"the collection is damaged: {exc}") from exc
    collection = AnkiCollection(created=day_one)
    problems = collection.problems
    if "notetypes" in tables:
        _read_modern_schema(db, collection)
    else:
        _read_legacy_types(models_json, decks_json, collection)
    for note_id, guid, type_id, tags, fields in db.execute(
        "SELECT id, guid, mid, tags, flds FROM notes"
    ):
        if not (isinstance(guid, str) and isinstance(fields, str) and isinstance(note_id, int)):
            problems.append(f"note {note_id!r}: not a note (guid or fields missing): left out")
            continue
        if type_id not in collection.note_types:
            problems.append(f"note {note_id}: its note type {type_id!r} is missing: left out")
            continue
        tag_list = tags.split() if isinstance(tags, str) else []
        collection.notes[note_id] = AnkiNote(
            note_id, guid, type_id, fields.split("\x1f"), [one_line(t) for t in tag_list]
        )
    for row in db.execute(
        "SELECT id, nid, did, ord, type, queue, due, reps, lapses, odid, odue, data FROM cards "
        "ORDER BY nid, ord"
    ):
        card = _check_card(row, collection)
        if card is not None:
            collection.cards.append(card)
    known_cards = {card.id for card in collection.cards}
    bad_reviews = 0
    for review in db.execute("SELECT id, cid, ease, time, type FROM revlog ORDER BY id"):
        checked = _check_review(review)
        if checked is None:
            bad_reviews += 1
        elif checked.card_id in known_cards:
            collection.reviews.append(checked)
    if bad_reviews:
        problems.append(f"{bad_reviews} reviews with impossible values (time, rating): left out")
    return collection


_LATEST_SECONDS = int(records.LATEST.timestamp())
_CARD_TYPES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}


def _check_card(row: tuple[Any, ...], collection: AnkiCollection) -> AnkiCard | None:
    """A card row checked: ids and counts in range, a known type, usable memory state."""
    card_id, nid, did, ordinal, kind, queue, due, reps, lapses, odid, odue, data = row
    problems = collection.problems
    try:
        for name, value in (("id", card_id), ("note", nid), ("deck", did), ("odid", odid or 0)):
            records.integer(value, name, -(2**63), 2**63 - 1)
        ordinal = records.integer(ordinal, "ord", 0, 10_000)
        queue = records.integer(queue, "queue", -3, 4)
        reps = records.integer(reps, "reps", 0, records.MAX_COUNT)
        lapses = records.integer(lapses, "lapses", 0, records.MAX_COUNT)
        due = records.integer(odue if odid else due, "due", -(2**63), 2**63 - 1)
    except records.BadValue as exc:
        problems.append(f"card {card_id!r}: {exc}: left out")
        return None
    if nid not in collection.notes:
        problems.append(f"card {card_id}: its note {nid} is missing: left out")
        return None
    if kind not in _CARD_TYPES:
        problems.append(f"card {card_id}: unknown card type {kind!r}: imported as new")
        kind = 0
    try:
        extra = records.loads(data) if isinstance(data, str) and data else {}
    except (ValueError, RecursionError):
        problems.append(f"card {card_id}: its data is not valid JSON: replayed from its reviews")
        extra = {}
    memory: dict[str, float] = {}
    if isinstance(extra, dict):
        for key, low, high in (("s", 0.001, records.MAX_STABILITY_DAYS), ("d", 1.0, 10.0)):
            if key in extra:
                try:
                    memory[key] = records.number(extra[key], key, low, high)
                except records.BadValue as exc:
                    message = f"card {card_id}: memory state {exc}: replayed from its reviews"
                    problems.append(message)
    due_at = None if kind == 0 else _due(due, collection.created)
    if kind != 0 and due_at is None:
        problems.append(f"card {card_id}: due {due} is not a possible date: due now")
    # A card in a filtered deck remembers its home deck and due date in odid/odue.
    return AnkiCard(
        card_id, nid, odid or did, ordinal, kind, queue, due, reps, lapses, memory, due_at
    )


def _check_review(row: tuple[Any, ...]) -> AnkiReview | None:
    review_id, card_id, ease, time_ms, kind = row
    try:
        records.integer(review_id, "id", 0, _LATEST_SECONDS * 1000)
        records.integer(card_id, "cid", -(2**63), 2**63 - 1)
        records.integer(ease, "ease", 0, 4)
        records.integer(kind, "type", 0, 10)
        time_ms = records.integer(time_ms, "time", -(2**31), 2**31)
    except records.BadValue:
        return None
    return AnkiReview(review_id, card_id, ease, time_ms, kind)


def _read_legacy_types(models_json: Any, decks_json: Any, collection: AnkiCollection) -> None:
    """Note types and decks from the JSON in `col` (schema 11): every entry checked."""
    problems = collection.problems
    try:
        models = records.loads(models_json) if isinstance(models_json, str) else None
        decks = records.loads(decks_json) if isinstance(decks_json, str) else None
    except (ValueError, RecursionError) as exc:
        raise PackageError(f"the collection's note types or decks are not JSON: {exc}") from exc
    if not isinstance(models, dict) or not isinstance(decks, dict):
        raise PackageError("the collection's note types and decks must be JSON objects")
    for type_id, model in models.items():
        try:
            number = int(type_id)
            if not isinstance(model, dict):
                raise TypeError("not an object")
            fields = [str(f["name"]) for f in sorted(model["flds"], key=lambda f: f["ord"])]
            templates = [
                (str(t["qfmt"]), str(t["afmt"]))
                for t in sorted(model.get("tmpls") or [], key=lambda t: t["ord"])
            ]
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(f"note type {one_line(str(type_id))[:40]}: unreadable ({exc})")
            continue
        name = one_line(str(model.get("name", type_id)))
        collection.note_types[number] = NoteType(name, model.get("type") == 1, fields, templates)
    for deck_id, deck in decks.items():
        try:
            collection.decks[int(deck_id)] = one_line(str(deck["name"]))
        except (KeyError, TypeError, ValueError):
            label = one_line(str(deck_id))[:40]
            problems.append(f"deck {label}: unreadable: its cards go to Default")


def _read_modern_schema(db: sqlite3.Connection, collection: AnkiCollection) -> None:
    """Schema 18: note types, fields, templates and decks in their own tables."""
    fields: dict[int, list[str]] = {}
    for type_id, name in db.execute("SELECT ntid, name FROM fields ORDER BY ntid, ord"):
        fields.setdefault(type_id, []).append(name)
    templates: dict[int, list[tuple[str, str]]] = {}
    for type_id, config in db.execute("SELECT ntid, config FROM templates ORDER BY ntid, ord"):
        formats = {n: v for n, v in _protobuf(config) if n in (1, 2) and isinstance(v, bytes)}
        templates.setdefault(type_id, []).append(
            (formats.get(1, b"").decode("utf-8"), formats.get(2, b"").decode("utf-8"))
        )
    for type_id, name, config in db.execute("SELECT id, name, config FROM notetypes"):
        # Notetype.Config field 1 is its kind: 0 normal, 1 cloze.
        kind = next((v for n, v in _protobuf(config) if n == 1 and isinstance(v, int)), 0)
        collection.note_types[type_id] = NoteType(
            name, kind == 1, fields.get(type_id, []), templates.get(type_id, [])
        )
    for deck_id, name in db.execute("SELECT id, name FROM decks"):
        collection.decks[deck_id] = one_line(str(name).replace("\x1f", "::"))


# -- Anki HTML → our Markdown ----------------------------------------------------------------


class _FieldConverter(HTMLParser):
    """Anki field HTML → Markdown: line breaks, emphasis, code, lists, links and images."""

    _BLOCKS = frozenset({"div", "p", "ul", "ol", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
    _DROP = frozenset({"script", "style"})

    def __init__(self, media: dict[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.media = media
        self.out: list[str] = []
        self.lists: list[str] = []
        self.dropping = 0
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self._DROP:
            self.dropping += 1
        elif tag == "br":
            self.out.append("\n")
        elif tag in self._BLOCKS:
            self.out.append("\n\n" if tag == "p" else "\n")
            if tag in ("ul", "ol"):
                self.lists.append(tag)
        elif tag == "li":
            marker = "1. " if self.lists and self.lists[-1] == "ol" else "- "
            self.out.append("\n" + "  " * max(len(self.lists) - 1, 0) + marker)
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "code":
            self.out.append("`")
        elif tag == "img":
            name = self.media.get(values.get("src") or "")
            if name:
                self.out.append(f"![](media/{name})")
        elif tag == "a":
            href = values.get("href") or ""
            self.href = href if re.match(r"^https?://", href) else None
            if self.href:
                self.out.append("[")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._DROP:
            self.dropping = max(self.dropping - 1, 0)
        elif tag in self._BLOCKS:
            self.out.append("\n\n" if tag == "p" else "\n")
            if tag in ("ul", "ol") and self.lists:
                self.lists.pop()
        elif tag in ("b", "strong"):
            self.out.append("**")
        elif tag in ("i", "em"):
            self.out.append("*")
        elif tag == "code":
            self.out.append("`")
        elif tag == "a" and self.href:
            self.out.append(f"]({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        # In HTML a newline in text is a space; only tags break lines.
        text = _escape_markdown(data.replace("\xa0", " ").replace("\n", " "))
        if not self.out or self.out[-1].endswith("\n"):
            text = _LINE_START.sub(_escape_line_start, text.lstrip())
        self.out.append(text)

    def markdown(self) -> str:
        text = "".join(self.out)
        lines = [line.rstrip() for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
        return text.strip()


def _escape_markdown(text: str) -> str:
    """Characters that would turn Anki's plain text into Markdown markup (cloze braces stay)."""
    return re.sub(r"([\\`*\[\]<])", r"\\\1", text)


def _escape_line_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return f"{match.group(2)}\\{match.group(3)}"


def field_markdown(html: str, media: dict[str, str]) -> str:
    """One Anki field as Markdown; `media` maps Anki media names to our file names."""
    converter = _FieldConverter(media)
    converter.feed(html)
    converter.close()
    return converter.markdown()


# -- Anki cards → our cards ------------------------------------------------------------------


def card_id_for(guid: str, ordinal: int) -> str:
    return f"anki-{hashlib.sha1(guid.encode(), usedforsecurity=False).hexdigest()[:12]}-{ordinal}"


def _referenced(template: str, fields: list[str], skip: set[str]) -> int | None:
    """Index of the first field a template shows (`{{Front}}`, `{{type:Back}}`), not in skip."""
    lower = [name.casefold() for name in fields]
    for match in _FIELD_REF.finditer(template):
        ref = match.group(1).strip()
        if ref[:1] in "#^/!":
            continue
        name = ref.rsplit(":", 1)[-1].strip().casefold()
        if name in _SPECIAL_FIELDS or name in skip or name not in lower:
            continue
        return lower.index(name)
    return None


def _question_answer(note_type: NoteType, ordinal: int) -> tuple[int, int | None]:
    if ordinal < len(note_type.templates):
        front, back = note_type.templates[ordinal]
        question = _referenced(front, note_type.fields, set())
        if question is not None:
            answer = _referenced(back, note_type.fields, {note_type.fields[question].casefold()})
            if answer is not None:
                return question, answer
    return 0, 1 if len(note_type.fields) > 1 else None


def _only_cloze(text: str, number: int) -> str:
    """The cloze text with only cloze `number` hidden; the other clozes shown as text."""

    def keep(match: re.Match[str]) -> str:
        return match.group(0) if int(match.group(1)) == number else match.group(2)

    return _CLOZE_MARKER.sub(keep, text)


def _tags(note: AnkiNote) -> tuple[str, ...]:
    return tuple(dict.fromkeys(tag.lower() for tag in note.tags if tag.lower() != "leech"))


def convert_card(
    card: AnkiCard, collection: AnkiCollection, media: dict[str, str]
) -> MarkdownCard | str:
    """Our card for one Anki card, or why it holds nothing to ask."""
    note = collection.notes.get(card.note_id)
    note_type = collection.note_types.get(note.type_id) if note else None
    if note is None or note_type is None:
        return "its note or note type is missing"
    card_id = card_id_for(note.guid, card.ord)
    fields = [field_markdown(value, media) for value in note.fields]
    if note_type.cloze:
        front = note_type.templates[0][0] if note_type.templates else ""
        text_index = _referenced(front, note_type.fields, set()) or 0
        text = _only_cloze(fields[text_index] if text_index < len(fields) else "", card.ord + 1)
        cloze = find_cloze(text)
        if cloze is None:
            return f"its note has no cloze number {card.ord + 1}"
        extra = {"clozes": cloze.clozes}
        return MarkdownCard(
            card_id, CardKind.CLOZE, cloze.question, cloze.answer, _tags(note), extra
        )
    question_index, answer_index = _question_answer(note_type, card.ord)
    question = fields[question_index] if question_index < len(fields) else ""
    answer = fields[answer_index] if answer_index is not None and answer_index < len(fields) else ""
    if not question.strip():
        return "its question is empty"
    return MarkdownCard(card_id, CardKind.BASIC, question, answer, _tags(note))


def _media_names(collection: AnkiCollection) -> dict[str, str]:
    """Our file name for each Anki media file: only word characters, dots and dashes."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for anki_name in collection.media:
        base = _SAFE_MEDIA.sub("_", PurePosixPath(anki_name.replace("\\", "/")).name).strip("._")
        base = base or "media"
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            stem, dot, suffix = base.rpartition(".")
            name = f"{stem}-{n}.{suffix}" if dot else f"{base}-{n}"
        taken.add(name.casefold())
        names[anki_name] = name
    return names


# -- scheduling ------------------------------------------------------------------------------


def _due(due: int, created: int) -> datetime | None:
    """The date of Anki's `due`, or None when it lies outside 1970–2200."""
    # Learning cards due today count in seconds since the epoch; everything else in days
    # since the collection's first day.
    seconds = due if due > 1_000_000_000 else created + due * 86_400
    if not 0 <= seconds <= _LATEST_SECONDS:
        return None
    return datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True, slots=True)
class _Replayed:
    logs: list[ReviewLog]
    state: SchedulingState


def _replay(card_id: str, reviews: list[AnkiReview], user_id: int) -> _Replayed:
    """Our log rows and state for Anki's ratings, replayed through FSRS (default parameters)."""
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    state = SchedulingState.new()
    logs: list[ReviewLog] = []
    for review in reviews:
        when = datetime.fromtimestamp(review.id / 1000, UTC)
        rating = fsrs.Rating(review.ease)
        reviewed, _ = scheduler.review_card(state.to_fsrs(when), rating, when)
        after = state.after(reviewed, rating, LEECH_LAPSES)
        logs.append(
            ReviewLog(
                user_id=user_id,
                card_id=card_id,
                rating=review.ease,
                kind_before=state.kind_code,
                reviewed_at=when,
                duration_ms=max(review.time_ms, 0),
                state_before=state.to_json(),
                state_after=after.to_json(),
                due_before=state.due,
                due_after=after.due,
            )
        )
        state = after
    return _Replayed(logs, state)


def _number(value: object, fallback: float | None) -> float | None:
    return float(value) if isinstance(value, int | float) else fallback


_FIRST_STABILITY = fsrs.Scheduler().parameters[2]
"""FSRS's stability after a first Good rating: for a reviewed card with no history at all."""
_MIDDLE_DIFFICULTY = 5.0


def _final_state(
    card: AnkiCard, replayed: SchedulingState, leech: bool, now: datetime
) -> SchedulingState:
    """The card's state: Anki's where Anki knows it, the replay's for the rest.

    A card Anki has reviewed but whose log is gone gets FSRS's first-review stability
    and a middle difficulty rather than none (a reviewed card without them cannot be rated).
    """
    if card.type == 0:
        return replace(SchedulingState.new(), leech=leech)
    step = (
        replayed.fsrs_step if replayed.fsrs_state == card.type else (0 if card.type != 2 else None)
    )
    stability = card.memory.get("s", replayed.stability)
    difficulty = card.memory.get("d", replayed.difficulty)
    return SchedulingState(
        fsrs_state=card.type,
        fsrs_step=step,
        stability=stability if stability is not None else _FIRST_STABILITY,
        difficulty=difficulty if difficulty is not None else _MIDDLE_DIFFICULTY,
        due=card.due_at or now,
        last_review=replayed.last_review,
        reps=card.reps,
        lapses=card.lapses,
        leech=leech or replayed.leech,
    )


def _apply_history(
    engine: Engine, collection: AnkiCollection, our_ids: dict[int, str], now: datetime
) -> int:
    """Add Anki's reviews to the current user's log and set their card states; returns
    the reviews added."""
    by_card: dict[int, list[AnkiReview]] = {}
    for review in collection.reviews:
        if review.type in _RATED_TYPES and 1 <= review.ease <= 4 and review.card_id in our_ids:
            by_card.setdefault(review.card_id, []).append(review)
    user_id = current_user(engine).id
    added = 0
    with Session(writer(engine)) as session:
        for anki_card in collection.cards:
            card_id = our_ids.get(anki_card.id)
            card = session.get(Card, card_id) if card_id else None
            if card is None:
                continue
            note = collection.notes[anki_card.note_id]
            leech = any(tag.lower() == "leech" for tag in note.tags)
            replayed = _replay(card.id, by_card.get(anki_card.id, []), user_id)
            final = _final_state(anki_card, replayed.state, leech, now)
            if replayed.logs:
                last = replayed.logs[-1]
                last.state_after = final.to_json()
                last.due_after = final.due
            known = {
                (when, rating)
                for when, rating in session.exec(
                    select(ReviewLog.reviewed_at, ReviewLog.rating).where(
                        ReviewLog.card_id == card.id, ReviewLog.user_id == user_id
                    )
                )
            }
            state = session.get(CardState, (user_id, card.id))
            ours_newer = (
                state is not None
                and state.last_review is not None
                and (final.last_review is None or state.last_review > final.last_review)
            )
            for log in replayed.logs:
                if (log.reviewed_at, log.rating) not in known:
                    session.add(log)
                    added += 1
            if not ours_newer:
                if state is None:
                    state = CardState(user_id=user_id, card_id=card.id)
                    session.add(state)
                final.apply_to(state)
                state.suspended = anki_card.queue == -1
        session.commit()
    return added


# -- the import ------------------------------------------------------------------------------


@dataclass
class AnkiImport:
    """What importing a package did: the ordinary import summary, plus history."""

    summary: ImportSummary
    reviews: int = 0
    folder: Path | None = None


def package_folder(base: Path, package: Path) -> Path:
    """The folder below `base` a package's decks are written to: its name plus a hash of its
    bytes, so two packages never share one (even named alike, or `...apkg`), and the same
    package always lands in the same place."""
    digest = hashlib.sha256()
    with package.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    stem = deck_file_name(package.stem, set()).removesuffix(".md")
    return base / f"{stem}-{digest.hexdigest()[:12]}"


MANIFEST = ".quizapp-package.json"
"""In a package's folder: the hash of each file as last written, to spot the user's edits."""


def import_package(engine: Engine, package: Path, folder: Path, *, now: datetime) -> AnkiImport:
    """Import an Anki package: write its decks as notes into `folder`, import them, then
    bring in the review history.

    Everything is read and checked before anything is written; what is left out is a
    problem naming the card or note. A deck file the user edited since the last import
    of this package is kept as it is, and the conflict reported.
    """
    name = one_line(package.name)
    try:
        collection = read_package(package)
    except (PackageError, LimitExceeded, OSError, zstandard.ZstdError, ValueError) as exc:
        summary = ImportSummary(files_failed=1)
        summary.problems.append(ImportProblem(name, None, str(exc)))
        return AnkiImport(summary)
    problems = [ImportProblem(name, None, p, Severity.WARNING) for p in collection.problems]
    media_names = _media_names(collection)
    by_deck: dict[str, list[MarkdownCard]] = {}
    our_ids: dict[int, str] = {}
    seen: set[tuple[int, str, str]] = set()
    for anki_card in collection.cards:
        converted = convert_card(anki_card, collection, media_names)
        if isinstance(converted, str):
            message = f"card {anki_card.id}: {converted}: left out"
            problems.append(ImportProblem(name, None, message, Severity.WARNING))
            continue
        # A note type whose templates all fall back to the first two fields would give
        # the same card for each template: keep the first.
        key = (anki_card.note_id, converted.question, converted.answer)
        if key in seen:
            continue
        seen.add(key)
        deck = collection.decks.get(anki_card.deck_id, "Default")
        by_deck.setdefault(deck, []).append(converted)
        our_ids[anki_card.id] = converted.id
    files: dict[str, str] = {}
    taken: set[str] = set()
    for deck, cards in by_deck.items():
        for part in deck_parts(deck, cards):
            files[deck_file_name(deck, taken)] = part
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _copy_media(package, collection, media_names, folder / "media", files)
        problems += _write_deck_files(folder, files, name)
    except (LimitExceeded, OSError, zstandard.ZstdError) as exc:
        summary = ImportSummary(files_failed=1)
        summary.problems += [*problems, ImportProblem(name, None, str(exc))]
        return AnkiImport(summary)
    try:
        with _one_transaction(engine) as transaction:
            summary = import_paths(transaction, [folder], now=now)
            reviews = _apply_history(transaction, collection, our_ids, now)
    except (SQLAlchemyError, ValueError, TypeError, OverflowError) as exc:
        summary = ImportSummary(files_failed=1)
        message = f"not imported, the deck is as it was ({type(exc).__name__}: {exc})"
        summary.problems += [*problems, ImportProblem(name, None, message)]
        return AnkiImport(summary)
    summary.problems[:0] = problems
    return AnkiImport(summary, reviews, folder)


@contextmanager
def _one_transaction(engine: Engine) -> Iterator[Engine]:
    """One writing transaction for the whole package: the notes and their history go in
    together or not at all (a failure or a killed process leaves the deck as it was).

    It yields a connection inside that transaction, to pass where an engine is expected:
    the import opens `Session(engine)` and `writer(engine)` only, and a session bound to a
    connection in a transaction joins it (its `commit()` commits nothing until the block
    ends; its `rollback()` undoes the whole package).
    """
    with writer(engine).connect() as connection, connection.begin():
        yield cast(Engine, connection)


def _digest(text: bytes) -> str:
    return hashlib.sha256(text).hexdigest()


def _write_deck_files(folder: Path, files: dict[str, str], package: str) -> list[ImportProblem]:
    """Write the deck files, except over one the user edited since this package wrote it."""
    manifest_path = folder / MANIFEST
    try:
        manifest = records.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    if not isinstance(manifest, dict):
        manifest = {}
    problems = []
    for file_name, text in files.items():
        target = folder / file_name
        data = text.encode()
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            current = None
        if current is not None and current != data and _digest(current) != manifest.get(file_name):
            message = (
                f"{file_name} was edited since this package was imported: kept as you left "
                "it (delete it to take the package's version)"
            )
            problems.append(ImportProblem(package, None, message, Severity.WARNING))
            continue
        if current != data:
            write_text(target, text)
        manifest[file_name] = _digest(data)
    write_text(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1))
    return problems


def _copy_media(
    package: Path,
    collection: AnkiCollection,
    names: dict[str, str],
    target: Path,
    files: dict[str, str],
) -> None:
    """Stream the media files the cards show (by our safe names) out of the package."""
    text = "\n".join(files.values())
    wanted = {anki: ours for anki, ours in names.items() if f"](media/{ours})" in text}
    if not wanted:
        return
    target.mkdir(parents=True, exist_ok=True)
    limits = collection.limits
    with zipfile.ZipFile(package) as archive:
        unpacker = Unpacker(archive, limits, unpacked=collection.unpacked)
        for anki_name, ours in wanted.items():
            member = collection.media[anki_name]
            if member in unpacker.names:
                unpacker.to_file(member, target / ours, limits.media_bytes, "media_bytes")


def is_package(path: Path) -> bool:
    return path.suffix.lower() in PACKAGE_SUFFIXES
