"""The .apkg as Anki's own package reads it: notes, fields, tags, media; updates, never copies."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from sqlalchemy.engine import Engine

from quizapp.deck.queries import find_cards
from quizapp.deck.sync import import_paths
from quizapp.export import ExportFormat, export_deck
from quizapp.export.apkg import note_guid
from tests.conftest import T0
from tests.export.conftest import SECRET

T1 = T0 + timedelta(days=1)
T2 = T0 + timedelta(days=2)


def import_into_anki(collection: Collection, package: Path) -> None:
    """Anki's current importer, with its default of updating a note only when it is newer."""
    options = ImportAnkiPackageOptions(
        update_notes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    )
    collection.import_anki_package(
        ImportAnkiPackageRequest(package_path=str(package), options=options)
    )


def notes_by_guid(collection: Collection) -> dict[str, dict]:
    notes = {}
    for note_id in collection.find_notes(""):
        note = collection.get_note(note_id)
        notes[note.guid] = {
            "type": note.note_type()["name"],
            "fields": dict(note.items()),
            "tags": set(note.tags),
            "mod": note.mod,
            "decks": {collection.decks.name(card.did) for card in note.cards()},
        }
    return notes


def guid_of(engine: Engine, question_start: str) -> str:
    cards = [card for card, _ in find_cards(engine) if card.question.startswith(question_start)]
    assert len(cards) == 1, question_start
    return note_guid(cards[0].id)


def test_apkg_opens_in_anki_with_every_note_field_tag_and_image(deck, anki, tmp_path):
    package = tmp_path / "deck.apkg"
    result = export_deck(deck, ExportFormat.apkg, package, now=T1)
    import_into_anki(anki, package)

    notes = notes_by_guid(anki)
    assert result.cards == 12
    assert set(notes) == {note_guid(card.id) for card, _ in find_cards(deck)}
    assert anki.card_count() == 13  # the cloze note hides two parts: two Anki cards

    why = notes[guid_of(deck, "왜 3-way")]
    assert why["type"] == "quizapp basic"
    assert "왜 3-way handshake가 필요한가?" in why["fields"]["Question"]
    assert "ISN이 상대에게 전달되었음을" in why["fields"]["Answer"]
    assert why["fields"]["Source"] == "network/tcp.md:24"
    assert why["tags"] == {"deck::네트워크::TCP", "note::network::tcp", "tcp", "why"}
    assert why["decks"] == {"네트워크::TCP"}

    ordering = notes[guid_of(deck, "3-way handshake 과정 —")]
    assert ordering["type"] == "quizapp ordering"
    assert ordering["fields"]["Order"].startswith('<ol class="answer"><li>클라이언트가 SYN을')
    assert ordering["fields"]["Steps"].count("<li>") == 3

    choice = notes[guid_of(deck, "TIME_WAIT")]
    assert choice["type"] == "quizapp multiple choice"
    assert "<b>B)</b> 2MSL" in choice["fields"]["Options"]
    assert "MSL은 세그먼트의 최대 수명이다." in choice["fields"]["Answer"]

    cloze = notes[guid_of(deck, "TCP는 [...]")]
    assert cloze["type"] == "quizapp cloze"
    assert "{{c3::신뢰성}}" in cloze["fields"]["Text"]
    assert "{{c2::재전송::타이머}}" in cloze["fields"]["Text"]

    linked = notes[guid_of(deck, "3-way handshake 과정에 대해")]
    assert linked["type"] == "quizapp open question"
    assert "3-way handshake 과정" in linked["fields"]["Section"]
    self_graded = notes[guid_of(deck, "양자 컴퓨터")]
    # A Korean card's added words are Korean whatever the UI language (tests run in English).
    assert "자기 평가" in self_graded["fields"]["Model answer"]

    media = {path.name: path.read_bytes() for path in Path(anki.media.dir()).iterdir()}
    image = (tmp_path / "content" / "network" / "images" / "handshake.png").read_bytes()
    assert list(media.values()) == [image]
    (name,) = media
    assert f'<img src="{name}" alt="핸드셰이크 그림">' in why["fields"]["Answer"]


def test_hostile_html_arrives_inert_and_outside_images_are_reported(deck, anki, tmp_path):
    package = tmp_path / "deck.apkg"
    result = export_deck(deck, ExportFormat.apkg, package, now=T1)
    import_into_anki(anki, package)

    hostile = notes_by_guid(anki)[guid_of(deck, "<script>")]
    fields = "".join(hostile["fields"].values())
    # No tag the note wrote survives as a tag: no script, no event handler attribute.
    assert "<script" not in fields
    assert not re.search(r"<[a-z]+\s[^>]*\bon[a-z]+=", fields)
    assert "&lt;script&gt;alert(&#x27;질문&#x27;)&lt;/script&gt;" in hostile["fields"]["Question"]
    answer = hostile["fields"]["Answer"]
    # HTML in answers is converted to Markdown at import, event handlers dropped.
    assert "<strong>굵은 글씨</strong>" in answer and "onclick" not in answer
    assert "<code>List&lt;String&gt;</code>" in answer
    assert "블록 HTML" in answer and "onmouseover" not in answer

    messages = sorted(p.message for p in result.problems)
    assert {str(p).split(": ")[0] for p in result.problems} == {
        "network/hostile.md:6",
        "network/hostile.md:12",
    }
    assert messages == [
        "absolute image path '/etc/passwd' is outside the content folder: skipped",
        "image '../../secret.png' is outside the content folder: skipped",
        "image 'images/link.png' is outside the content folder: skipped",
        "image 'x' not found",
    ]
    for path in Path(anki.media.dir()).iterdir():
        assert path.read_bytes() != SECRET


def test_exporting_twice_leaves_one_copy_of_each_note(deck, anki, tmp_path):
    export_deck(deck, ExportFormat.apkg, tmp_path / "first.apkg", now=T1)
    export_deck(deck, ExportFormat.apkg, tmp_path / "second.apkg", now=T2)
    import_into_anki(anki, tmp_path / "first.apkg")
    before = notes_by_guid(anki)
    import_into_anki(anki, tmp_path / "second.apkg")

    assert anki.note_count() == 12
    assert notes_by_guid(anki) == before


def test_an_edited_answer_updates_that_note_in_anki_and_nothing_else(
    deck, anki, notes_dir, tmp_path
):
    export_deck(deck, ExportFormat.apkg, tmp_path / "first.apkg", now=T1)
    import_into_anki(anki, tmp_path / "first.apkg")
    before = notes_by_guid(anki)

    note = notes_dir / "network" / "tcp.md"
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace("확인해야 하기 때문이다.", "확인하기 위해서다 (수정됨)."))
    summary = import_paths(deck, [notes_dir], now=T1 + timedelta(hours=1))
    assert summary.updated == 1
    export_deck(deck, ExportFormat.apkg, tmp_path / "second.apkg", now=T2)
    import_into_anki(anki, tmp_path / "second.apkg")

    after = notes_by_guid(anki)
    edited = guid_of(deck, "왜 3-way")
    assert "확인하기 위해서다 (수정됨)." in after[edited]["fields"]["Answer"]
    assert "확인해야 하기 때문이다." not in after[edited]["fields"]["Answer"]
    assert {g: n for g, n in after.items() if g != edited} == {
        g: n for g, n in before.items() if g != edited
    }
    assert anki.note_count() == 12
