"""A rating is all or nothing, and every connection keeps SQLite's crash-safety settings.

These are deterministic: the random SIGKILL tests in tests/reliability find a half-written
rating or an unjournaled database only by luck. Here a failing write is made to happen at
a chosen statement (an SQLite trigger raising an error), and the pragmas are read back.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import fsrs
import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from quizapp.deck.db import open_database
from quizapp.deck.models import Card, ReviewLog
from quizapp.errors import NotSaved
from quizapp.srs.reviewer import Reviewer
from tests.conftest import T0, card_state

CARD_STATE = "SELECT * FROM card ORDER BY id"
USER_STATE = "SELECT * FROM cardstate ORDER BY user_id, card_id"
"""Card content, and each user's state of the cards (where a rating writes)."""


def _db_file(db_url: str) -> Path:
    return Path(db_url.removeprefix("sqlite:///"))


def _fail_on(db_url: str, event: str, table: str) -> None:
    """From now on, the next `event` (INSERT/UPDATE) on `table` aborts, as a full disk would."""
    con = sqlite3.connect(_db_file(db_url))
    with con:
        con.execute(
            f"CREATE TRIGGER fail_{table} BEFORE {event} ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'no space left on device (test)'); END"
        )
    con.close()


def _state(db_url: str) -> tuple[list[tuple], int]:
    con = sqlite3.connect(_db_file(db_url))
    try:
        cards = con.execute(CARD_STATE).fetchall() + con.execute(USER_STATE).fetchall()
        logs = con.execute("SELECT count(*) FROM reviewlog").fetchone()[0]
        return cards, logs
    finally:
        con.close()


@pytest.mark.parametrize("rated_before", [False, True], ids=["new card", "reviewed card"])
def test_a_rating_whose_log_row_fails_leaves_the_card_as_it_was(
    engine, make_cards, db_url, rated_before
):
    [card_id] = make_cards(1)
    if rated_before:
        Reviewer(engine).rate(card_id, fsrs.Rating.Good, T0)
    before = _state(db_url)
    _fail_on(db_url, "INSERT", "reviewlog")

    with pytest.raises(NotSaved, match="no space left"):
        Reviewer(engine).rate(card_id, fsrs.Rating.Again, T0 + timedelta(days=3))

    assert _state(db_url) == before


def test_a_rating_whose_card_update_fails_writes_no_log_row(engine, make_cards, db_url):
    [card_id] = make_cards(1)
    Reviewer(engine).rate(card_id, fsrs.Rating.Good, T0)
    before = _state(db_url)
    _fail_on(db_url, "UPDATE", "cardstate")  # the user's state of the card

    with pytest.raises(NotSaved, match="no space left"):
        Reviewer(engine).rate(card_id, fsrs.Rating.Hard, T0 + timedelta(days=3))

    assert _state(db_url) == before


def test_after_a_failed_rating_the_next_one_commits_card_and_log_together(
    engine, make_cards, db_url
):
    [card_id] = make_cards(1)
    _fail_on(db_url, "INSERT", "reviewlog")
    with pytest.raises(NotSaved):
        Reviewer(engine).rate(card_id, fsrs.Rating.Good, T0)
    con = sqlite3.connect(_db_file(db_url))
    with con:
        con.execute("DROP TRIGGER fail_reviewlog")
    con.close()

    rated = Reviewer(engine).rate(card_id, fsrs.Rating.Good, T0)

    with Session(engine) as session:
        [log] = session.exec(select(ReviewLog)).all()
        card = session.get(Card, card_id)
    assert card is not None and card.id == rated.id
    assert card_state(engine, card_id).fsrs_state is not None
    assert log.card_id == card_id and log.rating == int(fsrs.Rating.Good)


def test_an_undo_whose_log_delete_fails_keeps_the_rating_whole(engine, make_cards, db_url):
    """Undo puts the card's state back and removes the log row in one transaction: if the
    delete fails, the rating stands, state and log together (not the old state with the
    new rating's log row still there)."""
    [card_id] = make_cards(1)
    reviewer = Reviewer(engine)
    reviewer.rate(card_id, fsrs.Rating.Good, T0)
    reviewer.rate(card_id, fsrs.Rating.Again, T0 + timedelta(days=3))
    before = _state(db_url)
    _fail_on(db_url, "DELETE", "reviewlog")

    with pytest.raises(NotSaved, match="no space left"):
        reviewer.undo()

    assert _state(db_url) == before


def _pragmas(engine) -> dict[str, object]:
    with engine.connect() as conn:
        return {
            name: conn.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }


def test_every_connection_journals_writes_and_syncs_them(db_url):
    engine = open_database(db_url)
    # Two connections at once: settings made only on the first one would not show here.
    with engine.connect() as held:
        held.execute(text("SELECT 1"))
        pragmas = _pragmas(engine)
    assert pragmas["journal_mode"] == "wal"
    # 0 is OFF (a power cut can corrupt the file); NORMAL (1) is safe with WAL, FULL (2) too.
    assert pragmas["synchronous"] in (1, 2, 3)
    assert pragmas["foreign_keys"] == 1
    assert pragmas["busy_timeout"] >= 1000


def test_the_file_on_disk_is_in_wal_mode_for_every_other_process(db_url):
    open_database(db_url).dispose()
    header = _db_file(db_url).read_bytes()[:20]
    # Bytes 18 and 19 of an SQLite file are its read and write versions: 2 means WAL.
    assert header[:16] == b"SQLite format 3\x00"
    assert (header[18], header[19]) == (2, 2)
