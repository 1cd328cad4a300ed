"""Checks shared by the crash and concurrency tests: file integrity, log replay, printed ratings."""

from __future__ import annotations

import itertools
import sqlite3
from collections import defaultdict
from datetime import datetime

import fsrs
from sqlalchemy import create_engine, text
from sqlmodel import Session, col, select

from quizapp.deck.models import Card, CardState, ReviewLog
from quizapp.srs.reviewer import LEECH_LAPSES
from quizapp.srs.state import SchedulingState
from tests.reliability.conftest import Workers


def integrity(url: str) -> str:
    """`ok`, or what SQLite's integrity check / PostgreSQL's amcheck found broken."""
    if url.startswith("sqlite:"):
        con = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return con.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            con.close()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            indexes = conn.execute(
                text(
                    "SELECT c.oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                    "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE a.amname = 'btree' AND n.nspname = 'public'"
                )
            ).scalars()
            for oid in indexes.all():
                # Each index against its table: every row indexed, every key in order.
                conn.execute(text("SELECT bt_index_check(:oid, true)"), {"oid": oid})
        return "ok"
    finally:
        engine.dispose()


def replay(logs: list[ReviewLog]) -> tuple[fsrs.Card, int]:
    """A new card put through the logged ratings at the logged times, and its lapses."""
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    card = fsrs.Card(card_id=0, due=logs[0].reviewed_at)
    lapses = 0
    for log in logs:
        if log.rating == fsrs.Rating.Again and log.kind_before == fsrs.State.Review:
            lapses += 1
        card, _ = scheduler.review_card(card, fsrs.Rating(log.rating), log.reviewed_at)
    return card, lapses


def assert_cards_match_their_logs(engine) -> int:
    """Each user's state of each card is their log of it replayed; each log row starts where
    the last ended. Returns how many (user, card) pairs have a log."""
    with Session(engine) as session:
        states = {(st.user_id, st.card_id): st for st in session.exec(select(CardState))}
        card_ids = set(session.exec(select(Card.id)))
        by_card: dict[tuple[int, str], list[ReviewLog]] = defaultdict(list)
        for log in session.exec(select(ReviewLog).order_by(col(ReviewLog.id))):
            by_card[log.user_id, log.card_id].append(log)
    assert {card_id for _, card_id in by_card} <= card_ids
    assert set(by_card) <= set(states), "a rating left no state behind"
    for card_id, card in states.items():
        logs = by_card.get(card_id, [])
        if not logs:
            assert card.fsrs_state is None and card.reps == 0, card_id
            continue
        assert SchedulingState.from_json(logs[0].state_before).is_new, card_id
        for before, after in itertools.pairwise(logs):
            assert after.state_before == before.state_after, card_id
            assert after.reviewed_at > before.reviewed_at, card_id
        replayed, lapses = replay(logs)
        assert (
            card.fsrs_state,
            card.fsrs_step,
            card.stability,
            card.difficulty,
            card.last_review,
            card.reps,
            card.lapses,
            card.leech,
        ) == (
            int(replayed.state),
            replayed.step,
            replayed.stability,
            replayed.difficulty,
            replayed.last_review,
            len(logs),
            lapses,
            lapses >= LEECH_LAPSES,
        ), card_id
        assert card.due == logs[-1].due_after, card_id  # fuzzing moves only `due`
    return len(by_card)


def printed_ratings(workers: Workers) -> list[tuple[str, int, datetime]]:
    """(card, rating, time) of every rating a worker printed as committed."""
    return [
        (card_id, int(rating), datetime.fromisoformat(when))
        for words in workers.lines
        if words[1] == "rated"
        for card_id, rating, when in [words[2:]]
    ]
