"""The new-card queue resumes where it left off, and starts over when a card may be new again."""

from __future__ import annotations

from datetime import datetime, timedelta

import fsrs
import pytest

from quizapp.srs.reviewer import Reviewer, Scope
from tests.conftest import T0


@pytest.mark.parametrize("scope", [Scope(deck="네트워크"), Scope()], ids=["deck", "all decks"])
def test_an_undone_first_rating_makes_the_card_come_first_again(engine, make_cards, scope):
    first, second, _ = make_cards(3)
    reviewer = Reviewer(engine, scope)
    assert reviewer.next_card(T0).id == first
    reviewer.rate(first, fsrs.Rating.Easy, T0)
    assert reviewer.next_card(T0).id == second  # the queue moved on past `first`

    reviewer.undo()

    assert reviewer.next_card(T0).id == first


def test_an_unsuspended_card_comes_back_in_source_order(engine, make_cards):
    first, second, third = make_cards(3)
    reviewer = Reviewer(engine, Scope(deck="네트워크"))
    reviewer.suspend(first)
    assert reviewer.next_card(T0).id == second
    reviewer.rate(second, fsrs.Rating.Easy, T0)
    assert reviewer.next_card(T0).id == third

    reviewer.suspend(first, suspended=False)

    assert reviewer.next_card(T0).id == first


def test_a_buried_new_card_comes_back_the_next_day(engine, make_cards):
    first, second, _ = make_cards(3)
    reviewer = Reviewer(engine, Scope(deck="네트워크"))
    reviewer.bury(first, T0)
    assert reviewer.next_card(T0).id == second
    reviewer.rate(second, fsrs.Rating.Easy, T0)

    assert reviewer.next_card(T0 + timedelta(days=1)).id == first


def test_the_daily_new_limit_counts_ratings_made_in_the_session_and_before(engine, make_cards):
    make_cards(10, new_per_day=4)
    earlier = Reviewer(engine, Scope(deck="네트워크"))
    for _ in range(3):
        card = earlier.next_card(T0)
        earlier.rate(card.id, fsrs.Rating.Easy, T0)

    later = Reviewer(engine)  # every deck: each deck's own limit, read from today's log
    assert later.counts(T0).new == 1
    card = later.next_card(T0)
    later.rate(card.id, fsrs.Rating.Easy, T0)
    assert later.next_card(T0) is None
    assert later.counts(T0).new == 0
    later.undo()
    assert later.counts(T0).new == 1


def _take_turns(
    sessions: list[Reviewer], rounds: int, now: datetime, rating: fsrs.Rating
) -> list[str]:
    """Open sessions of one user taking turns: each rates the card it shows, if any; the ids
    of the cards shown, in order."""
    shown = []
    for session in sessions * rounds:
        card = session.next_card(now)
        if card is not None:
            session.rate(card.id, rating, now)
            shown.append(card.id)
    return shown


@pytest.mark.parametrize("scope", [Scope(deck="네트워크"), Scope()], ids=["deck", "all decks"])
def test_two_open_sessions_of_one_user_share_the_daily_new_limit(engine, make_cards, scope):
    """The terminal and the browser open at once: together they show the limit, not twice it."""
    make_cards(10, new_per_day=4)
    terminal = Reviewer(engine, scope)
    browser = Reviewer(engine, scope)
    assert terminal.counts(T0).new == browser.counts(T0).new == 4  # both read today's counts

    shown = _take_turns([terminal, browser], 4, T0, fsrs.Rating.Easy)

    assert shown == ["q000", "q001", "q002", "q003"]
    for session in (terminal, browser):
        assert session.next_card(T0) is None
        assert session.counts(T0).new == 0
    browser.undo()  # the allowance given back in one session is the other's too
    assert terminal.counts(T0).new == 1
    assert browser.next_card(T0).id == "q003"
    card = terminal.next_card(T0)
    terminal.rate(card.id, fsrs.Rating.Easy, T0)
    assert browser.next_card(T0) is None


def test_after_the_last_new_card_an_undo_or_unsuspend_brings_one_back(engine, make_cards):
    first, second = make_cards(2)
    reviewer = Reviewer(engine, Scope(deck="네트워크"))
    reviewer.suspend(first)
    assert reviewer.next_card(T0).id == second
    reviewer.rate(second, fsrs.Rating.Easy, T0)
    assert reviewer.next_card(T0) is None  # no new card left: the session stops looking
    assert reviewer.counts(T0).new == 0

    reviewer.suspend(first, suspended=False)
    assert reviewer.counts(T0).new == 1
    reviewer.rate(reviewer.next_card(T0).id, fsrs.Rating.Easy, T0)
    assert reviewer.next_card(T0) is None

    assert reviewer.undo().id == first
    assert reviewer.next_card(T0).id == first


def test_two_open_sessions_of_one_user_share_the_daily_review_limit(engine, make_cards):
    ids = make_cards(6, reviews_per_day=2)
    first_day = Reviewer(engine, Scope(deck="네트워크"))
    for card_id in ids:
        first_day.rate(card_id, fsrs.Rating.Easy, T0)
    later = T0 + timedelta(days=90)  # every card is a review due by then
    terminal = Reviewer(engine, Scope(deck="네트워크"))
    browser = Reviewer(engine, Scope(deck="네트워크"))
    assert terminal.counts(later).review == browser.counts(later).review == 2

    shown = _take_turns([terminal, browser], 3, later, fsrs.Rating.Good)

    assert len(shown) == 2
    assert terminal.counts(later).review == browser.counts(later).review == 0
