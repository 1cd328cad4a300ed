"""What a user does to cards outside a review: suspend, bury, skip, reset — and undo it.

Every change returns the cards' previous state (`CardChange`), so the card browser and the
CLI can put it back exactly. Suspend, bury and reset change the acting user's own
`CardState` row (made when missing); skip changes the shared card, for every user.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizapp.deck.db import writer
from quizapp.deck.models import Card, CardState
from quizapp.deck.saving import saving
from quizapp.deck.users import NOBODY, current_user
from quizapp.errors import UnknownCards
from quizapp.srs.library_model import CardAction
from quizapp.srs.reviewer import day_start
from quizapp.srs.state import SchedulingState


@dataclass(frozen=True, slots=True)
class CardFlags:
    """Everything an action may change on one card for one user: restoring it undoes the
    action. `has_state` is False when the user had no `CardState` row for the card (new to
    them); undoing then removes the row an action made."""

    suspended: bool
    buried_until: datetime | None
    skipped: bool
    scheduling: SchedulingState
    has_state: bool = True

    @classmethod
    def of(cls, card: Card, state: CardState | None) -> CardFlags:
        if state is None:
            return cls(False, None, card.skipped, SchedulingState.of(None), has_state=False)
        return cls(state.suspended, state.buried_until, card.skipped, SchedulingState.of(state))

    def apply_to(self, card: Card, state: CardState | None) -> None:
        card.skipped = self.skipped
        if state is not None:
            state.suspended = self.suspended
            state.buried_until = self.buried_until
            self.scheduling.apply_to(state)


@dataclass(frozen=True, slots=True)
class CardChange:
    """One action on some cards, with what each card was before it (for undo)."""

    action: CardAction
    before: dict[str, CardFlags]
    user_id: int = NOBODY
    """The user whose card states the action changed."""

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

_ON_CARD = frozenset({CardAction.SKIP, CardAction.UNSKIP})
"""Actions on the shared card; the others change the user's own state of it."""


def _state_row(session: Session, user_id: int, card_id: str) -> CardState:
    """The user's row for the card, made (as new to them) when missing."""
    row = session.get(CardState, (user_id, card_id))
    if row is None:
        row = CardState(
            user_id=user_id, card_id=card_id, reps=0, lapses=0, leech=False, suspended=False
        )
        session.add(row)
    return row


def _apply(card: Card, state: CardState | None, action: CardAction, now: datetime) -> None:
    match action:
        case CardAction.SKIP:
            card.skipped = True
        case CardAction.UNSKIP:
            card.skipped = False
    if state is None:
        return
    match action:
        case CardAction.SUSPEND:
            state.suspended = True
        case CardAction.UNSUSPEND:
            state.suspended = False
        case CardAction.BURY:
            state.buried_until = (day_start(now) + timedelta(days=1)).astimezone(UTC)
        case CardAction.UNBURY:
            state.buried_until = None
        case CardAction.RESET:
            NEVER_REVIEWED.apply_to(state)


def apply_action(
    engine: Engine,
    ids: Iterable[str],
    action: CardAction,
    now: datetime,
    user: str | None = None,
) -> CardChange:
    """Apply `action` to every card in `ids` in one transaction, for `user` (default: the
    current one; suspend, bury and reset change only their own state of the cards).

    Raises `UnknownCards` (changing nothing) if any id is not in the deck.
    """
    wanted = list(dict.fromkeys(ids))
    with saving():
        user_id = current_user(engine, user).id if action not in _ON_CARD else NOBODY
        with Session(writer(engine)) as session:
            cards = {c.id: c for c in session.exec(select(Card).where(col(Card.id).in_(wanted)))}
            unknown = [card_id for card_id in wanted if card_id not in cards]
            if unknown:
                raise UnknownCards(unknown)
            states: dict[str, CardState] = {}
            if wanted and user_id != NOBODY:
                states = {
                    s.card_id: s
                    for s in session.exec(
                        select(CardState).where(
                            col(CardState.user_id) == user_id, col(CardState.card_id).in_(wanted)
                        )
                    )
                }
            before = {
                card_id: CardFlags.of(cards[card_id], states.get(card_id)) for card_id in wanted
            }
            for card_id in wanted:
                state = None
                if user_id != NOBODY:
                    state = states.get(card_id) or _state_row(session, user_id, card_id)
                _apply(cards[card_id], state, action, now)
            session.commit()
    return CardChange(action, before, user_id)


def undo_change(engine: Engine, change: CardChange) -> None:
    """Put the cards back as they were before `change` (cards deleted since are left out)."""
    with saving(), Session(writer(engine)) as session:
        ids = list(change.before)
        for card in session.exec(select(Card).where(col(Card.id).in_(ids))):
            flags = change.before[card.id]
            state = None
            if change.user_id != NOBODY:
                state = session.get(CardState, (change.user_id, card.id))
                if state is not None and not flags.has_state:
                    session.delete(state)
                    state = None
            flags.apply_to(card, state)
        session.commit()


def reimport_file(engine: Engine, file: Path, now: datetime) -> list[str]:
    """Import one edited note file again; its problems as `file:line: message` lines."""
    from quizapp.deck.sync import import_paths

    with saving():
        summary = import_paths(engine, [file], now=now)
    return [str(problem) for problem in summary.problems]
