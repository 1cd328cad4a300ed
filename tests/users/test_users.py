"""A study group on one deck: shared cards, a schedule per user, roles, group figures."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path

import fsrs
import pytest
from rich.cells import cell_len
from sqlmodel import Session, col, select
from typer.testing import CliRunner

from quizapp import exit_codes
from quizapp.cli import app
from quizapp.deck.models import ReviewLog
from quizapp.deck.users import (
    USER_ENV,
    PermissionDenied,
    current_user,
    list_users,
    require_editor,
    set_role,
)
from quizapp.srs.group_stats import group_table, user_figures
from quizapp.srs.reviewer import Reviewer
from quizapp.srs.stats import collect_stats
from tests.conftest import T0, card_state

runner = CliRunner()

NOTE = """\
---
deck: 스터디
---
# 운영체제 스터디

#### Q. 프로세스와 스레드의 차이는?

A. 스레드는 같은 프로세스의 주소 공간을 공유한다.

#### Q. What does a context switch save?

A. The registers, program counter and stack pointer of the running thread.
"""


@pytest.fixture
def as_user(monkeypatch: pytest.MonkeyPatch):
    """Switch the current user (`QUIZAPP_USER`), restored after the test."""

    def switch(name: str) -> None:
        monkeypatch.setenv(USER_ENV, name)

    switch("지민")
    return switch


def test_the_deck_creator_owns_it_and_later_users_are_members(as_user, engine):
    [first] = list_users(engine)  # made by the schema, as the user who created the deck
    assert first.role == "owner" and first.name == "지민"
    as_user("minho")
    assert current_user(engine).role == "member"
    with pytest.raises(PermissionDenied, match="minho is a member"):
        require_editor(engine)
    set_role(engine, "지민", "minho", "editor")
    require_editor(engine)  # no longer refused
    with pytest.raises(PermissionDenied, match="not an owner"):
        set_role(engine, "minho", "지민", "member")
    with pytest.raises(PermissionDenied, match="only owner"):
        set_role(engine, "지민", "지민", "member")


def test_two_users_have_independent_schedules_on_shared_cards(as_user, engine, make_cards):
    ids = make_cards(3)
    jimin = Reviewer(engine, user="지민", enable_fuzzing=False)
    minho = Reviewer(engine, user="minho", enable_fuzzing=False)

    jimin.rate(ids[0], fsrs.Rating.Easy, T0)
    jimin.suspend(ids[1])

    assert jimin.next_card(T0).id == ids[2]
    assert minho.next_card(T0).id == ids[0]  # still new for minho
    assert card_state(engine, ids[0], "지민").reps == 1
    assert card_state(engine, ids[0], "minho").reps == 0
    assert jimin.counts(T0).new == 1 and minho.counts(T0).new == 3
    minho.rate(ids[0], fsrs.Rating.Again, T0)
    assert card_state(engine, ids[0], "지민").due > T0 + timedelta(days=1)
    assert card_state(engine, ids[0], "minho").due == T0 + timedelta(minutes=1)
    assert collect_stats(engine, T0, user="지민").total_reviews == 1
    assert collect_stats(engine, T0, user="minho").weakest_cards[0].card_id == ids[0]
    assert collect_stats(engine, T0, user="지민").weakest_cards == []
    # Undo takes back only the undoer's own rating.
    minho.undo()
    assert card_state(engine, ids[0], "지민").reps == 1
    with Session(engine) as session:
        assert [log.rating for log in session.exec(select(ReviewLog))] == [4]


def test_two_users_rating_the_same_card_at_once_both_keep_their_ratings(
    as_user, engine, make_cards
):
    [card_id] = make_cards(1)
    names = [f"member{n}" for n in range(4)]
    reviewers = [Reviewer(engine, user=name, enable_fuzzing=False) for name in names]
    start = threading.Barrier(len(reviewers))
    errors: list[BaseException] = []

    def rate(reviewer: Reviewer, rating: fsrs.Rating) -> None:
        try:
            start.wait()
            for minute in range(5):
                reviewer.rate(card_id, rating, T0 + timedelta(minutes=10 * minute))
        except BaseException as exc:
            errors.append(exc)

    ratings = [fsrs.Rating.Again, fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy]
    threads = [
        threading.Thread(target=rate, args=pair) for pair in zip(reviewers, ratings, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with Session(engine) as session:
        logs = list(session.exec(select(ReviewLog).order_by(col(ReviewLog.id))))
    for reviewer, rating in zip(reviewers, ratings, strict=True):
        mine = [log for log in logs if log.user_id == reviewer.user_id]
        assert [log.rating for log in mine] == [int(rating)] * 5
        state = card_state(engine, card_id, reviewer.user_name)
        assert state.reps == 5
        assert mine[-1].state_after == reviewer.state(card_id).to_json()


def test_stats_json_reports_the_current_users_figures(as_user, engine, db_url, make_cards):
    ids = make_cards(4)
    Reviewer(engine, user="지민").rate(ids[0], fsrs.Rating.Good, T0)

    figures = user_figures(engine, T0, "지민")
    assert (figures.reviews_today, figures.due, figures.new, figures.cards) == (1, 1, 3, 4)
    assert user_figures(engine, T0, "minho").new == 4

    as_user("지민")
    result = runner.invoke(app, ["stats", "--format", "json", "--db", db_url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["user"] == "지민" and data["cards"] == 4
    assert {"reviews_today", "due", "new", "cards"} <= data.keys()


def test_all_users_table_has_reviews_retention_and_streak(as_user, engine, make_cards):
    ids = make_cards(6)
    jimin = Reviewer(engine, user="지민", enable_fuzzing=False)
    minho = Reviewer(engine, user="minho", enable_fuzzing=False)
    for day in range(3):  # three days in a row, one Again among four ratings
        jimin.rate(ids[day], fsrs.Rating.Good, T0 + timedelta(days=day))
    jimin.rate(ids[5], fsrs.Rating.Again, T0 + timedelta(days=2, minutes=5))
    minho.rate(ids[0], fsrs.Rating.Good, T0)  # two days ago: no streak today

    rows = {row.user: row for row in group_table(engine, T0 + timedelta(days=2, hours=1))}

    assert (rows["지민"].reviews, rows["지민"].retention, rows["지민"].streak) == (4, 0.75, 3)
    assert (rows["minho"].reviews, rows["minho"].streak) == (1, 0)
    assert rows["지민"].role == "owner" and rows["minho"].role == "member"


def test_a_member_cannot_import_notes_but_an_editor_can(as_user, db_url, tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "os.md").write_text(NOTE, encoding="utf-8")
    assert (
        runner.invoke(app, ["--user", "지민", "import", str(notes), "--db", db_url]).exit_code == 0
    )

    refused = runner.invoke(app, ["--user", "minho", "import", str(notes), "--db", db_url])
    assert refused.exit_code == exit_codes.CONTENT_PROBLEMS
    assert "minho is a member of this deck and may not import notes" in refused.stderr

    made = runner.invoke(
        app, ["--user", "지민", "users", "minho", "--role", "editor", "--db", db_url]
    )
    assert made.exit_code == 0 and "editor" in made.stdout
    allowed = runner.invoke(app, ["--user", "minho", "import", str(notes), "--db", db_url])
    assert allowed.exit_code == 0, allowed.output


def test_stats_all_users_prints_a_row_per_user_aligned_by_cells(as_user, engine, db_url):
    Reviewer(engine, user="minho")._ensure_user()

    result = runner.invoke(app, ["stats", "--all-users", "--db", db_url])

    assert result.exit_code == 0, result.output
    header, *lines = result.stdout.splitlines()
    assert header.split() == ["user", "role", "reviews", "retention", "streak"]
    rows = {line.split()[0]: line for line in lines}
    assert rows["지민"].split()[1:] == ["owner", "0", "–", "0"]
    assert rows["minho"].split()[1] == "member"

    # Columns line up on screen: "지민" is two characters but four terminal cells.
    def column(line: str, word: str) -> int:
        return cell_len(line[: line.index(word)])

    assert (
        column(rows["지민"], "owner") == column(header, "role") == column(rows["minho"], "member")
    )
