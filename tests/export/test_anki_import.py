"""An .apkg written by Anki's own package imports here with its cards, tags, media and history."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from anki.collection import Collection, ExportAnkiPackageOptions
from anki.scheduler.v3 import CardAnswer
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizapp.deck.models import Card, ReviewLog
from quizapp.deck.queries import find_cards
from quizapp.export.anki_import import card_id_for, import_package
from quizapp.notes.model import CardKind
from quizapp.srs.state import SchedulingState
from tests.conftest import T0, card_state

IMAGE = b"\x89PNG\r\n\x1a\n diagram"


def add_note(collection: Collection, note_type: str, deck: str, tags: list[str], **fields: str):
    note = collection.new_note(collection.models.by_name(note_type))
    for name, value in fields.items():
        note[name] = value
    note.tags = tags
    collection.add_note(note, collection.decks.id(deck))
    return note


def answer(collection: Collection, card_id: int, rating: int) -> None:
    card = collection.get_card(card_id)
    card.start_timer()
    states = collection._backend.get_scheduling_states(card_id)
    collection.sched.answer_card(
        collection.sched.build_answer(card=card, states=states, rating=rating)
    )


@pytest.fixture
def studied(anki: Collection) -> Collection:
    """A Korean collection with several note types, an image, reviews and a suspended card."""
    image = anki.media.write_data("다이어그램 1.png", IMAGE)
    add_note(
        anki,
        "Basic",
        "네트워크::TCP",
        ["tcp", "leech"],
        Front="TCP란?",
        Back="<b>연결 지향</b> 프로토콜",
    )
    add_note(
        anki,
        "Basic (and reversed card)",
        "네트워크::TCP",
        ["플래그"],
        Front="SYN",
        Back="연결 요청 플래그",
    )
    add_note(
        anki,
        "Cloze",
        "네트워크",
        ["tcp"],
        Text=f'{{{{c1::TCP}}}}는 {{{{c2::신뢰성}}}} 있는 전송을 보장한다 <img src="{image}">',
    )
    add_note(anki, "Basic (type in the answer)", "네트워크", [], Front="80번 포트는?", Back="HTTP")
    vocab = anki.models.new("어휘")
    for name in ("단어", "뜻", "예문"):
        anki.models.add_field(vocab, anki.models.new_field(name))
    template = anki.models.new_template("카드")
    template["qfmt"] = "{{#단어}}단어 카드{{/단어}}"
    template["afmt"] = "{{FrontSide}}"
    anki.models.add_template(vocab, template)
    anki.models.add(vocab)
    add_note(
        anki,
        "어휘",
        "네트워크",
        [],
        단어="혼잡 제어",
        뜻="네트워크가 막히지 않게 속도를 조절",
        예문="-",
    )

    (tcp,) = anki.find_cards('"Front:TCP란?"')
    (syn,) = anki.find_cards('"Front:SYN" card:1')
    for rating in (CardAnswer.AGAIN, CardAnswer.GOOD, CardAnswer.GOOD):
        answer(anki, tcp, rating)
    answer(anki, syn, CardAnswer.EASY)
    anki.sched.suspend_cards(anki.find_cards('"Front:80번 포트는?"'))
    return anki


def export(collection: Collection, path: Path, legacy: bool) -> Path:
    options = ExportAnkiPackageOptions(with_scheduling=True, with_media=True, legacy=legacy)
    collection.export_anki_package(out_path=str(path), options=options, limit=None)
    return path


def our_id(collection: Collection, anki_card_id: int) -> str:
    card = collection.get_card(anki_card_id)
    return card_id_for(collection.get_note(card.nid).guid, card.ord)


def history(engine: Engine, card_id: str) -> list[tuple[datetime, int, int | None]]:
    with Session(engine) as session:
        logs = session.exec(
            select(ReviewLog).where(ReviewLog.card_id == card_id).order_by(col(ReviewLog.id))
        )
        return [(log.reviewed_at, log.rating, log.duration_ms) for log in logs]


@pytest.mark.parametrize("legacy", [False, True], ids=["anki21b-zstd", "legacy-anki21"])
def test_anki_package_imports_with_cards_tags_media_and_history(studied, engine, tmp_path, legacy):
    package = export(studied, tmp_path / "내 덱.apkg", legacy)
    result = import_package(engine, package, tmp_path / "imported", now=T0)

    assert not result.summary.problems
    assert result.summary.added == studied.card_count() == 7
    cards = {card.id: (card, deck) for card, deck in find_cards(engine)}
    by_question = {card.question: (card, deck) for card, deck in cards.values()}

    tcp, tcp_deck = by_question["TCP란?"]
    assert (tcp.kind, tcp.answer, tcp_deck) == (
        CardKind.BASIC,
        "**연결 지향** 프로토콜",
        "네트워크::TCP",
    )
    assert tcp.tags == "tcp" and card_state(engine, tcp.id).leech
    assert by_question["SYN"][0].answer == "연결 요청 플래그"
    assert by_question["연결 요청 플래그"][0].answer == "SYN"
    assert by_question["혼잡 제어"][0].answer == "네트워크가 막히지 않게 속도를 조절"
    assert card_state(engine, by_question["80번 포트는?"][0].id).suspended

    clozes = sorted((card.question for card, _ in cards.values() if card.kind == CardKind.CLOZE))
    assert [q.split(" ![")[0] for q in clozes] == [
        "TCP는 [...] 있는 전송을 보장한다",
        "[...]는 신뢰성 있는 전송을 보장한다",
    ]
    (image,) = (tmp_path / "imported" / "media").iterdir()
    assert image.read_bytes() == IMAGE
    assert f"](media/{image.name})" in clozes[0]

    for anki_card_id in studied.find_cards(""):
        revlog = studied.db.all(
            "SELECT id, ease, time FROM revlog WHERE cid = ? ORDER BY id", anki_card_id
        )
        expected = [
            (datetime.fromtimestamp(ms / 1000, UTC), ease, time) for ms, ease, time in revlog
        ]
        assert history(engine, our_id(studied, anki_card_id)) == expected


def test_the_card_state_follows_anki_and_the_log_ends_there(studied, engine, tmp_path):
    package = export(studied, tmp_path / "deck.apkg", legacy=False)
    import_package(engine, package, tmp_path / "imported", now=T0)

    crt = studied.db.scalar("SELECT crt FROM col")
    reviewed = studied.find_cards("is:review OR is:learn")
    assert len(reviewed) == 2
    for anki_card_id in reviewed:
        anki_card = studied.get_card(anki_card_id)
        card = card_state(engine, our_id(studied, anki_card_id))
        with Session(engine) as session:
            last = session.exec(
                select(ReviewLog)
                .where(ReviewLog.card_id == card.card_id)
                .order_by(col(ReviewLog.id).desc())
            ).first()
        assert card.fsrs_state == anki_card.type
        assert (card.reps, card.lapses) == (anki_card.reps, anki_card.lapses)
        seconds = anki_card.due if anki_card.due > 1_000_000_000 else crt + anki_card.due * 86400
        assert card.due == datetime.fromtimestamp(seconds, UTC)
        assert card.stability and card.difficulty
        assert SchedulingState.from_json(last.state_after) == SchedulingState.of(card)
        assert card.last_review == last.reviewed_at


def test_importing_the_package_again_adds_nothing(studied, engine, tmp_path):
    package = export(studied, tmp_path / "deck.apkg", legacy=False)
    first = import_package(engine, package, tmp_path / "imported", now=T0)
    again = import_package(engine, package, tmp_path / "imported", now=T0)

    assert first.reviews == 4
    assert (again.summary.added, again.reviews) == (0, 0)
    with Session(engine) as session:
        assert len(session.exec(select(ReviewLog)).all()) == 4
        assert len(session.exec(select(Card)).all()) == 7


def test_a_whole_collection_backup_colpkg_imports_too(studied, engine, tmp_path):
    package = tmp_path / "backup.colpkg"
    studied.export_collection_package(str(package), include_media=True, legacy=False)
    result = import_package(engine, package, tmp_path / "imported", now=T0)
    assert (result.summary.added, result.reviews) == (7, 4)


def test_a_file_that_is_not_a_package_is_a_problem_not_a_crash(engine, tmp_path):
    fake = tmp_path / "fake.apkg"
    fake.write_bytes(b"not a zip at all")
    result = import_package(engine, fake, tmp_path / "imported", now=T0)
    assert result.summary.files_failed == 1
    assert "not an Anki package" in result.summary.problems[0].message
