"""CSV and TSV as Anki's own text importer takes them: one note per card, fields, tags, decks."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from anki.collection import Collection
from anki.import_export_pb2 import ImportCsvRequest

from quizapp.export import ExportFormat, export_deck
from quizapp.export.apkg import anki_tags, note_guid
from quizapp.export.render import FieldRenderer
from quizapp.export.selection import select_cards
from quizapp.quiz.faces import card_faces, card_language
from tests.conftest import T0
from tests.export.conftest import SECRET

T1 = T0 + timedelta(days=1)


def import_csv_into_anki(collection: Collection, path: Path) -> None:
    """Anki's current text importer, with the settings it reads from the file's header."""
    metadata = collection.get_csv_metadata(path=str(path), delimiter=None)
    collection.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))


def notes_by_guid(collection: Collection) -> dict[str, dict]:
    notes = {}
    for note_id in collection.find_notes(""):
        note = collection.get_note(note_id)
        notes[note.guid] = {
            "fields": dict(note.items()),
            "tags": set(note.tags),
            "decks": {collection.decks.name(card.did) for card in note.cards()},
        }
    return notes


@pytest.mark.parametrize("fmt", [ExportFormat.csv, ExportFormat.tsv])
def test_anki_text_import_takes_every_card_with_fields_tags_and_decks(deck, anki, tmp_path, fmt):
    path = tmp_path / f"deck.{fmt}"
    result = export_deck(deck, fmt, path, now=T1)
    import_csv_into_anki(anki, path)

    notes = notes_by_guid(anki)
    cards = {note_guid(item.card.id): item for item in select_cards(deck)}
    assert result.cards == 12
    assert set(notes) == set(cards)
    renderer = FieldRenderer()
    for guid, note in notes.items():
        item = cards[guid]
        faces = card_faces(item.card, card_language(item.card))
        assert note["fields"] == {
            "Front": renderer.html(faces.front, item.place),
            "Back": renderer.html(faces.back, item.place),
        }
        assert note["decks"] == {item.deck}
        assert note["tags"] == set(anki_tags(item))

    why = next(n for n in notes.values() if "왜 3-way" in n["fields"]["Front"])
    assert why["fields"]["Front"] == "<p>왜 3-way handshake가 필요한가?</p>"
    assert "ISN이 상대에게 전달되었음을" in why["fields"]["Back"]
    assert why["tags"] == {"deck::네트워크::TCP", "note::network::tcp", "tcp", "why"}
    assert 'alt="핸드셰이크 그림"' in why["fields"]["Back"]
    choice = next(n for n in notes.values() if "TIME_WAIT" in n["fields"]["Front"])
    assert "<strong>B)</strong> 2MSL" in choice["fields"]["Front"]


def test_csv_header_is_the_one_anki_writes_and_images_go_beside_it(deck, tmp_path):
    path = tmp_path / "deck.csv"
    result = export_deck(deck, ExportFormat.csv, path, now=T1)

    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:6] == [
        "#separator:comma",
        "#html:true",
        "#guid column:1",
        "#deck column:2",
        "#tags column:6",
        "#columns:GUID,Deck,Front,Back,Source,Tags",
    ]
    media = tmp_path / "deck.media"
    assert result.files == [path, media]
    images = list(media.iterdir())
    assert [image.read_bytes()[:4] for image in images] == [b"\x89PNG"]
    assert all(image.read_bytes() != SECRET for image in images)


def test_importing_the_csv_twice_leaves_one_copy(deck, anki, tmp_path):
    path = tmp_path / "deck.csv"
    export_deck(deck, ExportFormat.csv, path, now=T1)
    import_csv_into_anki(anki, path)
    import_csv_into_anki(anki, path)
    assert anki.note_count() == 12


def test_csv_fields_carry_no_live_html_from_the_notes(deck, anki, tmp_path):
    path = tmp_path / "deck.csv"
    export_deck(deck, ExportFormat.csv, path, now=T1)
    import_csv_into_anki(anki, path)

    hostile = next(n for n in notes_by_guid(anki).values() if "script" in n["fields"]["Front"])
    assert hostile["fields"]["Front"].startswith("<p>&lt;script&gt;alert(")
    assert "<b onclick" not in hostile["fields"]["Back"]
    assert "onclick" not in hostile["fields"]["Back"]  # converted to Markdown at import
