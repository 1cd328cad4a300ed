"""A killed export leaves the file that was there: the old backup, never a truncated one.

`quizapp export` is SIGKILLed while it writes (it stops itself a third, then two thirds,
of the way into its temporary file), for a JSON backup and an Anki package over an existing
good one; the target must still be the old file byte for byte, and a later export must
replace it whole and remove the partial file the killed one left (and nothing else), with
nothing left in the temporary folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlmodel import Session

from quizapp.deck.db import open_database, writer
from quizapp.deck.models import Card, Deck
from quizapp.export.atomic import PARTIAL_NAME, write_text
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


def export(
    db: str, fmt: str, out: Path, tmp: Path, *, stop_at: int | None = None
) -> subprocess.Popen:
    """`quizapp export` in a process of its own; with `stop_at`, it stops itself (SIGSTOP)
    once that many bytes of its temporary file are written and flushed."""
    command = ["export", "-f", fmt, "-o", str(out), "--db", db]
    if stop_at is None:
        program = [sys.executable, "-m", "quizapp", *command]
    else:
        program = [sys.executable, "-c", STOPPING_EXPORT, str(stop_at), *command]
    return subprocess.Popen(
        program,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


STOPPING_EXPORT = """
import io, os, signal, sys

STOP_AT = int(sys.argv.pop(1))
real_fdopen = os.fdopen


class Stopping(io.BufferedWriter):
    # Once STOP_AT bytes are in the file, the process stops where it is, mid-write.
    def write(self, data):
        written = super().write(data)
        if self.tell() >= STOP_AT:
            self.flush()
            os.kill(os.getpid(), signal.SIGSTOP)
        return written


def fdopen(fd, mode="r", *args, **kwargs):
    if mode == "wb" and os.readlink(f"/proc/self/fd/{fd}").endswith(".part"):
        return Stopping(io.FileIO(fd, "wb"))
    return real_fdopen(fd, mode, *args, **kwargs)


os.fdopen = fdopen
from quizapp.cli import main

sys.argv[0] = "quizapp"
main()
"""
"""The real command, made to stop at a chosen point of its write: a kill that lands while
it writes whatever the machine's load (an export outruns a test polling for its file)."""


def kill_while_writing(process: subprocess.Popen) -> None:
    """SIGKILL the export once it has stopped itself mid-write (`stop_at`)."""
    _, status = os.waitpid(process.pid, os.WUNTRACED)
    if not os.WIFSTOPPED(status):
        process.returncode = os.waitstatus_to_exitcode(status)
        pytest.fail(f"the export ended ({process.returncode}) before it wrote the stopping point")
    process.send_signal(signal.SIGKILL)
    process.wait()


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.parametrize("fmt", ["json", "apkg"])
def test_a_killed_export_leaves_the_old_file_intact(tmp_path, fmt):
    db = big_deck(tmp_path / "deck.db")
    out_dir = tmp_path / "backups"
    out_dir.mkdir()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    target = out_dir / f"backup.{fmt}"
    assert export(db, fmt, target, tmp).wait() == 0
    good = hashlib.sha256(target.read_bytes()).hexdigest()

    size = target.stat().st_size
    # Killed a third of the way, then two thirds: the second export first sweeps the
    # partial file the first one left.
    for stop_at in (size // 3, 2 * size // 3):
        kill_while_writing(export(db, fmt, target, tmp, stop_at=stop_at))
        assert hashlib.sha256(target.read_bytes()).hexdigest() == good
        assert [p.name for p in tmp.iterdir()] == []
        [left] = [p for p in out_dir.iterdir() if p != target]
        assert PARTIAL_NAME.match(left.name), left
        assert stop_at <= left.stat().st_size < size  # killed while it wrote

    assert export(db, fmt, target, tmp).wait() == 0
    assert sorted(out_dir.iterdir()) == [target]
    assert [p.name for p in tmp.iterdir()] == []
    if fmt == "apkg":
        with zipfile.ZipFile(target) as archive:
            assert archive.testzip() is None
    else:
        assert len(json.loads(target.read_text(encoding="utf-8"))["cards"]) == 10_000


def test_an_export_removes_only_partial_files_whose_writer_is_gone(tmp_path):
    """What the sweep must leave: a running writer's file, a locked one, the user's own
    files that merely look alike, and symlinks (never followed, never removed)."""
    folder = tmp_path / "out"
    folder.mkdir()
    gone = dead_pid()
    stale = folder / f".backup.json.{gone}.0badc0de.part"
    stale.write_text('{"decks": [', encoding="utf-8")
    other_stale = folder / f".다른 백업.json.{gone}.12345678.part"
    other_stale.write_text("{", encoding="utf-8")
    running = folder / f".backup.json.{os.getpid()}.feedface.part"
    running.write_text("{", encoding="utf-8")
    mine = [
        folder / f"backup.json.{gone}.0badc0de.part",  # not hidden
        folder / f".backup.json.{gone}.0BADC0DE.part",  # not our hex
        folder / f".backup.json.{gone}.part",  # no token
        folder / ".노트.part",
    ]
    for path in mine:
        path.write_text("사용자 파일", encoding="utf-8")
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    link = folder / f".link.json.{gone}.abcdef01.part"
    link.symlink_to(outside)
    locked = folder / f".locked.json.{gone}.abcdef02.part"
    locked.write_text("{", encoding="utf-8")

    with locked.open("rb") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        write_text(folder / "backup.json", "{}")

    assert not stale.exists() and not other_stale.exists()
    for path in [running, *mine, link, locked]:
        assert path.is_symlink() or path.exists(), path
    assert outside.read_text(encoding="utf-8") == "keep"
    assert (folder / "backup.json").read_text(encoding="utf-8") == "{}"
    assert not [p for p in folder.iterdir() if str(os.getpid()) in p.name and p != running]
