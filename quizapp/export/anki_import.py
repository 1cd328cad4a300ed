"""Import from Anki (.apkg, .colpkg): notes become Markdown deck files, reviews become history.

The package is read directly (a zip holding an SQLite collection), without Anki's own
code: `collection.anki21b` (zstd-compressed, what Anki 2.1.50+ writes by default),
`collection.anki21` or `collection.anki2`, and the media map (zstd protobuf or JSON).

Each Anki card becomes one of our cards, written into one Markdown file per Anki deck in
our content format (ids in annotations) and imported with the ordinary import, so the
cards have a note the app can show and the user can edit; referenced images are copied
into a `media/` folder beside the files. Then Anki's review log becomes ours.

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
import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

import fsrs
import zstandard
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from quizapp.deck.db import writer
from quizapp.deck.models import Card, CardState, ReviewLog
from quizapp.deck.sync import ImportSummary, import_paths
from quizapp.deck.users import current_user
from quizapp.export.markdown import MarkdownCard, deck_file_name, deck_markdown
from quizapp.notes.cloze import find_cloze
from quizapp.notes.model import CardKind, ImportProblem
from quizapp.srs.reviewer import LEECH_LAPSES
from quizapp.srs.state import SchedulingState

PACKAGE_SUFFIXES = frozenset({".apkg", ".colpkg"})
_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
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
    data: dict[str, Any]


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


def _unzstd(data: bytes) -> bytes:
    if data.startswith(_ZSTD_MAGIC):
        return zstandard.ZstdDecompressor().stream_reader(data).read()
    return data


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


def _media_map(raw: bytes) -> dict[str, str]:
    data = _unzstd(raw)
    if data.lstrip().startswith(b"{"):
        legacy = json.loads(data.decode("utf-8"))
        return {str(name): str(member) for member, name in legacy.items()}
    media: dict[str, str] = {}
    # MediaEntries { repeated MediaEntry entries = 1 }, MediaEntry { string name = 1; … }:
    # the zip member of the n-th entry is named n.
    for index, (number, entry) in enumerate(_protobuf(data)):
        if number == 1 and isinstance(entry, bytes):
            for key, value in _protobuf(entry):
                if key == 1 and isinstance(value, bytes):
                    media[value.decode("utf-8")] = str(index)
    return media


def read_package(path: Path) -> AnkiCollection:
    """Read notes, cards, note types, decks, the review log and the media map."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise PackageError(f"not an Anki package (not a zip file): {exc}") from exc
    with archive, tempfile.TemporaryDirectory() as folder:
        names = set(archive.namelist())
        member = next((name for name in _COLLECTIONS if name in names), None)
        if member is None:
            raise PackageError("not an Anki package (no collection inside)")
        database = Path(folder) / "collection.sqlite"
        with archive.open(member) as source:
            compressed = source.read(4) == _ZSTD_MAGIC
        with archive.open(member) as source, database.open("wb") as target:
            stream = zstandard.ZstdDecompressor().stream_reader(source) if compressed else source
            shutil.copyfileobj(stream, target, 1 << 20)
        connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            collection = _read_collection(connection)
        except sqlite3.DatabaseError as exc:
            raise PackageError(f"the collection inside is not readable: {exc}") from exc
        finally:
            connection.close()
        if "media" in names:
            collection.media = _media_map(archive.read("media"))
    return collection


def _read_collection(db: sqlite3.Connection) -> AnkiCollection:
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    created, models_json, decks_json = db.execute("SELECT crt, models, decks FROM col").fetchone()
    collection = AnkiCollection(created=int(created))
    if "notetypes" in tables:
        _read_modern_schema(db, collection)
    else:
        for type_id, model in json.loads(models_json).items():
            fields = [f["name"] for f in sorted(model["flds"], key=lambda f: f["ord"])]
            templates = [
                (t["qfmt"], t["afmt"]) for t in sorted(model["tmpls"], key=lambda t: t["ord"])
            ]
            collection.note_types[int(type_id)] = NoteType(
                model["name"], model.get("type") == 1, fields, templates
            )
        for deck_id, deck in json.loads(decks_json).items():
            collection.decks[int(deck_id)] = deck["name"]
    for note_id, guid, type_id, tags, fields in db.execute(
        "SELECT id, guid, mid, tags, flds FROM notes"
    ):
        collection.notes[note_id] = AnkiNote(
            note_id, guid, type_id, fields.split("\x1f"), tags.split()
        )
    for row in db.execute(
        "SELECT id, nid, did, ord, type, queue, due, reps, lapses, odid, odue, data FROM cards "
        "ORDER BY nid, ord"
    ):
        card_id, nid, did, ordinal, kind, queue, due, reps, lapses, odid, odue, data = row
        try:
            extra = json.loads(data) if data else {}
        except json.JSONDecodeError:
            extra = {}
        # A card in a filtered deck remembers its home deck and due date in odid/odue.
        collection.cards.append(
            AnkiCard(
                card_id,
                nid,
                odid or did,
                ordinal,
                kind,
                queue,
                odue if odid else due,
                reps,
                lapses,
                extra if isinstance(extra, dict) else {},
            )
        )
    for review in db.execute("SELECT id, cid, ease, time, type FROM revlog ORDER BY id"):
        collection.reviews.append(AnkiReview(*review))
    return collection


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
        collection.decks[deck_id] = name.replace("\x1f", "::")


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
) -> MarkdownCard | None:
    """Our card for one Anki card, or None when it holds nothing to ask."""
    note = collection.notes.get(card.note_id)
    note_type = collection.note_types.get(note.type_id) if note else None
    if note is None or note_type is None:
        return None
    card_id = card_id_for(note.guid, card.ord)
    fields = [field_markdown(value, media) for value in note.fields]
    if note_type.cloze:
        front = note_type.templates[0][0] if note_type.templates else ""
        text_index = _referenced(front, note_type.fields, set()) or 0
        text = _only_cloze(fields[text_index] if text_index < len(fields) else "", card.ord + 1)
        cloze = find_cloze(text)
        if cloze is None:
            return None
        extra = {"clozes": cloze.clozes}
        return MarkdownCard(
            card_id, CardKind.CLOZE, cloze.question, cloze.answer, _tags(note), extra
        )
    question_index, answer_index = _question_answer(note_type, card.ord)
    question = fields[question_index] if question_index < len(fields) else ""
    answer = fields[answer_index] if answer_index is not None and answer_index < len(fields) else ""
    if not question.strip():
        return None
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


def _due(card: AnkiCard, created: int) -> datetime | None:
    if card.type == 0:
        return None
    # Learning cards due today count in seconds since the epoch; everything else in days
    # since the collection's first day.
    seconds = card.due if card.due > 1_000_000_000 else created + card.due * 86_400
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


def _final_state(
    card: AnkiCard, replayed: SchedulingState, leech: bool, created: int
) -> SchedulingState:
    """The card's state: Anki's where Anki knows it, the replay's for the rest."""
    if card.type == 0:
        return replace(SchedulingState.new(), leech=leech)
    stability = card.data.get("s")
    difficulty = card.data.get("d")
    step = (
        replayed.fsrs_step if replayed.fsrs_state == card.type else (0 if card.type != 2 else None)
    )
    return SchedulingState(
        fsrs_state=card.type,
        fsrs_step=step,
        stability=float(stability) if isinstance(stability, int | float) else replayed.stability,
        difficulty=float(difficulty)
        if isinstance(difficulty, int | float)
        else replayed.difficulty,
        due=_due(card, created),
        last_review=replayed.last_review,
        reps=card.reps,
        lapses=card.lapses,
        leech=leech or replayed.leech,
    )


def _apply_history(engine: Engine, collection: AnkiCollection, our_ids: dict[int, str]) -> int:
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
            final = _final_state(anki_card, replayed.state, leech, collection.created)
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


def import_package(engine: Engine, package: Path, folder: Path, *, now: datetime) -> AnkiImport:
    """Import an Anki package: write its decks as notes into `folder`, import them, then
    bring in the review history."""
    try:
        collection = read_package(package)
    except (PackageError, OSError, zstandard.ZstdError, ValueError) as exc:
        summary = ImportSummary(files_failed=1)
        summary.problems.append(ImportProblem(str(package), None, str(exc)))
        return AnkiImport(summary)
    folder.mkdir(parents=True, exist_ok=True)
    media_names = _media_names(collection)
    by_deck: dict[str, list[MarkdownCard]] = {}
    our_ids: dict[int, str] = {}
    seen: set[tuple[int, str, str]] = set()
    for anki_card in collection.cards:
        converted = convert_card(anki_card, collection, media_names)
        if converted is None:
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
    _copy_media(package, collection, media_names, folder / "media", by_deck)
    taken: set[str] = set()
    for deck, cards in by_deck.items():
        (folder / deck_file_name(deck, taken)).write_text(
            deck_markdown(deck, cards), encoding="utf-8"
        )
    summary = import_paths(engine, [folder], now=now)
    reviews = _apply_history(engine, collection, our_ids)
    return AnkiImport(summary, reviews, folder)


def _copy_media(
    package: Path,
    collection: AnkiCollection,
    names: dict[str, str],
    target: Path,
    decks: dict[str, list[MarkdownCard]],
) -> None:
    """Copy the media files the cards show (by our safe names) out of the package."""
    text = "\n".join(c.question + "\n" + c.answer for cards in decks.values() for c in cards)
    wanted = {anki: ours for anki, ours in names.items() if f"](media/{ours})" in text}
    if not wanted:
        return
    target.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(package) as archive:
        members = set(archive.namelist())
        for anki_name, ours in wanted.items():
            member = collection.media[anki_name]
            if member in members:
                (target / ours).write_bytes(_unzstd(archive.read(member)))


def is_package(path: Path) -> bool:
    return path.suffix.lower() in PACKAGE_SUFFIXES
