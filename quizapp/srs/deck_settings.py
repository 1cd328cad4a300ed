"""Each deck's study settings: new cards a day, maximum reviews, retention, learning steps."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizapp.deck.db import writer
from quizapp.deck.models import Deck
from quizapp.deck.saving import saving
from quizapp.errors import UnknownDeck

DEFAULT_LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
"""What fsrs uses when a deck sets none."""

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_STEP = re.compile(r"(\d+(?:\.\d+)?)([smhd])")


class SettingError(ValueError):
    """A setting out of range or unreadable; the message says which and why."""


@dataclass(frozen=True, slots=True)
class DeckSettings:
    name: str
    new_per_day: int
    reviews_per_day: int
    desired_retention: float
    learning_steps: tuple[timedelta, ...]
    custom_steps: bool
    """False while the deck uses fsrs's default steps."""


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """`"1m 10m"` (also `30s`, `1h`, `1d`, commas allowed) → step lengths; raises SettingError."""
    steps = []
    for word in text.replace(",", " ").split():
        match = _STEP.fullmatch(word.lower())
        if match is None:
            raise SettingError(f"learning step {word!r} is not like 1m, 10m, 1h or 1d")
        seconds = float(match.group(1)) * _UNITS[match.group(2)]
        if seconds <= 0:
            raise SettingError(f"learning step {word!r} must be longer than zero")
        steps.append(timedelta(seconds=seconds))
    return tuple(steps)


def format_steps(steps: tuple[timedelta, ...]) -> str:
    """The inverse of `parse_steps`: `(60 s, 600 s)` → `"1m 10m"`."""
    words = []
    for step in steps:
        seconds = int(step.total_seconds())
        for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
            if seconds >= size and seconds % size == 0:
                words.append(f"{seconds // size}{unit}")
                break
        else:
            words.append(f"{seconds}s")
    return " ".join(words)


def steps_of(deck: Deck | None) -> tuple[timedelta, ...]:
    """The learning steps the scheduler uses for `deck`."""
    if deck is None or deck.learning_steps is None:
        return DEFAULT_LEARNING_STEPS
    return tuple(timedelta(seconds=s) for s in json.loads(deck.learning_steps))


def _settings(deck: Deck) -> DeckSettings:
    return DeckSettings(
        name=deck.name,
        new_per_day=deck.new_per_day,
        reviews_per_day=deck.reviews_per_day,
        desired_retention=deck.desired_retention,
        learning_steps=steps_of(deck),
        custom_steps=deck.learning_steps is not None,
    )


def list_deck_settings(engine: Engine) -> list[DeckSettings]:
    with Session(engine) as session:
        return [_settings(d) for d in session.exec(select(Deck).order_by(col(Deck.name)))]


def get_deck_settings(engine: Engine, name: str) -> DeckSettings:
    """Raises `UnknownDeck`."""
    with Session(engine) as session:
        deck = session.exec(select(Deck).where(Deck.name == name)).first()
        if deck is None:
            raise UnknownDeck(name)
        return _settings(deck)


def set_deck_settings(
    engine: Engine,
    name: str,
    *,
    new_per_day: int | None = None,
    reviews_per_day: int | None = None,
    desired_retention: float | None = None,
    learning_steps: tuple[timedelta, ...] | None = None,
) -> DeckSettings:
    """Change the settings given (None leaves one as it is); checks them all before writing.

    Raises `UnknownDeck` or `SettingError`.
    """
    if new_per_day is not None and not 0 <= new_per_day <= 9999:
        raise SettingError(f"new cards a day must be 0–9999, not {new_per_day}")
    if reviews_per_day is not None and not 0 <= reviews_per_day <= 99999:
        raise SettingError(f"maximum reviews a day must be 0–99999, not {reviews_per_day}")
    if desired_retention is not None and not 0.7 <= desired_retention <= 0.99:
        raise SettingError(f"desired retention must be 0.70–0.99, not {desired_retention}")
    if learning_steps is not None and len(learning_steps) > 10:
        raise SettingError("at most 10 learning steps")
    with saving(), Session(writer(engine)) as session:
        deck = session.exec(select(Deck).where(Deck.name == name)).first()
        if deck is None:
            raise UnknownDeck(name)
        if new_per_day is not None:
            deck.new_per_day = new_per_day
        if reviews_per_day is not None:
            deck.reviews_per_day = reviews_per_day
        if desired_retention is not None:
            deck.desired_retention = desired_retention
        if learning_steps is not None:
            deck.learning_steps = json.dumps([s.total_seconds() for s in learning_steps])
        session.commit()
        session.refresh(deck)
        return _settings(deck)
