"""Fitting FSRS parameters to the review log."""

from __future__ import annotations

import importlib.util
import json
import os
from datetime import timedelta

import fsrs
import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from quizapp.cli import app
from quizapp.deck.models import Card, Deck
from quizapp.srs.optimize import MIN_REVIEWS, optimize
from quizapp.srs.reviewer import Reviewer
from tests.conftest import T0


def _review(engine, ids: list[str], rounds: int) -> None:
    reviewer = Reviewer(engine)
    for day in range(rounds):
        for n, card_id in enumerate(ids):
            rating = fsrs.Rating.Again if (day * 7 + n) % 5 == 0 else fsrs.Rating.Good
            reviewer.rate(card_id, rating, T0 + timedelta(days=3 * day, minutes=n))


def test_too_few_reviews_keep_the_defaults_and_say_so(engine, make_cards, tmp_path):
    ids = make_cards(10)
    _review(engine, ids, 3)
    result = optimize(engine)
    assert result.reviews == 30 and result.parameters is None
    with Session(engine) as session:
        assert all(d.fsrs_parameters is None for d in session.exec(select(Deck)))
    url = str(engine.url)
    output = CliRunner().invoke(app, ["optimize", "--db", url]).stdout
    assert f"30 reviews so far; fitting needs at least {MIN_REVIEWS}" in output


def _needs_torch() -> None:
    """Skip on a machine without the optimizer extra; CI installs it, so there it fails."""
    if importlib.util.find_spec("torch") is None:
        reason = "the optimizer extra (torch) is not installed"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI installs it (.ci/run) so that fitting is tested")
        pytest.skip(reason)


def _intervals(engine, card_id: str) -> dict[fsrs.Rating, timedelta]:
    with Session(engine) as session:
        card = session.get(Card, card_id)
    assert card is not None
    return Reviewer(engine, enable_fuzzing=False).intervals(card, T0 + timedelta(days=40))


def test_enough_reviews_store_fitted_parameters_used_by_the_scheduler(engine, make_cards):
    _needs_torch()
    ids = make_cards(60)
    _review(engine, ids, 10)
    default_intervals = _intervals(engine, ids[0])

    result = optimize(engine)

    assert result.reviews == 600 and result.decks == ["네트워크"]
    assert result.parameters is not None and len(result.parameters) == 21
    assert tuple(result.parameters) != fsrs.Scheduler().parameters  # fitted, not the defaults
    with Session(engine) as session:
        [deck] = session.exec(select(Deck)).all()
        assert json.loads(deck.fsrs_parameters) == result.parameters
    # A new review session schedules with them: the same card gets other intervals.
    assert _intervals(engine, ids[0]) != default_intervals
