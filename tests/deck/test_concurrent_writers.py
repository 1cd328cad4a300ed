"""Writers on one deck at once, on both engines: none fails, none loses another's update."""

from __future__ import annotations

import itertools
import threading
from datetime import timedelta

import fsrs
from sqlmodel import Session, col, select

from quizapp.deck.models import ReviewLog
from quizapp.srs.reviewer import Reviewer
from quizapp.srs.state import SchedulingState
from tests.conftest import T0, card_state

ROUNDS = 15


def test_two_reviewers_rating_one_card_at_once_both_keep_their_rating(engine, make_cards):
    [card_id] = make_cards(1)
    reviewers = [Reviewer(engine, enable_fuzzing=False) for _ in range(2)]
    errors: list[BaseException] = []

    for round_no in range(ROUNDS):
        start = threading.Barrier(2)
        now = T0 + timedelta(hours=round_no)

        def rate(reviewer: Reviewer, rating: fsrs.Rating, when=now, barrier=start) -> None:
            try:
                barrier.wait()
                reviewer.rate(card_id, rating, when)
            except BaseException as exc:
                errors.append(exc)

        threads = [
            threading.Thread(target=rate, args=(reviewers[0], fsrs.Rating.Good)),
            threading.Thread(target=rate, args=(reviewers[1], fsrs.Rating.Again)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert errors == []
    with Session(engine) as session:
        logs = list(session.exec(select(ReviewLog).order_by(col(ReviewLog.id))))
    card = card_state(engine, card_id)
    assert len(logs) == 2 * ROUNDS
    assert sorted(log.rating for log in logs) == [1] * ROUNDS + [3] * ROUNDS
    # Each rating started from the state the one before it left: no update was lost.
    for before, after in itertools.pairwise(logs):
        assert after.state_before == before.state_after
    assert card.reps == 2 * ROUNDS
    assert SchedulingState.of(card).to_json() == logs[-1].state_after
