"""Fit FSRS parameters to the user's own review log with the fsrs package's optimizer.

The optimizer needs PyTorch, so it lives behind the optional extra `quizapp[optimizer]`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import fsrs
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, or_, select

from quizapp.deck.db import writer
from quizapp.deck.models import Card, Deck, ReviewLog

MIN_REVIEWS = 512
"""Below this many reviews the fitted parameters are noise; the defaults are kept."""


class OptimizerUnavailable(Exception):
    """The optimizer's dependencies (PyTorch and friends) are not installed."""


@dataclass(frozen=True)
class OptimizeResult:
    reviews: int
    decks: list[str]
    parameters: list[float] | None
    """None when there were too few reviews and the defaults were kept."""


def _logs(session: Session, deck: str | None) -> tuple[list[fsrs.ReviewLog], list[int]]:
    query = select(ReviewLog, Card.deck_id).join(Card, col(Card.id) == ReviewLog.card_id)
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


def optimize(engine: Engine, deck: str | None = None) -> OptimizeResult:
    """Fit parameters on the reviews of `deck` (with sub-decks), or of every deck, and store them.

    Raises OptimizerUnavailable when PyTorch is missing, before any work is done.
    """
    with Session(engine) as session:
        logs, deck_ids = _logs(session, deck)
        names = [d.name for d in session.exec(select(Deck).where(col(Deck.id).in_(deck_ids)))]
    if len(logs) < MIN_REVIEWS:
        return OptimizeResult(len(logs), names, None)
    try:
        from fsrs.optimizer import Optimizer
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise OptimizerUnavailable(str(exc)) from exc
    try:
        parameters = list(Optimizer(logs).compute_optimal_parameters())
    except ImportError as exc:
        raise OptimizerUnavailable(str(exc)) from exc
    with Session(writer(engine)) as session:
        for row in session.exec(select(Deck).where(col(Deck.id).in_(deck_ids))):
            row.fsrs_parameters = json.dumps(parameters)
        session.commit()
    return OptimizeResult(len(logs), names, parameters)
