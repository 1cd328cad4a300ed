"""An Anki package goes in as one transaction: its notes, its history and its source.

A failure between the notes and the history, or a SIGKILL before the commit, leaves the
deck exactly as it was: no card without its reviews, no folder remembered as a source.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from quizapp.deck.db import open_database
from quizapp.deck.models import Card, CardState, Deck, Note, ReviewLog, Source
from quizapp.export import anki_import
from quizapp.export.anki_import import import_package, package_folder
from tests.conftest import T0
from tests.export.packages import Collection, build

ROOT = Path(__file__).parents[2]
MS = 1_772_000_000_000
"""An Anki review log id (milliseconds): early March 2026."""


def studied_package(path: Path) -> Path:
    """Three Korean and English notes, two of them reviewed in Anki."""
    collection = Collection()
    collection.basic(1, "TCP의 3-way handshake 순서는?", "SYN → SYN-ACK → ACK")
    collection.basic(2, "What does UDP give up for speed?", "Delivery and ordering guarantees")
    collection.basic(3, "혼잡 윈도우(cwnd)는 무엇을 제한하나?", "확인 응답 없이 보낼 수 있는 양")
    collection.revlog = [
        (MS, 10, 3, 8_000, 0),
        (MS + 86_400_000, 10, 3, 5_000, 1),
        (MS + 3_600_000, 20, 1, 12_000, 0),
    ]
    return build(path, collection)


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__name__: session.exec(select(func.count()).select_from(model)).one()
            for model in (Deck, Note, Card, CardState, ReviewLog, Source)
        }


def test_a_package_imports_notes_and_history_together(engine, tmp_path):
    package = studied_package(tmp_path / "네트워크.apkg")
    result = import_package(engine, package, package_folder(tmp_path / "imported", package), now=T0)
    assert not result.summary.problems
    assert (result.summary.added, result.reviews) == (3, 3)
    assert counts(engine)["ReviewLog"] == 3


def test_a_failure_between_notes_and_history_leaves_the_deck_as_it_was(
    engine, tmp_path, monkeypatch
):
    before = counts(engine)
    package = studied_package(tmp_path / "네트워크.apkg")
    written = []

    def failing_history(transaction, *args):
        # The notes are in (inside the transaction) when the history fails.
        with Session(transaction) as session:
            written.append(session.exec(select(func.count()).select_from(Card)).one())
        raise ValueError("a review the history could not take")

    monkeypatch.setattr(anki_import, "_apply_history", failing_history)
    result = import_package(engine, package, package_folder(tmp_path / "imported", package), now=T0)

    assert written == [3]
    assert result.summary.files_failed == 1 and result.reviews == 0
    (problem,) = [p for p in result.summary.problems if "not imported" in p.message]
    assert "the deck is as it was" in problem.message and "could not take" in problem.message
    assert counts(engine) == before


def test_a_failed_re_import_keeps_the_history_the_first_one_brought(engine, tmp_path, monkeypatch):
    package = studied_package(tmp_path / "네트워크.apkg")
    folder = package_folder(tmp_path / "imported", package)
    import_package(engine, package, folder, now=T0)
    before = counts(engine)
    with Session(engine) as session:
        states = sorted((s.card_id, s.stability, s.due) for s in session.exec(select(CardState)))

    (folder / "extra.md").write_text("# 추가\n\n- Q. ARP는 무엇을 찾나?\n  A. IP에 맞는 MAC 주소\n")

    def failing_history(*_args):
        raise OverflowError("due date out of range")

    monkeypatch.setattr(anki_import, "_apply_history", failing_history)
    result = import_package(engine, package, folder, now=T0)

    assert result.summary.files_failed == 1
    assert counts(engine) == before
    with Session(engine) as session:
        after = sorted((s.card_id, s.stability, s.due) for s in session.exec(select(CardState)))
    assert after == states


KILLED_IMPORT = """
import os, sys, time
from datetime import UTC, datetime
from pathlib import Path
from quizapp.deck.db import open_database
from quizapp.export import anki_import

real = anki_import._apply_history

def history_then_hang(*args):
    added = real(*args)
    # Written beside the marker, then renamed: the test sees the marker whole or not at all.
    marker = Path(sys.argv[3])
    partial = marker.with_suffix(".partial")
    partial.write_text(str(added))
    os.replace(partial, marker)
    time.sleep(600)

anki_import._apply_history = history_then_hang
engine = open_database(sys.argv[1])
package = Path(sys.argv[2])
folder = anki_import.package_folder(package.parent / "imported", package)
anki_import.import_package(engine, package, folder, now=datetime(2026, 3, 2, tzinfo=UTC))
"""


def test_a_package_import_killed_before_its_commit_leaves_the_deck_as_it_was(tmp_path):
    """SIGKILL once the notes and the history are written, before the commit."""
    url = f"sqlite:///{tmp_path / 'deck.db'}"
    engine = open_database(url)
    before = counts(engine)
    engine.dispose()
    package = studied_package(tmp_path / "네트워크.apkg")
    marker = tmp_path / "history-written"
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, url, str(package), str(marker)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("the import ended before its history was written")
        time.sleep(0.02)
    assert marker.read_text() == "3"
    process.send_signal(signal.SIGKILL)
    process.wait()

    engine = open_database(url)
    try:
        assert counts(engine) == before
    finally:
        engine.dispose()
