"""Read-side questions asked of the deck by the CLI and the TUI (they never write SQL)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, func, or_, select

from quizapp.deck.db import writer
from quizapp.deck.models import Card, CardState, Deck, Note, ReviewLog
from quizapp.notes.model import ImportProblem, Severity


def _deck_filter(session: Session, deck: str | None) -> list[int] | None:
    """Ids of the deck named and its sub-decks (`A` covers `A::B`); None for all decks."""
    if deck is None:
        return None
    rows = session.exec(
        select(Deck.id).where(or_(Deck.name == deck, col(Deck.name).startswith(f"{deck}::")))
    ).all()
    return [r for r in rows if r is not None]


def find_cards(
    engine: Engine,
    *,
    deck: str | None = None,
    tag: str | None = None,
    include_retired: bool = False,
) -> list[tuple[Card, str]]:
    """Cards with their deck names, in source order (file, then line)."""
    with Session(engine) as session:
        query = select(Card, Deck.name).join(Deck, col(Deck.id) == Card.deck_id)
        deck_ids = _deck_filter(session, deck)
        if deck_ids is not None:
            query = query.where(col(Card.deck_id).in_(deck_ids))
        if not include_retired:
            query = query.where(col(Card.retired).is_(False))
        if tag:
            # Tags are stored space-separated; pad both sides so `tcp` never matches `tcp-ip`.
            query = query.where((" " + col(Card.tags) + " ").contains(f" {tag.lower()} "))
        query = query.order_by(Card.source_path, Card.source_line)
        return [(card, name) for card, name in session.exec(query).all()]


def card_record(card: Card, deck_name: str) -> dict[str, Any]:
    """The JSON shape of a card in `quizapp cards --format json`."""
    return {
        "id": card.id,
        "deck": deck_name,
        "kind": card.kind,
        "question": card.question,
        "answer": card.answer,
        "source": card.source,
        "tags": card.tag_list,
        "extra": card.extra,
        "retired": card.retired,
    }


@dataclass(frozen=True)
class Orphan:
    """A retired card whose source is gone, with how much history it carries."""

    card: Card
    deck: str
    reviews: int


def find_orphans(engine: Engine) -> list[Orphan]:
    with Session(engine) as session:
        counts = select(ReviewLog.card_id, func.count().label("n")).group_by(ReviewLog.card_id)
        sub = counts.subquery()
        rows = session.exec(
            select(Card, Deck.name, func.coalesce(sub.c.n, 0))
            .join(Deck, col(Deck.id) == Card.deck_id)
            .outerjoin(sub, sub.c.card_id == Card.id)
            .where(col(Card.retired).is_(True))
            .order_by(Card.source_path, Card.source_line)
        ).all()
        return [Orphan(card, name, int(n)) for card, name, n in rows]


def purge_orphans(engine: Engine) -> int:
    """Delete retired cards and their review history, in one transaction. Returns the count."""
    with Session(writer(engine)) as session:
        ids = list(session.exec(select(Card.id).where(col(Card.retired).is_(True))))
        if ids:
            session.exec(delete(ReviewLog).where(col(ReviewLog.card_id).in_(ids)))  # type: ignore[call-overload]
            session.exec(delete(CardState).where(col(CardState.card_id).in_(ids)))  # type: ignore[call-overload]
            session.exec(delete(Card).where(col(Card.id).in_(ids)))  # type: ignore[call-overload]
            retired_notes = select(Note.id).where(col(Note.retired).is_(True))
            live = select(Card.note_id).where(col(Card.note_id).is_not(None))
            session.exec(
                delete(Note).where(  # type: ignore[call-overload]
                    col(Note.id).in_(retired_notes), col(Note.id).not_in(live)
                )
            )
        session.commit()
        return len(ids)


@dataclass(frozen=True)
class NoteEntry:
    """A note as listed in the notes browser."""

    id: int
    title: str
    path: str
    deck: str
    cards: int


def list_notes(engine: Engine) -> list[NoteEntry]:
    with Session(engine) as session:
        counts = (
            select(Card.note_id, func.count().label("n"))
            .where(col(Card.retired).is_(False))
            .group_by(Card.note_id)
            .subquery()
        )
        rows = session.exec(
            select(Note.id, Note.title, Note.path, Deck.name, func.coalesce(counts.c.n, 0))
            .join(Deck, col(Deck.id) == Note.deck_id)
            .outerjoin(counts, counts.c.note_id == Note.id)
            .where(col(Note.retired).is_(False))
            .order_by(Deck.name, Note.path)
        ).all()
        return [NoteEntry(i, t, p, d, int(n)) for i, t, p, d, n in rows if i is not None]


@dataclass(frozen=True)
class NoteSection:
    title: str
    level: int
    start_line: int
    end_line: int


@dataclass(frozen=True)
class NoteView:
    """A note's Markdown with its sections and import problems, for reading it in the app."""

    id: int
    title: str
    path: str
    markdown: str
    sections: list[NoteSection]
    problems: list[ImportProblem]

    def section_at(self, line: int) -> NoteSection | None:
        """The innermost section that holds `line` (1-based, as in card sources)."""
        holding = [s for s in self.sections if s.start_line <= line <= s.end_line]
        return max(holding, key=lambda s: s.level) if holding else None


def get_note(engine: Engine, note_id: int) -> NoteView | None:
    with Session(engine) as session:
        note = session.get(Note, note_id)
        if note is None:
            return None
        sections = [
            NoteSection(s["title"], s["level"], s["start_line"], s["end_line"])
            for s in json.loads(note.sections_json)
        ]
        problems = [
            ImportProblem(note.path, p["line"], p["message"], Severity(p["severity"]))
            for p in json.loads(note.problems_json)
        ]
        assert note.id is not None
        return NoteView(note.id, note.title, note.path, note.markdown, sections, problems)


def note_file(engine: Engine, note_id: int) -> str | None:
    """The absolute path of the note's file when it was last imported, or None when that
    is not inside a source (a note restored from a backup may name any file)."""
    from quizapp.deck.sources import source_containing

    with Session(engine) as session:
        note = session.get(Note, note_id)
        if note is None or source_containing(session, Path(note.file_path)) is None:
            return None
        return note.file_path


def get_card(engine: Engine, card_id: str) -> Card | None:
    with Session(engine) as session:
        card = session.get(Card, card_id)
        if card is not None:
            session.expunge(card)
        return card
