"""The home screen's counts: each deck's new, learning and due cards today, per user."""

from __future__ import annotations

from datetime import timedelta

import fsrs

from quizapp.srs.overview import deck_tree
from quizapp.srs.overview_model import DeckCounts
from quizapp.srs.reviewer import Reviewer, Scope
from tests.conftest import T0


def by_name(decks: list[DeckCounts]) -> dict[str, DeckCounts]:
    found: dict[str, DeckCounts] = {}
    for deck in decks:
        found[deck.name] = deck
        found.update(by_name(deck.children))
    return found


def test_new_cards_started_today_use_up_that_decks_daily_limit_only(engine, make_cards):
    network = make_cards(6, deck="네트워크", prefix="n", new_per_day=4)
    make_cards(3, deck="운영체제::프로세스", prefix="p", new_per_day=4)
    reviewer = Reviewer(engine, Scope(deck="네트워크"))
    reviewer.rate(network[0], fsrs.Rating.Good, T0 - timedelta(days=1))  # yesterday's
    reviewer.rate(network[1], fsrs.Rating.Good, T0)
    reviewer.rate(network[2], fsrs.Rating.Again, T0)

    decks = by_name(deck_tree(engine, T0 + timedelta(minutes=1)))

    net = decks["네트워크"]
    assert (net.new_waiting, net.new_today, net.new) == (3, 2, 2)
    assert net.total == 6
    process = decks["운영체제::프로세스"]
    assert (process.new_waiting, process.new_today, process.new) == (3, 0, 3)
    # The parent holds no cards of its own and sums its sub-deck's.
    assert (decks["운영체제"].new, decks["운영체제"].total) == (3, 3)


def test_another_users_ratings_count_for_them_alone(engine, make_cards):
    cards = make_cards(5, new_per_day=3)
    Reviewer(engine, user="민지").rate(cards[0], fsrs.Rating.Good, T0)
    Reviewer(engine, user="minji").rate(cards[1], fsrs.Rating.Easy, T0)

    mine = by_name(deck_tree(engine, T0, user="민지"))["네트워크"]
    theirs = by_name(deck_tree(engine, T0, user="minji"))["네트워크"]

    assert (mine.new_waiting, mine.new_today, mine.new, mine.learning) == (4, 1, 2, 1)
    assert (theirs.new_waiting, theirs.new_today, theirs.new) == (4, 1, 2)


def test_suspended_skipped_and_buried_cards_are_not_counted_but_stay_in_the_total(
    engine, make_cards
):
    cards = make_cards(5, new_per_day=20)
    reviewer = Reviewer(engine)
    reviewer.suspend(cards[0])
    reviewer.bury(cards[1], T0)

    counts = by_name(deck_tree(engine, T0))["네트워크"]

    assert (counts.new, counts.total) == (3, 5)
