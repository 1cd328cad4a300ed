"""Review performance on a large deck: next-card time, key-to-next-card latency, start-up, memory.

Builds a deck of N cards (default 100,000) with M review-log rows (default 1,000,000), then
prints:
- time to compute the next card (median, p95 and p99 over 1,000 calls), with the statements
  it runs (and on PostgreSQL its round trips to the server and the server's own time for
  its statement, from EXPLAIN ANALYZE), figures the machine's other load does not change;
- time from a rating key press to the next card shown, through Pilot (median and p95);
- app start to first screen, against a bare Textual app started the same way (ratio);
- peak memory (max RSS) of the process.

Targets (issue 3): next card p99 < 5 ms, key to next card p95 < 50 ms, start-up ≤ 1.5× the
bare app, peak memory < 200 MB.

    python bench/review.py [--cards 100000] [--logs 1000000] [--db PATH] [--only startup]

`--only startup` measures start-up alone (on `--db`, or on a new empty deck when none is
given), without building the large deck.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from synthetic import NOW, READER, VETERAN, build_deck  # bench/ is on sys.path as a script

from quizapp.deck.db import open_database
from quizapp.srs.reviewer import Reviewer, Scope


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


QUEUES = (
    ("learning", None),
    ("review", VETERAN),
    ("new", READER),
)
"""Which user of the synthetic deck shows each queue: the deck's own user always has
learning cards due; the veteran has reviews due; the reader has only new cards left, after
75,000 seen in source order (bench/synthetic.py)."""


class Statements:
    """The statements an engine runs, and on PostgreSQL its round trips to the server (the
    ReadyForQuery messages in libpq's trace of every connection checked out)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.executed: list[tuple[str, object]] = []
        postgres = engine.dialect.name == "postgresql"
        self.trace = tempfile.TemporaryFile("w+") if postgres else None  # noqa: SIM115 (`stop`)
        event.listen(engine, "before_cursor_execute", self._executed)
        if self.trace is not None:
            event.listen(engine, "checkout", self._checkout)
            event.listen(engine, "checkin", self._checkin)

    def _executed(self, conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        self.executed.append((statement, parameters))

    def _checkout(self, dbapi_connection, record, proxy) -> None:  # type: ignore[no-untyped-def]
        assert self.trace is not None
        dbapi_connection.pgconn.trace(self.trace.fileno())

    def _checkin(self, dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.pgconn.untrace()

    def stop(self) -> int | None:
        """Stop listening; the round trips made (None: not PostgreSQL)."""
        event.remove(self.engine, "before_cursor_execute", self._executed)
        if self.trace is None:
            return None
        event.remove(self.engine, "checkout", self._checkout)
        event.remove(self.engine, "checkin", self._checkin)
        with self.trace:
            self.trace.seek(0)
            return sum(1 for line in self.trace if "\tB\t" in line and "ReadyForQuery" in line)


def server_milliseconds(engine: Engine, statement: str, parameters: object) -> tuple[float, float]:
    """PostgreSQL's planning and execution time of one statement (EXPLAIN ANALYZE)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {statement}", parameters)
        plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        raw.rollback()
    finally:
        raw.close()
    return plan[0]["Planning Time"], plan[0]["Execution Time"]


def bench_next_card(url: str, user: str | None = None) -> tuple[list[float], list[float], str]:
    """Milliseconds of 1,000 `next_card` calls a second apart, in one session of `user`:
    wall time, and this process's CPU time (what the machine's other load does not add to;
    a PostgreSQL server's own work is not in it); and the statements and round trips of
    100 calls more, with the server's time for the last one's statements."""
    engine = open_database(url)
    reviewer = Reviewer(engine, Scope(deck="네트워크"), user=user)
    times = []
    cpu = []
    for i in range(1000):
        now = NOW + timedelta(seconds=i)
        start = time.perf_counter()
        start_cpu = time.process_time()
        reviewer.next_card(now)
        cpu.append((time.process_time() - start_cpu) * 1000)
        times.append((time.perf_counter() - start) * 1000)
    statements = Statements(engine)
    calls = 100
    for i in range(calls):
        if i == calls - 1:
            statements.executed.clear()
        reviewer.next_card(NOW + timedelta(seconds=1000 + i))
    trips = statements.stop()
    counted = f"statements per call {len(statements.executed)}"
    if trips is not None:
        server = [server_milliseconds(engine, *executed) for executed in statements.executed]
        counted += (
            f", round trips per call {trips / calls:.1f}, server time (EXPLAIN ANALYZE) "
            f"execution {sum(e for _, e in server):.3f} ms + planning "
            f"{sum(p for p, _ in server):.3f} ms (PostgreSQL plans each execution: custom plans)"
        )
    engine.dispose()
    return times, cpu, counted


def print_next_card(url: str, label: str = "") -> None:
    """Next-card figures for each queue, with the machine's load (the figures are wall time)."""
    for queue, user in QUEUES:
        times, cpu, counted = bench_next_card(url, user)
        print(
            f"{label}next card ({queue:>8}): median {statistics.median(times):.2f} ms, "
            f"p95 {percentile(times, 95):.2f} ms, p99 {percentile(times, 99):.2f} ms, "
            f"first {times[0]:.1f} ms; client CPU median {statistics.median(cpu):.2f} ms, "
            f"p99 {percentile(cpu, 99):.2f} ms (1,000 calls; target p99 < 5 ms; load "
            f"average {os.getloadavg()[0]:.1f}); {counted}"
        )


async def bench_key_to_card(url: str, presses: int = 100) -> list[float]:
    """Milliseconds from the rating key press to the next card painted on the screen.

    Timed inside the app (the screen's refresh after the new card is shown), not by
    Pilot's round trip, which adds its own waits for the app to go idle.
    """
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.review import ReviewScreen

    app = QuizApp(open_database(url), clock=lambda: NOW)
    times: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        painted: list[float] = []
        show = screen._show

        def timed_show(*args, **kwargs):
            show(*args, **kwargs)
            screen.call_after_refresh(lambda: painted.append(time.perf_counter()))

        screen._show = timed_show  # type: ignore[method-assign]
        for _ in range(presses):
            before = screen.card.id if screen.card else None
            await pilot.press("space")
            await pilot.pause()
            painted.clear()
            start = time.perf_counter()
            await pilot.press("3")
            await app.workers.wait_for_complete()
            await pilot.pause()
            if painted:
                times.append((painted[0] - start) * 1000)
            if screen.card is None or screen.card.id == before:
                break
    return times


STARTUP_SCRIPT = """
import sys, time
t0 = time.perf_counter()
{imports}
class Probe({base}):
    def on_ready(self):
        print(time.perf_counter() - t0)
        self.exit()
Probe({args}).run(headless=True)
"""


def startup_sample(imports: str, base: str, args: str) -> float:
    """Seconds from the start of a fresh interpreter to the app's first screen (Ready)."""
    script = STARTUP_SCRIPT.format(imports=imports, base=base, args=args)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"start-up probe failed:\n{result.stderr}")
    return float(result.stdout.strip().splitlines()[-1])


def print_startup(url: str, runs: int = 11) -> None:
    """Median start-up of quizapp and of a bare Textual app, run in turn so that the
    machine's other load weighs on both alike."""
    bare: list[float] = []
    ours: list[float] = []
    for _ in range(runs):
        bare.append(startup_sample("from textual.app import App", "App", ""))
        ours.append(startup_sample("from quizapp.tui.app import QuizApp", "QuizApp", repr(url)))
    bare_s, ours_s = statistics.median(bare), statistics.median(ours)
    print(
        f"start-up to first screen: quizapp {ours_s * 1000:.0f} ms, bare Textual "
        f"{bare_s * 1000:.0f} ms, ratio {ours_s / bare_s:.2f} (target ≤ 1.5; median of {runs})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument(
        "--only", choices=["startup"], default=None, help="run only this part of the bench"
    )
    parser.add_argument("--runs", type=int, default=11, help="start-up runs of each app")
    args = parser.parse_args()

    if args.only == "startup":
        path = args.db or Path(tempfile.mkdtemp()) / "startup.db"
        print_startup(f"sqlite:///{path}", args.runs)
        return

    path = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    if not path.exists():
        start = time.perf_counter()
        build_deck(path, args.cards, args.logs)
        print(
            f"built {args.cards:,} cards, {args.logs:,} log rows in "
            f"{time.perf_counter() - start:.1f} s ({path})"
        )
    url = f"sqlite:///{path}"

    print_next_card(url)

    presses = asyncio.run(bench_key_to_card(url))
    print(
        f"key to next card: median {statistics.median(presses):.1f} ms, "
        f"p95 {percentile(presses, 95):.1f} ms ({len(presses)} presses; target p95 < 50 ms)"
    )

    print_startup(url, args.runs)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (this process): {peak_mb:.0f} MB (target < 200 MB)")


if __name__ == "__main__":
    main()
