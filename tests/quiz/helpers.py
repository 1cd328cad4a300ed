"""Cards for quiz tests, made from a Markdown snippet the way the importer makes them."""

from __future__ import annotations

import textwrap

from quizapp.deck.models import Card
from quizapp.deck.sync import _extra_json
from quizapp.notes import parse_note


def cards_from(
    markdown: str, *, note_id: int = 1, deck_id: int = 1, path: str = "n.md"
) -> list[Card]:
    """The cards of one note as deck rows (not stored), ids `n{note}-{i}`."""
    doc = parse_note(textwrap.dedent(markdown).lstrip("\n"), path)
    assert [p for p in doc.problems if p.severity == "error"] == []
    return [
        Card(
            id=f"n{note_id}-{i}",
            deck_id=deck_id,
            note_id=note_id,
            kind=spec.kind,
            question=spec.question,
            answer=spec.answer,
            question_key=spec.question,
            extra_json=_extra_json(spec),
            source_path=path,
            source_line=spec.line,
        )
        for i, spec in enumerate(doc.cards)
    ]
