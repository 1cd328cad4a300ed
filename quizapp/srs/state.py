"""A user's scheduling state of a card as a value: read from a row, written back, and logged."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime

import fsrs

from quizapp.deck.models import CardState

NEW = 0
"""`kind_before` of a card that had never been rated (fsrs has no state for it)."""


@dataclass(frozen=True, slots=True)
class SchedulingState:
    """Every column of a card that a rating changes; restoring it undoes the rating exactly."""

    fsrs_state: int | None
    fsrs_step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    leech: bool

    @classmethod
    def new(cls) -> SchedulingState:
        """A card the user never rated."""
        return cls(None, None, None, None, None, None, 0, 0, False)

    @classmethod
    def of(cls, card: CardState | None) -> SchedulingState:
        """The state a user's row holds; no row is a new card."""
        if card is None:
            return cls.new()
        # float(): SQLite's RETURNING (the rating's upsert) gives a whole REAL back as an
        # int, and the log's JSON must read `1.0` as the previous rating wrote it.
        return cls(
            fsrs_state=card.fsrs_state,
            fsrs_step=card.fsrs_step,
            stability=None if card.stability is None else float(card.stability),
            difficulty=None if card.difficulty is None else float(card.difficulty),
            due=card.due,
            last_review=card.last_review,
            reps=card.reps,
            lapses=card.lapses,
            leech=card.leech,
        )

    def apply_to(self, card: CardState) -> None:
        for name, value in asdict(self).items():
            setattr(card, name, value)

    @property
    def kind_code(self) -> int:
        """0 new, 1 learning, 2 review, 3 relearning."""
        return NEW if self.fsrs_state is None else self.fsrs_state

    @property
    def is_new(self) -> bool:
        return self.fsrs_state is None

    def to_fsrs(self, now: datetime) -> fsrs.Card:
        if self.fsrs_state is None:
            return fsrs.Card(card_id=0, due=now)
        return fsrs.Card(
            card_id=0,
            state=fsrs.State(self.fsrs_state),
            step=self.fsrs_step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due,
            last_review=self.last_review,
        )

    def after(self, reviewed: fsrs.Card, rating: fsrs.Rating, leech_lapses: int) -> SchedulingState:
        """The state once `rating` was given, `reviewed` being fsrs's card after it."""
        lapsed = rating == fsrs.Rating.Again and self.fsrs_state == fsrs.State.Review
        lapses = self.lapses + (1 if lapsed else 0)
        return replace(
            self,
            fsrs_state=int(reviewed.state),
            fsrs_step=reviewed.step,
            stability=reviewed.stability,
            difficulty=reviewed.difficulty,
            due=reviewed.due,
            last_review=reviewed.last_review,
            reps=self.reps + 1,
            lapses=lapses,
            leech=self.leech or lapses >= leech_lapses,
        )

    def to_json(self) -> str:
        data = asdict(self)
        for name in ("due", "last_review"):
            if data[name] is not None:
                data[name] = data[name].isoformat()
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> SchedulingState:
        data = json.loads(text)
        for name in ("due", "last_review"):
            if data[name] is not None:
                data[name] = datetime.fromisoformat(data[name])
        return cls(**data)
