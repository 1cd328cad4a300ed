"""Fixtures shared by every test package: a fresh database and cards built in a few lines."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from quizapp.deck.db import open_database, writer
from quizapp.deck.models import Card, Deck

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
"""A Monday morning, far from the 04:00 day rollover, where tests start their clocks."""


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'deck.db'}"


@pytest.fixture
def engine(db_url: str) -> Engine:
    return open_database(db_url)


MakeCards = Callable[..., list[str]]


@pytest.fixture
def make_cards(engine: Engine) -> MakeCards:
    """Insert `count` basic cards into `deck` and return their ids, in source order."""

    def make(
        count: int, deck: str = "네트워크", prefix: str = "q", **deck_settings: object
    ) -> list[str]:
        with Session(writer(engine)) as session:
            row = session.exec(select(Deck).where(Deck.name == deck)).first()
            if row is None:
                row = Deck(name=deck, **deck_settings)
                session.add(row)
                session.flush()
            assert row.id is not None
            ids = []
            for i in range(count):
                card_id = f"{prefix}{i:03d}"
                session.add(
                    Card(
                        id=card_id,
                        deck_id=row.id,
                        kind="basic",
                        question=f"질문 {prefix} {i}?",
                        answer=f"답 {i}",
                        question_key=f"질문 {prefix} {i}",
                        source_path=f"{deck}.md",
                        source_line=i + 1,
                        created_at=T0,
                    )
                )
                ids.append(card_id)
            session.commit()
        return ids

    return make


async def settle(pilot, rounds: int = 2) -> None:
    """Let the app's workers finish and the screen catch up; a worker's result can start
    another worker (a load that triggers a refresh), hence more than one round."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
