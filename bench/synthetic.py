"""A large deck written with raw inserts, for the benchmarks (building it through the
importer would take longer than what is measured).

    build_deck(path, cards, logs, content=...)  # cards in every FSRS state, a long review log

Besides the deck's own user (states at random, all queues full), two more users went
through the first three quarters of the deck in source order, as a person does, with no
learning cards: `VETERAN`, whose reviews are due (the review queue), and `READER`, who has
nothing due (new cards are found after walking past all they have seen).
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from quizapp.deck.db import open_database

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
DECKS = ["네트워크", "네트워크::TCP", "네트워크::HTTP", "운영체제", "데이터베이스", "알고리즘"]
VETERAN = "veteran"
READER = "reader"
SEEN_SHARE = 0.75

Content = Callable[[int], tuple[str, str, str, dict[str, Any]]]
"""Card number → (kind, question, answer, extra)."""


def basic_card(i: int) -> tuple[str, str, str, dict[str, Any]]:
    return "basic", f"질문 {i}: TCP 연결 종료가 4단계인 이유는?", f"답 {i}", {}


def _stamp(when: datetime) -> str:
    return when.replace(tzinfo=None).isoformat(sep=" ")


def build_deck(path: Path, cards: int, logs: int, content: Content = basic_card) -> None:
    """Fill a fresh database: `cards` cards in every state over six decks, `logs` reviews."""
    open_database(f"sqlite:///{path}").dispose()
    rng = random.Random(7)
    con = sqlite3.connect(path)
    con.executemany(
        "INSERT INTO deck (name, new_per_day, reviews_per_day, desired_retention) "
        "VALUES (?, 20, 200, 0.9)",
        [(d,) for d in DECKS],
    )
    created = _stamp(NOW - timedelta(days=30))
    # The deck's one user (made when the database was): the benchmarks review as them.
    (user_id,) = con.execute("SELECT id FROM deckuser").fetchone()
    rows = []
    states = []
    for i in range(cards):
        kind, question, answer, extra = content(i)
        state = rng.choice([None, None, 1, 2, 2, 2, 2, 3])
        due = None if state is None else NOW + timedelta(hours=rng.uniform(-72, 24 * 60))
        rows.append(
            (
                f"c{i:07d}", rng.randint(1, len(DECKS)), kind, question, answer, question,
                json.dumps(extra, ensure_ascii=False), f"bench/{i // 50}.md", i % 50 + 1,
                "bench tcp", created, created,
            )
        )  # fmt: skip
        if state is not None:
            states.append(
                (
                    user_id, f"c{i:07d}", state, 0 if state in (1, 3) else None,
                    rng.uniform(1, 100), rng.uniform(1, 10), _stamp(due), rng.randint(1, 30),
                )
            )  # fmt: skip
    con.executemany(
        "INSERT INTO card (id, deck_id, kind, question, answer, question_key, extra_json, "
        "source_path, source_line, tags, created_at, updated_at, explicit_id, retired) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0,0)",
        rows,
    )
    con.executemany(
        "INSERT INTO cardstate (user_id, card_id, fsrs_state, fsrs_step, stability, difficulty, "
        "due, reps, lapses, leech, suspended) VALUES (?,?,?,?,?,?,?,?,0,0,0)",
        states,
    )
    state_json = json.dumps({"fsrs_state": 2, "stability": 10.0})
    batch = []
    for n in range(logs):
        when = NOW - timedelta(minutes=rng.uniform(0, 60 * 24 * 365))
        batch.append(
            (
                f"c{rng.randrange(cards):07d}", rng.choice([1, 2, 3, 3, 3, 4]),
                rng.choice([0, 2, 2, 1]), _stamp(when), rng.randint(1500, 20000),
                state_json, state_json, user_id,
            )
        )  # fmt: skip
        if len(batch) == 100_000 or n == logs - 1:
            con.executemany(
                "INSERT INTO reviewlog (card_id, rating, kind_before, reviewed_at, duration_ms, "
                "state_before, state_after, user_id) VALUES (?,?,?,?,?,?,?,?)",
                batch,
            )
            batch.clear()
    _add_in_order_user(con, rng, VETERAN, cards, due_from=-72)
    _add_in_order_user(con, rng, READER, cards, due_from=24 * 90)
    con.commit()
    con.execute("ANALYZE")
    con.close()


def _add_in_order_user(
    con: sqlite3.Connection, rng: random.Random, name: str, cards: int, due_from: float
) -> None:
    """A member who has reviewed the first `SEEN_SHARE` of the cards in source order, each
    now in review due `due_from` hours from NOW or up to 60 days after that."""
    con.execute("INSERT INTO deckuser (name, role) VALUES (?, 'member')", (name,))
    (user_id,) = con.execute("SELECT id FROM deckuser WHERE name = ?", (name,)).fetchone()
    seen = con.execute(
        "SELECT id FROM card ORDER BY source_path, source_line LIMIT ?",
        (int(cards * SEEN_SHARE),),
    ).fetchall()
    con.executemany(
        "INSERT INTO cardstate (user_id, card_id, fsrs_state, stability, difficulty, due, "
        "reps, lapses, leech, suspended) VALUES (?, ?, 2, ?, ?, ?, ?, 0, 0, 0)",
        [
            (
                user_id, card_id, rng.uniform(1, 100), rng.uniform(1, 10),
                _stamp(NOW + timedelta(hours=due_from + rng.uniform(0, 24 * 60))),
                rng.randint(1, 30),
            )
            for (card_id,) in seen
        ],
    )  # fmt: skip
