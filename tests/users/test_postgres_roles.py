"""docs/postgres-roles.sql: a member's database login reviews but cannot write notes, and
reaches only its own user's rows."""

from __future__ import annotations

import uuid
from pathlib import Path

import fsrs
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError
from sqlmodel import Session, select

from quizapp.deck.db import open_database
from quizapp.deck.models import CardState, Note, ReviewLog, UserDeckSettings
from quizapp.deck.users import set_role
from quizapp.srs.deck_settings import get_deck_settings, set_deck_settings
from quizapp.srs.reviewer import Reviewer
from tests.conftest import T0

GRANTS = Path(__file__).parents[2] / "docs" / "postgres-roles.sql"


def test_a_members_login_reviews_but_cannot_write_notes(
    backend, engine, db_url, make_cards, request: pytest.FixtureRequest
):
    if backend != "postgresql":
        pytest.skip("database roles are PostgreSQL's")
    [card_id] = make_cards(1)
    owners = Reviewer(engine)  # the deck's owner studies too
    owners.rate(card_id, fsrs.Rating.Again, T0)
    set_deck_settings(engine, "네트워크", new_per_day=9)
    suffix = uuid.uuid4().hex[:10]
    group, login = f"quizapp_member_{suffix}", f"minho_{suffix}"
    admin = create_engine(db_url, isolation_level="AUTOCOMMIT")

    def drop_roles() -> None:
        with admin.connect() as conn:
            conn.execute(text(f"DROP OWNED BY {login}, {group}"))
            conn.execute(text(f"DROP ROLE {login}"))
            conn.execute(text(f"DROP ROLE {group}"))
        admin.dispose()

    with admin.connect() as conn:
        conn.execute(text(GRANTS.read_text(encoding="utf-8").replace("quizapp_member", group)))
        conn.execute(text(f"CREATE ROLE {login} LOGIN IN ROLE {group}"))
    request.addfinalizer(drop_roles)
    set_role(engine, None, login, "member")  # the owner adds the member's quizapp user

    member_url = make_url(db_url).set(username=login).render_as_string(hide_password=False)
    member = open_database(member_url)
    try:
        reviewer = Reviewer(member, user=login)
        reviewer.rate(card_id, fsrs.Rating.Good, T0)
        reviewer.undo()
        reviewer.rate(card_id, fsrs.Rating.Easy, T0)
        with Session(member) as session:
            # Only their own: the owner's rating and card state are not theirs to see.
            [log] = session.exec(select(ReviewLog)).all()
            assert log.rating == 4
            [state] = session.exec(select(CardState)).all()
            assert state.user_id == reviewer.user_id
        # Their own settings, beside the owner's, which they cannot see.
        set_deck_settings(member, "네트워크", new_per_day=3, user=login)
        assert get_deck_settings(member, "네트워크", user=login).new_per_day == 3
        with Session(member) as session:
            assert len(session.exec(select(UserDeckSettings)).all()) == 1
        assert get_deck_settings(engine, "네트워크").new_per_day == 9
        # Nor can they write a row as another user.
        with member.begin() as conn, pytest.raises(ProgrammingError, match="row-level security"):
            conn.execute(text("UPDATE cardstate SET user_id = :owner"), {"owner": owners.user_id})
        with member.begin() as conn, pytest.raises(ProgrammingError, match="row-level security"):
            conn.execute(
                text(
                    "INSERT INTO userdecksettings (user_id, deck_id, new_per_day) "
                    "VALUES (:owner, 1, 999)"
                ),
                {"owner": owners.user_id},
            )
        with Session(engine) as session:
            mine = session.exec(select(ReviewLog).where(ReviewLog.user_id == owners.user_id))
            assert [log.rating for log in mine] == [1]
        with Session(member) as session, pytest.raises(ProgrammingError, match="permission"):
            session.add(
                Note(
                    deck_id=1, file_path="/tmp/x.md", root="/tmp", path="x.md", title="몰래",
                    markdown="# 몰래 쓴 노트", content_hash="0",
                )
            )  # fmt: skip
            session.commit()
        with member.begin() as conn, pytest.raises(ProgrammingError, match="permission"):
            conn.execute(text("UPDATE deckuser SET role = 'owner'"))
    finally:
        member.dispose()
