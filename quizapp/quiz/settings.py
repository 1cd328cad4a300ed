"""What a quiz asks: question kinds and session settings (no database imports, for start-up)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from quizapp.i18n import tr

DEFAULT_COUNT = 20


class QuestionKind(enum.StrEnum):
    """How a question is asked; spelled the same in the CLI (`--kinds`) and the database."""

    FLIP = "flip"
    """Show the answer, then say whether you knew it."""
    TYPED = "typed"
    CHOICE = "choice"
    ORDERING = "ordering"
    OPEN = "open"
    """An interview question: think (timed), answer in words, then grade yourself against
    the model answer and the rubric's verdict."""
    FLOW = "flow"
    """Answered by the TCP simulator; asked as a pick, an order or a typed value."""


@dataclass(frozen=True, slots=True)
class QuizSettings:
    """What a quiz covers and how it asks."""

    deck: str | None = None
    """A deck and its sub-decks; None for every deck."""
    tag: str | None = None
    note_id: int | None = None
    card_ids: tuple[str, ...] | None = None
    """Only these cards ("quiz me again on what I got wrong"); None for the whole scope."""
    count: int = DEFAULT_COUNT
    kinds: tuple[QuestionKind, ...] = ()
    """Only these kinds; empty for a mix (each card asked in its most natural way)."""
    time_limit_s: int | None = None
    """For the whole session; None for no limit."""
    profile: str = "rfc"
    """Simulator profile of flow questions: their answers depend on it."""
    feed_review: bool = True
    """Rate a wrongly answered card Again in spaced repetition."""
    seed: int | None = None
    """Fixes the draw, the options and their order (tests); None for a fresh draw."""

    def describe(self) -> str:
        """What the quiz draws from, in the UI language (also kept with its history)."""
        deck = self.deck
        parts = [tr(f"덱 {deck}", f"deck {deck}") if deck else tr("모든 덱", "all decks")]
        if self.tag:
            parts.append(tr(f"태그 {self.tag}", f"tag {self.tag}"))
        if self.note_id is not None:
            parts.append(tr(f"노트 #{self.note_id}", f"note #{self.note_id}"))
        if self.card_ids is not None:
            parts.append(tr(f"카드 {len(self.card_ids)}장", f"{len(self.card_ids)} cards"))
        return " · ".join(parts)
