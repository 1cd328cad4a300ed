"""Which cards a review session covers (kept free of database imports for a fast start-up)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scope:
    """A deck with its sub-decks, one note, or (both None) every card.

    `card_ids` makes a filtered session: exactly those cards, once each, due or not, with
    no daily limits; only the ratings given change their schedule.
    """

    deck: str | None = None
    note_id: int | None = None
    card_ids: tuple[str, ...] | None = None
