"""Fitting FSRS parameters to the review log."""

from __future__ import annotations

import importlib.util
import os
from datetime import timedelta

import fsrs
import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from quizapp.cli import app
from quizapp.deck.models import Card, Deck
from quizapp.srs.deck_settings import get_deck_settings
from quizapp.srs.optimize import MIN_REVIEWS, optimize
from quizapp.srs.reviewer import Reviewer
from tests.conftest import T0, card_state


def _review(
    engine, ids: list[str], rounds: int, user: str | None = None, forget_every: int = 5
) -> None:
    """`rounds` reviews of every card, three days apart; one rating in `forget_every` is
    Again, the others Good."""
    reviewer = Reviewer(engine, user=user)
    for day in range(rounds):
        for n, card_id in enumerate(ids):
            forgot = (day * 7 + n) % forget_every == 0
            rating = fsrs.Rating.Again if forgot else fsrs.Rating.Good
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
    # They are the user's own; the deck's default stays the fsrs package's.
    assert get_deck_settings(engine, "네트워크").fsrs_parameters == tuple(result.parameters)
    with Session(engine) as session:
        [deck] = session.exec(select(Deck)).all()
        assert deck.fsrs_parameters is None
    # A new review session schedules with them: the same card gets other intervals.
    assert _intervals(engine, ids[0]) != default_intervals


def test_each_user_gets_parameters_fitted_to_their_own_reviews_only(engine, make_cards):
    _needs_torch()
    ids = make_cards(60)
    _review(engine, ids, 10, user="민준", forget_every=3)  # forgets a lot
    _review(engine, ids, 10, user="Emma", forget_every=11)  # rarely forgets
    assert get_deck_settings(engine, "네트워크", user="Emma").fsrs_parameters is None

    forgetful = optimize(engine, user="민준")
    assert (forgetful.user, forgetful.reviews) == ("민준", 600)  # not Emma's 600 as well
    assert get_deck_settings(engine, "네트워크", user="민준").fsrs_parameters == tuple(
        forgetful.parameters or ()
    )
    # Emma keeps the defaults until she fits her own.
    assert get_deck_settings(engine, "네트워크", user="Emma").fsrs_parameters is None

    steady = optimize(engine, user="Emma")
    assert steady.reviews == 600 and steady.parameters is not None
    assert steady.parameters != forgetful.parameters
    assert get_deck_settings(engine, "네트워크", user="Emma").fsrs_parameters == tuple(
        steady.parameters
    )
    assert get_deck_settings(engine, "네트워크", user="민준").fsrs_parameters == tuple(
        forgetful.parameters or ()
    )
    # Each one's scheduler uses their own: the same card, rated Good by both, comes back
    # later for the one who rarely forgets.
    card_id = ids[0]
    later = T0 + timedelta(days=40)
    for user in ("민준", "Emma"):
        Reviewer(engine, enable_fuzzing=False, user=user).rate(card_id, fsrs.Rating.Good, later)
    assert card_state(engine, card_id, "Emma").due > card_state(engine, card_id, "민준").due
