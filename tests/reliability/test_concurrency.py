"""Two reviewers and an importer on one deck at once: nobody sees "database is locked"."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, col, select

from quizapp.deck.models import Card, ReviewLog
from quizapp.deck.sync import import_paths
from tests.conftest import T0
from tests.reliability.checks import assert_cards_match_their_logs, integrity, printed_ratings
from tests.reliability.worker import LIVE_NOTE_HEAD

SECONDS = 3.0
"""How long the three processes run side by side (wall time; nothing is timed)."""


def test_two_reviewers_and_an_importer_at_once_lose_nothing(
    workers, engine, make_cards, db_url, tmp_path: Path
):
    make_cards(40, deck="네트워크", prefix="n")
    make_cards(20, deck="실시간", prefix="r")
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "live.md").write_text(LIVE_NOTE_HEAD, encoding="utf-8")
    import_paths(engine, [folder], now=T0)

    # The second reviewer's deck is the one the importer keeps rewriting.
    pids = [
        workers.start(f"review 네트워크 1 {SECONDS}"),
        workers.start(f"review 실시간 2 {SECONDS}"),
        workers.start(f"edit-import {folder} {SECONDS}"),
    ]
    statuses = [workers.reap(pid) for pid in pids]

    stderr = workers.stderr()
    assert "locked" not in stderr
    assert statuses == ["exit 0"] * 3, stderr
    assert integrity(db_url) == "ok"
    for pid in pids[:2]:
        assert workers.said(pid, "rated"), "a reviewer never got to rate"
    [last] = workers.said(pids[2], "imported")[-1]
    rounds = int(last)

    printed = printed_ratings(workers)
    with Session(engine) as session:
        logged = [
            (log.card_id, log.rating, log.reviewed_at) for log in session.exec(select(ReviewLog))
        ]
        live = session.exec(
            select(Card).where(Card.source_path == "live.md", col(Card.retired).is_(False))
        ).all()
    assert sorted(logged) == sorted(printed)  # nobody was killed: every rating was printed
    assert_cards_match_their_logs(engine)
    questions = sorted(card.question for card in live)
    assert questions == sorted(
        ["몇 번 고쳤나?", *(f"{k}번째 질문은?" for k in range(1, rounds + 1))]
    )
    [edited] = [card for card in live if card.question == "몇 번 고쳤나?"]
    assert edited.answer == f"지금까지 {rounds}번 고쳤다."
