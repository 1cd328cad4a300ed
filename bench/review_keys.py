"""Review screen latency: from a rating key press to the next card drawn, with where it goes.

Drives the real app with Pilot on a large deck whose cards carry the bundled notes' text
(Markdown with code, tables, lists, images: what the review screen really renders), and
prints for each press the time from the key to the next card painted (median, p95), split
into:
- worker: the rating write and the next card's read, off the event loop (srs layer);
- show: putting the card on the screen (`ReviewScreen._show`, on the event loop);
- paint: from `_show` returning to the screen's refresh after it.

Target (issue 3): key to next card p95 < 50 ms.

    python bench/review_keys.py [--cards 20000] [--logs 200000] [--presses 100] [--profile]

`--profile` prints the event loop's 25 costliest functions (cProfile) over the presses.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
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
    from quizapp.tui.app import QuizApp
    from quizapp.tui.screens.review import ReviewScreen

    app = QuizApp(url, clock=lambda: NOW, sync_sources=False, enable_fuzzing=False)
    figures: dict[str, list[float]] = {"total": [], "worker": [], "show": [], "paint": []}
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

        def timed_show(*args: Any, **kwargs: Any) -> None:
            marks["show_start"] = time.perf_counter()
            show(*args, **kwargs)
            marks["show_end"] = time.perf_counter()
            screen.call_after_refresh(lambda: marks.setdefault("painted", time.perf_counter()))

        screen.reviewer.rate = timed_rate  # type: ignore[method-assign]
        screen._next = timed_next  # type: ignore[method-assign]
        screen._show = timed_show  # type: ignore[method-assign]
        for _ in range(presses):
            before = screen.card.id if screen.card else None
            await pilot.press("space")
            await pilot.pause()
            marks.clear()
            if profile:
                profile.enable()
            start = time.perf_counter()
            await pilot.press("3")
            await app.workers.wait_for_complete()
            await pilot.pause()
            if profile:
                profile.disable()
            if "painted" in marks:
                figures["total"].append((marks["painted"] - start) * 1000)
                figures["worker"].append((marks["worker_end"] - marks["worker_start"]) * 1000)
                figures["show"].append((marks["show_end"] - marks["show_start"]) * 1000)
                figures["paint"].append((marks["painted"] - marks["show_end"]) * 1000)
            if screen.card is None or screen.card.id == before:
                break
        await app.workers.wait_for_complete()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--logs", type=int, default=200_000)
    parser.add_argument("--presses", type=int, default=100)
    parser.add_argument("--db", type=Path, default=None, help="reuse (or build once) this deck")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    path = args.db or Path(tempfile.mkdtemp()) / "review-keys.db"
    if not path.exists():
        faces = bundled_faces(path.with_suffix(".bundled.db"))
        build_deck(path, args.cards, args.logs, content=lambda i: faces[i % len(faces)])
        print(f"built {args.cards:,} cards from {len(faces)} bundled ones ({path})")

    profile = cProfile.Profile() if args.profile else None
    figures = asyncio.run(measure(f"sqlite:///{path}", args.presses, profile))
    total = figures["total"]
    print(
        f"key to next card: median {statistics.median(total):.1f} ms, "
        f"p95 {percentile(total, 95):.1f} ms ({len(total)} presses; target p95 < 50 ms)"
    )
    for part in ("worker", "show", "paint"):
        values = figures[part]
        print(
            f"  {part:>6}: median {statistics.median(values):.1f} ms, "
            f"p95 {percentile(values, 95):.1f} ms"
        )
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
