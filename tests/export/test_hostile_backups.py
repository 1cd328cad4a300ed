"""Backups from someone else: they can neither read the user's files nor break the deck.

Each test is an attack from issue 13, built here as a JSON backup: a note rooted at `/`
whose card shows `/etc/shadow`-like files, values that used to be accepted and then crash
review, stats or export, and values that used to crash the restore halfway.
"""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

import fsrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from quizapp.deck.db import open_database, writer
from quizapp.deck.models import Card, CardState, Deck, Note, ReviewLog
from quizapp.deck.queries import card_record, find_cards, note_file
from quizapp.deck.sync import import_paths
from quizapp.export import ExportFormat, export_deck
from quizapp.export.json import restore_json
from quizapp.srs.reviewer import Reviewer
from quizapp.srs.stats import collect_stats
from tests.conftest import T0

SECRET = b"root:$6$not-for-export$:19000:0:99999:7:::"


def backup(**sections: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {"format": "quizapp-deck", "version": 1, "schema_version": 4}
    for name in ("decks", "notes", "cards", "reviews"):
        data[name] = sections.get(name, [])
    return data


def write(path: Path, data: dict[str, Any] | str) -> Path:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def card(card_id: str = "c1", **fields: Any) -> dict[str, Any]:
    return {
        "id": card_id,
        "deck": "네트워크",
        "kind": "basic",
        "question": "TCP는 연결 지향인가?",
        "answer": "그렇다",
        **fields,
    }


def reviewed(card_id: str = "c1", **fields: Any) -> dict[str, Any]:
    """A card in review with a sane schedule; `fields` spoil it."""
    sane = {
        "fsrs_state": 2,
        "fsrs_step": None,
        "stability": 12.5,
        "difficulty": 5.0,
        "due": (T0 + timedelta(days=3)).isoformat(),
        "last_review": T0.isoformat(),
        "reps": 3,
        "lapses": 0,
    }
    return card(card_id, **(sane | fields))


@pytest.fixture
def own_notes(tmp_path: Path, engine: Engine) -> Path:
    """A folder of the user's own notes, imported here: the deck's one source."""
    notes = tmp_path / "my-notes"
    (notes / "images").mkdir(parents=True)
    (notes / "images" / "syn.png").write_bytes(b"\x89PNG own image")
    (notes / "tcp.md").write_text(
        "# TCP\n\n#### Q. SYN은 무엇인가?\n\nA. 연결 요청 ![](images/syn.png)\n", encoding="utf-8"
    )
    import_paths(engine, [notes], now=T0)
    return notes


def secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "etc" / "shadow"
    secret.parent.mkdir()
    secret.write_bytes(SECRET)
    return secret


def theft_backup(tmp_path: Path, secret: Path) -> Path:
    """The attack: a note rooted at `/`, and a card showing the secret by its path below it."""
    relative = secret.relative_to("/").as_posix()
    return write(
        tmp_path / "gift.json",
        backup(
            notes=[
                {
                    "deck": "네트워크",
                    "file_path": "/evil.md",
                    "root": "/",
                    "path": "evil.md",
                    "title": "선물",
                    "markdown": f"![]({relative})",
                }
            ],
            cards=[card("steal", answer=f"![]({relative})", note="/evil.md")],
        ),
    )


def test_a_backup_rooted_at_slash_cannot_ship_a_secret_in_an_apkg(engine, own_notes, tmp_path):
    secret = secret_file(tmp_path)
    summary = restore_json(engine, theft_backup(tmp_path, secret))
    assert summary.added == 1
    assert any("notes from / keep that folder" in p.message for p in summary.problems)

    package = tmp_path / "out.apkg"
    result = export_deck(engine, ExportFormat.apkg, package, now=T0)
    with zipfile.ZipFile(package) as archive:
        contents = b"".join(archive.read(name) for name in archive.namelist())
    assert SECRET not in contents
    assert b"own image" in contents  # the user's own image, inside a source, still goes
    assert any("/ is not a folder imported on this machine" in p.message for p in result.problems)


def test_a_backup_rooted_at_slash_cannot_copy_a_secret_into_a_markdown_export(
    engine, own_notes, tmp_path
):
    secret = secret_file(tmp_path)
    restore_json(engine, theft_backup(tmp_path, secret))
    out = tmp_path / "md-out"
    result = export_deck(engine, ExportFormat.md, out, now=T0)
    copied = [f.read_bytes() for f in out.rglob("*") if f.is_file()]
    assert all(SECRET not in data for data in copied)
    assert any(b"own image" in data for data in copied)
    assert any("images skipped" in p.message for p in result.problems)
    # The backup's card has no source file: the warning names the card, not ":0".
    (warning,) = [p for p in result.problems if "images skipped" in p.message]
    assert str(warning).startswith("card steal: warning: the note's folder / ")


def test_a_restored_note_file_outside_every_source_is_never_opened(engine, own_notes, tmp_path):
    secret = secret_file(tmp_path)
    restore_json(engine, theft_backup(tmp_path, secret))
    with Session(engine) as session:
        evil = session.exec(select(Note).where(Note.path == "evil.md")).one()
        own = session.exec(select(Note).where(Note.path == "tcp.md")).one()
    assert note_file(engine, evil.id) is None
    assert note_file(engine, own.id) == str((own_notes / "tcp.md").resolve())


def test_a_backup_made_elsewhere_rebases_onto_the_source_of_the_same_name(engine, tmp_path):
    exported = tmp_path / "other-machine.json"
    elsewhere = open_database(f"sqlite:///{tmp_path / 'elsewhere.db'}")
    notes = tmp_path / "laptop" / "my-notes"
    (notes / "images").mkdir(parents=True)
    (notes / "images" / "syn.png").write_bytes(b"\x89PNG laptop")
    (notes / "tcp.md").write_text(
        "#### Q. SYN은 무엇인가?\n\nA. 연결 요청 ![](images/syn.png)\n", encoding="utf-8"
    )
    import_paths(elsewhere, [notes], now=T0)
    export_deck(elsewhere, ExportFormat.json, exported, now=T0)
    here = tmp_path / "desktop" / "my-notes"
    (here / "images").mkdir(parents=True)
    (here / "images" / "syn.png").write_bytes(b"\x89PNG desktop")
    (here / "other.md").write_text("#### Q. ACK?\n\nA. 확인 응답\n", encoding="utf-8")
    import_paths(engine, [here], now=T0)

    summary = restore_json(engine, exported)
    assert any("now belong to" in p.message for p in summary.problems)
    with Session(engine) as session:
        note = session.exec(select(Note).where(Note.path == "tcp.md")).one()
    assert note.root == str(here.resolve())
    assert note.file_path == str(here.resolve() / "tcp.md")
    out = tmp_path / "out.apkg"
    export_deck(engine, ExportFormat.apkg, out, now=T0)
    with zipfile.ZipFile(out) as archive:
        contents = b"".join(archive.read(name) for name in archive.namelist())
    assert b"desktop" in contents and b"laptop" not in contents


def exercise(engine: Engine, tmp_path: Path) -> None:
    """What used to crash after a bad restore: review, stats, cards --format json, export."""
    now = T0 + timedelta(days=30)
    reviewer = Reviewer(engine)
    for _ in range(5):
        shown = reviewer.next_card(now)
        if shown is None:
            break
        reviewer.rate(shown.id, fsrs.Rating.Good, now)
    collect_stats(engine, now, days=14)
    for row, deck in find_cards(engine):
        json.dumps(card_record(row, deck), allow_nan=False)
    for fmt in (ExportFormat.json, ExportFormat.apkg, ExportFormat.md, ExportFormat.csv):
        export_deck(engine, fmt, tmp_path / f"after.{fmt.value}", now=now)
    json.loads(
        (tmp_path / "after.json").read_text(encoding="utf-8"),
        parse_constant=lambda name: pytest.fail(f"export wrote {name}"),
    )


BAD_CARDS = {
    "stability NaN": (reviewed(stability=float("nan")), "stability must be a finite number"),
    "stability Infinity": (reviewed(stability=float("inf")), "stability must be a finite"),
    "negative stability": (reviewed(stability=-3.0), "stability must be between"),
    "due 0001-01-01": (reviewed(due="0001-01-01T00:00:00+00:00"), "due must lie between"),
    "extra_json not json": (card(extra_json="not json {"), "extra_json is not valid JSON"),
    "extra_json a list": (card(extra_json="[1]"), "extra_json must hold a JSON dict"),
    "reps 10**30": (reviewed(reps=10**30), "reps must be between"),
    "unknown state 7": (reviewed(fsrs_state=7), "fsrs_state must be between 1 and 3"),
    "state without stability": (reviewed(stability=None), "needs stability"),
    "kind unknown": (card(kind="evil"), "kind must be one of"),
    "question a number": (card(question=3), "question must be text"),
    "id huge": (card("x" * 5000), "id must be 1 to 200"),
    "source_line 9e18": (card(source_line=9 * 10**18), "source_line must be between"),
    "date not a date": (reviewed(last_review="yesterday"), "last_review is not a date-time"),
    "bool as number": (card(suspended=2), "suspended must be true or false"),
}


@pytest.mark.parametrize("bad", list(BAD_CARDS), ids=list(BAD_CARDS))
def test_a_bad_card_is_named_and_left_out_and_the_deck_still_works(engine, tmp_path, bad):
    record, expected = BAD_CARDS[bad]
    path = tmp_path / "bad.json"
    text = json.dumps(backup(cards=[reviewed("good"), record]), ensure_ascii=False)
    write(path, text)  # json.dumps writes NaN/Infinity as Python does: the attack's bytes
    summary = restore_json(engine, path)
    assert summary.added == 1
    (problem,) = summary.problems
    assert problem.message.startswith("cards[1] (") and expected in problem.message, problem
    assert problem.message.endswith("left out")
    exercise(engine, tmp_path)


BAD_DECKS = {
    "fsrs_parameters [1,2,3]": ({"fsrs_parameters": [1, 2, 3]}, "Expected 21 parameters"),
    "parameters NaN": ({"fsrs_parameters": [float("nan")] * 21}, "must be a finite number"),
    "retention 5": ({"desired_retention": 5}, "desired_retention must be between"),
    "new_per_day -1": ({"new_per_day": -1}, "new_per_day must be between"),
    "learning steps text": ({"learning_steps": "[60, -1]"}, "learning_steps must be between"),
}


@pytest.mark.parametrize("bad", list(BAD_DECKS), ids=list(BAD_DECKS))
def test_bad_deck_settings_are_named_and_left_out(engine, tmp_path, bad):
    fields, expected = BAD_DECKS[bad]
    path = write(
        tmp_path / "bad.json",
        json.dumps(backup(decks=[{"name": "네트워크", **fields}], cards=[reviewed()])),
    )
    summary = restore_json(engine, path)
    (problem,) = summary.problems
    assert problem.message.startswith("decks[0] (네트워크)") and expected in problem.message
    with Session(engine) as session:
        deck = session.exec(select(Deck)).one()
    assert deck.fsrs_parameters is None and deck.desired_retention == 0.9
    exercise(engine, tmp_path)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ({"schema_version": "abc"}, "backup schema_version 'abc' is not valid"),
        ({"schema_version": 0}, "backup schema_version 0 is not valid"),
        ({"schema_version": -1}, "backup schema_version -1 is not valid"),
        ({"version": "1"}, "backup version '1' is not valid"),
        ({"version": True}, "backup version True is not valid"),
    ],
)
def test_a_bad_header_restores_nothing(engine, tmp_path, head, expected):
    path = write(tmp_path / "bad.json", {**backup(cards=[card()]), **head})
    summary = restore_json(engine, path)
    assert [p.message for p in summary.problems] == [expected]
    assert find_cards(engine) == []


def test_deep_nesting_is_a_problem_not_a_crash(engine, tmp_path):
    path = write(tmp_path / "deep.json", '{"format": "quizapp-deck", "x": ' + "[" * 100_000)
    (problem,) = restore_json(engine, path).problems
    assert "cannot read the backup" in problem.message
    deep_extra = "[" * 200 + "]" * 200
    path = write(tmp_path / "deep2.json", backup(cards=[card(extra_json=f'{{"a": {deep_extra}}}')]))
    (problem,) = restore_json(engine, path).problems
    assert "nested more than" in problem.message


def test_reviews_that_are_bad_or_of_unknown_cards_are_left_out(engine, tmp_path):
    state = json.dumps(
        {
            "fsrs_state": None,
            "fsrs_step": None,
            "stability": None,
            "difficulty": None,
            "due": None,
            "last_review": None,
            "reps": 0,
            "lapses": 0,
            "leech": False,
        }
    )
    good = {"card_id": "c1", "rating": 3, "reviewed_at": T0.isoformat()}
    good |= {"state_before": state, "state_after": state}
    reviews = [
        good,
        {**good, "rating": 9},
        {**good, "reviewed_at": "0001-01-01T00:00:00"},
        {**good, "state_after": "{}"},
        {**good, "duration_ms": -5},
        {**good, "card_id": "nowhere"},
        {**good, "id": 9 * 10**18, "reviewed_at": (T0 + timedelta(hours=1)).isoformat()},
    ]
    summary = restore_json(
        engine, write(tmp_path / "r.json", backup(cards=[card()], reviews=reviews))
    )
    messages = [p.message for p in summary.problems]
    assert messages[0].startswith("reviews[1]: rating must be between 1 and 4")
    assert messages[1].startswith("reviews[2]: reviewed_at must lie between")
    assert messages[2].startswith("reviews[3]: state_after is not a scheduling state")
    assert messages[3].startswith("reviews[4]: duration_ms must be between")
    assert messages[4] == "1 reviews of cards not in the deck: left out"
    with Session(engine) as session:
        assert len(session.exec(select(ReviewLog)).all()) == 2


def test_escapes_inside_extra_json_and_names_are_made_visible(engine, tmp_path):
    extra = json.dumps({"options": ["\x1b]52;c;ZXZpbA==\x07A", "B\x9b31m"], "correct": 0})
    record = card(kind="choice", extra_json=extra, deck="D\x1b]0;title\x07\n가짜 줄")
    restore_json(engine, write(tmp_path / "e.json", backup(cards=[record])))
    with Session(engine) as session:
        stored = session.exec(select(Card)).one()
        deck = session.exec(select(Deck)).one()
    assert "\x1b" not in stored.extra_json and "\x9b" not in stored.extra_json
    assert stored.extra["options"][0].startswith("␛]52")
    assert "\x1b" not in deck.name and "\n" not in deck.name


# -- any backup record ---------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["2026-03-02T09:00:00+00:00", "0001-01-01", "9999-12-31T23:59:59", "{}"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
)
CARD_FIELDS = [
    "id", "deck", "kind", "question", "answer", "extra_json", "source_line", "fsrs_state",
    "fsrs_step", "stability", "difficulty", "due", "last_review", "reps", "lapses",
    "suspended", "buried_until", "note", "tags",
]  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    spoiled=st.dictionaries(st.sampled_from(CARD_FIELDS), VALUES, max_size=4),
    deck_fields=st.dictionaries(
        st.sampled_from(["name", "fsrs_parameters", "desired_retention", "new_per_day"]),
        VALUES,
        max_size=2,
    ),
    review_fields=st.dictionaries(
        st.sampled_from(["card_id", "rating", "reviewed_at", "duration_ms", "state_after"]),
        VALUES,
        max_size=2,
    ),
)
@example(spoiled={"kind": []}, deck_fields={}, review_fields={})  # found by hypothesis
def test_any_backup_record_restores_or_is_reported_and_the_deck_keeps_working(
    tmp_path_factory, spoiled, deck_fields, review_fields
):
    tmp_path = tmp_path_factory.mktemp("prop")
    engine = open_database(f"sqlite:///{tmp_path / 'deck.db'}")
    state = json.dumps(
        dict.fromkeys(["fsrs_state", "fsrs_step", "stability", "difficulty", "due"])
        | {"last_review": None, "reps": 0, "lapses": 0, "leech": False}
    )
    review = {"card_id": "c1", "rating": 3, "reviewed_at": T0.isoformat()}
    review |= {"state_before": state, "state_after": state, **review_fields}
    data = backup(
        decks=[{"name": "네트워크", **deck_fields}],
        cards=[reviewed("c1", **spoiled), reviewed("c2")],
        reviews=[review],
    )
    path = write(tmp_path / "any.json", json.dumps(data, ensure_ascii=False, default=str))
    summary = restore_json(engine, path)
    assert summary.added >= 1 or summary.problems
    exercise(engine, tmp_path)


def test_a_non_finite_number_already_in_the_deck_is_exported_as_standard_json(engine, tmp_path):
    restore_json(engine, write(tmp_path / "ok.json", backup(cards=[reviewed()])))
    with Session(writer(engine)) as session:
        stored = session.exec(select(CardState).where(CardState.card_id == "c1")).first()
        assert stored is not None
        stored.stability = float("inf")
        session.commit()
    out = tmp_path / "out.json"
    export_deck(engine, ExportFormat.json, out, now=T0)
    text = out.read_text(encoding="utf-8")
    data = json.loads(text, parse_constant=lambda name: pytest.fail(f"export wrote {name}"))
    assert data["states"][0]["stability"] is None


def test_lone_surrogates_are_restored_as_replacement_characters(engine, tmp_path):
    """JSON can spell a lone surrogate (`"\\udc9b"`): the deck refused to store one and the
    whole backup failed. Each becomes U+FFFD, like any byte that is not text."""
    record = card(deck="네트워크\udc9b", question="TCP는 \ud800연결 지향인가?", tags="tcp\udfff")
    path = write(tmp_path / "surrogates.json", json.dumps(backup(cards=[record])))
    assert "\\udc9b" in path.read_text(encoding="utf-8")  # spelled as JSON escapes
    summary = restore_json(engine, path)
    assert summary.added == 1 and not summary.problems
    [(restored, deck)] = find_cards(engine)
    assert deck == "네트워크\ufffd" and restored.question == "TCP는 \ufffd연결 지향인가?"
    assert restored.tags == "tcp\ufffd"
    exercise(engine, tmp_path)
