"""The folders of notes imported into a deck on this machine: what start-up syncs, and the
only places a note's images, links and exported media may be read from."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from quizapp.deck.db import set_meta
from quizapp.deck.models import Source

ROOTS_UNRECORDED = "note_roots_unrecorded"
"""Meta key, "1" while a deck made before sources were recorded (set by the schema 4
upgrade) has not yet adopted the folders of its notes (`library.adopt_note_roots`); "0"
once it has, or once the user removed a source."""


def add_source(session: Session, path: Path, *, now: datetime, bundled: bool = False) -> Source:
    """Remember `path` (resolved) as a source of this deck; an existing one is returned as is."""
    resolved = str(path.resolve())
    source = session.exec(select(Source).where(Source.path == resolved)).first()
    if source is None:
        source = Source(path=resolved, bundled=bundled, added_at=now)
        session.add(source)
        session.flush()
    return source


def list_sources(session: Session) -> list[Source]:
    """Every source, in the order they were added."""
    return list(session.exec(select(Source).order_by(Source.id)))  # type: ignore[arg-type]


def remove_source(session: Session, path: Path) -> bool:
    """Forget a source (its notes and cards stay); False if it was not one."""
    resolved = str(path.resolve())
    source = session.exec(select(Source).where(Source.path == resolved)).first()
    if source is None:
        return False
    session.delete(source)
    # A deck left without sources must not take the removed folder back at start-up.
    set_meta(session, ROOTS_UNRECORDED, "0")
    return True


def mark_synced(session: Session, path: Path, *, now: datetime) -> None:
    """Record that `path`'s source was just imported again."""
    resolved = str(path.resolve())
    source = session.exec(select(Source).where(Source.path == resolved)).first()
    if source is not None:
        source.last_synced_at = now


def source_containing(session: Session, path: Path) -> Source | None:
    """The source `path` lies inside after resolving symlinks (a source file is inside
    itself), or None: a path outside every source must never be read."""
    resolved = path.resolve()
    for source in list_sources(session):
        root = Path(source.path)
        if resolved == root or resolved.is_relative_to(root):
            return source
    return None
