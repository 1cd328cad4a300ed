"""The card browser's nouns as plain data (no database imports: the CLI and TUI load them
at start-up)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class CardAction(StrEnum):
    """The verbs of `quizapp card VERB ID…` and of the card browser."""

    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"
    BURY = "bury"
    UNBURY = "unbury"
    SKIP = "skip"
    UNSKIP = "unskip"
    RESET = "reset"


class CardState(StrEnum):
    """What the browser filters by; a card has one main state and may be several at once
    (a suspended leech is both)."""

    NEW = "new"
    LEARNING = "learning"
    DUE = "due"
    REVIEW = "review"
    """Reviewed, not due today."""
    SUSPENDED = "suspended"
    BURIED = "buried"
    LEECH = "leech"
    RETIRED = "retired"
    SKIPPED = "skipped"


class CardSort(StrEnum):
    SOURCE = "source"
    DUE = "due"
    LAPSES = "lapses"
    REVIEWS = "reviews"
    QUESTION = "question"
    DECK = "deck"


@dataclass(frozen=True, slots=True)
class CardQuery:
    """A search in the card browser or `quizapp cards`; every field narrows it."""

    text: str = ""
    """Words that must all appear in the question, the answer or the source path."""
    deck: str | None = None
    tag: str | None = None
    kind: str | None = None
    state: CardState | None = None
    sort: CardSort = CardSort.SOURCE
    descending: bool = False
