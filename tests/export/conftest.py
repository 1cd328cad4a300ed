"""A Korean deck with every card kind (and a hostile note), and Anki collections to check it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from sqlalchemy.engine import Engine

from quizapp.deck.sync import import_paths
from tests.conftest import T0

FIXTURE_NOTES = Path(__file__).parent / "fixtures" / "notes"
SECRET = b"secret bytes that must never leave the machine"


@pytest.fixture
def notes_dir(tmp_path: Path) -> Path:
    """The fixture notes, plus a file beside them that notes point at and must not reach."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE_NOTES, content)
    (tmp_path / "secret.png").write_bytes(SECRET)
    (content / "network" / "images" / "link.png").symlink_to(tmp_path / "secret.png")
    return content


@pytest.fixture
def deck(engine: Engine, notes_dir: Path) -> Engine:
    summary = import_paths(engine, [notes_dir], now=T0)
    assert summary.added == 12 and not summary.problems
    return engine


@pytest.fixture
def anki(tmp_path: Path) -> Iterator[Collection]:
    """An empty Anki collection of Anki's own Python package."""
    folder = tmp_path / "anki"
    folder.mkdir()
    collection = Collection(str(folder / "collection.anki2"))
    yield collection
    collection.close()
