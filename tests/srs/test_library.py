"""Managing cards outside review: actions with undo, search by state, per-deck settings."""

from __future__ import annotations

from datetime import timedelta

import fsrs
import pytest

from quizapp.deck.queries import get_card
from quizapp.errors import UnknownCards, UnknownDeck, UnknownTag
from quizapp.srs.browse import CardQuery, search_cards
from quizapp.srs.cards import apply_action, undo_change
from quizapp.srs.deck_settings import (
    SettingError,
    format_steps,
    get_deck_settings,
    parse_steps,
    set_deck_settings,
)
from quizapp.srs.library_model import CardAction, CardSort, CardState
from quizapp.srs.reviewer import Reviewer
from quizapp.srs.scope import Scope
from tests.conftest import T0, card_state


def test_skipped_card_is_never_shown_and_unskip_brings_it_back(engine, make_cards) -> None:
    first, second = make_cards(2)
    apply_action(engine, [first], CardAction.SKIP, T0)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    assert reviewer.next_card(T0).id == second
    assert reviewer.counts(T0).new == 1
    apply_action(engine, [first], CardAction.UNSKIP, T0)
    assert Reviewer(engine).next_card(T0).id == first


def test_every_action_is_undone_exactly(engine, make_cards) -> None:
    [card_id] = make_cards(1)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    reviewer.rate(card_id, fsrs.Rating.Good, T0)
    before = (get_card(engine, card_id).model_dump(), card_state(engine, card_id).model_dump())
    for action in CardAction:
        change = apply_action(engine, [card_id], action, T0)
        undo_change(engine, change)
        after = (get_card(engine, card_id).model_dump(), card_state(engine, card_id).model_dump())
        assert after == before, action


def test_reset_makes_a_reviewed_card_new_again(engine, make_cards) -> None:
    [card_id] = make_cards(1)
    Reviewer(engine).rate(card_id, fsrs.Rating.Again, T0)
    apply_action(engine, [card_id], CardAction.RESET, T0)
    card = card_state(engine, card_id)
    assert card.fsrs_state is None and card.reps == 0 and card.due is None


def test_an_unknown_id_changes_nothing(engine, make_cards) -> None:
    [card_id] = make_cards(1)
    with pytest.raises(UnknownCards) as caught:
        apply_action(engine, [card_id, "없는카드"], CardAction.SUSPEND, T0)
    assert caught.value.ids == ["없는카드"]
    assert not card_state(engine, card_id).suspended


def test_bury_lasts_until_the_next_study_day(engine, make_cards) -> None:
    [card_id] = make_cards(1)
    apply_action(engine, [card_id], CardAction.BURY, T0)
    [row] = search_cards(engine, CardQuery(state=CardState.BURIED), T0)
    assert row.id == card_id
    assert search_cards(engine, CardQuery(state=CardState.BURIED), T0 + timedelta(days=1)) == []


def test_search_by_text_state_deck_and_sort(engine, make_cards) -> None:
    tcp = make_cards(3, deck="네트워크", prefix="t")
    make_cards(2, deck="운영체제", prefix="o")
    Reviewer(engine).rate(tcp[2], fsrs.Rating.Again, T0)
    apply_action(engine, [tcp[1]], CardAction.SUSPEND, T0)

    assert [r.id for r in search_cards(engine, CardQuery(text="질문 o"), T0)] == ["o000", "o001"]
    learning = search_cards(engine, CardQuery(state=CardState.LEARNING), T0)
    assert [r.id for r in learning] == [tcp[2]]
    suspended = search_cards(engine, CardQuery(state=CardState.SUSPENDED), T0)
    assert [(r.id, r.state) for r in suspended] == [(tcp[1], CardState.SUSPENDED)]
    new_in_deck = search_cards(engine, CardQuery(deck="네트워크", state=CardState.NEW), T0)
    assert [r.id for r in new_in_deck] == [tcp[0]]
    by_reps = search_cards(engine, CardQuery(sort=CardSort.REVIEWS, descending=True), T0)
    assert by_reps[0].id == tcp[2]


def test_search_names_an_unknown_deck_or_tag(engine, make_cards) -> None:
    make_cards(1)
    with pytest.raises(UnknownDeck):
        search_cards(engine, CardQuery(deck="없는덱"), T0)
    with pytest.raises(UnknownTag):
        search_cards(engine, CardQuery(tag="nope"), T0)


def test_learning_steps_parse_and_print_back() -> None:
    steps = parse_steps("30s 5m, 1h 1d")
    assert steps == (
        timedelta(seconds=30),
        timedelta(minutes=5),
        timedelta(hours=1),
        timedelta(days=1),
    )
    assert format_steps(steps) == "30s 5m 1h 1d"
    with pytest.raises(SettingError, match="10분"):
        parse_steps("10분")


def test_deck_settings_are_checked_and_honoured(engine, make_cards) -> None:
    make_cards(5, deck="네트워크")
    with pytest.raises(SettingError, match="retention"):
        set_deck_settings(engine, "네트워크", desired_retention=1.5)
    with pytest.raises(UnknownDeck):
        set_deck_settings(engine, "없는덱", new_per_day=3)
    set_deck_settings(engine, "네트워크", new_per_day=2, learning_steps=(timedelta(minutes=3),))
    settings = get_deck_settings(engine, "네트워크")
    assert settings.new_per_day == 2 and settings.custom_steps

    reviewer = Reviewer(engine, Scope(deck="네트워크"), enable_fuzzing=False)
    assert reviewer.counts(T0).new == 2
    card = reviewer.next_card(T0)
    again = reviewer.intervals(card, T0)[fsrs.Rating.Again]
    assert again == timedelta(minutes=3)  # the deck's one step, not fsrs's 1m


def test_filtered_session_shows_exactly_the_cards_given_once(engine, make_cards) -> None:
    ids = make_cards(4)
    reviewer = Reviewer(engine, Scope(card_ids=(ids[3], ids[1])), enable_fuzzing=False)
    assert reviewer.counts(T0).total == 2
    assert reviewer.next_card(T0).id == ids[3]
    reviewer.rate(ids[3], fsrs.Rating.Again, T0)
    assert reviewer.next_card(T0).id == ids[1]
    reviewer.undo()
    assert reviewer.next_card(T0).id == ids[3]
    reviewer.rate(ids[3], fsrs.Rating.Good, T0)
    reviewer.rate(ids[1], fsrs.Rating.Good, T0)
    assert reviewer.next_card(T0) is None
    # The cards not in the session were not touched.
    assert card_state(engine, ids[0]).fsrs_state is None


def test_reviewing_every_deck_honours_each_decks_own_new_limit(engine, make_cards) -> None:
    make_cards(10, deck="네트워크", prefix="n", new_per_day=3)
    make_cards(10, deck="운영체제", prefix="o", new_per_day=5)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    assert reviewer.counts(T0).new == 8
    shown = []
    while (card := reviewer.next_card(T0)) is not None and reviewer.state(card.id).is_new:
        shown.append(card.id[0])
        reviewer.rate(card.id, fsrs.Rating.Easy, T0)
    assert shown.count("n") == 3 and shown.count("o") == 5
    assert reviewer.counts(T0).new == 0
