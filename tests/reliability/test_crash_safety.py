"""Crash safety: reviewers and importers SIGKILLed at random moments lose nothing committed.

Real processes (forked by worker.py) write to one database file and are killed with
SIGKILL; afterwards the file must be intact, every rating a worker printed as committed
must be in the log exactly once, and each card's state must be what replaying its log
through fsrs gives. An import killed mid-folder must leave each file either fully
imported or untouched.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlmodel import Session, select

from quizapp.deck.db import open_database
from quizapp.deck.models import ReviewLog
from quizapp.deck.sync import import_paths
from tests.conftest import T0
from tests.reliability.checks import assert_cards_match_their_logs, integrity, printed_ratings

DECKS = [f"덱{i}" for i in range(5)]
REVIEW_ROUNDS = 10
"""Each round starts a reviewer per deck and kills all five: 50 kills."""
IMPORT_ROUNDS = 10


def test_reviewers_killed_at_random_moments_lose_no_committed_rating(
    workers, engine, make_cards, db_url
):
    for i, deck in enumerate(DECKS):
        make_cards(30, deck=deck, prefix=f"d{i}-")
    rng = random.Random(20260302)
    kills = 0
    for round_no in range(REVIEW_ROUNDS):
        pids = [workers.start(f"review {deck} {rng.randrange(10**9)}") for deck in DECKS]
        # Some die while still opening the deck; the others after at least one rating.
        early = {pid for pid in pids if rng.random() < 0.2}
        for pid in early:
            workers.kill(pid)
        late = [pid for pid in pids if pid not in early]
        for pid in late:
            workers.wait_said(pid, "rated")
        started = time.monotonic()
        for delay, pid in sorted((rng.uniform(0, 0.3), pid) for pid in late):
            time.sleep(max(0.0, started + delay - time.monotonic()))
            workers.kill(pid)
        for pid in pids:
            assert workers.reap(pid) == "killed", workers.stderr()
            kills += 1
        assert integrity(db_url) == "ok", f"round {round_no}"
    assert kills >= 50

    printed = printed_ratings(workers)
    with Session(engine) as session:
        logged = [
            (log.card_id, log.rating, log.reviewed_at) for log in session.exec(select(ReviewLog))
        ]
    assert len(printed) >= REVIEW_ROUNDS  # at least one rating before most kills
    assert len(set(logged)) == len(logged), "a rating is in the log twice"
    assert set(printed) <= set(logged), "a rating printed as committed is missing"
    # A worker killed between its commit and its print leaves one rating unprinted.
    assert len(set(logged) - set(printed)) <= kills
    assert assert_cards_match_their_logs(engine) > 0


NOTE_A = """\
# {topic} 정리 {i}

- SYN(synchronize): 연결을 요청하는 플래그 {i}
- ACK(acknowledgement): 받았음을 알리는 플래그 {i}

## {topic} 절차

1. 첫째 단계 {i}
2. 둘째 단계 {i}
3. 셋째 단계 {i}

#### Q. {topic}에서 TIME_WAIT가 필요한 이유는? ({i})

A. 늦게 도착한 세그먼트를 흘려보내기 위해서이다.

#### Q. {topic}의 연결 종료는 몇 단계인가? ({i})

A. 4단계이다.
"""

NOTE_B = """\
# {topic} 정리 {i}

- SYN(synchronize): 연결 요청 플래그 (고침) {i}
- ACK(acknowledgement): 받았음을 알리는 플래그 {i}
- FIN(finish): 보낼 데이터가 끝났다는 플래그 {i}

## {topic} 절차

1. 첫째 단계 {i}
2. 둘째 단계 (고침) {i}
3. 셋째 단계 {i}
4. 넷째 단계 {i}

#### Q. {topic}에서 TIME_WAIT 상태가 필요한 이유는? ({i})

A. 마지막 ACK가 사라졌을 때 FIN에 다시 답하려고 2MSL 동안 기다린다.

#### Q. 새로 더한 질문 {i}?

A. 새 답 {i}.
"""

TOPICS = ["TCP", "UDP", "HTTP"]


def write_version(folder: Path, template: str) -> None:
    for i in range(24):
        topic = TOPICS[i % len(TOPICS)]
        path = folder / topic.lower() / f"note{i:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(topic=topic, i=i), encoding="utf-8")


FileState = tuple[str, tuple[tuple[object, ...], ...]]


def file_states(url: str) -> dict[str, FileState]:
    """Per note file: its stored hash and its cards' content (ids included)."""
    engine = create_engine(url)
    try:
        with engine.connect() as con:
            states = {}
            notes = con.execute(text("SELECT id, path, content_hash FROM note")).all()
            for note_id, path, digest in notes:
                cards = con.execute(
                    text(
                        "SELECT id, kind, question, answer, extra_json, source_line, retired "
                        "FROM card WHERE note_id = :note ORDER BY id"
                    ),
                    {"note": note_id},
                ).all()
                states[path] = (digest, tuple(tuple(card) for card in cards))
            return states
    finally:
        engine.dispose()


def clean_states(tmp_path: Path, folder: Path, versions: list[str]) -> list[dict[str, FileState]]:
    """The states after each complete import of the versions in turn, in a fresh deck."""
    url = f"sqlite:///{tmp_path / 'clean.db'}"
    engine = open_database(url)
    states = []
    for template in versions:
        write_version(folder, template)
        import_paths(engine, [folder], now=T0)
        states.append(file_states(url))
    engine.dispose()
    return states


def test_an_import_killed_mid_folder_leaves_each_file_imported_or_untouched(
    workers, engine, db_url, tmp_path
):
    folder = tmp_path / "notes"
    a0, b1, a2, b3 = clean_states(tmp_path, folder, [NOTE_A, NOTE_B, NOTE_A, NOTE_B])
    assert b3 == b1  # back and forth between versions is stable: one target per version
    assert all(a0[path] != b1[path] for path in a0)

    write_version(folder, NOTE_A)
    started = time.monotonic()
    import_paths(engine, [folder], now=T0)
    duration = time.monotonic() - started
    assert file_states(db_url) == a0

    # First a kill that lands inside the import's transaction, every file's rows written
    # and none committed, whatever the machine's load: every file is as it was.
    write_version(folder, NOTE_B)
    pid = workers.start(f"import-stopping {folder} {T0.isoformat()}")
    workers.wait_said(pid, "committing")
    workers.kill(pid)
    assert workers.reap(pid) == "killed", workers.stderr()
    assert integrity(db_url) == "ok"
    assert file_states(db_url) == a0

    # Then kills at random moments of an import (some land after it has finished).
    rng = random.Random(7)
    reached_b: set[str] = set()
    for round_no in range(IMPORT_ROUNDS):
        target = b1 if round_no % 2 == 0 else a2
        write_version(folder, NOTE_B if round_no % 2 == 0 else NOTE_A)
        before = file_states(db_url)
        pid = workers.start(f"import {folder} {T0.isoformat()}")
        workers.wait_said(pid, "ready")
        time.sleep(rng.uniform(0, duration * 1.2))
        workers.kill(pid)
        status = workers.reap(pid)
        assert status in ("killed", "exit 0"), workers.stderr()
        assert integrity(db_url) == "ok"
        after = file_states(db_url)
        assert set(after) == set(before)
        for path, state in after.items():
            assert state in (before[path], target[path]), f"{path} half imported"
        reached_b.update(path for path, state in after.items() if state == b1[path])

    # Finishing the last round's import (back to version A) brings every file to it.
    import_paths(engine, [folder], now=datetime(2026, 3, 3, tzinfo=UTC))
    # A file that never got to B has no retired B-only cards: it is as first imported.
    expected = {path: a2[path] if path in reached_b else a0[path] for path in a0}
    assert file_states(db_url) == expected
