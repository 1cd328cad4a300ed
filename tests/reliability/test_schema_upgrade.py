"""Schema upgrades: a deck written by schema 1 opens, upgrades in place and keeps everything."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from quizapp.deck import db as deck_db
from quizapp.deck.db import DatabaseError, open_database
from quizapp.deck.models import SCHEMA_VERSION
from quizapp.deck.queries import get_note, list_notes
from quizapp.deck.sources import ROOTS_UNRECORDED
from quizapp.deck.sync import import_paths
from tests.conftest import T0
from tests.reliability.fixtures.make_v1 import NOTES

FIXTURE = Path(__file__).parent / "fixtures" / "deck_v1.db"
TABLES = ("deck", "note", "card", "reviewlog")
STATE_COLUMNS = (
    "fsrs_state",
    "fsrs_step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "leech",
    "suspended",
    "buried_until",
)
"""Columns of `card` in schema 1–4 that schema 5 moved to the owner's `cardstate` row."""


def rows(path: Path, table: str) -> list[dict[str, Any]]:
    con = sqlite3.connect(path)
    con.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in con.execute(f"SELECT * FROM {table} ORDER BY rowid")]
    finally:
        con.close()


def meta(path: Path) -> dict[str, str]:
    return {row["key"]: row["value"] for row in rows(path, "meta")}


def table_shapes(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's columns (name, type, not null, default, key) and its indexes."""
    con = sqlite3.connect(path)
    try:
        shapes = {}
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            columns = [tuple(c[1:]) for c in con.execute(f"PRAGMA table_info({table})")]
            indexes = sorted(
                (i[1], i[2], tuple(c[2] for c in con.execute(f"PRAGMA index_info({i[1]})")))
                for i in con.execute(f"PRAGMA index_list({table})")
            )
            shapes[table] = [*columns, *indexes]
        return shapes
    finally:
        con.close()


@pytest.fixture
def v1_file(tmp_path: Path) -> Path:
    path = tmp_path / "deck_v1.db"
    shutil.copyfile(FIXTURE, path)
    return path


def test_the_fixture_really_is_a_schema_1_deck_with_history(v1_file):
    assert meta(v1_file)["schema_version"] == "1"
    assert "problems_json" not in rows(v1_file, "note")[0]
    cards = rows(v1_file, "card")
    assert {c["fsrs_state"] for c in cards} >= {None, 1, 2}
    assert any(c["retired"] for c in cards) and any(c["suspended"] for c in cards)
    assert any(c["lapses"] for c in cards) and any(c["buried_until"] for c in cards)
    assert {r["rating"] for r in rows(v1_file, "reviewlog")} == {1, 2, 3, 4}


def test_a_schema_1_deck_upgrades_in_place_keeping_every_card_and_review(v1_file):
    before = {table: rows(v1_file, table) for table in TABLES}

    open_database(f"sqlite:///{v1_file}").dispose()

    assert meta(v1_file)["schema_version"] == str(SCHEMA_VERSION) == "6"
    for table in TABLES:
        after = rows(v1_file, table)
        assert len(after) == len(before[table]), table
        for old, new in zip(before[table], after, strict=True):
            kept = {name: value for name, value in old.items() if name not in STATE_COLUMNS}
            assert {name: new[name] for name in kept} == kept, table
    assert {note["problems_json"] for note in rows(v1_file, "note")} == {"[]"}
    # Schema 5: the one user of the file owns every review and every card's state.
    [owner] = rows(v1_file, "deckuser")
    assert owner["role"] == "owner"
    assert {log["user_id"] for log in rows(v1_file, "reviewlog")} == {owner["id"]}
    states = {state["card_id"]: state for state in rows(v1_file, "cardstate")}
    for card in before["card"]:
        state = states.get(card["id"])
        if state is None:  # never touched: a new card, nothing to keep
            assert card["fsrs_state"] is None and not card["suspended"], card["id"]
            continue
        assert state["user_id"] == owner["id"]
        assert {name: state[name] for name in STATE_COLUMNS} == {
            name: card[name] for name in STATE_COLUMNS
        }, card["id"]
    assert any(state["suspended"] for state in states.values())
    assert any(state["buried_until"] for state in states.values())


def test_an_upgraded_deck_has_the_same_tables_as_a_new_one(v1_file, tmp_path):
    fresh = tmp_path / "fresh.db"
    open_database(f"sqlite:///{fresh}").dispose()
    open_database(f"sqlite:///{v1_file}").dispose()
    assert table_shapes(v1_file) == table_shapes(fresh)


def test_after_the_upgrade_reimporting_the_notes_keeps_ids_and_fills_in_problems(v1_file, tmp_path):
    cards_before = {c["id"]: c for c in rows(v1_file, "card")}
    states_before = {c["id"]: {n: c[n] for n in STATE_COLUMNS} for c in cards_before.values()}
    folder = tmp_path / "notes"  # the same folder name: the moved notes are recognised
    for name, body in NOTES.items():
        if name != "os/process.md":  # deleted before the fixture was saved
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(body, encoding="utf-8")
    (folder / "network" / "broken.md").write_text(
        "# 깨진 주석\n\n<!-- quizapp: colour=red -->\n#### Q. 모르는 키?\n\nA. 경고로 보고된다.\n",
        encoding="utf-8",
    )
    engine = open_database(f"sqlite:///{v1_file}")

    summary = import_paths(engine, [folder], now=T0)

    assert (summary.updated, summary.retired, summary.files_skipped) == (0, 0, 0)
    cards_after = {c["id"]: c for c in rows(v1_file, "card")}
    states_after = {s["card_id"]: s for s in rows(v1_file, "cardstate")}
    assert set(cards_before) <= set(cards_after)
    for card_id, old in cards_before.items():
        assert cards_after[card_id]["retired"] == old["retired"]
        if card_id in states_after:
            state = states_after[card_id]
            assert (state["reps"], state["stability"], state["due"]) == (
                old["reps"],
                old["stability"],
                old["due"],
            )
        else:
            assert states_before[card_id]["fsrs_state"] is None
    [broken] = [n for n in list_notes(engine) if n.path == "network/broken.md"]
    view = get_note(engine, broken.id)
    assert view is not None and view.problems
    [problem] = view.problems
    assert (problem.path, problem.line) == ("network/broken.md", 3)
    assert "colour" in problem.message


def test_a_failed_upgrade_leaves_the_old_deck_as_it_was(v1_file, monkeypatch):
    real_make_engine = deck_db.make_engine

    def failing_engine(url: str):
        engine = real_make_engine(url)

        @event.listens_for(engine, "before_cursor_execute")
        def power_cut(_conn, _cursor, statement, *_args) -> None:
            # The last statement of the last legacy revision: 1→2 and 2→3 are done by then.
            if "learning_steps" in statement:
                raise RuntimeError("power cut")

        return engine

    monkeypatch.setattr(deck_db, "make_engine", failing_engine)
    cards = rows(v1_file, "card")
    shapes = table_shapes(v1_file)
    with pytest.raises(RuntimeError):
        open_database(f"sqlite:///{v1_file}")
    assert meta(v1_file)["schema_version"] == "1"
    assert rows(v1_file, "card") == cards
    assert table_shapes(v1_file) == shapes
    assert "problems_json" not in rows(v1_file, "note")[0]


def test_a_deck_from_a_newer_quizapp_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "newer.db"
    open_database(f"sqlite:///{path}").dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()

    with pytest.raises(DatabaseError, match="newer quizapp") as caught:
        open_database(f"sqlite:///{path}")

    assert f"schema {SCHEMA_VERSION + 1}" in str(caught.value)
    assert meta(path)["schema_version"] == str(SCHEMA_VERSION + 1)


def test_the_schema_4_upgrade_marks_a_deck_with_notes_to_adopt_its_folders(v1_file, tmp_path):
    """Start-up adopts the folders of such a deck's notes once (`adopt_note_roots`); a new
    deck, which has no notes when its tables are made, is never marked."""
    open_database(f"sqlite:///{v1_file}").dispose()
    assert meta(v1_file)[ROOTS_UNRECORDED] == "1"
    new = tmp_path / "new.db"
    open_database(f"sqlite:///{new}").dispose()
    assert ROOTS_UNRECORDED not in meta(new)
