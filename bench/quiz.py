"""Quiz performance: drawing questions from a large deck, and grading a written answer.

Builds a deck of N cards (default 10,000) of every kind a quiz asks (definitions, short
answers, clozes, procedures, multiple choice, flow questions, "why" questions with a
rubric), then prints:
- time to start a quiz of 20 questions over the whole deck (median and max of 10 draws);
- time to load the morphological analyser (once per process);
- time to grade one written answer by meaning once it is loaded (median and p95 over the
  216 labelled answers of tests/quiz/data, each graded fresh, claims checked).

Targets (issue 11): drawing 20 questions < 100 ms; grading an answer < 50 ms.

    python bench/quiz.py [--cards 10000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml
from synthetic import NOW, build_deck  # bench/ is on sys.path when run as a script

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp.deck.db import open_database  # noqa: E402
from quizapp.quiz.session import QuizSession  # noqa: E402
from quizapp.quiz.settings import QuizSettings  # noqa: E402

RUBRIC = {
    "scenario": "half-close",
    "pass": 2,
    "points": [
        {"ko": "서버에 보낼 데이터가 남아 있을 수 있다", "en": "data left", "synonyms": [],
         "means": ["서버, server + 데이터, data + 남다, 아직, remaining, still"],
         "links": [{"scenario": None, "query": "segments server in CLOSE_WAIT", "row": 3}]},
        {"ko": "FIN은 한 방향만 닫는다", "en": "one direction", "synonyms": [],
         "means": ["한 방향, one direction + 닫다, close"], "links": []},
    ],
}  # fmt: skip


def mixed_card(i: int) -> tuple[str, str, str, dict[str, Any]]:
    """Every seventh card of each kind, so a mixed quiz draws from all of them."""
    match i % 7:
        case 0:
            return "definition", f"연결 상태 {i}의 정의", "정의", {"term": f"STATE_{i}"}
        case 1:
            return "basic", f"질문 {i}: TCP 헤더의 플래그 하나는?", f"FLAG{i % 40}", {}
        case 2:
            extra = {"clozes": [{"text": f"값{i % 50}", "hint": None}]}
            return "cloze", f"TCP에서 [...]는 {i}번 문장이다", f"TCP에서 값{i % 50}는", extra
        case 3:
            steps = ["SYN", "SYN+ACK", "ACK", f"DATA {i}"]
            return "ordering", f"순서 {i}", "\n".join(steps), {"steps": steps}
        case 4:
            options = [f"보기 {i}-{k}" for k in range(4)]
            return "choice", f"객관식 {i}", options[1], {"options": options, "correct": 1}
        case 5:
            extra = {"scenario": "four-way-close", "query": "state server after-recv FIN"}
            return "flow", f"흐름 {i}: FIN을 받은 서버의 상태는?", "", extra
        case _:
            return (
                "basic",
                f"면접 {i}: 종료가 4단계인 이유는?",
                "서버에 데이터가 남아서",
                {"rubric": RUBRIC},
            )


def bench_draw(url: str, runs: int = 10) -> tuple[list[float], list[float]]:
    """(wall ms, CPU ms) of starting a 20-question quiz, `runs` times. CPU time is what a
    machine shared with other work still measures faithfully."""
    engine = open_database(url)
    wall, cpu = [], []
    for seed in range(runs):
        settings = QuizSettings(count=20, seed=seed, feed_review=False)
        start, start_cpu = time.perf_counter(), time.process_time()
        session = QuizSession(engine, settings, NOW + timedelta(seconds=seed))
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert len(session.questions) == 20
    return wall, cpu


def bench_grading() -> tuple[float, list[float]]:
    from quizapp.quiz.analyser import load_analyser
    from quizapp.quiz.meaning import grade_meaning

    sys.path.insert(0, str(ROOT / "tests" / "quiz"))
    from conftest import bundled_rubrics  # the test suite's reader of the bundled rubrics

    start = time.perf_counter()
    analyser = load_analyser()
    load_ms = (time.perf_counter() - start) * 1000
    rows = yaml.safe_load((ROOT / "tests/quiz/data/labelled_answers.yaml").read_text("utf-8"))
    rubrics = bundled_rubrics()
    times = []
    for row in rows:
        analyser._analyse.cache_clear()  # each answer read afresh, as a new one would be
        start = time.perf_counter()
        grade_meaning(row["answer"], rubrics[row["card"]], analyser)
        times.append((time.perf_counter() - start) * 1000)
    return load_ms, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "quiz.db"
        build_deck(path, args.cards, 0, content=mixed_card)
        draw, cpu = bench_draw(f"sqlite:///{path}")
    print(f"draw 20 questions from {args.cards:,} cards: median {statistics.median(draw):.1f} ms, "
          f"max {max(draw):.1f} ms; CPU median {statistics.median(cpu):.1f} ms "
          f"(target < 100 ms)")  # fmt: skip
    load_ms, grading = bench_grading()
    print(f"load the analyser: {load_ms:.0f} ms (once per process, in a worker thread)")
    p95 = sorted(grading)[int(0.95 * (len(grading) - 1))]
    print(f"grade one answer: median {statistics.median(grading):.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(grading):.1f} ms over {len(grading)} answers (target < 50 ms)")  # fmt: skip


if __name__ == "__main__":
    main()
