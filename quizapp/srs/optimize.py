"""Fit FSRS parameters to one user's own review log with the fsrs package's optimizer.

Each user of a shared deck remembers differently: the weights are fitted on that user's
ratings only and stored as that user's settings of each deck (`UserDeckSettings`), which
their scheduler then uses; other users keep theirs.

The optimizer needs PyTorch, so it lives behind the optional extra `quizapp[optimizer]`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import fsrs
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from quizapp.deck.db import writer
from quizapp.deck.models import Card, Deck, ReviewLog, UserDeckSettings
from quizapp.deck.saving import saving
from quizapp.deck.users import NOBODY, find_user

MIN_REVIEWS = 512
"""Below this many reviews the fitted parameters are noise; the defaults are kept."""


class OptimizerUnavailable(Exception):
    """The optimizer's dependencies (PyTorch and friends) are not installed."""


@dataclass(frozen=True)
class OptimizeResult:
    user: str
    reviews: int
    decks: list[str]
    parameters: list[float] | None
    """None when there were too few reviews and the defaults were kept."""


def _logs(
    session: Session, user_id: int, deck: str | None
) -> tuple[list[fsrs.ReviewLog], list[int]]:
    """The user's ratings in `deck` (with sub-decks) or every deck, oldest first, and the
    decks they are in."""
    query = (
        select(ReviewLog, Card.deck_id)
        .join(Card, col(Card.id) == ReviewLog.card_id)
        .where(col(ReviewLog.user_id) == user_id)
    )
    deck_ids: list[int] = []
    if deck is not None:
        rows = session.exec(
            select(Deck.id).where(or_(Deck.name == deck, col(Deck.name).startswith(f"{deck}::")))
        ).all()
        deck_ids = [r for r in rows if r is not None]
        query = query.where(col(Card.deck_id).in_(deck_ids))
    numbers: dict[str, int] = {}
    logs = []
    for log, deck_id in session.exec(query.order_by(col(ReviewLog.reviewed_at))):
        if deck is None and deck_id not in deck_ids:
            deck_ids.append(deck_id)
        assert log.reviewed_at is not None
        logs.append(
            fsrs.ReviewLog(
                # fsrs wants integer card ids; ours are strings, so number them.
                card_id=numbers.setdefault(log.card_id, len(numbers) + 1),
                rating=fsrs.Rating(log.rating),
                review_datetime=log.reviewed_at,
                review_duration=log.duration_ms,
            )
        )
    return logs, deck_ids


def optimize(engine: Engine, deck: str | None = None, user: str | None = None) -> OptimizeResult:
    """Fit parameters on `user`'s reviews (default: the current user's) of `deck` (with
    sub-decks), or of every deck, and store them as that user's, for those decks.

    Raises OptimizerUnavailable when PyTorch is missing, before any work is done.
    """
    found = find_user(engine, user)
    with Session(engine) as session:
        logs, deck_ids = _logs(session, found.id, deck)
        names = [d.name for d in session.exec(select(Deck).where(col(Deck.id).in_(deck_ids)))]
    if len(logs) < MIN_REVIEWS:
        return OptimizeResult(found.name, len(logs), names, None)
    try:
        from fsrs.optimizer import Optimizer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise OptimizerUnavailable(str(exc)) from exc
    try:
        parameters = list(Optimizer(logs).compute_optimal_parameters())
    except ImportError as exc:
        raise OptimizerUnavailable(str(exc)) from exc
    assert found.id != NOBODY  # they have reviews, so they exist
    with saving(), Session(writer(engine)) as session:
        for deck_id in deck_ids:
            mine = session.get(UserDeckSettings, (found.id, deck_id))
            if mine is None:
                mine = UserDeckSettings(user_id=found.id, deck_id=deck_id)
                session.add(mine)
            mine.fsrs_parameters = json.dumps(parameters)
        session.commit()
    return OptimizeResult(found.name, len(logs), names, parameters)
