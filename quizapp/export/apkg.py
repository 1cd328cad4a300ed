"""Export to an Anki package (.apkg) through genanki: one note type per kind, stable ids.

Re-exporting must update notes in Anki, never duplicate them: note GUIDs derive from our
card ids, note type and deck ids from fixed names. Anki's importer updates an existing
note only when the incoming one is newer, so a note's modification time is the card's
`updated_at`: a card edited since the last export arrives newer, an unchanged one arrives
with the very same time and is left alone. (Only content edits bump `updated_at`; a card
that merely moved in its file keeps the old source line in Anki until its next edit.)
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import sqlite3
import warnings
import zipfile
from collections.abc import Callable
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any, BinaryIO

import genanki

from quizapp.deck.models import Card
from quizapp.export.atomic import replacing
from quizapp.export.markdown import cloze_source
from quizapp.export.render import FieldRenderer, Place
from quizapp.export.selection import ExportCard, ExportProgress, ExportResult, report
from quizapp.notes.model import CardKind
from quizapp.quiz.faces import (
    OPTION_LETTERS,
    card_faces,
    card_language,
    card_question,
    shuffled_steps,
)

CSS = """\
.card { font-family: "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif;
  font-size: 20px; text-align: left; color: black; background-color: white; }
.nightMode .card { color: white; background-color: #222; }
.section { font-size: 14px; color: gray; font-style: italic; }
.source { margin-top: 1.5em; font-size: 12px; color: gray; font-family: monospace; }
.cloze { font-weight: bold; color: blue; }
.nightMode .cloze { color: lightblue; }
ol.answer li, ul.options li { margin: 0.2em 0; }
"""

SOURCE = '<div class="source">{{Source}}</div>'


def stable_id(name: str) -> int:
    """A fixed id for a note type or deck, in the range genanki and Anki expect."""
    digest = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big")
    return (1 << 30) + digest % (1 << 30)


def _model(
    name: str, fields: list[str], qfmt: str, afmt: str, model_type: int = genanki.Model.FRONT_BACK
) -> genanki.Model:
    return genanki.Model(
        stable_id(f"quizapp note type: {name}"),
        f"quizapp {name}",
        fields=[{"name": field} for field in fields],
        templates=[{"name": "Card 1", "qfmt": qfmt, "afmt": afmt}],
        css=CSS,
        model_type=model_type,
    )


BASIC = _model(
    "basic",
    ["Question", "Answer", "Source"],
    "{{Question}}",
    "{{FrontSide}}<hr id=answer>{{Answer}}" + SOURCE,
)
ORDERING = _model(
    "ordering",
    ["Question", "Steps", "Order", "Source"],
    "{{Question}}{{Steps}}",
    "{{Question}}<hr id=answer>{{Order}}" + SOURCE,
)
OPEN = _model(
    "open question",
    ["Question", "Model answer", "Section", "Source"],
    "{{Question}}",
    "{{FrontSide}}<hr id=answer>{{#Section}}<div class=section>{{Section}}</div>{{/Section}}"
    "{{Model answer}}" + SOURCE,
)
CHOICE = _model(
    "multiple choice",
    ["Question", "Options", "Answer", "Source"],
    "{{Question}}{{Options}}",
    "{{FrontSide}}<hr id=answer>{{Answer}}" + SOURCE,
)
CLOZE = _model(
    "cloze",
    ["Text", "Back Extra", "Source"],
    "{{cloze:Text}}",
    "{{cloze:Text}}<br>{{Back Extra}}" + SOURCE,
    model_type=genanki.Model.CLOZE,
)


class _Note(genanki.Note):
    """A genanki note carrying its own modification time (genanki gives all notes one)."""

    def __init__(self, *, mod: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mod = mod

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


def anki_tag(text: str) -> str:
    """An Anki tag from any text: Anki splits tags on spaces, so whitespace becomes `_`."""
    return re.sub(r"\s+", "_", text.strip())


def anki_tags(item: ExportCard) -> list[str]:
    """The deck as `deck::…`, the note as `note::folder::file`, then the card's own tags."""
    tags = [anki_tag(f"deck::{item.deck}")]
    if item.note_path:
        stem = item.note_path.rsplit(".", 1)[0] if "." in item.note_path else item.note_path
        tags.append(anki_tag("note::" + stem.replace("/", "::")))
    tags.extend(anki_tag(tag) for tag in item.card.tag_list)
    return list(dict.fromkeys(tag for tag in tags if tag))


def note_guid(card_id: str) -> str:
    return str(genanki.guid_for("quizapp", card_id))


def note_mod(card: Card, now: datetime) -> int:
    stamp = card.updated_at or card.created_at or now
    return int(stamp.timestamp())


def _fields(
    item: ExportCard, html: Callable[[str], str], inline: Callable[[str], str]
) -> tuple[genanki.Model, list[str]]:
    """The note type and field values (HTML) that show this card's kind best."""
    card = item.card
    extra = card.extra
    source = escape(card.source)
    # Words added to the faces are in the card's language, whatever the UI's.
    lang = card_language(card)
    if card.kind == CardKind.ORDERING and extra.get("steps"):
        steps = list(extra["steps"])
        shuffled = "".join(f"<li>{inline(step)}</li>" for step in shuffled_steps(card.id, steps))
        order = "".join(f"<li>{inline(step)}</li>" for step in steps)
        return ORDERING, [
            html(card_question(card, lang)),
            f'<ul class="options">{shuffled}</ul>',
            f'<ol class="answer">{order}</ol>',
            source,
        ]
    if card.kind == CardKind.CHOICE and extra.get("options"):
        options = list(extra["options"])
        items = "".join(
            f"<li><b>{OPTION_LETTERS[n]})</b> {inline(option)}</li>"
            for n, option in enumerate(options)
        )
        return CHOICE, [
            html(card.question),
            f'<ul class="options">{items}</ul>',
            html(card_faces(card, lang).back),
            source,
        ]
    if card.kind == CardKind.OPEN:
        section = extra.get("linked_section")
        title = section.get("title", "") if isinstance(section, dict) else ""
        answer = card.answer if card.answer.strip() else card_faces(card, lang).back
        return OPEN, [html(card.question), html(answer), html(title), source]
    if card.kind == CardKind.CLOZE:
        text = cloze_source(card.question, card.answer, extra.get("clozes") or [])
        if text is not None:
            return CLOZE, [html(text), "", source]
    faces = card_faces(card, lang)
    return BASIC, [html(faces.front), html(faces.back), source]


def export_apkg(
    cards: list[ExportCard],
    out: Path,
    *,
    now: datetime,
    progress: ExportProgress | None = None,
) -> ExportResult:
    """Write `cards` to the Anki package `out`; images go in as media."""
    renderer = FieldRenderer()
    decks: dict[str, genanki.Deck] = {}
    for done, item in enumerate(cards, 1):
        deck = decks.get(item.deck)
        if deck is None:
            deck = genanki.Deck(stable_id(f"quizapp deck: {item.deck}"), item.deck)
            decks[item.deck] = deck
        place = item.place

        def html(markdown: str, place: Place = place) -> str:
            return renderer.html(markdown, place)

        def inline(markdown: str, place: Place = place) -> str:
            return renderer.inline(markdown, place)

        model, fields = _fields(item, html, inline)
        deck.add_note(
            _Note(
                model=model,
                fields=fields,
                tags=anki_tags(item),
                guid=note_guid(item.card.id),
                mod=note_mod(item.card, now),
            )
        )
        report(progress, done, len(cards))
    package = genanki.Package(list(decks.values()))
    with replacing(out) as partial:
        _write_package(package, renderer.media.files, partial, now.timestamp())
    return ExportResult(
        path=out,
        cards=len(cards),
        decks=len(decks),
        media=len(renderer.media.files),
        files=[out],
        problems=renderer.problems,
    )


def _write_package(
    package: genanki.Package, media: dict[str, Path], out: BinaryIO, timestamp: float
) -> None:
    """What `genanki.Package.write_to_file` writes, without its files in /tmp: the
    collection is built in memory (genanki leaves its temporary database behind, and a
    killed export would too) and media go in from where they are, under their export names."""
    connection = sqlite3.connect(":memory:")
    try:
        with warnings.catch_warnings():
            # genanki warns about HTML tags it does not know; ours are built, never passed on.
            warnings.simplefilter("ignore")
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", json.dumps(dict(enumerate(media))))
        for index, file in enumerate(media.values()):
            archive.write(file, str(index))
