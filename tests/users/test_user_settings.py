"""Each user's own study settings of a deck, falling back to the defaults an owner sets."""

from __future__ import annotations

import json
from datetime import timedelta

import fsrs
import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from quizapp import exit_codes
from quizapp.cli import app
from quizapp.deck.db import open_database, writer
from quizapp.deck.models import UserDeckSettings
from quizapp.deck.users import USER_ENV, PermissionDenied, current_user, set_role
from quizapp.srs.deck_settings import get_deck_settings, set_deck_settings
from quizapp.srs.reviewer import Reviewer
from quizapp.srs.scope import Scope
from tests.conftest import T0, card_state

runner = CliRunner()
OWNER = "지민"
MEMBER = "Alex"


@pytest.fixture
def group(engine, make_cards) -> list[str]:
    """A deck of 30 new cards, an owner and a member."""
    ids = make_cards(30, deck="네트워크")
    # A new deck's first user (the login name, made with it) is an owner and makes another.
    set_role(engine, None, OWNER, "owner")
    current_user(engine, MEMBER)
    return ids


def test_a_members_settings_are_their_own_and_the_owner_sets_the_defaults(engine, group):
    mine = set_deck_settings(engine, "네트워크", new_per_day=5, desired_retention=0.8, user=MEMBER)
    assert (mine.new_per_day, mine.desired_retention) == (5, 0.8)
    assert mine.own == {"new_per_day", "desired_retention"}
    owners = get_deck_settings(engine, "네트워크", user=OWNER)
    assert (owners.new_per_day, owners.desired_retention, owners.own) == (20, 0.9, frozenset())

    set_deck_settings(
        engine, "네트워크", new_per_day=8, reviews_per_day=100, default=True, user=OWNER
    )
    member = get_deck_settings(engine, "네트워크", user=MEMBER)
    # Their own value stays; what they never set follows the new default.
    assert (member.new_per_day, member.reviews_per_day) == (5, 100)
    assert get_deck_settings(engine, "네트워크", user=OWNER).new_per_day == 8
    # A user the deck has not met yet gets the defaults.
    assert get_deck_settings(engine, "네트워크", user="서연").new_per_day == 8

    with pytest.raises(PermissionDenied, match="not an owner"):
        set_deck_settings(engine, "네트워크", new_per_day=50, default=True, user=MEMBER)
    assert get_deck_settings(engine, "네트워크", user=OWNER).new_per_day == 8

    back = set_deck_settings(engine, "네트워크", reset=True, user=MEMBER)
    assert (back.new_per_day, back.desired_retention, back.own) == (8, 0.9, frozenset())


def _new_cards_served(engine, user: str, scope: Scope) -> int:
    """Rate every card offered on day one Easy (out of today's queue); how many came."""
    reviewer = Reviewer(engine, scope, enable_fuzzing=False, user=user)
    served = 0
    while (card := reviewer.next_card(T0)) is not None:
        reviewer.rate(card.id, fsrs.Rating.Easy, T0)
        served += 1
    return served


@pytest.mark.parametrize("scope", [Scope(deck="네트워크"), Scope()], ids=["deck", "all decks"])
def test_review_uses_each_users_own_daily_limit(engine, group, scope):
    set_deck_settings(engine, "네트워크", new_per_day=3, user=MEMBER)
    assert Reviewer(engine, scope, user=MEMBER).counts(T0).new == 3
    assert Reviewer(engine, scope, user=OWNER).counts(T0).new == 20
    assert _new_cards_served(engine, MEMBER, scope) == 3
    assert _new_cards_served(engine, OWNER, scope) == 20


def test_the_scheduler_uses_each_users_retention_and_steps(engine, group):
    set_deck_settings(
        engine,
        "네트워크",
        desired_retention=0.97,
        learning_steps=(timedelta(minutes=30),),
        user=MEMBER,
    )
    easy, again = group[0], group[1]
    for user in (OWNER, MEMBER):
        reviewer = Reviewer(engine, Scope(deck="네트워크"), enable_fuzzing=False, user=user)
        reviewer.rate(easy, fsrs.Rating.Easy, T0)
        reviewer.rate(again, fsrs.Rating.Again, T0)
    # A higher desired retention brings the card back sooner.
    assert card_state(engine, easy, MEMBER).due < card_state(engine, easy, OWNER).due
    # Again on a new card waits for the first learning step: 30 minutes, or fsrs's 1 minute.
    assert card_state(engine, again, MEMBER).due == T0 + timedelta(minutes=30)
    assert card_state(engine, again, OWNER).due == T0 + timedelta(minutes=1)


def test_deck_set_changes_your_own_settings_and_default_is_for_owners(
    db_url, engine, group, monkeypatch
):
    monkeypatch.setenv(USER_ENV, MEMBER)
    result = runner.invoke(app, ["deck", "set", "네트워크", "--new-per-day", "7", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert get_deck_settings(engine, "네트워크", user=MEMBER).new_per_day == 7
    assert get_deck_settings(engine, "네트워크", user=OWNER).new_per_day == 20
    listed = runner.invoke(app, ["deck", "list", "--db", db_url]).stdout
    assert "7*" in listed and f"{MEMBER}'s settings" in listed

    refused = runner.invoke(
        app, ["deck", "set", "네트워크", "--new-per-day", "1", "--default", "--db", db_url]
    )
    assert refused.exit_code == exit_codes.CONTENT_PROBLEMS
    assert "not an owner" in refused.stderr
    assert get_deck_settings(engine, "네트워크", user=OWNER).new_per_day == 20

    monkeypatch.setenv(USER_ENV, OWNER)
    done = runner.invoke(
        app, ["deck", "set", "네트워크", "--max-reviews", "60", "--default", "--db", db_url]
    )
    assert done.exit_code == 0, done.output
    member = get_deck_settings(engine, "네트워크", user=MEMBER)
    assert (member.new_per_day, member.reviews_per_day) == (7, 60)
    listed = runner.invoke(app, ["deck", "list", "--db", db_url]).stdout
    assert "60" in listed and "60*" not in listed


def test_a_backup_keeps_each_users_own_settings(db_url, engine, group, tmp_path):
    fitted = [round(w * 0.97, 4) for w in fsrs.Scheduler().parameters]
    set_deck_settings(
        engine,
        "네트워크",
        new_per_day=4,
        learning_steps=(timedelta(minutes=5), timedelta(hours=1)),
        user=MEMBER,
    )
    with Session(writer(engine)) as session:
        [own] = session.exec(select(UserDeckSettings)).all()
        own.fsrs_parameters = json.dumps(fitted)
        session.commit()
    backup = tmp_path / "group.json"
    other = f"sqlite:///{tmp_path / 'moved.db'}"

    exported = runner.invoke(app, ["export", "-f", "json", "-o", str(backup), "--db", db_url])
    restored = runner.invoke(app, ["import", str(backup), "--db", other])

    assert exported.exit_code == 0, exported.output
    assert restored.exit_code == 0, restored.output
    moved = open_database(other)
    try:
        member = get_deck_settings(moved, "네트워크", user=MEMBER)
        assert member.own == {"new_per_day", "learning_steps"}
        assert member.new_per_day == 4 and member.desired_retention == 0.9
        assert member.learning_steps == (timedelta(minutes=5), timedelta(hours=1))
        assert member.fsrs_parameters == tuple(fitted)
        assert get_deck_settings(moved, "네트워크", user=OWNER).own == frozenset()
    finally:
        moved.dispose()
