"""The review queue, daily limits, undo, leeches and travel through days."""

from __future__ import annotations

from datetime import datetime, timedelta

import fsrs
import pytest
from sqlmodel import Session, col, select

from quizapp.deck.models import Card, CardState, ReviewLog
from quizapp.srs.reviewer import (
    LEECH_LAPSES,
    Reviewer,
    Scope,
    UndoError,
    day_start,
)
from quizapp.srs.state import SchedulingState
from tests.conftest import T0, card_state

Again, Hard, Good, Easy = fsrs.Rating.Again, fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy


def _card(engine, card_id: str) -> CardState:
    """The current user's state of the card (what a rating changes)."""
    return card_state(engine, card_id)


def _logs(engine, card_id: str | None = None) -> list[ReviewLog]:
    with Session(engine) as session:
        query = select(ReviewLog).order_by(col(ReviewLog.id))
        if card_id:
            query = query.where(ReviewLog.card_id == card_id)
        return list(session.exec(query))


def test_new_cards_come_in_source_order(engine, make_cards):
    ids = make_cards(3)
    reviewer = Reviewer(engine)
    assert reviewer.next_card(T0).id == ids[0]


def test_rating_writes_state_and_a_log_row_with_duration(engine, make_cards):
    [card_id] = make_cards(1)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    reviewer.rate(card_id, Good, T0, duration_ms=4200)
    card = _card(engine, card_id)
    assert card.fsrs_state == fsrs.State.Learning
    assert card.reps == 1
    assert card.due == T0 + timedelta(minutes=10)
    [log] = _logs(engine)
    assert (log.card_id, log.rating, log.duration_ms, log.kind_before) == (card_id, 3, 4200, 0)
    assert log.reviewed_at == T0
    assert SchedulingState.from_json(log.state_before).is_new
    assert SchedulingState.from_json(log.state_after) == SchedulingState.of(card)
    assert log.due_after == card.due


def test_learning_card_returns_same_day_before_new_cards(engine, make_cards):
    ids = make_cards(3)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    reviewer.rate(ids[0], Again, T0)  # back in 1 minute
    assert reviewer.next_card(T0 + timedelta(seconds=5)).id == ids[1]
    assert reviewer.next_card(T0 + timedelta(minutes=2)).id == ids[0]


def test_due_review_comes_before_new_cards(engine, make_cards):
    ids = make_cards(2)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    reviewer.rate(ids[0], Easy, T0)
    due = _card(engine, ids[0]).due
    assert due > T0 + timedelta(days=1)
    later = due + timedelta(hours=1)
    assert Reviewer(engine).next_card(later).id == ids[0]


def test_relearning_after_a_lapse_goes_through_learning_steps(engine, make_cards):
    [card_id] = make_cards(1)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    reviewer.rate(card_id, Easy, T0)
    due = _card(engine, card_id).due
    reviewer.rate(card_id, Again, due)
    card = _card(engine, card_id)
    assert card.fsrs_state == fsrs.State.Relearning
    assert card.lapses == 1
    assert card.due == due + timedelta(minutes=10)
    assert reviewer.next_card(due + timedelta(minutes=11)).id == card_id


def test_new_card_limit_per_day_and_reset_next_day(engine, make_cards):
    make_cards(30, new_per_day=5)
    reviewer = Reviewer(engine, Scope(deck="네트워크"), enable_fuzzing=False)
    seen = []
    now = T0
    while (card := reviewer.next_card(now)) is not None and reviewer.state(card.id).is_new:
        seen.append(card.id)
        reviewer.rate(card.id, Easy, now)
        now += timedelta(seconds=30)
    assert len(seen) == 5
    assert reviewer.counts(now).new == 0
    tomorrow = day_start(now) + timedelta(days=1, hours=1)
    assert Reviewer(engine, Scope(deck="네트워크")).counts(tomorrow).new == 5


def test_review_limit_caps_due_reviews(engine, make_cards):
    ids = make_cards(6, reviews_per_day=2)
    reviewer = Reviewer(engine, Scope(deck="네트워크"), enable_fuzzing=False)
    for card_id in ids:
        reviewer.rate(card_id, Easy, T0)
    later = T0 + timedelta(days=60)
    reviewer = Reviewer(engine, Scope(deck="네트워크"), enable_fuzzing=False)
    assert reviewer.counts(later).review == 2
    for _ in range(2):
        card = reviewer.next_card(later)
        assert card is not None and reviewer.state(card.id).fsrs_state == fsrs.State.Review
        reviewer.rate(card.id, Good, later)
    assert reviewer.next_card(later) is None


def test_day_rollover_is_four_in_the_morning_local_time():
    kst = datetime(2026, 3, 3, 2, 30).astimezone()  # 02:30 local belongs to the day before
    assert day_start(kst).day == 2
    assert day_start(kst).hour == 4


def test_undo_restores_the_card_exactly_and_removes_the_log_row(engine, make_cards):
    [card_id] = make_cards(1)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    reviewer.rate(card_id, Good, T0)
    before = SchedulingState.of(_card(engine, card_id))
    reviewer.rate(card_id, Again, T0 + timedelta(minutes=10))
    restored = reviewer.undo()
    assert restored.id == card_id  # the card to show again
    assert SchedulingState.of(_card(engine, card_id)) == before
    assert [log.rating for log in _logs(engine)] == [3]
    reviewer.undo()
    assert SchedulingState.of(_card(engine, card_id)).is_new
    assert _logs(engine) == []
    with pytest.raises(UndoError):
        reviewer.undo()


def test_undo_gives_back_the_new_card_allowance(engine, make_cards):
    make_cards(3, new_per_day=1)
    reviewer = Reviewer(engine, Scope(deck="네트워크"), enable_fuzzing=False)
    card = reviewer.next_card(T0)
    reviewer.rate(card.id, Easy, T0)
    assert reviewer.counts(T0).new == 0
    reviewer.undo()
    assert reviewer.counts(T0).new == 1


def test_leech_flag_after_eight_lapses(engine, make_cards):
    [card_id] = make_cards(1)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    now = T0
    reviewer.rate(card_id, Easy, now)
    for lapse in range(1, LEECH_LAPSES + 1):
        now = _card(engine, card_id).due
        reviewer.rate(card_id, Again, now)  # lapse: review → relearning
        now += timedelta(minutes=10)
        reviewer.rate(card_id, Easy, now)  # back to review
        card = _card(engine, card_id)
        assert card.lapses == lapse
        assert card.leech == (lapse >= LEECH_LAPSES)


def test_bury_hides_until_next_day_and_suspend_until_unsuspended(engine, make_cards):
    ids = make_cards(2)
    reviewer = Reviewer(engine)
    reviewer.bury(ids[0], T0)
    assert reviewer.next_card(T0).id == ids[1]
    assert reviewer.next_card(day_start(T0) + timedelta(days=1, minutes=1)).id == ids[0]
    reviewer.suspend(ids[1])
    assert reviewer.next_card(T0) is None
    reviewer.suspend(ids[1], suspended=False)
    assert reviewer.next_card(T0).id == ids[1]


def test_scope_deck_covers_sub_decks_only(engine, make_cards):
    make_cards(1, deck="네트워크::TCP", prefix="tcp")
    make_cards(1, deck="운영체제", prefix="os")
    assert Reviewer(engine, Scope(deck="네트워크")).next_card(T0).id == "tcp000"
    assert Reviewer(engine, Scope(deck="운영체제")).next_card(T0).id == "os000"


def test_intervals_preview_grows_with_the_rating(engine, make_cards):
    make_cards(1)
    reviewer = Reviewer(engine)
    intervals = reviewer.intervals(reviewer.next_card(T0), T0)
    assert intervals[Again] < intervals[Hard] <= intervals[Good] < intervals[Easy]
    assert intervals[Again] == timedelta(minutes=1)


def test_a_month_of_daily_study_travels_through_days(engine, make_cards):
    make_cards(40, new_per_day=10)
    reviewer = Reviewer(engine, Scope(deck="네트워크"))
    for day in range(30):
        now = T0 + timedelta(days=day)
        while (card := reviewer.next_card(now)) is not None:
            reviewer.rate(card.id, Good, now)
            now += timedelta(minutes=1)
    with Session(engine) as session:
        cards = [card_state(engine, card_id) for card_id in session.exec(select(Card.id))]
    assert all(card.reps > 0 for card in cards)
    assert all(card.due > T0 + timedelta(days=29) for card in cards)
    # Nobody was shown a card before it was due (learn-ahead aside).
    for log in _logs(engine):
        if log.due_before is not None:
            assert log.reviewed_at >= log.due_before - timedelta(minutes=20)


def test_learn_ahead_never_repeats_the_card_just_rated(engine, make_cards):
    ids = make_cards(2)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    reviewer.rate(ids[0], Good, T0)  # back in 10 minutes
    reviewer.rate(ids[1], Good, T0)  # back in 10 minutes
    assert reviewer.next_card(T0).id == ids[0]  # learn-ahead, but not ids[1]
    reviewer.rate(ids[0], Easy, T0)
    assert reviewer.next_card(T0).id == ids[1]
    reviewer.rate(ids[1], Good, T0 + timedelta(minutes=10))
    assert reviewer.next_card(T0 + timedelta(minutes=10)) is None
