"""A killed export leaves the file that was there: the old backup, never a truncated one.

`quizapp export` is SIGKILLed while it writes (once its temporary file has appeared), for a
JSON backup and an Anki package over an existing good one; the target must still be the
old file byte for byte, and a later export must replace it whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sqlmodel import Session

from quizapp.deck.db import open_database, writer
from quizapp.deck.models import Card, Deck
from tests.conftest import T0

ROOT = Path(__file__).parents[2]


def big_deck(path: Path, cards: int = 10_000) -> str:
    url = f"sqlite:///{path}"
    engine = open_database(url)
    with Session(writer(engine)) as session:
        deck = Deck(name="네트워크")
        session.add(deck)
        session.flush()
        assert deck.id is not None
        answer = "재전송 타이머가 만료되면 세그먼트를 다시 보낸다. " * 8
        session.add_all(
            Card(
                id=f"c{n:05d}",
                deck_id=deck.id,
                kind="basic",
                question=f"TCP 질문 {n}: 재전송은 언제 일어나는가?",
                answer=answer,
                question_key=f"tcp 질문 {n}",
                created_at=T0,
            )
            for n in range(cards)
        )
        session.commit()
    engine.dispose()
    return url


def export(db: str, fmt: str, out: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "quizapp", "export", "-f", fmt, "-o", str(out), "--db", db],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill_while_writing(process: subprocess.Popen, folder: Path) -> bool:
    """SIGKILL the export once its temporary file exists; False if it finished first."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if any(p.name.endswith(".part") and p.stat().st_size > 0 for p in folder.iterdir()):
            process.send_signal(signal.SIGKILL)
            process.wait()
            return True
        time.sleep(0.005)
    process.kill()
    pytest.fail("export did not start writing")


@pytest.mark.parametrize("fmt", ["json", "apkg"])
def test_a_killed_export_leaves_the_old_file_intact(tmp_path, fmt):
    db = big_deck(tmp_path / "deck.db")
    out_dir = tmp_path / "backups"
    out_dir.mkdir()
    target = out_dir / f"backup.{fmt}"
    assert export(db, fmt, target).wait() == 0
    good = hashlib.sha256(target.read_bytes()).hexdigest()

    killed = 0
    for _ in range(2):
        if kill_while_writing(export(db, fmt, target), out_dir):
            killed += 1
            assert hashlib.sha256(target.read_bytes()).hexdigest() == good
    assert killed, "the export always finished before it could be killed"

    assert export(db, fmt, target).wait() == 0
    if fmt == "apkg":
        with zipfile.ZipFile(target) as archive:
            assert archive.testzip() is None
    else:
        assert len(json.loads(target.read_text(encoding="utf-8"))["cards"]) == 10_000
