"""`insert_many` (the import's bulk card and note insert) writes what SQLAlchemy Core writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine
from sqlmodel import Session, select

from quizapp.deck.models import Card, Deck, Note
from quizapp.deck.sync import insert_many

NOW = datetime(2026, 6, 1, 9, 30, 15, 123456, tzinfo=UTC)


def _card_rows(prefix: str, deck_id: int, note_id: int) -> list[dict[str, Any]]:
    """Rows as the import makes them (defaults like `retired` and `skipped` left out)."""
    return [
        {
            "id": f"{prefix}{n}",
            "deck_id": deck_id,
            "note_id": note_id,
            "kind": "basic",
            "question": f"TCP {n}단계에서 무엇을 보내나요?",
            "answer": "SYN, 그 다음 **ACK**" if n % 2 else "",
            "question_key": f"tcp {n}단계에서 무엇을 보내나요",
            "extra_json": '{"section_path": ["TCP", "연결"]}',
            "source_path": "network/tcp.md",
            "source_line": 10 + n,
            "tags": "network tcp",
            "explicit_id": n == 2,
            "created_at": NOW,
            "updated_at": NOW + timedelta(seconds=n),
        }
        for n in range(5)
    ]


def test_insert_many_writes_the_rows_core_writes(engine) -> None:
    with Session(engine) as session:
        deck = Deck(name="net")
        session.add(deck)
        session.flush()
        assert deck.id is not None
        note = Note(
            deck_id=deck.id,
            file_path="/n/tcp.md",
            root="/n",
            path="tcp.md",
            title="TCP",
            markdown="# TCP",
            content_hash="h",
            imported_at=NOW,
        )
        session.add(note)
        session.flush()
        assert note.id is not None
        connection = session.connection()
        insert_many(connection, Card.__table__, _card_rows("fast-", deck.id, note.id))
        connection.execute(Card.__table__.insert(), _card_rows("core-", deck.id, note.id))
        session.commit()

    with engine.connect() as connection:  # as stored (SQLite: the text of the timestamps)
        stored = {
            row[0]: row[1:]
            for row in connection.exec_driver_sql(
                "SELECT id, created_at, updated_at, explicit_id, retired FROM card"
            )
        }
    assert all(stored[f"fast-{n}"] == stored[f"core-{n}"] for n in range(5))
    with Session(engine) as session:
        cards = {card.id: card.model_dump() for card in session.exec(select(Card))}
    assert len(cards) == 10
    for n in range(5):
        fast, core = cards[f"fast-{n}"], cards[f"core-{n}"]
        assert {**fast, "id": ""} == {**core, "id": ""}
        assert fast["retired"] is False and fast["skipped"] is False  # defaults filled in
        assert fast["updated_at"] == NOW + timedelta(seconds=n)  # aware UTC round trip


def test_insert_many_refuses_a_table_whose_left_out_default_it_cannot_fill() -> None:
    table = Table(
        "counter",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("value", Integer, default=lambda: 1),  # a Python callable: not filled in
    )
    engine = create_engine("sqlite://")
    table.metadata.create_all(engine)
    with engine.begin() as connection, pytest.raises(TypeError, match="scalar defaults"):
        insert_many(connection, table, [{"id": 1}])
