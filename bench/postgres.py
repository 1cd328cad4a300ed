"""SQLite beside PostgreSQL: next-card time on a large deck, and many members rating at once.

Builds the synthetic deck (bench/synthetic.py) in SQLite, copies it into a PostgreSQL
database (COPY), then prints for each engine:
- next card: median, p95 and p99 over 1,000 calls (target p99 < 5 ms), with what the
  machine's load does not change: the statements per call, and on PostgreSQL the round
  trips per call and the server's planning and execution time (EXPLAIN ANALYZE);
- a load run: MEMBERS processes, each a user of its own (own schedule), rating cards as
  fast as they can for SECONDS: ratings/s, p95 from rating to next card, errors.

    python bench/postgres.py --pg postgresql+psycopg://postgres@/postgres?host=/tmp/pg \\
        [--cards 100000] [--logs 1000000] [--members 50] [--seconds 60] \\
        [--sqlite PATH [--reuse]] [--no-load]

`--pg` names a server's maintenance database; a database `quizapp_bench` is (re)made on it.
While iterating: `--sqlite PATH` keeps the SQLite deck there (built when missing), and
`--reuse` measures the deck at PATH and the `quizapp_bench` database as they are (built by
an earlier run with the same sizes); the load-run members' rows are deleted before each load
run, so runs start alike. `--members 0` or `--no-load` skips the load run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import tempfile
import time
import traceback
from datetime import timedelta
from pathlib import Path

import fsrs
from review import percentile, print_next_card  # bench/ is on sys.path when run as a script
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from synthetic import DECKS, NOW, build_deck

from quizapp.deck.db import open_database
from quizapp.srs.reviewer import Reviewer, Scope

TABLES = ("deckuser", "deck", "card", "cardstate", "reviewlog")


def copy_to_postgres(sqlite_path: Path, admin_url: str) -> str:
    """A fresh PostgreSQL database holding the SQLite deck's rows; its URL."""
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS quizapp_bench WITH (FORCE)"))
        conn.execute(text("CREATE DATABASE quizapp_bench"))
    admin.dispose()
    url = make_url(admin_url).set(database="quizapp_bench").render_as_string(hide_password=False)
    engine = open_database(url)
    with engine.begin() as conn:  # the SQLite deck's user comes with its rows
        conn.execute(text("DELETE FROM deckuser"))
    source = sqlite3.connect(sqlite_path)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
            if "id" in columns and table != "card":
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()
        source.close()
        engine.dispose()
    return url


def drop_members(url: str) -> None:
    """Delete the rows of an earlier load run's members, so that each run starts alike."""
    engine = open_database(url)
    with engine.begin() as conn:
        users = "SELECT id FROM deckuser WHERE name LIKE 'member%'"
        for table in ("reviewlog", "cardstate", "userdecksettings"):
            conn.execute(text(f"DELETE FROM {table} WHERE user_id IN ({users})"))
        conn.execute(text("DELETE FROM deckuser WHERE name LIKE 'member%'"))
    engine.dispose()


def member(url: str, name: str, deck: str, seconds: float, results: multiprocessing.Queue) -> None:
    """One member (their own user): rate whatever comes next, as fast as possible."""
    latencies: list[float] = []
    errors = 0
    ratings = 0
    try:
        engine = open_database(url)
        reviewer = Reviewer(engine, Scope(deck=deck), user=name)
        now = NOW
        deadline = time.monotonic() + seconds
        card = reviewer.next_card(now)
        while time.monotonic() < deadline:
            if card is None:
                now += timedelta(days=1)
                card = reviewer.next_card(now)
                continue
            start = time.perf_counter()
            try:
                reviewer.rate(card.id, fsrs.Rating.Good, now)
                card = reviewer.next_card(now)
                latencies.append((time.perf_counter() - start) * 1000)
                ratings += 1
            except Exception:
                errors += 1
                traceback.print_exc()
                card = reviewer.next_card(now)
            now += timedelta(seconds=30)
        engine.dispose()
    except Exception:
        errors += 1
        traceback.print_exc()
    results.put((ratings, errors, latencies))


def load_run(url: str, members: int, seconds: float) -> str:
    drop_members(url)
    results: multiprocessing.Queue = multiprocessing.Queue()
    processes = [
        multiprocessing.Process(
            target=member, args=(url, f"member{i:02d}", DECKS[i % len(DECKS)], seconds, results)
        )
        for i in range(members)
    ]
    for process in processes:
        process.start()
    gathered = [results.get() for _ in processes]
    for process in processes:
        process.join()
    ratings = sum(r for r, _, _ in gathered)
    errors = sum(e for _, e, _ in gathered)
    latencies = [ms for _, _, times in gathered for ms in times]
    p95 = percentile(latencies, 95) if latencies else float("nan")
    return (
        f"{members} members for {seconds:.0f} s: {ratings / seconds:.0f} ratings/s, "
        f"p95 rating → next card {p95:.1f} ms, errors {errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", required=True, help="URL of a PostgreSQL maintenance database")
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--sqlite", type=Path, help="where to keep the SQLite deck")
    parser.add_argument(
        "--reuse", action="store_true", help="measure the decks an earlier run built"
    )
    parser.add_argument("--no-load", action="store_true", help="skip the load run")
    args = parser.parse_args()

    path = args.sqlite or Path(tempfile.mkdtemp()) / "bench.db"
    if args.reuse:
        if not path.exists():
            parser.error(f"--reuse: no deck at {path}")
        pg_url = make_url(args.pg).set(database="quizapp_bench").render_as_string(False)
    else:
        path.unlink(missing_ok=True)
        start = time.perf_counter()
        build_deck(path, args.cards, args.logs)
        print(f"built {args.cards:,} cards, {args.logs:,} log rows in SQLite "
              f"({time.perf_counter() - start:.1f} s)")  # fmt: skip
        start = time.perf_counter()
        pg_url = copy_to_postgres(path, args.pg)
        print(f"copied into PostgreSQL ({time.perf_counter() - start:.1f} s)")

    for name, url in (("sqlite", f"sqlite:///{path}"), ("postgresql", pg_url)):
        print_next_card(url, f"{name:>10} ")
    if args.no_load or not args.members:
        return
    for name, url in (("sqlite", f"sqlite:///{path}"), ("postgresql", pg_url)):
        print(f"{name:>10} load: {load_run(url, args.members, args.seconds)}")


if __name__ == "__main__":
    main()
