"""What a user does to cards outside a review: suspend, bury, skip, reset — and undo it.

Every change returns the cards' previous state (`CardChange`), so the card browser and the
CLI can put it back exactly; card state is only touched here and in `reviewer`, so it can
move to per-user state in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizapp.deck.db import writer
from quizapp.deck.models import Card
from quizapp.deck.saving import saving
from quizapp.errors import UnknownCards
from quizapp.srs.library_model import CardAction
from quizapp.srs.reviewer import day_start
from quizapp.srs.state import SchedulingState


@dataclass(frozen=True, slots=True)
class CardFlags:
    """Everything an action may change on one card: restoring it undoes the action."""

    suspended: bool
    buried_until: datetime | None
    skipped: bool
    scheduling: SchedulingState

    @classmethod
    def of(cls, card: Card) -> CardFlags:
        return cls(card.suspended, card.buried_until, card.skipped, SchedulingState.of(card))

    def apply_to(self, card: Card) -> None:
        card.suspended = self.suspended
        card.buried_until = self.buried_until
        card.skipped = self.skipped
        self.scheduling.apply_to(card)


@dataclass(frozen=True, slots=True)
class CardChange:
    """One action on some cards, with what each card was before it (for undo)."""

    action: CardAction
    before: dict[str, CardFlags]

    @property
    def count(self) -> int:
        return len(self.before)


NEVER_REVIEWED = SchedulingState(
    fsrs_state=None,
    fsrs_step=None,
    stability=None,
    difficulty=None,
    due=None,
    last_review=None,
    reps=0,
    lapses=0,
    leech=False,
)
"""A reset card starts again as new; its review log is kept as history."""


def _apply(card: Card, action: CardAction, now: datetime) -> None:
    match action:
        case CardAction.SUSPEND:
            card.suspended = True
        case CardAction.UNSUSPEND:
            card.suspended = False
        case CardAction.BURY:
            card.buried_until = (day_start(now) + timedelta(days=1)).astimezone(UTC)
        case CardAction.UNBURY:
            card.buried_until = None
        case CardAction.SKIP:
            card.skipped = True
        case CardAction.UNSKIP:
            card.skipped = False
        case CardAction.RESET:
            NEVER_REVIEWED.apply_to(card)


def apply_action(
    engine: Engine, ids: Iterable[str], action: CardAction, now: datetime
) -> CardChange:
    """Apply `action` to every card in `ids` in one transaction.

    Raises `UnknownCards` (changing nothing) if any id is not in the deck.
    """
    wanted = list(dict.fromkeys(ids))
    with saving(), Session(writer(engine)) as session:
        cards = {c.id: c for c in session.exec(select(Card).where(col(Card.id).in_(wanted)))}
        unknown = [card_id for card_id in wanted if card_id not in cards]
        if unknown:
            raise UnknownCards(unknown)
        before = {card_id: CardFlags.of(cards[card_id]) for card_id in wanted}
        for card_id in wanted:
            _apply(cards[card_id], action, now)
        session.commit()
    return CardChange(action, before)


def undo_change(engine: Engine, change: CardChange) -> None:
    """Put the cards back as they were before `change` (cards deleted since are left out)."""
    with saving(), Session(writer(engine)) as session:
        ids = list(change.before)
        for card in session.exec(select(Card).where(col(Card.id).in_(ids))):
            change.before[card.id].apply_to(card)
        session.commit()


def reimport_file(engine: Engine, file: Path, now: datetime) -> list[str]:
    """Import one edited note file again; its problems as `file:line: message` lines."""
    from quizapp.deck.sync import import_paths

    with saving():
        summary = import_paths(engine, [file], now=now)
    return [str(problem) for problem in summary.problems]
