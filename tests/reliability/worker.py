"""Child processes for the crash and concurrency tests: reviewers and importers to be killed.

Run as `python worker.py DB_URL`. It imports quizapp once, then forks a worker for each
command read from stdin, so the tests can start and SIGKILL dozens of real processes in
seconds (a fresh interpreter takes half a second just to import SQLAlchemy and fsrs).
Each worker opens its own database connections after the fork.

Commands (one per line) and what is printed (one line each, `<pid> <event> …`):
- `review DECK SEED [SECONDS]`: rate cards of DECK on a simulated clock, forever or for
  SECONDS of wall time; prints `ready` once the deck is open, then `rated CARD RATING
  WHEN` after each rating is committed.
- `import FOLDER WHEN`: import the folder once; prints `ready`, then `imported`.
- `import-stopping FOLDER WHEN`: the same, but the worker stops itself (SIGSTOP) just
  before the commit of the notes it wrote, after printing `committing`: a kill that lands
  inside the transaction however loaded the machine is.
- `edit-import FOLDER SECONDS`: again and again, rewrite `FOLDER/live.md` (one more
  question, one answer changed) and import the folder, for SECONDS; prints `imported N`
  after each import.
- `reap PID`: wait for a worker; prints `reaped PID killed` or `reaped PID exit CODE`.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
from sqlalchemy import func
from sqlmodel import Session, col, select

from quizapp.deck import sync
from quizapp.deck.db import open_database
from quizapp.deck.models import Card, Deck, ReviewLog
from quizapp.deck.sync import import_paths
from quizapp.srs.reviewer import Reviewer
from quizapp.srs.scope import Scope

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LIVE_NOTE_HEAD = "---\ndeck: 실시간\n---\n# 실시간으로 고치는 노트\n"
"""The start of the note `edit-import` rewrites; the tests import it first to make the deck."""
RATINGS = [fsrs.Rating.Again, fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy]


def say(*words: object) -> None:
    """One line to the test, in one write: lines from several workers never interleave."""
    os.write(1, (" ".join(str(w) for w in (os.getpid(), *words)) + "\n").encode())


def _last_review(engine, deck: str) -> datetime | None:
    with Session(engine) as session:
        return session.exec(
            select(func.max(ReviewLog.reviewed_at))
            .join(Card, col(Card.id) == ReviewLog.card_id)
            .join(Deck, col(Deck.id) == Card.deck_id)
            .where(Deck.name == deck)
        ).one()


def review(url: str, deck: str, seed: int, seconds: float | None) -> None:
    deadline = None if seconds is None else time.monotonic() + seconds
    rng = random.Random(seed)
    engine = open_database(url)
    reviewer = Reviewer(engine, Scope(deck=deck))
    # Each deck has one reviewer at a time, whose clock goes on from the deck's last review.
    last = _last_review(engine, deck)
    now = (START if last is None else last.replace(tzinfo=UTC)) + timedelta(minutes=1)
    say("ready")
    while deadline is None or time.monotonic() < deadline:
        card = reviewer.next_card(now)
        if card is None:
            now += timedelta(days=1)
            continue
        rating = rng.choices(RATINGS, weights=[2, 2, 5, 1])[0]
        reviewer.rate(card.id, rating, now, duration_ms=rng.randint(800, 9000))
        say("rated", card.id, int(rating), now.isoformat())
        now += timedelta(minutes=rng.randint(1, 60 * 30))


def import_once(url: str, folder: str, when: str) -> None:
    engine = open_database(url)
    say("ready")
    import_paths(engine, [Path(folder)], now=datetime.fromisoformat(when))
    say("imported")


def import_stopping(url: str, folder: str, when: str) -> None:
    class StoppingSession(Session):
        def commit(self) -> None:
            if writing_notes:
                say("committing")
                os.kill(os.getpid(), signal.SIGSTOP)
            super().commit()

    writing_notes = False
    write_batch = sync._write_batch

    def stopping_write_batch(*args, **kwargs):
        nonlocal writing_notes
        writing_notes = True
        return write_batch(*args, **kwargs)

    sync.Session = StoppingSession  # the worker is a forked child: nothing else sees it
    sync._write_batch = stopping_write_batch
    import_once(url, folder, when)


def edit_import(url: str, folder: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    engine = open_database(url)
    note = Path(folder) / "live.md"
    n = 0
    while time.monotonic() < deadline:
        n += 1
        # The first card's answer changes every time (an update of a card under review);
        # each round adds a card.
        questions = "".join(
            f"\n#### Q. {k}번째 질문은?\n\nA. {k}번째 답.\n" for k in range(1, n + 1)
        )
        note.write_text(
            f"{LIVE_NOTE_HEAD}\n#### Q. 몇 번 고쳤나?\n\nA. 지금까지 {n}번 고쳤다.\n{questions}",
            encoding="utf-8",
        )
        import_paths(engine, [Path(folder)], now=START + timedelta(seconds=n))
        say("imported", n)


def _child(run: Callable[..., None], *args: object) -> None:
    """Run one worker in a forked child; it never returns to the command loop."""
    code = 0
    try:
        run(*args)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)


def _job(url: str, command: str, args: list[str]) -> tuple[Callable[..., None], list[object]]:
    """The worker function and its arguments for one command line."""
    if command == "review":
        seconds = float(args[2]) if len(args) > 2 else None
        return review, [url, args[0], int(args[1]), seconds]
    if command == "import":
        return import_once, [url, args[0], args[1]]
    if command == "import-stopping":
        return import_stopping, [url, args[0], args[1]]
    if command == "edit-import":
        return edit_import, [url, args[0], float(args[1])]
    raise SystemExit(f"unknown command {command!r}")


def main() -> None:
    url = sys.argv[1]
    children: set[int] = set()
    for line in sys.stdin:
        command, *args = line.split()
        if command == "reap":
            pid = int(args[0])
            _, status = os.waitpid(pid, 0)
            children.discard(pid)
            if os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL:
                say("reaped", pid, "killed")
            else:
                say("reaped", pid, "exit", os.waitstatus_to_exitcode(status))
            continue
        run, job_args = _job(url, command, args)
        pid = os.fork()
        if pid == 0:
            sys.stdin.close()
            _child(run, *job_args)
        children.add(pid)
        say("forked", pid)
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
