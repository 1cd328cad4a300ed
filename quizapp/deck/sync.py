"""Import sync: bring the deck in line with a folder of notes, keeping every card's history.

A card keeps its id — and so its reviews — when its question is unchanged, when only its
answer changed, and when its question was lightly edited; an explicit id annotation wins
over all of that. Cards whose source disappeared are retired, never deleted. Each file is
imported in its own transaction, so a crash leaves every file either fully imported or
untouched.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from rapidfuzz import fuzz
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from quizapp.deck.db import get_meta, set_meta, writer
from quizapp.deck.models import Card, Deck, Note
from quizapp.notes.keys import question_key
from quizapp.notes.model import CardSpec, ImportProblem, NoteDoc, Severity
from quizapp.notes.reader import iter_note_files, read_note

IMPORT_RULES_VERSION = "2"
"""Bump when the Markdown → card rules change, so unchanged files are parsed again once.

2: control characters in notes are replaced by visible placeholders.
"""

RENAME_THRESHOLD = 80.0
"""Question similarity (0–100) above which an edited question is the same card renamed."""

RENAME_WITH_SAME_ANSWER_THRESHOLD = 60.0
"""A lower bar when the answer is unchanged: a reworded question with the same answer."""

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


def new_card_id(path: str, spec: CardSpec, taken: Callable[[str], bool]) -> str:
    """A new card's id: derived from where and what it is, so two imports of the same notes
    give the same ids (stable Anki GUIDs, reproducible exports); suffixed if already taken.
    """
    seed = f"{path}\x00{spec.kind}\x00{question_key(spec.question)}"
    base = hashlib.sha256(seed.encode()).hexdigest()[:16]
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def deck_name_for(doc: NoteDoc, root: Path) -> str:
    """Front matter `deck:` wins, then the note's folder below the root, then the root's name."""
    if doc.deck:
        return doc.deck
    folders = Path(doc.path).parent.parts
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
    return json.dumps(extra, ensure_ascii=False, sort_keys=True)


def _get_or_create_deck(session: Session, name: str, cache: dict[str, int]) -> int:
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


def _import_doc(
    session: Session,
    doc: NoteDoc,
    root: Path,
    file: Path,
    now: datetime,
    deck_cache: dict[str, int],
) -> ImportSummary:
    summary = ImportSummary(files_imported=1)
    deck_id = _get_or_create_deck(session, deck_name_for(doc, root), deck_cache)
    file_path = str(file.resolve())
    note = session.exec(select(Note).where(Note.file_path == file_path)).first()
    if note is None:
        note = _relocated_note(session, root, doc.path)
    sections_json = json.dumps(
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
        ],
        ensure_ascii=False,
    )
    note_values = {
        "deck_id": deck_id,
        "file_path": file_path,
        "root": str(root.resolve()),
        "path": doc.path,
        "title": doc.title,
        "markdown": doc.markdown,
        "sections_json": sections_json,
        "content_hash": doc.content_hash,
        "tags": _tags_text(doc.tags),
        "retired": False,
        "imported_at": now,
    }
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
    for match in matches:
        spec = match.spec
        values: dict[str, object] = {
            "deck_id": deck_id,
            "note_id": note.id,
            "kind": str(spec.kind),
            "question": spec.question,
            "answer": spec.answer,
            "question_key": question_key(spec.question),
            "extra_json": _extra_json(spec),
            "source_path": doc.path,
            "source_line": spec.line,
            "tags": _tags_text((*doc.tags, *spec.tags)),
        }
        card = match.card
        if card is None:
            card_id = spec.explicit_id
            if card_id and (card_id in used_ids or session.get(Card, card_id) is not None):
                summary.problems.append(
                    ImportProblem(doc.path, spec.line, f"card id {card_id!r} is used twice")
                )
                card_id = None
            if not card_id:
                card_id = new_card_id(
                    doc.path,
                    spec,
                    lambda c: c in used_ids or session.get(Card, c) is not None,
                )
            card = Card(
                id=card_id,
                explicit_id=bool(spec.explicit_id) and card_id == spec.explicit_id,
                created_at=now,
                updated_at=now,
                **values,  # type: ignore[arg-type]
            )
            session.add(card)
            summary.added += 1
        elif card.retired:
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

    for card in leftovers:
        if not card.retired:
            card.retired = True
            card.retired_at = now
            summary.retired += 1
    note.problems_json = problems_json([*doc.problems, *summary.problems])
    return summary


def problems_json(problems: Iterable[ImportProblem]) -> str:
    """A note's problems as stored in `Note.problems_json` (its path is the note's own)."""
    return json.dumps(
        [{"line": p.line, "message": p.message, "severity": str(p.severity)} for p in problems],
        ensure_ascii=False,
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


def _retire_missing(session: Session, root: Path, seen: set[str], now: datetime) -> ImportSummary:
    summary = ImportSummary()
    root_text = str(root.resolve())
    notes = session.exec(select(Note).where(Note.root == root_text, col(Note.retired).is_(False)))
    for note in notes:
        if note.file_path in seen:
            continue
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
    summary = ImportSummary()
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

    unchanged_files = _unchanged_file_index(engine)
    deck_cache: dict[str, int] = {}
    for done, (root, item, is_folder) in enumerate(jobs):
        if progress:
            progress(done, len(jobs), str(item if isinstance(item, Path) else item.path))
        if isinstance(item, ImportProblem):
            summary.problems.append(item)
            summary.files_failed += 1
            continue
        file_path = str(item.resolve())
        if is_folder:
            seen_by_root[root].add(file_path)
        known = unchanged_files.get(file_path)
        if known is not None and known[0] == _file_hash(item):
            summary.files_skipped += 1
            summary.unchanged += known[1]
            continue
        summary.merge(_import_file(write_engine, root, item, now, deck_cache))
    if progress:
        progress(len(jobs), len(jobs), "")

    with Session(write_engine) as session:
        for root, seen in seen_by_root.items():
            summary.merge(_retire_missing(session, root, seen, now))
        set_meta(session, "import_rules_version", IMPORT_RULES_VERSION)
        session.commit()
    return summary


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


def _unchanged_file_index(engine: Engine) -> dict[str, tuple[str, int]]:
    """file path → (content hash, active card count) of notes that can be skipped if unchanged.

    Empty when the card rules changed since the last import: every file is parsed again.
    """
    with Session(engine) as session:
        if get_meta(session, "import_rules_version") != IMPORT_RULES_VERSION:
            return {}
        counts = dict(
            session.exec(
                select(Card.note_id, func.count())
                .where(col(Card.retired).is_(False))
                .group_by(Card.note_id)
            ).all()
        )
        rows = session.exec(
            select(Note.id, Note.file_path, Note.content_hash).where(col(Note.retired).is_(False))
        ).all()
    return {path: (digest, counts.get(note_id, 0)) for note_id, path, digest in rows}


def _import_file(
    write_engine: Engine,
    root: Path,
    file: Path,
    now: datetime,
    deck_cache: dict[str, int],
) -> ImportSummary:
    doc = read_note(file, root)
    if _is_unreadable(doc):
        return ImportSummary(files_failed=1, problems=list(doc.problems))
    with Session(write_engine) as session:
        try:
            result = _import_doc(session, doc, root, file, now, deck_cache)
            session.commit()
        except Exception:
            # The deck cache may name a deck created in the rolled-back transaction.
            deck_cache.clear()
            raise
    result.problems = list(doc.problems) + result.problems
    return result
