"""A rating's new card state and its review log row commit together or not at all.

Before this file only the random crash test (tests/reliability) noticed a rating written
in two transactions, and not on every run. Here the deck refuses the log row (a trigger),
and the card's state must be exactly what it was.
"""

from __future__ import annotations

from datetime import timedelta

import fsrs
import pytest
from sqlalchemy import text
from sqlmodel import Session

from quizapp.errors import NotSaved
from quizapp.srs.reviewer import Reviewer
from quizapp.srs.state import SchedulingState
from tests.conftest import T0, card_state

_REFUSE_LOGS = {
    "sqlite": [
        "CREATE TRIGGER refuse_logs BEFORE INSERT ON reviewlog "
        "BEGIN SELECT RAISE(ABORT, 'no log rows today'); END"
    ],
    "postgresql": [
        "CREATE FUNCTION refuse_logs() RETURNS trigger AS $$ BEGIN "
        "RAISE EXCEPTION 'no log rows today'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_logs BEFORE INSERT ON reviewlog "
        "FOR EACH ROW EXECUTE FUNCTION refuse_logs()",
    ],
}


def test_a_refused_log_row_leaves_the_card_state_untouched(engine, make_cards) -> None:
    [card_id] = make_cards(1)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    reviewer.rate(card_id, fsrs.Rating.Good, T0)  # the user row and a first state exist
    before = SchedulingState.of(card_state(engine, card_id))
    with Session(engine) as session:
        for statement in _REFUSE_LOGS[engine.dialect.name]:
            session.connection().execute(text(statement))
        session.commit()
    with pytest.raises(NotSaved, match="no log rows today"):
        reviewer.rate(card_id, fsrs.Rating.Again, T0 + timedelta(hours=1))
    assert SchedulingState.of(card_state(engine, card_id)) == before


def test_each_rating_starts_where_the_last_one_ended_even_at_a_whole_difficulty(engine, make_cards):
    """Easy on a new card gives the lowest difficulty, exactly 1.0: read back in the next
    rating's own statement, it must still be the 1.0 the log wrote, not SQLite's int 1."""
    (card_id,) = make_cards(1)
    reviewer = Reviewer(engine)
    reviewer.rate(card_id, fsrs.Rating.Easy, T0)
    assert card_state(engine, card_id).difficulty == 1.0
    reviewer.rate(card_id, fsrs.Rating.Good, T0 + timedelta(days=20))

    with Session(engine) as session:
        first, second = session.exec(
            text("SELECT state_after, state_before FROM reviewlog ORDER BY id")
        ).all()
    assert second[1] == first[0]
