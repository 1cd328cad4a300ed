"""JSON backup of a deck and its restore: users, decks, notes, cards, each user's FSRS
states, own deck settings and every review.

The file names rows by their natural keys (a user by name, a deck by name, a note by file
path, a card by its id), never by database row ids, so it restores into a fresh database
on either engine or merges into an existing one. Restoring loses nothing: absent rows are
added; for a card present on both sides the newer content (`updated_at`) wins, and for a
user's state of a card the newer schedule (`last_review`); reviews already there (same
user, card, time and rating) are not added twice; an existing deck keeps its own settings,
an existing user their role and their own settings of a deck.

Version 1 files (before users) kept the schedule on each card and reviews without a user:
they restore as the current user's.

A backup may come from someone else: every record is checked (`check_backup`, with the
value checks of `records`) before anything is written, a bad one is reported with its
place and left out, and a backup never makes quizapp read a file outside the folders
imported on this machine (see `_rebased_roots`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

import fsrs
from sqlalchemy import Table, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
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
    UserDeckSettings,
)
from quizapp.deck.sources import list_sources, source_containing
from quizapp.deck.sync import ImportSummary, get_or_create_deck
from quizapp.deck.users import ROLES, current_user
from quizapp.export import records
from quizapp.export.atomic import atomic_text
from quizapp.export.selection import ExportProgress, ExportResult, report
from quizapp.notes.keys import question_key
from quizapp.notes.model import CardKind, ImportProblem, Severity
from quizapp.notes.sanitize import one_line
from quizapp.srs.state import SchedulingState

FORMAT = "quizapp-deck"
VERSION = 2
"""Version of the file layout; bumped when a reader of the old layout would misread it.

2: `users` and `states` sections; reviews name their `user`; cards carry no schedule.
A `settings` section (each user's own settings of a deck) came later within version 2:
older readers ignore it, and a file without it restores as before."""

SCHEDULE_FIELDS = tuple(
    name for name in CardState.model_fields if name not in ("user_id", "card_id")
)
"""A user's schedule of a card: what a version-1 file kept on each card."""
_CARD_REQUIRED = ("id", "deck", "kind", "question", "answer")
_CHUNK = 500
"""Rows asked for per query: SQLite caps the number of bound parameters."""


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def _columns(model: type[SQLModel], skip: tuple[str, ...]) -> list[str]:
    return [column.name for column in _table(model).columns if column.name not in skip]


def _record(row: SQLModel, names: list[str]) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for name in names:
        value = getattr(row, name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, float) and not math.isfinite(value):
            value = None  # JSON has no NaN or Infinity; a restore checks what is left
        record[name] = value
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
        settings = list(session.exec(select(UserDeckSettings)))
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
    setting_cols = _columns(UserDeckSettings, ("user_id", "deck_id", "fsrs_parameters"))
    total = len(cards)
    with atomic_text(out) as handle:
        head = {
            "format": FORMAT,
            "version": VERSION,
            "schema_version": SCHEMA_VERSION,
            "exported_at": now.isoformat(),
        }
        handle.write(json.dumps(head, ensure_ascii=False)[:-1])

        def section(name: str, rows: Iterator[dict[str, Any]]) -> None:
            handle.write(f',\n"{name}": [')
            for n, record in enumerate(rows):
                handle.write(",\n" if n else "\n")
                handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False))
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
            "settings",
            (
                {
                    "user": user_names[own.user_id],
                    "deck": names[own.deck_id],
                    **_record(own, setting_cols),
                    # As a deck's: the steps as JSON text, the weights as a list.
                    "fsrs_parameters": (
                        json.loads(own.fsrs_parameters) if own.fsrs_parameters else None
                    ),
                }
                for own in settings
                if own.deck_id in names
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


MAX_BACKUP_BYTES = 2 * 1024**3
"""A backup larger than this is refused before it is read (a real deck's is megabytes)."""


def read_backup(path: Path) -> dict[str, Any]:
    """The parsed backup; raises BackupError naming what is wrong."""
    try:
        size = path.stat().st_size
        if size > MAX_BACKUP_BYTES:
            raise BackupError(
                f"the backup is {size / 1024**3:.1f} GiB, over the limit of "
                f"{MAX_BACKUP_BYTES // 1024**3} GiB"
            )
        # NaN and Infinity parse here and are refused per record, with their place.
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BackupError(f"cannot read the backup: {exc}") from exc
    except RecursionError as exc:
        raise BackupError("cannot read the backup: JSON nested too deep") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError('not a quizapp JSON backup (no "format": "quizapp-deck")')
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BackupError(f"backup version {one_line(repr(version))[:40]} is not valid")
    if version > VERSION:
        raise BackupError(
            f"backup version {version} is newer than this quizapp reads ({VERSION}); "
            "upgrade quizapp to restore it"
        )
    schema = data.get("schema_version", 1)
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise BackupError(f"backup schema_version {one_line(repr(schema))[:40]} is not valid")
    for key in ("decks", "notes", "cards", "reviews"):
        if not isinstance(data.get(key), list):
            raise BackupError(f"backup has no list of {key}")
    for key in ("users", "states", "settings"):
        if not isinstance(data.setdefault(key, []), list):
            raise BackupError(f"backup has no list of {key}")
    return data


@dataclass
class _Checked:
    """The backup's records that passed the checks, as column values, and the problems."""

    decks: list[dict[str, Any]] = field(default_factory=list)
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """(deck name, note values)."""
    cards: list[tuple[str, str | None, dict[str, Any]]] = field(default_factory=list)
    """(deck name, note file path, card values)."""
    reviews: list[tuple[str | None, dict[str, Any]]] = field(default_factory=list)
    """(user name, None in a version 1 file; review values)."""
    users: list[dict[str, Any]] = field(default_factory=list)
    states: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """(user name, state values with `card_id`)."""
    settings: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    """(user name, deck name, the user's own settings of the deck)."""
    problems: list[str] = field(default_factory=list)


def _check_deck(record: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {"name": records.text(record.get("name"), "name", single_line=True)}
    if not values["name"].strip():
        raise records.BadValue("name is empty")
    if "new_per_day" in record:
        values["new_per_day"] = records.integer(record["new_per_day"], "new_per_day", 0, 100_000)
    if "reviews_per_day" in record:
        values["reviews_per_day"] = records.integer(
            record["reviews_per_day"], "reviews_per_day", 0, 1_000_000
        )
    retention = records.number(
        record.get("desired_retention", 0.9), "desired_retention", 0.01, 0.999
    )
    values["desired_retention"] = retention
    params = record.get("fsrs_parameters")
    if params is not None:
        if not isinstance(params, list):
            raise records.BadValue("fsrs_parameters must be a list of numbers")
        weights = [records.number(p, "fsrs_parameters", -1e6, 1e6) for p in params]
        try:
            fsrs.Scheduler(parameters=weights, desired_retention=retention)
        except (ValueError, TypeError, IndexError) as exc:
            first = str(exc).split("\n", 1)[0]
            raise records.BadValue(f"fsrs_parameters are not usable: {first}") from exc
        values["fsrs_parameters"] = json.dumps(weights)
    steps = record.get("learning_steps")
    if steps is not None:
        text = records.json_text(steps, "learning_steps", list)
        for step in json.loads(text):
            records.number(step, "learning_steps", 1, 365 * 86_400)
        values["learning_steps"] = text
    return values


def _check_setting(record: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """A user's own settings of a deck: the checks of a deck's, where the user set one."""
    user = _user_name(record.get("user"), "user")
    given = {key: value for key, value in record.items() if value is not None}
    values = _check_deck({**given, "name": record.get("deck")})
    deck = values.pop("name")
    if "desired_retention" not in given:
        del values["desired_retention"]  # follows the deck's
    return user, deck, values


def _check_note(record: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    one = {"single_line": True}
    values = {
        "file_path": records.text(record.get("file_path"), "file_path", **one),
        "root": records.text(record.get("root"), "root", **one),
        "path": records.text(record.get("path"), "path", **one),
        "title": records.text(record.get("title", ""), "title", **one),
        "markdown": records.text(record.get("markdown", ""), "markdown"),
        "sections_json": records.json_text(record.get("sections_json", "[]"), "sections", list),
        "content_hash": records.text(record.get("content_hash", ""), "content_hash", **one),
        "tags": records.text(record.get("tags", ""), "tags", **one),
        "retired": records.boolean(record.get("retired", False), "retired"),
        "imported_at": records.optional_date(record.get("imported_at"), "imported_at"),
        "problems_json": records.json_text(record.get("problems_json", "[]"), "problems", list),
    }
    for problem in json.loads(values["problems_json"]):
        if not isinstance(problem, dict) or problem.get("severity") not in ("error", "warning"):
            raise records.BadValue("problems_json holds an entry that is not a problem")
    for section in json.loads(values["sections_json"]):
        if not isinstance(section, dict) or not all(
            isinstance(section.get(key), int) and not isinstance(section.get(key), bool)
            for key in ("level", "start_line", "end_line")
        ):
            raise records.BadValue("sections_json holds an entry that is not a section")
    deck = records.text(record.get("deck"), "deck", single_line=True)
    return deck, values


_KINDS = frozenset(kind.value for kind in CardKind)


def _check_card(record: dict[str, Any]) -> tuple[str, str | None, dict[str, Any]]:
    one = {"single_line": True}
    card_id = records.text(record.get("id"), "id", **one)
    if not card_id or len(card_id) > 200:
        raise records.BadValue("id must be 1 to 200 characters")
    kind = record.get("kind")
    if not isinstance(kind, str) or kind not in _KINDS:
        raise records.BadValue(f"kind must be one of {', '.join(sorted(_KINDS))}")
    question = records.text(record.get("question"), "question")
    values: dict[str, Any] = {
        "id": card_id,
        "kind": kind,
        "question": question,
        "answer": records.text(record.get("answer"), "answer"),
        "question_key": records.text(record.get("question_key", ""), "question_key", **one),
        "extra_json": records.json_text(record.get("extra_json", "{}"), "extra_json", dict),
        "source_path": records.text(record.get("source_path", ""), "source_path", **one),
        "source_line": records.integer(
            record.get("source_line", 0), "source_line", 0, records.MAX_COUNT
        ),
        "tags": records.text(record.get("tags", ""), "tags", **one),
        **_check_schedule(record),
    }
    if not values["question_key"]:
        values["question_key"] = question_key(question)
    for name in ("explicit_id", "retired", "skipped"):
        if name in record:
            values[name] = records.boolean(record[name], name)
    for name in ("retired_at", "created_at", "updated_at"):
        if name in record:
            values[name] = records.optional_date(record[name], name)
    deck = records.text(record.get("deck"), "deck", single_line=True)
    note = record.get("note")
    note_path = None if note is None else records.text(note, "note", single_line=True)
    return deck, note_path, values


def _check_schedule(record: dict[str, Any]) -> dict[str, Any]:
    """The schedule fields of a state (or of a version 1 card), checked."""
    values: dict[str, Any] = {
        "fsrs_state": records.optional_integer(record.get("fsrs_state"), "fsrs_state", 1, 3),
        "fsrs_step": records.optional_integer(record.get("fsrs_step"), "fsrs_step", 0, 1000),
        "stability": records.optional_number(
            record.get("stability"), "stability", 0.001, records.MAX_STABILITY_DAYS
        ),
        "difficulty": records.optional_number(record.get("difficulty"), "difficulty", 1.0, 10.0),
        "reps": records.integer(record.get("reps", 0), "reps", 0, records.MAX_COUNT),
        "lapses": records.integer(record.get("lapses", 0), "lapses", 0, records.MAX_COUNT),
    }
    for name in ("leech", "suspended"):
        if name in record:
            values[name] = records.boolean(record[name], name)
    for name in ("due", "last_review", "buried_until"):
        if name in record:
            values[name] = records.optional_date(record[name], name)
    if values["fsrs_state"] is not None and (
        values["stability"] is None or values["difficulty"] is None or values.get("due") is None
    ):
        raise records.BadValue("a reviewed card (fsrs_state set) needs stability, difficulty, due")
    return values


def _user_name(value: object, field: str) -> str:
    name = records.text(value, field, single_line=True)
    if not name.strip() or len(name) > 200:
        raise records.BadValue(f"{field} must be 1 to 200 characters")
    return name


def _check_user(record: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {"name": _user_name(record.get("name"), "name")}
    role = record.get("role", "member")
    if role not in ROLES:
        raise records.BadValue(f"role must be one of {', '.join(ROLES)}")
    values["role"] = role
    if record.get("created_at") is not None:
        values["created_at"] = records.date(record["created_at"], "created_at")
    return values


def _check_state(record: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    user = _user_name(record.get("user"), "user")
    card_id = records.text(record.get("card"), "card", single_line=True)
    return user, {"card_id": card_id, **_check_schedule(record)}


def _check_state_json(value: object, field: str) -> str:
    text = records.json_text(value, field, dict)
    try:
        SchedulingState.from_json(text)
    except (KeyError, TypeError, ValueError) as exc:
        raise records.BadValue(f"{field} is not a scheduling state") from exc
    return text


def _check_review(record: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    user = record.get("user")
    return None if user is None else _user_name(user, "user"), {
        "card_id": records.text(record.get("card_id"), "card_id", single_line=True),
        "rating": records.integer(record.get("rating"), "rating", 1, 4),
        "kind_before": records.integer(record.get("kind_before", 0), "kind_before", 0, 3),
        "reviewed_at": records.date(record.get("reviewed_at"), "reviewed_at"),
        "duration_ms": records.optional_integer(
            record.get("duration_ms"), "duration_ms", 0, records.MAX_DURATION_MS
        ),
        "state_before": _check_state_json(record.get("state_before"), "state_before"),
        "state_after": _check_state_json(record.get("state_after"), "state_after"),
        "due_before": records.optional_date(record.get("due_before"), "due_before"),
        "due_after": records.optional_date(record.get("due_after"), "due_after"),
    }


MAX_PROBLEMS_LISTED = 50
"""Bad records named one by one; the rest are counted in one problem."""


def check_backup(data: dict[str, Any]) -> _Checked:
    """Every record checked; a bad one is left out with a problem naming where it is."""
    checked = _Checked()

    def each(section: str, check: Any, add: Any) -> None:
        for index, record in enumerate(data[section]):
            try:
                if not isinstance(record, dict):
                    raise records.BadValue("is not an object")
                add(check(record))
            except records.BadValue as exc:
                label = record.get("id") or record.get("name") if isinstance(record, dict) else None
                where = f"{section}[{index}]"
                if isinstance(label, str):
                    where += f" ({one_line(label[:60])})"
                checked.problems.append(f"{where}: {exc}: left out")

    each("users", _check_user, checked.users.append)
    each("decks", _check_deck, checked.decks.append)
    each("notes", _check_note, checked.notes.append)
    each("cards", _check_card, checked.cards.append)
    each("states", _check_state, checked.states.append)
    each("settings", _check_setting, checked.settings.append)
    each("reviews", _check_review, checked.reviews.append)
    return checked


def restore_json(engine: Engine, path: Path) -> ImportSummary:
    """Restore a JSON backup into the database, in one transaction (see the module doc).

    Every record is checked first; bad ones are reported and left out (with the reviews of
    a card left out), the rest go in together or not at all. Notes keep the folder they
    were imported from only when it is a source on this machine (or rebase onto a source
    of the same name): a backup never widens what quizapp reads.
    """
    summary = ImportSummary()
    name = one_line(str(path))
    try:
        data = read_backup(path)
    except BackupError as exc:
        summary.files_failed = 1
        summary.problems.append(ImportProblem(name, None, str(exc)))
        return summary
    checked = check_backup(data)
    for message in checked.problems[:MAX_PROBLEMS_LISTED]:
        summary.problems.append(ImportProblem(name, None, message))
    if len(checked.problems) > MAX_PROBLEMS_LISTED:
        more = len(checked.problems) - MAX_PROBLEMS_LISTED
        summary.problems.append(ImportProblem(name, None, f"{more} more bad records left out"))
    me = current_user(engine).name
    # A version 1 file kept the schedule on the card: it is the current user's.
    old_states: list[tuple[str, dict[str, Any]]] = []
    for _, _, values in checked.cards:
        schedule = {key: values.pop(key) for key in SCHEDULE_FIELDS if key in values}
        if any(schedule.values()):
            old_states.append((me, {"card_id": values["id"], **schedule}))
    states = checked.states if data["states"] else old_states
    with Session(writer(engine)) as session:
        try:
            user_ids = _restore_users(session, checked.users)
            deck_ids = _restore_decks(session, checked.decks)
            _restore_settings(session, checked.settings, user_ids, deck_ids)
            note_ids = _restore_notes(session, checked.notes, deck_ids, name, summary)
            _restore_cards(session, checked.cards, deck_ids, note_ids, summary)
            _restore_states(session, states, user_ids)
            _restore_reviews(session, checked.reviews, user_ids, me, name, summary)
            session.flush()
        except (SQLAlchemyError, ValueError, TypeError, OverflowError) as exc:
            session.rollback()
            summary.files_failed = 1
            summary.problems.append(
                ImportProblem(name, None, f"backup not restored ({type(exc).__name__}: {exc})")
            )
            summary.added = summary.updated = summary.unchanged = 0
            return summary
        session.commit()
    summary.files_imported = 1
    return summary


def _restore_decks(session: Session, checked: list[dict[str, Any]]) -> dict[str, int]:
    existing = {d.name: d.id for d in session.exec(select(Deck)) if d.id is not None}
    for values in checked:
        if values["name"] in existing:
            continue
        deck = Deck(**values)
        session.add(deck)
        session.flush()
        assert deck.id is not None
        existing[deck.name] = deck.id
    return existing


def _restore_settings(
    session: Session,
    checked: list[tuple[str, str, dict[str, Any]]],
    user_ids: dict[str, int],
    deck_ids: dict[str, int],
) -> None:
    """Each user's own settings of a deck, unless they already have some for it here."""
    for user, deck, values in checked:
        key = (_user_id(session, user, user_ids), get_or_create_deck(session, deck, deck_ids))
        if session.get(UserDeckSettings, key) is None:
            session.add(UserDeckSettings(user_id=key[0], deck_id=key[1], **values))


def _rebased_roots(
    session: Session, roots: set[str], file: str, summary: ImportSummary
) -> dict[str, str | None]:
    """Each note folder named by the backup → the source folder it becomes, or None when it
    stays as it is (its notes' files and images are then never read)."""
    sources = list_sources(session)
    result: dict[str, str | None] = {}
    for root in sorted(roots):
        if source_containing(session, Path(root)) is not None:
            result[root] = root
            continue
        same_name = [s.path for s in sources if Path(s.path).name == Path(root).name]
        if len(same_name) == 1:
            result[root] = same_name[0]
            message = f"notes from {root} now belong to {same_name[0]}, a folder imported here"
        else:
            result[root] = None
            message = (
                f"notes from {root} keep that folder, which is not imported on this machine: "
                "their files and images are not read until you `quizapp import` it"
            )
        summary.problems.append(ImportProblem(file, None, one_line(message), Severity.WARNING))
    return result


def _restore_notes(
    session: Session,
    checked: list[tuple[str, dict[str, Any]]],
    deck_ids: dict[str, int],
    file: str,
    summary: ImportSummary,
) -> dict[str, int]:
    """Add or update the notes; returns each backup file path → note id."""
    rebase = _rebased_roots(session, {values["root"] for _, values in checked}, file, summary)
    existing = {note.file_path: note for note in session.exec(select(Note))}
    by_backup_path: dict[str, Note] = {}
    for deck, values in checked:
        backup_path = values["file_path"]
        new_root = rebase[values["root"]]
        relative = PurePosixPath(values["path"])
        if new_root not in (None, values["root"]):
            if relative.is_absolute() or ".." in relative.parts:
                new_root = None
            else:
                values["file_path"] = str(Path(new_root) / relative)
                values["root"] = new_root
        values["deck_id"] = get_or_create_deck(session, deck, deck_ids)
        note = existing.get(values["file_path"])
        if note is None:
            note = Note(**values)
            session.add(note)
            existing[note.file_path] = note
        elif _newer(values.get("imported_at"), note.imported_at):
            for key, value in values.items():
                if key not in ("root", "file_path"):
                    setattr(note, key, value)
        by_backup_path[backup_path] = note
    session.flush()
    return {path: note.id for path, note in by_backup_path.items() if note.id is not None}


def _newer(theirs: datetime | None, ours: datetime | None) -> bool:
    return theirs is not None and (ours is None or theirs > ours)


def _restore_cards(
    session: Session,
    checked: list[tuple[str, str | None, dict[str, Any]]],
    deck_ids: dict[str, int],
    note_ids: dict[str, int],
    summary: ImportSummary,
) -> None:
    ids = [values["id"] for _, _, values in checked]
    existing: dict[str, Card] = {}
    for chunk in _chunks(ids):
        for card in session.exec(select(Card).where(col(Card.id).in_(chunk))):
            existing[card.id] = card
    new_rows: dict[str, dict[str, Any]] = {}
    for deck, note_path, values in checked:
        values["deck_id"] = get_or_create_deck(session, deck, deck_ids)
        values["note_id"] = note_ids.get(note_path) if note_path else None
        card = existing.get(values["id"])
        if card is None:
            new_rows[values["id"]] = _complete(Card, values)
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
    for chunk in _chunks(list(new_rows.values())):
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


def _restore_users(session: Session, checked: list[dict[str, Any]]) -> dict[str, int]:
    existing = {u.name: u.id for u in session.exec(select(User)) if u.id is not None}
    for values in checked:
        if values["name"] not in existing:
            user = User(**values)
            session.add(user)
            session.flush()
            assert user.id is not None
            existing[user.name] = user.id
    return existing


def _restore_states(
    session: Session, checked: list[tuple[str, dict[str, Any]]], user_ids: dict[str, int]
) -> None:
    """Each user's state of each card; the newer schedule (`last_review`) wins. States of
    cards not in the deck are left out."""
    card_ids = sorted({values["card_id"] for _, values in checked})
    known: set[str] = set()
    for chunk in _chunks(card_ids):
        known.update(session.exec(select(Card.id).where(col(Card.id).in_(chunk))))
    for user, state_values in checked:
        card_id = state_values["card_id"]
        if card_id not in known:
            continue
        user_id = _user_id(session, user, user_ids)
        values = {k: v for k, v in state_values.items() if k != "card_id"}
        state = session.get(CardState, (user_id, card_id))
        if state is None:
            session.add(
                CardState(**{**_complete(CardState, values), "user_id": user_id,
                             "card_id": card_id})
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
    session: Session,
    checked: list[tuple[str | None, dict[str, Any]]],
    user_ids: dict[str, int],
    me: str,
    file: str,
    summary: ImportSummary,
) -> None:
    rows = []
    for user, values in checked:
        row = _complete(ReviewLog, values)
        row["user_id"] = _user_id(session, user or me, user_ids)
        rows.append(row)
    card_ids = sorted({row["card_id"] for row in rows})
    known: set[str] = set()
    seen: set[tuple[int, str, datetime, int]] = set()
    for chunk in _chunks(card_ids):
        known.update(session.exec(select(Card.id).where(col(Card.id).in_(chunk))))
        query = select(
            ReviewLog.user_id, ReviewLog.card_id, ReviewLog.reviewed_at, ReviewLog.rating
        ).where(col(ReviewLog.card_id).in_(chunk))
        seen.update((u, c, when, rating) for u, c, when, rating in session.exec(query) if when)
    new_rows = []
    orphans = 0
    for row in rows:
        if row["card_id"] not in known:
            orphans += 1
            continue
        key = (row["user_id"], row["card_id"], row["reviewed_at"], row["rating"])
        if key not in seen:
            seen.add(key)
            new_rows.append(row)
    if orphans:
        summary.problems.append(
            ImportProblem(file, None, f"{orphans} reviews of cards not in the deck: left out")
        )
    for chunk in _chunks(new_rows):
        session.execute(insert(_table(ReviewLog)), chunk)
