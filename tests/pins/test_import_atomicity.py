"""An import that fails inside a file leaves that file exactly as the last import left it.

The random SIGKILL test in tests/reliability finds a half-imported file only when a kill
lands between two writes of one file. Here the failure is placed: an SQLite trigger makes
the insert of one new card fail, after the same file's edited card was already updated
in that transaction.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from quizapp.deck.sync import import_paths
from tests.conftest import T0

BEFORE = """\
# 혼잡 제어

#### Q. 느린 시작에서 혼잡 윈도우는 어떻게 커지나?

A. ACK 하나마다 한 MSS씩 늘어나서 RTT마다 두 배가 된다.

#### Q. What is ssthresh for?

A. It is where slow start stops and congestion avoidance begins.
"""

AFTER = """\
# 혼잡 제어

#### Q. 느린 시작에서 혼잡 윈도우는 어떻게 커지나?

A. ACK 하나마다 한 MSS씩 늘어나므로 RTT마다 대략 두 배가 된다 (고침).

#### Q. 빠른 재전송은 언제 일어나나?

A. 같은 ACK를 세 번 더 받으면 타이머를 기다리지 않고 다시 보낸다.
"""

OTHER = """\
# 흐름 제어

#### Q. 수신 윈도우가 0이 되면 송신 측은 무엇을 하나?

A. 윈도우 탐색 세그먼트를 보내며 윈도우가 다시 열리기를 기다린다.
"""


def _file_state(db: Path, path: str) -> tuple[list[tuple], list[tuple]]:
    """The note row of `path` and its cards' rows, every column."""
    con = sqlite3.connect(db)
    try:
        notes = con.execute("SELECT * FROM note WHERE path = ?", (path,)).fetchall()
        cards = con.execute(
            "SELECT card.* FROM card JOIN note ON card.note_id = note.id "
            "WHERE note.path = ? ORDER BY card.id",
            (path,),
        ).fetchall()
        return notes, cards
    finally:
        con.close()


def test_a_failed_card_insert_rolls_back_that_file_and_keeps_the_files_before_it(
    engine, db_url, tmp_path
):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "tcp-congestion.md").write_text(BEFORE, encoding="utf-8")
    import_paths(engine, [notes], now=T0)
    db = Path(db_url.removeprefix("sqlite:///"))
    before = _file_state(db, "tcp-congestion.md")
    assert len(before[0]) == 1 and len(before[1]) == 2

    # The edit, a retired card and a new card; and a new file imported first (sorted).
    (notes / "tcp-congestion.md").write_text(AFTER, encoding="utf-8")
    (notes / "flow-control.md").write_text(OTHER, encoding="utf-8")
    con = sqlite3.connect(db)
    with con:
        # Only the card new in AFTER fails, after the edit of the first card was written.
        con.execute(
            "CREATE TRIGGER fail_insert BEFORE INSERT ON card WHEN NEW.question LIKE '빠른%' "
            "BEGIN SELECT RAISE(ABORT, 'disk I/O error (test)'); END"
        )
    con.close()

    with pytest.raises(DBAPIError, match="disk I/O error"):
        import_paths(engine, [notes], now=T0.replace(hour=12))

    assert _file_state(db, "tcp-congestion.md") == before
    flow_note, flow_cards = _file_state(db, "flow-control.md")
    assert len(flow_note) == 1 and len(flow_cards) == 1
