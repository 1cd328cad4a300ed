"""Study settings: new cards a day, maximum reviews, retention, learning steps, FSRS weights.

Each deck has defaults, set by an owner; each user may set their own for a deck, setting by
setting (`UserDeckSettings`), and studies with those, falling back to the deck's.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import and_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizapp.deck.db import writer
from quizapp.deck.models import Deck, UserDeckSettings
from quizapp.deck.saving import saving
from quizapp.deck.users import PermissionDenied, current_user, find_user
from quizapp.errors import UnknownDeck
from quizapp.i18n import tr

DEFAULT_LEARNING_STEPS = (timedelta(minutes=1), timedelta(minutes=10))
"""What fsrs uses when neither the user nor the deck sets any."""

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_STEP = re.compile(r"(\d+(?:\.\d+)?)([smhd])")


class SettingError(ValueError):
    """A setting out of range or unreadable; the message says which and why."""


SETTING_NAMES = ("new_per_day", "reviews_per_day", "desired_retention", "learning_steps")
"""The settings a user may override and an owner sets the defaults of."""


@dataclass(frozen=True, slots=True)
class DeckSettings:
    """The settings one user studies a deck with: their own where they set one, else the deck's."""

    name: str
    new_per_day: int
    reviews_per_day: int
    desired_retention: float
    learning_steps: tuple[timedelta, ...]
    custom_steps: bool
    """False while the user and the deck leave the steps to fsrs's defaults."""
    fsrs_parameters: tuple[float, ...] | None = None
    """Fitted FSRS weights (the user's own, else the deck's); None: the fsrs defaults."""
    own: frozenset[str] = frozenset()
    """Which of `SETTING_NAMES` are the user's own rather than the deck's default."""


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """`"1m 10m"` (also `30s`, `1h`, `1d`, commas allowed) → step lengths; raises SettingError."""
    steps = []
    for word in text.replace(",", " ").split():
        match = _STEP.fullmatch(word.lower())
        if match is None:
            raise SettingError(
                tr(
                    f"학습 단계 {word!r}: 1m, 10m, 1h, 1d 처럼 쓰세요",
                    f"learning step {word!r} is not like 1m, 10m, 1h or 1d",
                )
            )
        seconds = float(match.group(1)) * _UNITS[match.group(2)]
        if seconds <= 0:
            raise SettingError(
                tr(
                    f"학습 단계 {word!r}: 0보다 길어야 합니다",
                    f"learning step {word!r} must be longer than zero",
                )
            )
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


def _steps(value: str | None) -> tuple[timedelta, ...]:
    if value is None:
        return DEFAULT_LEARNING_STEPS
    return tuple(timedelta(seconds=s) for s in json.loads(value))


def resolve(deck: Deck, mine: UserDeckSettings | None) -> DeckSettings:
    """The settings a user with overrides `mine` (None: none) studies `deck` with."""

    def pick(name: str) -> Any:
        value = getattr(mine, name) if mine is not None else None
        return getattr(deck, name) if value is None else value

    own = frozenset(n for n in SETTING_NAMES if mine is not None and getattr(mine, n) is not None)
    steps = pick("learning_steps")
    parameters = pick("fsrs_parameters")
    return DeckSettings(
        name=deck.name,
        new_per_day=pick("new_per_day"),
        reviews_per_day=pick("reviews_per_day"),
        desired_retention=pick("desired_retention"),
        learning_steps=_steps(steps),
        custom_steps=steps is not None,
        fsrs_parameters=tuple(json.loads(parameters)) if parameters else None,
        own=own,
    )


def settings_by_deck(session: Session, user_id: int) -> dict[int, DeckSettings]:
    """Every deck's settings for one user (`NOBODY` gets the defaults), in one query."""
    rows = session.exec(
        select(Deck, UserDeckSettings).outerjoin(
            UserDeckSettings,
            and_(
                col(UserDeckSettings.deck_id) == Deck.id,
                col(UserDeckSettings.user_id) == user_id,
            ),
        )
    ).all()
    result = {}
    for deck, mine in rows:
        assert deck.id is not None
        result[deck.id] = resolve(deck, mine)
    return result


def list_deck_settings(engine: Engine, user: str | None = None) -> list[DeckSettings]:
    """Every deck's settings for `user` (default: the current user), by name."""
    user_id = find_user(engine, user).id
    with Session(engine) as session:
        return sorted(settings_by_deck(session, user_id).values(), key=lambda s: s.name)


def get_deck_settings(engine: Engine, name: str, user: str | None = None) -> DeckSettings:
    """One deck's settings for `user` (default: the current user). Raises `UnknownDeck`."""
    user_id = find_user(engine, user).id
    with Session(engine) as session:
        deck = session.exec(select(Deck).where(Deck.name == name)).first()
        if deck is None:
            raise UnknownDeck(name)
        return resolve(deck, session.get(UserDeckSettings, (user_id, deck.id)))


def _check(
    new_per_day: int | None,
    reviews_per_day: int | None,
    desired_retention: float | None,
    learning_steps: tuple[timedelta, ...] | None,
) -> None:
    if new_per_day is not None and not 0 <= new_per_day <= 9999:
        raise SettingError(
            tr(
                f"하루 새 카드는 0–9999 ({new_per_day} 아님)",
                f"new cards a day must be 0–9999, not {new_per_day}",
            )
        )
    if reviews_per_day is not None and not 0 <= reviews_per_day <= 99999:
        raise SettingError(
            tr(
                f"하루 최대 복습은 0–99999 ({reviews_per_day} 아님)",
                f"maximum reviews a day must be 0–99999, not {reviews_per_day}",
            )
        )
    if desired_retention is not None and not 0.7 <= desired_retention <= 0.99:
        raise SettingError(
            tr(
                f"목표 기억률은 0.70–0.99 ({desired_retention} 아님)",
                f"desired retention must be 0.70–0.99, not {desired_retention}",
            )
        )
    if learning_steps is not None and len(learning_steps) > 10:
        raise SettingError(tr("학습 단계는 10개까지", "at most 10 learning steps"))


def set_deck_settings(
    engine: Engine,
    name: str,
    *,
    new_per_day: int | None = None,
    reviews_per_day: int | None = None,
    desired_retention: float | None = None,
    learning_steps: tuple[timedelta, ...] | None = None,
    user: str | None = None,
    default: bool = False,
    reset: bool = False,
) -> DeckSettings:
    """Change the settings given (None leaves one as it is); checks them all before writing.

    They are `user`'s own (default: the current user, made if new) unless `default`: then
    they are the deck's defaults, which only an owner may change, for every user who has
    not set their own. `reset` first drops all of the user's own settings of the deck, so
    it follows the defaults again. Returns the user's settings afterwards.

    Raises `UnknownDeck`, `SettingError` or `PermissionDenied`.
    """
    _check(new_per_day, reviews_per_day, desired_retention, learning_steps)
    if default and reset:
        raise SettingError("--reset drops your own settings; the deck's defaults have none")
    me = current_user(engine, user)
    if default and me.role != "owner":
        raise PermissionDenied(
            f"{me.name} is not an owner of this deck and may not change its defaults; "
            "without --default the settings are your own"
        )
    values: dict[str, Any] = {
        "new_per_day": new_per_day,
        "reviews_per_day": reviews_per_day,
        "desired_retention": desired_retention,
        "learning_steps": (
            None
            if learning_steps is None
            else json.dumps([s.total_seconds() for s in learning_steps])
        ),
    }
    with saving(), Session(writer(engine)) as session:
        deck = session.exec(select(Deck).where(Deck.name == name)).first()
        if deck is None:
            raise UnknownDeck(name)
        assert deck.id is not None
        mine = session.get(UserDeckSettings, (me.id, deck.id))
        target: Deck | UserDeckSettings = deck
        if not default:
            if mine is None:
                mine = UserDeckSettings(user_id=me.id, deck_id=deck.id)
                session.add(mine)
            if reset:
                for setting in SETTING_NAMES:
                    setattr(mine, setting, None)
            target = mine
        for setting, value in values.items():
            if value is not None:
                setattr(target, setting, value)
        session.commit()
        session.refresh(deck)
        if mine is not None:
            session.refresh(mine)
        return resolve(deck, mine)
