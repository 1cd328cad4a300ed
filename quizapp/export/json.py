"""JSON backup of a deck and its restore: users, decks, notes, cards, each user's FSRS
states and every review.

The file names rows by their natural keys (a user by name, a deck by name, a note by file
path, a card by its id), never by database row ids, so it restores into a fresh database
on either engine or merges into an existing one. Restoring loses nothing: absent rows are
added; for a card present on both sides the newer content (`updated_at`) wins, and for a
user's state of a card the newer schedule (`last_review`); reviews already there (same
user, card, time and rating) are not added twice; an existing deck keeps its own settings
and an existing user their role.

Version 1 files (before users) kept the schedule on each card and reviews without a user:
they restore as the current user's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import StatementError
from sqlmodel import Session, SQLModel, col, select

from quizapp.deck.db import writer
from quizapp.deck.models import (
    SCHEMA_VERSION,
    Card,
    CardState,
    Deck,
    Note,
    ReviewLog,
    User,
    UTCDateTime,
)
from quizapp.deck.sync import ImportSummary
from quizapp.deck.users import current_user
from quizapp.export.selection import ExportProgress, ExportResult, report
from quizapp.notes.model import ImportProblem
from quizapp.notes.sanitize import visible

FORMAT = "quizapp-deck"
VERSION = 2
"""Version of the file layout; bumped when a reader of the old layout would misread it.

2: `users` and `states` sections; reviews name their `user`; cards carry no schedule."""

SCHEDULE_FIELDS = (
    "fsrs_state",
    "fsrs_step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "leech",
    "suspended",
    "buried_until",
)
_CARD_REQUIRED = ("id", "deck", "kind", "question", "answer")
_CHUNK = 500
"""Rows asked for per query: SQLite caps the number of bound parameters."""


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _columns(model: type[SQLModel], skip: tuple[str, ...]) -> list[str]:
    return [column.name for column in _table(model).columns if column.name not in skip]


def _datetime_columns(model: type[SQLModel]) -> set[str]:
    return {c.name for c in _table(model).columns if isinstance(c.type, UTCDateTime)}


def _record(row: SQLModel, names: list[str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name in names:
        value = getattr(row, name)
        record[name] = value.isoformat() if isinstance(value, datetime) else value
    return record


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


# -- export ---------------------------------------------------------------------------------


def export_json(
    engine: Engine,
    out: Path,
    *,
    deck: str | None = None,
    tag: str | None = None,
    now: datetime,
    progress: ExportProgress | None = None,
) -> ExportResult:
    """Write the deck (all decks, or one with its sub-decks, or one tag) to `out`.

    Retired cards are included with their history: a backup keeps what the deck keeps.
    """
    from quizapp.deck.queries import find_cards

    rows = find_cards(engine, deck=deck, tag=tag, include_retired=True)
    cards = [card for card, _ in rows]
    deck_names = {card.deck_id: name for card, name in rows}
    whole = deck is None and tag is None
    with Session(engine) as session:
        decks = list(session.exec(select(Deck).order_by(col(Deck.name))))
        notes = list(session.exec(select(Note).order_by(col(Note.file_path))))
        if not whole:
            note_ids = {card.note_id for card in cards}
            notes = [note for note in notes if note.id in note_ids]
            used = set(deck_names) | {note.deck_id for note in notes}
            decks = [d for d in decks if d.id in used]
        names = {d.id: d.name for d in decks}
        note_paths = {note.id: note.file_path for note in notes}
        review_query = select(ReviewLog).order_by(col(ReviewLog.id))
        reviews = list(session.exec(review_query))
        users = list(session.exec(select(User).order_by(col(User.name))))
        states = list(
            session.exec(select(CardState).order_by(col(CardState.card_id), CardState.user_id))
        )
        if not whole:
            card_ids = {card.id for card in cards}
            reviews = [log for log in reviews if log.card_id in card_ids]
            states = [state for state in states if state.card_id in card_ids]
        user_names = {user.id: user.name for user in users}

    deck_names_cols = _columns(Deck, ("id",))
    note_cols = _columns(Note, ("id", "deck_id"))
    card_cols = _columns(Card, ("deck_id", "note_id"))
    review_cols = _columns(ReviewLog, ("id", "user_id"))
    user_cols = _columns(User, ("id",))
    state_cols = _columns(CardState, ("user_id", "card_id"))
    out.parent.mkdir(parents=True, exist_ok=True)
    total = len(cards)
    with out.open("w", encoding="utf-8") as handle:
        head = {
            "format": FORMAT,
            "version": VERSION,
            "schema_version": SCHEMA_VERSION,
            "exported_at": now.isoformat(),
        }
        handle.write(json.dumps(head, ensure_ascii=False)[:-1])

        def section(name: str, records: Iterator[dict[str, Any]]) -> None:
            handle.write(f',\n"{name}": [')
            for n, record in enumerate(records):
                handle.write(",\n" if n else "\n")
                handle.write(json.dumps(record, ensure_ascii=False))
            handle.write("\n]")

        section("users", (_record(user, user_cols) for user in users))
        section(
            "decks",
            (
                {
                    **_record(d, deck_names_cols),
                    "fsrs_parameters": json.loads(d.fsrs_parameters) if d.fsrs_parameters else None,
                }
                for d in decks
            ),
        )
        section(
            "notes",
            ({"deck": names[n.deck_id], **_record(n, note_cols)} for n in notes),
        )

        def card_records() -> Iterator[dict[str, Any]]:
            for done, card in enumerate(cards, 1):
                yield {
                    "deck": names[card.deck_id],
                    "note": note_paths.get(card.note_id) if card.note_id else None,
                    **_record(card, card_cols),
                }
                report(progress, done, total)

        section("cards", card_records())
        section(
            "states",
            (
                {"user": user_names[st.user_id], "card": st.card_id, **_record(st, state_cols)}
                for st in states
            ),
        )
        section(
            "reviews",
            ({"user": user_names[log.user_id], **_record(log, review_cols)} for log in reviews),
        )
        handle.write("\n}\n")
    return ExportResult(path=out, cards=total, decks=len(decks), reviews=len(reviews), files=[out])


# -- restore --------------------------------------------------------------------------------


class BackupError(Exception):
    """The file is not a quizapp JSON backup this version can read."""


def _values(model: type[SQLModel], record: dict[str, Any], skip: tuple[str, ...]) -> dict[str, Any]:
    """Column values of `model` from a backup record, datetimes parsed back.

    Text is made visible as a note's is when read: a backup is a file from elsewhere, and
    an escape sequence in it must not reach the terminal that shows the restored card.
    """
    dates = _datetime_columns(model)
    values: dict[str, Any] = {}
    for name in _columns(model, skip):
        if name not in record:
            continue
        value = record[name]
        if name in dates and value is not None:
            value = datetime.fromisoformat(value)
        elif isinstance(value, str):
            value = visible(value)
        values[name] = value
    return values


def read_backup(path: Path) -> dict[str, Any]:
    """The parsed backup; raises BackupError naming what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"cannot read the backup: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError('not a quizapp JSON backup (no "format": "quizapp-deck")')
    version = data.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise BackupError(
            f"backup version {version!r} is newer than this quizapp reads ({VERSION}); "
            "upgrade quizapp to restore it"
        )
    for key in ("decks", "notes", "cards", "reviews"):
        if not isinstance(data.get(key), list):
            raise BackupError(f"backup has no list of {key}")
    for key in ("users", "states"):
        if not isinstance(data.setdefault(key, []), list):
            raise BackupError(f"backup has no list of {key}")
    return data


def restore_json(engine: Engine, path: Path) -> ImportSummary:
    """Restore a JSON backup into the database, in one transaction (see the module doc)."""
    summary = ImportSummary()
    name = str(path)
    try:
        data = read_backup(path)
    except BackupError as exc:
        summary.files_failed = 1
        summary.problems.append(ImportProblem(name, None, str(exc)))
        return summary
    me = current_user(engine).name
    with Session(writer(engine)) as session:
        try:
            user_ids = _restore_users(session, data["users"])
            deck_ids = _restore_decks(session, data["decks"])
            note_ids = _restore_notes(session, data["notes"], deck_ids)
            _restore_cards(session, data["cards"], deck_ids, note_ids, summary)
            # A version 1 file kept the schedule on the card: it is the current user's.
            states = data["states"] or [
                {**card, "user": me, "card": card["id"]}
                for card in data["cards"]
                if any(card.get(field) for field in SCHEDULE_FIELDS)
            ]
            _restore_states(session, states, user_ids)
            _restore_reviews(session, data["reviews"], user_ids, me)
        except (KeyError, TypeError, ValueError, AttributeError, StatementError) as exc:
            session.rollback()
            summary.files_failed = 1
            summary.problems.append(
                ImportProblem(name, None, f"backup is damaged ({type(exc).__name__}: {exc})")
            )
            summary.added = summary.updated = summary.unchanged = 0
            return summary
        session.commit()
    summary.files_imported = 1
    return summary


def _deck_id(session: Session, name: str, deck_ids: dict[str, int]) -> int:
    if name not in deck_ids:
        deck = Deck(name=name)
        session.add(deck)
        session.flush()
        assert deck.id is not None
        deck_ids[name] = deck.id
    return deck_ids[name]


def _restore_decks(session: Session, records: list[dict[str, Any]]) -> dict[str, int]:
    existing = {d.name: d.id for d in session.exec(select(Deck)) if d.id is not None}
    for record in records:
        if record["name"] in existing:
            continue
        values = _values(Deck, record, ("id",))
        params = record.get("fsrs_parameters")
        values["fsrs_parameters"] = json.dumps(params) if params is not None else None
        deck = Deck(**values)
        session.add(deck)
        session.flush()
        assert deck.id is not None
        existing[deck.name] = deck.id
    return existing


def _restore_notes(
    session: Session, records: list[dict[str, Any]], deck_ids: dict[str, int]
) -> dict[str, int]:
    existing = {note.file_path: note for note in session.exec(select(Note))}
    for record in records:
        values = _values(Note, record, ("id", "deck_id"))
        values["deck_id"] = _deck_id(session, record["deck"], deck_ids)
        note = existing.get(values["file_path"])
        if note is None:
            note = Note(**values)
            session.add(note)
            existing[note.file_path] = note
        elif _newer(values.get("imported_at"), note.imported_at):
            for key, value in values.items():
                setattr(note, key, value)
    session.flush()
    return {path: note.id for path, note in existing.items() if note.id is not None}


def _newer(theirs: datetime | None, ours: datetime | None) -> bool:
    return theirs is not None and (ours is None or theirs > ours)


def _restore_cards(
    session: Session,
    records: list[dict[str, Any]],
    deck_ids: dict[str, int],
    note_ids: dict[str, int],
    summary: ImportSummary,
) -> None:
    ids = [str(record["id"]) for record in records]
    existing: dict[str, Card] = {}
    for chunk in _chunks(ids):
        for card in session.exec(select(Card).where(col(Card.id).in_(chunk))):
            existing[card.id] = card
    new_rows: list[dict[str, Any]] = []
    for record in records:
        missing = [key for key in _CARD_REQUIRED if key not in record]
        if missing:
            raise KeyError(f"card {record.get('id')!r} has no {', '.join(missing)}")
        values = _values(Card, record, ("deck_id", "note_id"))
        values["deck_id"] = _deck_id(session, record["deck"], deck_ids)
        note_path = record.get("note")
        values["note_id"] = note_ids.get(note_path) if note_path else None
        card = existing.get(values["id"])
        if card is None:
            new_rows.append(_complete(Card, values))
            continue
        changed = False
        if _newer(values.get("updated_at"), card.updated_at):
            for key, value in values.items():
                if getattr(card, key) != value:
                    setattr(card, key, value)
                    changed = True
        if changed:
            summary.updated += 1
        else:
            summary.unchanged += 1
    for chunk in _chunks(new_rows):
        session.execute(insert(_table(Card)), chunk)
    summary.added += len(new_rows)


def _user_id(session: Session, name: str, user_ids: dict[str, int]) -> int:
    if name not in user_ids:
        user = User(name=name, role="member")
        session.add(user)
        session.flush()
        assert user.id is not None
        user_ids[name] = user.id
    return user_ids[name]


def _restore_users(session: Session, records: list[dict[str, Any]]) -> dict[str, int]:
    existing = {u.name: u.id for u in session.exec(select(User)) if u.id is not None}
    for record in records:
        if record["name"] not in existing:
            user = User(**_values(User, record, ("id",)))
            session.add(user)
            session.flush()
            assert user.id is not None
            existing[user.name] = user.id
    return existing


def _restore_states(
    session: Session, records: list[dict[str, Any]], user_ids: dict[str, int]
) -> None:
    """Each user's state of each card; the newer schedule (`last_review`) wins."""
    for record in records:
        user_id = _user_id(session, str(record["user"]), user_ids)
        values = _values(CardState, record, ("user_id", "card_id"))
        state = session.get(CardState, (user_id, str(record["card"])))
        if state is None:
            session.add(
                CardState(**{**_complete(CardState, values), "user_id": user_id,
                             "card_id": str(record["card"])})
            )  # fmt: skip
        elif _newer(values.get("last_review"), state.last_review):
            for key, value in values.items():
                setattr(state, key, value)


_DEFAULTS: dict[type[SQLModel], SQLModel] = {
    Card: Card(id="", deck_id=0, kind="", question="", answer="", question_key=""),
    ReviewLog: ReviewLog(user_id=0, card_id="", rating=0, state_before="", state_after=""),
    CardState: CardState(user_id=0, card_id=""),
}


def _complete(model: type[SQLModel], values: dict[str, Any]) -> dict[str, Any]:
    """Every column with the model's defaults filled in: one multi-row insert takes rows of
    one shape, and a bulk insert skips the defaults the model would have applied."""
    defaults = _DEFAULTS[model]
    return {
        name: values[name] if name in values else getattr(defaults, name)
        for name in _columns(model, ("id",) if model is ReviewLog else ())
    }


def _restore_reviews(
    session: Session, records: list[dict[str, Any]], user_ids: dict[str, int], me: str
) -> None:
    rows = []
    for record in records:
        values = _values(ReviewLog, record, ("id", "user_id"))
        values["user_id"] = _user_id(session, str(record.get("user") or me), user_ids)
        rows.append(_complete(ReviewLog, values))
    card_ids = sorted({row["card_id"] for row in rows})
    seen: set[tuple[int, str, datetime, int]] = set()
    for chunk in _chunks(card_ids):
        query = select(
            ReviewLog.user_id, ReviewLog.card_id, ReviewLog.reviewed_at, ReviewLog.rating
        ).where(col(ReviewLog.card_id).in_(chunk))
        seen.update((u, c, when, rating) for u, c, when, rating in session.exec(query) if when)
    new_rows = []
    for row in rows:
        key = (row["user_id"], row["card_id"], row["reviewed_at"], row["rating"])
        if key not in seen:
            seen.add(key)
            new_rows.append(row)
    for chunk in _chunks(new_rows):
        session.execute(insert(_table(ReviewLog)), chunk)
