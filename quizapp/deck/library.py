"""Keeping a deck in line with its sources: what start-up and "Re-import notes" run."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizapp.deck.db import get_meta, set_meta, writer
from quizapp.deck.models import Card, Note
from quizapp.deck.saving import saving
from quizapp.deck.sources import ROOTS_UNRECORDED, add_source, list_sources, mark_synced
from quizapp.deck.sync import ImportSummary, import_paths

BUNDLED_OFFERED = "bundled_offered"
"""Meta key: the bundled notes were offered to this deck once; a removed source stays removed."""


@dataclass
class SourcesSync:
    """What a sync of every source did."""

    summary: ImportSummary = field(default_factory=ImportSummary)
    synced: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)
    """Sources whose folder is not there now (an unmounted disk): left as they were."""
    added_bundled: bool = False
    adopted: list[Path] = field(default_factory=list)
    """Folders a deck made before sources were recorded took as its sources."""


def offer_bundled(engine: Engine, bundled: Path, now: datetime) -> bool:
    """Make the bundled notes a source of a new deck (no cards yet), or of an older default
    deck that was made from them before sources were recorded. Asked once per deck."""
    with Session(engine) as session:
        if get_meta(session, BUNDLED_OFFERED) is not None:
            return False
        has_sources = bool(list_sources(session))
        has_cards = session.exec(select(Card.id).limit(1)).first() is not None
        from_bundled = (
            session.exec(
                select(Note.id).where(col(Note.root) == str(bundled.resolve())).limit(1)
            ).first()
            is not None
        )
    adopt = not has_sources and (not has_cards or from_bundled)
    with saving(), Session(writer(engine)) as session:
        if adopt:
            add_source(session, bundled, now=now, bundled=True)
        set_meta(session, BUNDLED_OFFERED, "1")
        session.commit()
    return adopt


def adopt_note_roots(engine: Engine, now: datetime, bundled: Path | None = None) -> list[Path]:
    """Give a deck made before sources were recorded (upgraded from schema 3 or older with
    its notes, marked by that upgrade) the folders its notes came from as sources, so
    start-up keeps them in sync. Once per deck; the folders adopted are returned.

    Only a folder on this machine that still holds one of those notes as it was imported
    (the same file, the same content hash) is adopted, never the file system's root or
    the home folder itself. A deck made since never adopts anything this way: the folders
    of notes restored from someone's backup stay unread, as the restore promised.
    """
    with Session(engine) as session:
        if get_meta(session, ROOTS_UNRECORDED) != "1":
            return []
        rows = []
        if not list_sources(session):
            rows = session.exec(
                select(Note.root, Note.file_path, Note.content_hash).where(
                    col(Note.retired).is_(False)
                )
            ).all()
    roots: list[Path] = []
    for root, file_path, digest in rows:
        folder = Path(root)
        if folder in roots or not _imported_here(folder, Path(file_path), digest):
            continue
        roots.append(folder)
    bundled_root = bundled.resolve() if bundled is not None else None
    with saving(), Session(writer(engine)) as session:
        for folder in roots:
            add_source(session, folder, now=now, bundled=folder.resolve() == bundled_root)
        set_meta(session, ROOTS_UNRECORDED, "0")
        session.commit()
    return roots


def _imported_here(root: Path, file: Path, digest: str) -> bool:
    """Whether `file`, below the folder `root`, is on this machine as it was imported."""
    try:
        folder = root.resolve(strict=True)
        if not folder.is_dir() or folder.parent == folder or folder == Path.home().resolve():
            return False
        if not file.resolve(strict=True).is_relative_to(folder):
            return False
        return hashlib.sha256(file.read_bytes()).hexdigest() == digest
    except (OSError, RuntimeError):
        return False


def add_bundled(engine: Engine, bundled: Path, now: datetime) -> None:
    """`quizapp import --bundled`: the bundled notes become a source of this deck."""
    with Session(writer(engine)) as session:
        add_source(session, bundled, now=now, bundled=True)
        set_meta(session, BUNDLED_OFFERED, "1")
        session.commit()


def sync_sources(engine: Engine, now: datetime, *, bundled: Path | None = None) -> SourcesSync:
    """Import every source of the deck again (only changed files are read).

    `bundled` is given for the default deck: a new one gets the bundled notes as a source.
    A source that is not there is reported, and its cards are left alone (not retired).
    Raises `NotSaved` when the deck refuses the writes.
    """
    result = SourcesSync()
    result.adopted = adopt_note_roots(engine, now, bundled)
    if bundled is not None:
        result.added_bundled = offer_bundled(engine, bundled, now)
    with Session(engine) as session:
        paths = [Path(source.path) for source in list_sources(session)]
    present = [path for path in paths if path.exists()]
    result.missing = [path for path in paths if not path.exists()]
    if present:
        with saving():
            result.summary = import_paths(engine, present, now=now)
        with saving(), Session(writer(engine)) as session:
            for path in present:
                mark_synced(session, path, now=now)
            session.commit()
    result.synced = present
    return result
