"""The four answers to a card, as quizapp's own type (screens never import fsrs)."""

from __future__ import annotations

from enum import IntEnum


class Rating(IntEnum):
    """Equal to fsrs's ratings of the same number (1 Again … 4 Easy)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


RATINGS = (Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY)
