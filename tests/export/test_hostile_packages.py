"""Anki packages from someone else: checked before anything is written, never a traceback.

Each test is an attack from issue 13, built here with sqlite3 and zipfile (see
`packages.py`): values that crashed the import halfway or were accepted and crashed review,
cards dropped without a word, a deck too large for one note file, and packages that
overwrite each other's notes or the user's edits.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from datetime import timedelta
from pathlib import Path

import fsrs
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from quizapp.deck.models import Card
from quizapp.deck.queries import find_cards
from quizapp.deck.sync import import_paths
from quizapp.export.anki_import import import_package, package_folder
from quizapp.srs.reviewer import Reviewer
from quizapp.srs.stats import collect_stats
from tests.conftest import T0
from tests.export.packages import BASIC_TYPE, CLOZE_TYPE, DECK, Collection, build


def one_note(**changes) -> Collection:
    collection = Collection()
    collection.basic(1, "TCP는 연결 지향인가?", "그렇다")
    for name, value in changes.items():
        setattr(collection, name, value)
    return collection


def review_card(**changes) -> tuple:
    """A reviewed card row of note 1; `changes` by column name spoil it."""
    columns = ["id", "nid", "did", "ord", "type", "queue", "due", "reps", "lapses"]
    columns += ["odid", "odue", "data"]
    row = dict(zip(columns, (10, 1, DECK, 0, 2, 2, 100, 3, 0, 0, 0, ""), strict=True))
    return tuple((row | changes).values())


def still_works(engine: Engine) -> None:
    """What used to crash after such an import: review every card, then stats."""
    now = T0 + timedelta(days=400)
    reviewer = Reviewer(engine)
    for _ in range(10):
        card = reviewer.next_card(now)
        if card is None:
            break
        reviewer.rate(card.id, fsrs.Rating.Good, now)
    collect_stats(engine, now, days=14)


def run(engine: Engine, tmp_path: Path, collection: Collection | Path, name: str = "p.apkg"):
    """Import `collection` (built into a package first, unless it is one) as the CLI does."""
    package = collection if isinstance(collection, Path) else build(tmp_path / name, collection)
    return import_package(engine, package, package_folder(tmp_path / "imported", package), now=T0)


CRASHES = {
    "revlog id 9e18": (
        one_note(revlog=[(9 * 10**18, 10, 3, 1000, 1)]),
        "1 reviews with impossible values",
        1,
    ),
    "revlog id -9e18": (
        one_note(revlog=[(-9 * 10**18, 10, 3, 1000, 1)]),
        "1 reviews with impossible values",
        1,
    ),
    "card due 999999999": (
        one_note(cards=[review_card(due=999_999_999)]),
        "card 10: due 999999999 is not a possible date: due now",
        1,
    ),
    "note type without flds": (
        one_note(models={str(BASIC_TYPE): {"name": "B", "type": 0, "tmpls": []}}),
        "note type 1000: unreadable",
        0,
    ),
    "models as a list": (
        one_note(models=[1, 2]),
        "note types and decks must be JSON objects",
        0,
    ),
    "empty col table": (one_note(col_rows=0), "the collection's col table is empty", 0),
    "stability NaN": (
        one_note(cards=[review_card(data='{"s": NaN, "d": 5}')]),
        "card 10: its data is not valid JSON",
        1,
    ),
    "negative stability": (
        one_note(cards=[review_card(data='{"s": -4, "d": 5}')]),
        "card 10: memory state s must be between",
        1,
    ),
    "card type 7": (
        one_note(cards=[review_card(type=7)]),
        "card 10: unknown card type 7: imported as new",
        1,
    ),
    "missing note type": (
        one_note(notes=[(1, "g", 999, "", "질문\x1f답")]),
        "note 1: its note type 999 is missing: left out",
        0,
    ),
    "card with a missing note": (
        one_note(cards=[review_card(), review_card(id=20, nid=55)]),
        "card 20: its note 55 is missing: left out",
        1,
    ),
}


@pytest.mark.parametrize("attack", list(CRASHES), ids=list(CRASHES))
def test_a_bad_value_in_a_package_is_a_problem_never_a_traceback(engine, tmp_path, attack):
    collection, expected, added = CRASHES[attack]
    result = run(engine, tmp_path, collection)
    assert any(expected in p.message for p in result.summary.problems), result.summary.problems
    assert result.summary.added == added
    still_works(engine)


def test_a_cloze_number_the_note_lacks_is_reported_not_dropped_silently(engine, tmp_path):
    collection = one_note()
    collection.notes.append((2, "g2", CLOZE_TYPE, "", "{{c1::TCP}}는 연결 지향이다\x1f"))
    collection.cards.append((20, 2, DECK, 998, 0, 0, 1, 0, 0, 0, 0, ""))
    collection.cards.append((21, 2, DECK, 0, 0, 0, 1, 0, 0, 0, 0, ""))
    result = run(engine, tmp_path, collection)
    messages = [p.message for p in result.summary.problems]
    assert messages == ["card 20: its note has no cloze number 999: left out"]
    assert result.summary.added == 2


@pytest.mark.parametrize("name", ["가" * 100, "x" * 5000], ids=["100 Hangul", "5000 chars"])
def test_a_deck_name_too_long_for_a_file_name_still_imports(engine, tmp_path, name):
    collection = Collection(decks={DECK: {"name": name}})
    collection.basic(1, "UDP는 연결을 맺나?", "아니다")
    result = run(engine, tmp_path, collection)
    assert result.summary.added == 1 and not result.summary.problems
    ((_, deck),) = find_cards(engine)
    assert deck == name


def test_a_five_thousand_note_deck_imports_split_like_an_export(engine, tmp_path):
    collection = Collection(decks={DECK: {"name": "Networking"}})
    for n in range(1, 5001):
        answer = f"Segment {n}: " + "the receiver acknowledges every byte it got in order. " * 12
        collection.basic(n, f"What does segment {n} of the handshake carry?", answer)
    result = run(engine, tmp_path, collection)
    assert not result.summary.problems
    assert result.summary.added == 5000
    files = sorted(result.folder.glob("Networking*.md"))
    assert len(files) >= 2 and all(f.stat().st_size < 2 * 1024 * 1024 for f in files)


def test_each_package_gets_its_own_folder_so_namesakes_do_not_clobber(engine, tmp_path):
    first, second = Collection(), Collection()
    first.basic(1, "SYN이란?", "연결 요청")
    second.basic(7, "FIN이란?", "연결 종료")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = run(engine, tmp_path, first, "a/deck.apkg")
    two = run(engine, tmp_path, second, "b/deck.apkg")
    assert one.folder != two.folder
    assert {card.question for card, _ in find_cards(engine)} == {"SYN이란?", "FIN이란?"}


def test_a_package_named_dots_stays_inside_the_imported_folder(engine, tmp_path):
    collection = one_note()
    result = run(engine, tmp_path, collection, "...apkg")
    assert result.folder.parent == tmp_path / "imported"
    assert result.summary.added == 1


def test_re_import_keeps_the_users_edit_and_reports_the_conflict(engine, tmp_path):
    collection = build(tmp_path / "p.apkg", one_note())
    first = run(engine, tmp_path, collection)
    (deck_file,) = first.folder.glob("*.md")
    edited = deck_file.read_text(encoding="utf-8").replace("그렇다", "그렇다 — 3-way handshake로")
    deck_file.write_text(edited, encoding="utf-8")
    import_paths(engine, [first.folder], now=T0)

    again = run(engine, tmp_path, collection)
    assert deck_file.read_text(encoding="utf-8") == edited
    messages = [p.message for p in again.summary.problems]
    assert any("was edited since this package was imported: kept" in m for m in messages)
    ((card, _),) = find_cards(engine)
    assert card.answer == "그렇다 — 3-way handshake로"


def test_re_import_of_an_unedited_package_changes_nothing(engine, tmp_path):
    collection = build(tmp_path / "p.apkg", one_note())
    first = run(engine, tmp_path, collection)
    again = run(engine, tmp_path, collection)
    assert again.folder == first.folder
    assert not again.summary.problems and not again.summary.changed


def test_appending_a_question_to_an_imported_deck_file_retires_nothing(engine, tmp_path):
    collection = Collection()
    collection.basic(1, "SYN이란?", "연결 요청")
    collection.basic(2, "ACK란?", "확인 응답")
    first = run(engine, tmp_path, collection)
    (deck_file,) = first.folder.glob("*.md")
    with deck_file.open("a", encoding="utf-8") as out:
        out.write("\n- Q. RST란?\n\n  연결을 끊는다\n")
    summary = import_paths(engine, [first.folder], now=T0)
    assert summary.retired == 0 and summary.added == 1
    with Session(engine) as session:
        assert all(not card.retired for card in session.exec(select(Card)))


def test_escapes_in_deck_names_fields_and_tags_never_reach_the_deck(engine, tmp_path):
    collection = Collection(decks={DECK: {"name": "D\x1b]52;c;ZXZpbA==\x07\x9b31m"}})
    collection.basic(
        1, "질문 \x1b[31mRED&#27;\x9b2J", "답 \x1b]8;;http://evil\x1b\\링크", tags="t\x1b[5m"
    )
    result = run(engine, tmp_path, collection)
    assert result.summary.added == 1
    ((card, deck),) = find_cards(engine)
    for text in (deck, card.question, card.answer, card.tags):
        assert not any(c in text for c in "\x1b\x07\x9b"), text
    files = [f.read_text(encoding="utf-8") for f in result.folder.glob("*.md")]
    assert "\x1b" not in json.dumps(files, ensure_ascii=False)


def test_note_types_nested_100000_deep_are_a_problem(engine, tmp_path):
    collection = one_note()
    package = build(tmp_path / "deep.apkg", collection)
    with zipfile.ZipFile(package) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    db.execute("UPDATE col SET models = ?", ('{"1": ' + "[" * 100_000,))
    db.commit()
    db.close()
    with zipfile.ZipFile(package, "w") as archive:
        archive.write(tmp_path / "c.anki2", "collection.anki2")
    result = import_package(engine, package, tmp_path / "imported", now=T0)
    (problem,) = result.summary.problems
    assert "note types or decks are not JSON" in problem.message
