"""Import performance: our import against a bare parse-and-insert baseline and against Anki.

Generates N notes in the style of the seed note (Korean, a FLAG definition list, numbered
steps, `#### Q.` questions with `A.` answers, an open-question list; nine cards each) and
prints, for each N:
- our import (`import_paths`) of the folder into a new deck;
- a baseline: markdown-it-py parsing the same files plus a raw `sqlite3` `executemany`
  of the same deck, note and card rows (ratio ours/baseline; target ≤ 2). The baseline
  parses every file fully; our importer uses the same markdown-it configuration (plus the
  front-matter plugin) but parses inline content only where a rule reads it
  (`quizapp.notes.tree`);
- a re-import with nothing changed (target ≤ 5 % of the first import);
- Anki's own importer (the `anki` package) taking the same cards from a CSV file
  (ratio ours/Anki). Anki gets the cards ready-made; we find them in Markdown.

    python bench/import.py [--notes 1000 10000] [--repeat 3] [--profile]

`--repeat N` times our first import and the baseline N times each (in turn) and keeps the
fastest of each: on a shared machine the other processes only ever add time. Beside the
wall-clock ratio, the ratio of CPU time (this process: parsing and SQLite both run in it)
is printed, which other processes disturb less. `--profile` also prints where our import
of the largest N spends its time (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import html
import io
import pstats
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from markdown_it import MarkdownIt

from quizapp.deck.db import open_database
from quizapp.deck.sync import import_paths

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
TOPICS = [
    ("TCP", "연결 관리"),
    ("UDP", "비연결형 전송"),
    ("HTTP", "요청과 응답"),
    ("DNS", "이름 풀이"),
    ("TLS", "암호화 핸드셰이크"),
    ("IP", "라우팅"),
    ("OS", "프로세스와 스레드"),
    ("DB", "트랜잭션 격리"),
]
VERBS = ["보낸다", "기다린다", "확인한다", "다시 보낸다", "닫는다", "기록한다", "응답한다"]
STATES = ["SYN_SENT", "ESTABLISHED", "FIN_WAIT_1", "CLOSE_WAIT", "LAST_ACK", "TIME_WAIT"]


def note_text(n: int, rng: random.Random) -> str:
    """One note in the seed's shape, with words varied so that every question differs."""
    topic, theme = TOPICS[n % len(TOPICS)]
    state = rng.choice(STATES)
    steps = "\n".join(
        f"{i}. {topic} 단계 {i}: 상대에게 **{rng.choice(STATES)}** 메시지를 "
        f"{rng.choice(VERBS)} ({n}-{i})"
        for i in range(1, rng.randint(3, 5))
    )
    return f"""# {n}. {topic} {theme} : 정리 {n}

***FLAG 종류***

- SYN{n}(synchronize sequence numbers : 연결 요청): 연결을 요청하는 무작위 숫자 {n}
- ACK{n}(acknowledgement : 승인): 패킷을 잘 받았다고 알려 준다 {n}
- FIN{n}: 접속 종료, 보내는 쪽이 연결을 끊고자 함을 뜻한다 {n}

### - {topic} {n} 과정 (연결 과정)

{steps}

출처) [https://example.com/{n}](https://example.com/{n})

### 추가

#### Q. {topic} {n}에서 {state} 상태가 필요한 이유

A.데이터 유실을 막기 위해서이다. 늦게 도착한 패킷이 {n}번 연결을 어지럽히지 않도록
일정 시간 기다린다.

#### Q. {topic} {n}의 연결 설정과 종료 단계 수가 다른 이유?

A. 서버에 보낼 데이터가 남아 있을 수 있어 ACK와 FIN을 따로 보낸다 ({n}).

#### Q. {topic} {n}에서 패킷이 FIN보다 늦게 오면 어떻게 될까?

A. 세션이 닫힌 뒤라면 버려진다. 그래서 `TIME_WAIT` 동안 {rng.randint(60, 240)}초 기다린다.

### 질문
1. {topic} {n} 과정에 대해 설명하세요
2. {topic} {n}에서 {state}를 사용하는 이유에 대해 설명하세요

### ref)

[https://example.com/ref/{n}](https://example.com/ref/{n})
"""


def generate(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for n in range(count):
        topic = TOPICS[n % len(TOPICS)][0].lower()
        path = folder / topic / f"{n:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note_text(n, rng), encoding="utf-8")


class Seconds(NamedTuple):
    wall: float
    cpu: float


def timed(function, *args, **kwargs) -> tuple[Seconds, object]:
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    return Seconds(time.perf_counter() - start, time.process_time() - cpu), result


def cold_caches() -> None:
    """Empty quizapp's memo caches (`lru_cache`): every repeat is a first import, as it is in
    a fresh process, and never reuses what an earlier repeat worked out."""
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("quizapp"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def ours(folder: Path, db: Path) -> tuple[Seconds, Seconds, int]:
    """Seconds for the first import and for a re-import with nothing changed; cards."""
    db.unlink(missing_ok=True)
    cold_caches()
    engine = open_database(f"sqlite:///{db}")
    first, summary = timed(import_paths, engine, [folder], now=NOW)
    again, unchanged = timed(import_paths, engine, [folder], now=NOW)
    assert not summary.problems, summary.problems[:3]  # type: ignore[attr-defined]
    assert unchanged.files_skipped == len(list(folder.rglob("*.md")))  # type: ignore[attr-defined]
    engine.dispose()
    return first, again, summary.added  # type: ignore[attr-defined]


def baseline(folder: Path, imported: Path, db: Path) -> Seconds:
    """markdown-it-py over every file, then the same rows inserted with `executemany`."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    source = sqlite3.connect(imported)
    tables = {name: source.execute(f"SELECT * FROM {name}").fetchall() for name in TABLES}
    source.close()
    open_database(f"sqlite:///{db}").dispose()  # the same tables, empty
    files = sorted(folder.rglob("*.md"))
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

    start, cpu = time.perf_counter(), time.process_time()
    for file in files:
        parser.parse(file.read_bytes().decode("utf-8"))
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    with con:
        for name in TABLES:
            rows = tables[name]
            if rows:
                marks = ",".join("?" * len(rows[0]))
                con.executemany(f"INSERT INTO {name} VALUES ({marks})", rows)
    con.close()
    return Seconds(time.perf_counter() - start, time.process_time() - cpu)


TABLES = ("deck", "note", "card")


def anki_csv(imported: Path, csv_path: Path) -> int:
    """The imported cards as an Anki CSV: front, back (HTML), tags."""
    con = sqlite3.connect(imported)
    rows = con.execute("SELECT question, answer, tags FROM card WHERE retired = 0").fetchall()
    con.close()

    def field(text: str) -> str:
        return html.escape(text).replace("\n", "<br>").replace("\t", " ")

    lines = ["#separator:tab", "#html:true", "#tags column:3"]
    lines += [f"{field(q)}\t{field(a)}\t{tags}" for q, a, tags in rows]
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(rows)


def anki(csv_path: Path, collection: Path) -> tuple[float, int]:
    """Seconds for Anki to read the CSV's metadata and import it; notes added."""
    from anki.collection import Collection, ImportCsvRequest

    col = Collection(str(collection))
    try:
        start = time.perf_counter()
        metadata = col.get_csv_metadata(str(csv_path), None)
        log = col.import_csv(ImportCsvRequest(path=str(csv_path), metadata=metadata))
        seconds = time.perf_counter() - start
        return seconds, len(log.log.new)
    finally:
        col.close()


def profile(folder: Path, db: Path, top: int = 25) -> None:
    engine = open_database(f"sqlite:///{db}")
    profiler = cProfile.Profile()
    profiler.enable()
    import_paths(engine, [folder], now=NOW)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    for count in args.notes:
        work = Path(tempfile.mkdtemp(prefix=f"quizapp-bench-{count}-"))
        folder = work / "notes"
        generate(folder, count)
        runs, bases = [], []
        for _ in range(max(args.repeat, 1)):
            runs.append(ours(folder, work / "ours.db"))
            bases.append(baseline(folder, work / "ours.db", work / "baseline.db"))
        first = Seconds(min(r[0].wall for r in runs), min(r[0].cpu for r in runs))
        again = min(r[1].wall for r in runs)
        cards = runs[0][2]
        base = Seconds(min(b.wall for b in bases), min(b.cpu for b in bases))
        exported = anki_csv(work / "ours.db", work / "cards.csv")
        anki_seconds, anki_notes = anki(work / "cards.csv", work / "anki.anki2")
        print(f"{count:,} notes, {cards:,} cards ({work}; best of {len(runs)})")
        print(f"  ours: first import {first.wall:.2f} s ({count / first.wall:,.0f} notes/s)")
        print(
            f"  baseline (markdown-it parse + sqlite3 executemany): {base.wall:.2f} s; "
            f"ours/baseline {first.wall / base.wall:.2f} (target ≤ 2); "
            f"CPU time {first.cpu:.2f} s / {base.cpu:.2f} s = {first.cpu / base.cpu:.2f}"
        )
        print(
            f"  re-import, nothing changed: {again:.3f} s = {again / first.wall:.1%} of the "
            "first (target ≤ 5 %)"
        )
        print(
            f"  Anki CSV import ({exported:,} rows, {anki_notes:,} notes added): "
            f"{anki_seconds:.2f} s; ours/Anki {first.wall / anki_seconds:.1f}"
        )
    if args.profile:
        count = max(args.notes)
        work = Path(tempfile.mkdtemp(prefix="quizapp-bench-profile-"))
        generate(work / "notes", count)
        print(f"profile of our first import of {count:,} notes:")
        profile(work / "notes", work / "ours.db")


if __name__ == "__main__":
    main()
