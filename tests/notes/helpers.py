"""Helpers for the notes tests: parse a dedented snippet, pick cards by kind, fixture paths."""

from __future__ import annotations

import textwrap
from pathlib import Path

from quizapp.notes import CardKind, CardSpec, NoteDoc, parse_note

FIXTURES = Path(__file__).parent / "fixtures"
SEED = Path("/work/shared/seed/000_ef3c4b1e59da5d8d.txt")


def note(text: str, path: str = "note.md") -> NoteDoc:
    """Parse a snippet written indented inside a test."""
    return parse_note(textwrap.dedent(text).lstrip("\n"), path)


def of_kind(doc: NoteDoc, kind: CardKind) -> list[CardSpec]:
    return [card for card in doc.cards if card.kind == kind]
