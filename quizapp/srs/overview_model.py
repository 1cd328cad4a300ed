"""The home screen's numbers as plain data (no database imports, for a fast start-up)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class DeckCounts:
    """Counts for one deck and, once the tree is built, its sub-decks."""

    name: str
    new: int = 0
    learning: int = 0
    due: int = 0
    total: int = 0
    new_waiting: int = 0
    """New cards in the deck, before the daily limit."""
    new_per_day: int | None = None
    """The deck's own limits (None for a parent with no cards of its own)."""
    new_today: int = 0
    reviews_per_day: int | None = None
    due_waiting: int = 0
    """Reviews due today, before the daily maximum."""
    children: list[DeckCounts] = field(default_factory=list)

    @property
    def short_name(self) -> str:
        return self.name.rsplit("::", 1)[-1]

    @property
    def new_capped(self) -> bool:
        """Fewer new cards are offered today than the deck holds, because of the limit."""
        return self.new < self.new_waiting

    @property
    def due_capped(self) -> bool:
        return self.due < self.due_waiting


@dataclass(frozen=True)
class TodayProgress:
    reviewed: int
    new_learned: int
    again: int
    seconds: float

    @property
    def accuracy(self) -> float | None:
        return None if not self.reviewed else 1 - self.again / self.reviewed
