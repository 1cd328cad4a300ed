"""Sources: the folders imported on this machine, recorded by import and never by a backup."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session

from quizapp.deck.sources import list_sources, remove_source, source_containing
from quizapp.deck.sync import import_paths
from tests.conftest import T0


def test_importing_a_folder_remembers_it_once(engine, tmp_path: Path) -> None:
    notes = tmp_path / "내 노트"
    notes.mkdir()
    (notes / "tcp.md").write_text("# TCP\n\n#### Q. SYN이란?\n\nA. 연결 요청.\n", encoding="utf-8")

    import_paths(engine, [notes], now=T0)
    import_paths(engine, [notes], now=T0)

    with Session(engine) as session:
        assert [source.path for source in list_sources(session)] == [str(notes.resolve())]


def test_a_missing_path_is_not_remembered(engine, tmp_path: Path) -> None:
    import_paths(engine, [tmp_path / "nope"], now=T0)
    with Session(engine) as session:
        assert list_sources(session) == []


def test_only_paths_inside_a_source_are_inside(engine, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    (notes / "img").mkdir(parents=True)
    (notes / "img" / "a.png").write_bytes(b"png")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (notes / "link.txt").symlink_to(outside)
    import_paths(engine, [notes], now=T0)

    with Session(engine) as session:
        assert source_containing(session, notes / "img" / "a.png") is not None
        assert source_containing(session, outside) is None
        assert source_containing(session, notes / "link.txt") is None  # resolves outside
        assert source_containing(session, notes / ".." / "secret.txt") is None
        assert remove_source(session, notes)
        session.commit()
        assert source_containing(session, notes / "img" / "a.png") is None
