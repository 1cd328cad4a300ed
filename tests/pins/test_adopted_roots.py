"""A deck upgraded from before sources were recorded adopts a folder only for a note file
that really lies inside it.

A note row names its folder (`root`) and its file; the upgrade adopts the folder as a
source when the file is there as it was imported. A row whose file lies elsewhere, by a
`../` path or through a symlink, must not make its folder a source that start-up reads
from then on: the check is on the resolved file, inside the resolved folder.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlmodel import Session, select

from quizapp.deck.db import writer
from quizapp.deck.library import sync_sources
from quizapp.deck.models import Note
from quizapp.deck.sources import list_sources
from quizapp.deck.sync import import_paths
from tests.conftest import T0
from tests.deck.test_library import forget_sources

NOTE = "# 혼잡 제어\n\n#### Q. 느린 시작이란?\n\nA. cwnd를 RTT마다 두 배로 늘리는 단계.\n"


def test_a_note_whose_file_lies_outside_its_folder_does_not_make_the_folder_a_source(
    engine, tmp_path: Path
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "note.md").write_text(NOTE, encoding="utf-8")
    import_paths(engine, [mine], now=T0)
    forget_sources(engine)  # as an upgrade from schema 3 leaves the deck

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    outside = elsewhere / "note.md"
    outside.write_text(NOTE, encoding="utf-8")
    decoy = tmp_path / "decoy"  # holds only a link to the file outside
    decoy.mkdir()
    (decoy / "note.md").symlink_to(outside)
    dotdot = tmp_path / "dotdot"
    dotdot.mkdir()
    digest = hashlib.sha256(NOTE.encode()).hexdigest()
    with Session(writer(engine)) as session:
        note = session.exec(select(Note)).one()
        for root, file in (
            (decoy, decoy / "note.md"),
            (dotdot, dotdot / ".." / "elsewhere" / "note.md"),
        ):
            session.add(
                Note(
                    deck_id=note.deck_id,
                    file_path=str(file),
                    root=str(root),
                    path="note.md",
                    title="혼잡 제어",
                    markdown=NOTE,
                    content_hash=digest,
                )
            )
        session.commit()

    result = sync_sources(engine, T0)

    assert result.adopted == [mine.resolve()]
    with Session(engine) as session:
        assert [Path(s.path) for s in list_sources(session)] == [mine.resolve()]
