"""Review screen latency: from a rating key press to the next card drawn, with where it goes.

Drives the real app with Pilot on a large deck whose cards carry the bundled notes' text
(Markdown with code, tables, lists, images: what the review screen really renders), and
prints for each press the time from the key to the next card painted (median, p95), split
into:
- worker: the rating write and the next card's read, off the event loop (srs layer);
- show: putting the card on the screen (`ReviewScreen._show`, on the event loop, with the
  front's Markdown built when it waits for that);
- paint: from `_show` returning to the screen's first refresh after the front's Markdown
  is built (what the user sees: the refresh right after `_show` may still draw the old card);
and the process's CPU time over the same span (all threads), which other load on the
machine does not add to: compare runs by it when the load average is high.

Target (issue 3): key to next card p95 < 50 ms.

    python bench/review_keys.py [--cards 20000] [--logs 200000] [--presses 100] [--profile]

`--profile` prints the event loop's 25 costliest functions (cProfile) over the presses.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import inspect
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from synthetic import NOW, build_deck  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.deck.db import open_database  # noqa: E402
from quizapp.deck.queries import find_cards  # noqa: E402
from quizapp.deck.sync import import_paths  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def bundled_faces(scratch: Path) -> list[tuple[str, str, str, dict[str, Any]]]:
    """The bundled notes' cards (kind, question, answer, extra), imported into a scratch deck."""
    engine = open_database(f"sqlite:///{scratch}")
    import_paths(engine, [ROOT / "content"], now=NOW)
    cards = [(c.kind, c.question, c.answer, c.extra) for c, _ in find_cards(engine)]
    engine.dispose()
    return cards


async def measure(url: str, presses: int, profile: cProfile.Profile | None) -> dict[str, list]:
    """Milliseconds per press: total (key to paint) and its parts."""
    from textual.await_complete import AwaitComplete
    from textual.widgets import Markdown

    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.review import ReviewScreen

    app = QuizApp(url, clock=lambda: NOW, sync_sources=False, enable_fuzzing=False)
    figures: dict[str, list[float]] = {
        "total": [],
        "worker": [],
        "show": [],
        "paint": [],
        "cpu": [],
    }
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen), screen
        marks: dict[str, float] = {}
        show = screen._show
        next_card = screen._next
        rate = screen.reviewer.rate

        def timed_rate(*args: Any, **kwargs: Any) -> Any:
            marks["worker_start"] = time.perf_counter()
            return rate(*args, **kwargs)

        def timed_next(*args: Any, **kwargs: Any) -> Any:
            result = next_card(*args, **kwargs)
            marks["worker_end"] = time.perf_counter()
            return result

        front = screen.query_one("#front", Markdown)
        update_front = front.update
        front_updates: list[AwaitComplete] = []

        def timed_update(markdown: str) -> AwaitComplete:
            front_updates.append(update_front(markdown))
            return front_updates[-1]

        def shown() -> None:
            marks["show_end"] = time.perf_counter()
            # The card is seen once the front's Markdown blocks are mounted (Markdown.update
            # parses in a thread, then mounts) and the screen is refreshed after that.
            tasks.add(asyncio.ensure_future(paint_after(list(front_updates))))

        def timed_show(*args: Any, **kwargs: Any) -> None:
            marks["show_start"] = time.perf_counter()
            front_updates.clear()
            show(*args, **kwargs)
            shown()

        async def timed_async_show(*args: Any, **kwargs: Any) -> None:
            marks["show_start"] = time.perf_counter()
            front_updates.clear()
            await show(*args, **kwargs)
            shown()

        async def paint_after(updates: list[AwaitComplete]) -> None:
            for update in updates:
                await update
            screen.call_after_refresh(painted)

        def painted() -> None:
            marks.setdefault("painted", time.perf_counter())
            marks.setdefault("painted_cpu", time.process_time())

        screen.reviewer.rate = timed_rate  # type: ignore[method-assign]
        screen._next = timed_next  # type: ignore[method-assign]
        # `_show` returns before the front's Markdown is built; a coroutine `_show` (one that
        # waits for it) is timed the same way.
        async_show = inspect.iscoroutinefunction(show)
        screen._show = timed_async_show if async_show else timed_show  # type: ignore[method-assign]
        front.update = timed_update  # type: ignore[method-assign]
        tasks: set[asyncio.Future[None]] = set()
        for _ in range(presses):
            before = screen.card.id if screen.card else None
            await pilot.press("space")
            await pilot.pause()
            marks.clear()
            if profile:
                profile.enable()
            start = time.perf_counter()
            start_cpu = time.process_time()
            await pilot.press("3")
            await app.workers.wait_for_complete()
            await asyncio.gather(*tasks)
            tasks.clear()
            await pilot.pause()
            if profile:
                profile.disable()
            if "painted" in marks:
                figures["total"].append((marks["painted"] - start) * 1000)
                figures["worker"].append((marks["worker_end"] - marks["worker_start"]) * 1000)
                figures["show"].append((marks["show_end"] - marks["show_start"]) * 1000)
                figures["paint"].append((marks["painted"] - marks["show_end"]) * 1000)
                figures["cpu"].append((marks["painted_cpu"] - start_cpu) * 1000)
            if screen.card is None or screen.card.id == before:
                break
        await app.workers.wait_for_complete()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--logs", type=int, default=200_000)
    parser.add_argument("--presses", type=int, default=100)
    parser.add_argument(
        "--db", type=Path, default=None, help="build once, then reuse, this deck (runs use a copy)"
    )
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    path = args.db or Path(tempfile.mkdtemp()) / "review-keys.db"
    if not path.exists():
        faces = bundled_faces(path.with_suffix(".bundled.db"))
        build_deck(path, args.cards, args.logs, content=lambda i: faces[i % len(faces)])
        print(f"built {args.cards:,} cards from {len(faces)} bundled ones ({path})")

    # Ratings are written: each run reviews a copy, so runs start from the same queue.
    run = Path(tempfile.mkdtemp()) / "run.db"
    shutil.copy(path, run)
    profile = cProfile.Profile() if args.profile else None
    figures = asyncio.run(measure(f"sqlite:///{run}", args.presses, profile))
    shutil.rmtree(run.parent)
    if not figures["total"]:
        raise SystemExit(f"no card to review in {path}")
    total = figures["total"]
    print(
        f"key to next card: median {statistics.median(total):.1f} ms, "
        f"p95 {percentile(total, 95):.1f} ms ({len(total)} presses; target p95 < 50 ms)"
    )
    for part in ("worker", "show", "paint", "cpu"):
        values = figures[part]
        print(
            f"  {part:>6}: median {statistics.median(values):.1f} ms, "
            f"p95 {percentile(values, 95):.1f} ms"
        )
    print(f"  load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
