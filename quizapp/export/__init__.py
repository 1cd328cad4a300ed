"""Deck export: one module per format (apkg, csv/tsv, md, json) and import from Anki.

This module only names the formats and picks the writer, so the CLI and the TUI can
import it without loading genanki or SQLAlchemy before an export actually runs.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from quizapp.export.selection import ExportProgress, ExportResult


class ExportFormat(StrEnum):
    apkg = "apkg"
    csv = "csv"
    tsv = "tsv"
    md = "md"
    json = "json"

    @property
    def suffix(self) -> str:
        """The file name ending an export of this format gets by default ("" for a folder)."""
        return "" if self is ExportFormat.md else f".{self.value}"


def export_deck(
    engine: Engine,
    fmt: ExportFormat,
    out: Path,
    *,
    deck: str | None = None,
    tag: str | None = None,
    now: datetime,
    progress: ExportProgress | None = None,
) -> ExportResult:
    """Export the cards of `deck` (with its sub-decks) and `tag` (all when None) to `out`.

    Raises ValueError for a request that cannot be written (several decks into one .md).
    """
    if fmt is ExportFormat.json:
        from quizapp.export.json import export_json

        return export_json(engine, out, deck=deck, tag=tag, now=now, progress=progress)
    from quizapp.export.selection import select_cards

    cards = select_cards(engine, deck=deck, tag=tag)
    if fmt is ExportFormat.apkg:
        from quizapp.export.apkg import export_apkg

        return export_apkg(cards, out, now=now, progress=progress)
    if fmt is ExportFormat.md:
        from quizapp.export.markdown import export_markdown

        return export_markdown(cards, out, progress=progress)
    from quizapp.export.csv import export_csv

    separator = "\t" if fmt is ExportFormat.tsv else ","
    return export_csv(cards, out, separator=separator, progress=progress)
