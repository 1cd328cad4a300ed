"""Export speed on a large deck: 100,000 cards of every kind to each format, and restores.

Builds the deck with raw inserts (like bench/review.py), then prints for each format the
time to export and the size written, and the time to bring the JSON backup and the
Markdown files back into a fresh database.

    python bench/export.py [--cards 100000] [--logs 300000] [--db PATH]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from synthetic import NOW, build_deck  # bench/ is on sys.path when run as a script

from quizapp.deck.db import open_database
from quizapp.deck.sync import import_paths
from quizapp.export import ExportFormat, export_deck
from quizapp.export.json import restore_json
from quizapp.notes.parser import ORDERING_PROMPT

KINDS = ["basic", "basic", "definition", "ordering", "choice", "cloze", "open"]


def _content(i: int) -> tuple[str, str, str, dict]:
    """Kind, question, answer and extra of card `i`, shaped as the parser makes that kind."""
    kind = KINDS[i % len(KINDS)]
    return (kind, *_faces(i, kind))


def _faces(i: int, kind: str) -> tuple[str, str, dict]:
    if kind == "definition":
        return f"용어{i}", f"용어 {i}의 정의: 연결을 **관리**하는 규칙 {i}", {"term": f"용어{i}"}
    if kind == "ordering":
        steps = [f"{i}번 절차의 {n}단계: `SYN` 전송" for n in range(1, 5)]
        answer = "\n".join(f"{n}. {s}" for n, s in enumerate(steps, 1))
        return f"절차 {i} — {ORDERING_PROMPT}", answer, {"steps": steps}
    if kind == "choice":
        options = ["30초", "2MSL", "10분", "무한"]
        extra = {"options": options, "correct": 1}
        return f"질문 {i}: TIME_WAIT는 얼마나 유지되나?", "2MSL\n\n2 × 최대 수명", extra
    if kind == "cloze":
        clozes = [{"index": 1, "text": f"재전송{i}", "hint": None}]
        return (
            f"TCP는 [...]으로 신뢰성을 얻는다 ({i})",
            f"TCP는 재전송{i}으로 신뢰성을 얻는다 ({i})",
            {"clozes": clozes},
        )
    if kind == "open":
        return (
            f"{i}번 주제에 대해 설명하세요",
            f"## 주제 {i}\n\n- 핵심 1\n- 핵심 2\n\n```\ncode {i}\n```",
            {},
        )
    return (
        f"질문 {i}: TCP 연결 종료가 4단계인 이유는?",
        f"답 {i}: 서버에 **보낼 데이터**가 남을 수 있다.",
        {},
    )


def size(path: Path) -> str:
    total = sum(p.stat().st_size for p in path.rglob("*")) if path.is_dir() else path.stat().st_size
    return f"{total / 1024 / 1024:.1f} MB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--logs", type=int, default=300_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp())
    path = args.db or work / "bench.db"
    if not path.exists():
        start = time.perf_counter()
        build_deck(path, args.cards, args.logs, _content)
        print(
            f"built {args.cards:,} cards, {args.logs:,} log rows "
            f"in {time.perf_counter() - start:.1f} s"
        )
    engine = open_database(f"sqlite:///{path}")

    outputs = {}
    for fmt in ExportFormat:
        out = work / f"deck{fmt.suffix}" if fmt.suffix else work / "deck-md"
        start = time.perf_counter()
        result = export_deck(engine, fmt, out, now=NOW)
        elapsed = time.perf_counter() - start
        outputs[fmt] = out
        print(
            f"export {fmt.value:<4} {result.cards:>7,} cards  {elapsed:6.1f} s  "
            f"{result.cards / elapsed:>8,.0f} cards/s  {size(out)}"
        )

    fresh = open_database(f"sqlite:///{work / 'restored.db'}")
    start = time.perf_counter()
    summary = restore_json(fresh, outputs[ExportFormat.json])
    print(f"restore json: {summary.added:,} cards in {time.perf_counter() - start:.1f} s")

    fresh = open_database(f"sqlite:///{work / 'from-md.db'}")
    start = time.perf_counter()
    summary = import_paths(fresh, [outputs[ExportFormat.md]], now=NOW)
    print(f"import md:    {summary.added:,} cards in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
