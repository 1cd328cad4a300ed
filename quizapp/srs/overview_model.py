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
    children: list[DeckCounts] = field(default_factory=list)

    @property
    def short_name(self) -> str:
        return self.name.rsplit("::", 1)[-1]


@dataclass(frozen=True)
class TodayProgress:
    reviewed: int
    new_learned: int
    again: int
    seconds: float

    @property
    def accuracy(self) -> float | None:
        return None if not self.reviewed else 1 - self.again / self.reviewed
