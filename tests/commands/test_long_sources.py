"""A weak card from a deep Korean path: `stats` keeps its file and line (issue 14).

`quizapp stats` used to cut the source column on the right (`…모음/garbage-colle…`),
losing the line that finds the card, and at 80 columns squeezed the lapses and again
columns out of the table altogether.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import fsrs

from quizapp.deck.db import open_database
from quizapp.deck.queries import find_cards
from quizapp.srs.reviewer import Reviewer
from quizapp.terminal import cut_end, cut_start
from tests.commands.cli import run

NOTE = """\
# GC 내부

#### Q. Minor GC는 힙의 어느 영역을 청소하나요? 세대별 수집의 관점에서 설명하시오.

A. Young 영역(Eden과 두 Survivor 공간).
"""


def test_stats_keeps_the_line_of_a_deep_korean_source_and_every_column(
    tmp_path: Path, cli_now: datetime
):
    folder = tmp_path / "notes" / "Language" / "[java] 심화 과정 모음"
    folder.mkdir(parents=True)
    (folder / "garbage-collection-internals.md").write_text(NOTE, encoding="utf-8")
    db = str(tmp_path / "mine.db")
    run("import", str(tmp_path / "notes"), "--db", db)
    engine = open_database(f"sqlite:///{db}")
    [(card, _)] = find_cards(engine)
    reviewer = Reviewer(engine, enable_fuzzing=False)
    reviewer.rate(card.id, fsrs.Rating.Again, cli_now - timedelta(days=1))
    engine.dispose()

    out = run("stats", "--db", db).stdout  # 80 columns, as CliRunner's console is
    weakest = out[out.index("weakest cards") :].splitlines()
    assert weakest[1].split()[:3] == ["lapses", "again", "question"]
    [row] = [line for line in weakest if "garbage-collection-internals.md" in line]
    assert row.rstrip().endswith("garbage-collection-internals.md:3")
    assert "…" in row  # the question gave way, and the path was cut from the left
    assert row.split()[1] == "1/1"


def test_cuts_count_hangul_as_two_cells():
    path = "Language/[java] 심화 과정 모음/garbage-collection-internals.md:12"
    assert cut_start(path, 22) == "…ction-internals.md:12"
    assert cut_start("모음/네트워크.md:3", 10) == "…워크.md:3"  # 워크 is four cells
    assert cut_end("교착 상태(deadlock)의  네 가지", 10) == "교착 상태…"
    assert cut_start("os.md:11", 20) == "os.md:11"


def test_a_restored_card_without_a_line_shows_its_file_not_line_0(tmp_path: Path):
    backup = {
        "format": "quizapp-deck",
        "version": 1,
        "schema_version": 4,
        "decks": [],
        "notes": [],
        "cards": [
            {
                "id": "restored",
                "deck": "백업",
                "kind": "basic",
                "question": "UDP는 연결을 맺는가?",
                "answer": "아니다",
                "source_path": "network/udp.md",
            }
        ],
        "reviews": [],
    }
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(backup, ensure_ascii=False), encoding="utf-8")
    db = str(tmp_path / "mine.db")
    run("import", str(path), "--db", db)
    [line] = [row for row in run("cards", "--db", db).stdout.splitlines() if "restored" in row]
    assert "network/udp.md" in line and "udp.md:0" not in line
