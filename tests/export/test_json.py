"""JSON backup and restore: cards, FSRS states, review logs, decks and notes, field by field."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import fsrs
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizapp.deck.db import open_database, writer
from quizapp.deck.models import SCHEMA_VERSION, Card, CardState, Deck, Note, ReviewLog, User
from quizapp.export import ExportFormat, export_deck
from quizapp.export.json import restore_json
from quizapp.srs.reviewer import Reviewer
from tests.conftest import T0

RATINGS = [fsrs.Rating.Good, fsrs.Rating.Again, fsrs.Rating.Easy, fsrs.Rating.Hard]


def study(engine: Engine, days: int) -> None:
    """A few days of reviews (fuzz on, so states are not round numbers), a suspension,
    a leech-free lapse or two, and tuned deck settings."""
    reviewer = Reviewer(engine)
    now = T0
    for day in range(days):
        now = T0 + timedelta(days=day, hours=1)
        for n in range(8):
            card = reviewer.next_card(now)
            if card is None:
                break
            reviewer.rate(card.id, RATINGS[(day + n) % 4], now, duration_ms=1500 + n)
            now += timedelta(minutes=2)
    with Session(writer(engine)) as session:
        deck = session.exec(select(Deck).where(Deck.name == "네트워크::TCP")).one()
        deck.desired_retention = 0.85
        deck.new_per_day = 7
        fitted = [round(w * 1.01, 4) for w in fsrs.Scheduler().parameters]
        deck.fsrs_parameters = json.dumps(fitted)
        cloze = session.exec(select(Card.id).where(Card.kind == "cloze")).one()
        session.commit()
    reviewer.suspend(cloze)


def snapshot(engine: Engine) -> dict:
    """Every stored field, with row ids replaced by what they point at."""
    with Session(engine) as session:
        decks = {d.id: d.name for d in session.exec(select(Deck))}
        notes = {n.id: n.file_path for n in session.exec(select(Note))}
        users = {u.id: u.name for u in session.exec(select(User))}
        return {
            "users": sorted(
                # A fresh database has its own first user: when they were made differs.
                (u.model_dump(exclude={"id", "created_at"}) for u in session.exec(select(User))),
                key=lambda u: u["name"],
            ),
            "states": {
                (users[st.user_id], st.card_id): st.model_dump(exclude={"user_id", "card_id"})
                for st in session.exec(select(CardState))
            },
            "decks": sorted(
                (d.model_dump(exclude={"id"}) for d in session.exec(select(Deck))),
                key=lambda d: d["name"],
            ),
            "notes": sorted(
                (
                    {**n.model_dump(exclude={"id", "deck_id"}), "deck": decks[n.deck_id]}
                    for n in session.exec(select(Note))
                ),
                key=lambda n: n["file_path"],
            ),
            "cards": {
                c.id: {
                    **c.model_dump(exclude={"deck_id", "note_id"}),
                    "deck": decks[c.deck_id],
                    "note": notes.get(c.note_id),
                }
                for c in session.exec(select(Card))
            },
            "reviews": [
                {**log.model_dump(exclude={"id", "user_id"}), "user": users[log.user_id]}
                for log in session.exec(select(ReviewLog).order_by(col(ReviewLog.id)))
            ],
        }


def test_json_restore_into_a_fresh_database_gives_back_every_field(deck, tmp_path):
    study(deck, days=4)
    backup = tmp_path / "backup.json"
    result = export_deck(deck, ExportFormat.json, backup, now=T0 + timedelta(days=5))
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    summary = restore_json(fresh, backup)

    original = snapshot(deck)
    assert result.reviews == len(original["reviews"]) > 20
    assert summary.added == 12
    # The fresh deck has no sources: the notes keep their folder, with a warning.
    (warning,) = summary.problems
    assert warning.severity == "warning" and "not imported on this machine" in warning.message
    restored = snapshot(fresh)
    assert restored["decks"] == original["decks"]
    assert restored["notes"] == original["notes"]
    assert restored["reviews"] == original["reviews"]
    assert restored["cards"].keys() == original["cards"].keys()
    for card_id, card in original["cards"].items():
        for name, value in card.items():
            assert restored["cards"][card_id][name] == value, (card_id, name)
    assert restored["users"] == original["users"]
    assert restored["states"] == original["states"]
    assert any(state["stability"] for state in restored["states"].values())
    assert any(state["suspended"] for state in restored["states"].values())


def test_the_file_says_what_it_is(deck, tmp_path):
    backup = tmp_path / "backup.json"
    export_deck(deck, ExportFormat.json, backup, now=T0)
    data = json.loads(backup.read_text(encoding="utf-8"))
    assert (data["format"], data["version"]) == ("quizapp-deck", 2)
    assert data["schema_version"] == SCHEMA_VERSION
    assert {card["deck"] for card in data["cards"]} == {"네트워크::TCP", "네트워크::보안"}


def test_restoring_twice_adds_nothing_the_second_time(deck, tmp_path):
    study(deck, days=2)
    backup = tmp_path / "backup.json"
    export_deck(deck, ExportFormat.json, backup, now=T0 + timedelta(days=3))
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    restore_json(fresh, backup)
    again = restore_json(fresh, backup)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 12)
    assert snapshot(fresh) == snapshot(deck)


def test_restoring_an_older_backup_keeps_reviews_made_since(deck, tmp_path):
    study(deck, days=1)
    backup = tmp_path / "backup.json"
    export_deck(deck, ExportFormat.json, backup, now=T0 + timedelta(days=1))
    later = T0 + timedelta(days=9)
    reviewer = Reviewer(deck)
    card = reviewer.next_card(later)
    assert card is not None
    reviewer.rate(card.id, fsrs.Rating.Good, later)
    before = snapshot(deck)

    summary = restore_json(deck, backup)
    assert summary.updated == 0 and not summary.problems
    assert snapshot(deck) == before


def test_a_damaged_or_foreign_file_restores_nothing(engine, tmp_path):
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"cards": []}', encoding="utf-8")
    newer = tmp_path / "newer.json"
    newer.write_text(
        '{"format": "quizapp-deck", "version": 99, "decks": [], "notes": [], '
        '"cards": [], "reviews": []}',
        encoding="utf-8",
    )
    damaged = tmp_path / "damaged.json"
    damaged.write_text(
        '{"format": "quizapp-deck", "version": 1, "decks": [{"name": "덱"}], "notes": [], '
        '"cards": [{"id": "x", "deck": "덱", "due": "2026-01-01T00:00:00"}], "reviews": []}',
        encoding="utf-8",
    )
    messages = [restore_json(engine, Path(path)).problems[0].message for path in (foreign, newer)]
    assert "not a quizapp JSON backup" in messages[0]
    assert "newer than this quizapp reads" in messages[1]
    with Session(engine) as session:
        assert session.exec(select(Deck)).all() == []
    # A bad record is named and left out; the good ones are restored.
    summary = restore_json(engine, damaged)
    assert [p.message for p in summary.problems] == [
        "cards[0] (x): kind must be one of basic, choice, cloze, definition, flow, open, "
        "ordering, reverse: left out"
    ]
    with Session(engine) as session:
        assert [d.name for d in session.exec(select(Deck))] == ["덱"]
        assert session.exec(select(Card)).all() == []


def test_escape_sequences_in_a_backup_are_made_visible_on_restore(deck, tmp_path):
    backup = tmp_path / "backup.json"
    export_deck(deck, ExportFormat.json, backup, now=T0)
    data = json.loads(backup.read_text(encoding="utf-8"))
    data["cards"][0]["question"] = "\x1b]52;c;ZXZpbA==\x07TCP란?\x1b[31m"
    backup.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fresh = open_database(f"sqlite:///{tmp_path / 'fresh.db'}")
    restore_json(fresh, backup)
    with Session(fresh) as session:
        card = session.get(Card, data["cards"][0]["id"])
    assert "\x1b" not in card.question and "\x07" not in card.question
    assert "TCP란?" in card.question
