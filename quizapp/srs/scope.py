"""Which cards a review session covers (kept free of database imports for a fast start-up)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Scope:
    """A deck with its sub-decks, one note, or (both None) every card."""

    deck: str | None = None
    note_id: int | None = None
