"""The cards an export covers (a deck and its sub-decks, a tag), with their decks and notes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizapp.deck.models import Card, Note
from quizapp.deck.queries import find_cards
from quizapp.deck.sources import source_containing
from quizapp.export.render import Place
from quizapp.notes.model import ImportProblem

ExportProgress = Callable[[int, int], None]
"""Called as (cards done, cards in all) while exporting."""


@dataclass(frozen=True, slots=True)
class ExportCard:
    """One card to export, with the deck and note it belongs to."""

    card: Card
    deck: str
    note_root: str | None
    """The note's folder when it lies inside a source (see `select_cards`), else None."""
    note_path: str | None
    no_root: str = "the card has no note folder to read images from"
    """Why `note_root` is None, for the problem an image of this card reports."""

    @property
    def place(self) -> Place:
        # A card restored without a source (a backup's) is named by its id, not ":0".
        if self.card.source_path:
            source, line = self.card.source_path, self.card.source_line
        else:
            source, line = f"card {self.card.id}", None
        return Place(self.note_root, self.note_path, source, line, self.no_root)


@dataclass
class ExportResult:
    """What an export wrote, for the user."""

    path: Path
    cards: int = 0
    decks: int = 0
    media: int = 0
    reviews: int = 0
    files: list[Path] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)


def select_cards(
    engine: Engine, *, deck: str | None = None, tag: str | None = None
) -> list[ExportCard]:
    """Active cards of the deck (and its sub-decks) and tag, in deck then source order.

    A note's folder is handed on only when it lies inside a source, a folder imported on
    this machine: a note restored from a backup may name any folder (`/`), and nothing
    outside the user's own imports may be read into an export.
    """
    rows = find_cards(engine, deck=deck, tag=tag)
    note_ids = {card.note_id for card, _ in rows if card.note_id is not None}
    places: dict[int, tuple[str, str]] = {}
    inside: dict[str, bool] = {}
    with Session(engine) as session:
        ids = list(note_ids)
        # SQLite caps the number of bound parameters; ask in chunks.
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            query = select(Note.id, Note.root, Note.path).where(col(Note.id).in_(chunk))
            for note_id, root, path in session.exec(query):
                assert note_id is not None
                places[note_id] = (root, path)
                if root not in inside:
                    inside[root] = source_containing(session, Path(root)) is not None
    selected = []
    for card, deck_name in rows:
        root, path = places.get(card.note_id, (None, None)) if card.note_id else (None, None)
        if root is not None and not inside[root]:
            reason = (
                f"the note's folder {root} is not a folder imported on this machine "
                "(`quizapp import` it to export its images): images skipped"
            )
            selected.append(ExportCard(card, deck_name, None, path, reason))
        else:
            selected.append(ExportCard(card, deck_name, root, path))
    selected.sort(key=lambda item: item.deck)
    return selected


def report(progress: ExportProgress | None, done: int, total: int) -> None:
    """Progress every 1,000 cards and at the end: often enough for a bar, cheap on 100,000."""
    if progress is not None and (done % 1000 == 0 or done == total):
        progress(done, total)
