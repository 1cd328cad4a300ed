"""`quizapp sources|card|deck`, card search, stats JSON and unknown names, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizapp import exit_codes, locations
from quizapp.cli import app
from tests.commands.cli import run, runner

NOTE = """\
---
deck: 네트워크
tags: [tcp]
---
# TCP

#### Q. 3-way handshake의 첫 세그먼트는?

A. SYN.

#### Q. Why does closing take four segments?

A. Each side closes its own direction with a FIN that the other side ACKs.
"""


def card_ids(db: str, *options: str) -> list[str]:
    result = run("cards", "--format", "json", "--db", db, *options)
    assert result.exit_code == 0, result.stderr
    return [record["id"] for record in json.loads(result.stdout)]


def test_import_remembers_the_folder_and_sources_can_forget_it(notes, db) -> None:
    run("import", str(notes), "--db", db)
    listed = run("sources", "--db", db)
    assert str(notes.resolve()) in listed.stdout.replace("\n", "")
    removed = run("sources", "remove", str(notes), "--db", db)
    assert removed.exit_code == 0 and "cards stay" in removed.stdout
    assert "no sources yet" in run("sources", "list", "--db", db).stdout
    assert len(card_ids(db)) == 2
    again = run("sources", "remove", str(notes), "--db", db)
    assert again.exit_code == exit_codes.USAGE and "is not a source" in again.stderr


def test_import_of_a_missing_path_creates_nothing(tmp_path: Path, db) -> None:
    result = run("import", str(tmp_path / "없는폴더"), "--db", db)
    assert result.exit_code == exit_codes.USAGE
    assert "없는폴더" in result.stderr and "no such file" in result.stderr
    assert not Path(db).exists()


def test_import_bundled_adds_the_bundled_notes_as_a_source(tmp_path, db, monkeypatch) -> None:
    bundled = tmp_path / "content"
    bundled.mkdir()
    (bundled / "intro.md").write_text("# 소개\n\n#### Q. quizapp이란?\n\nA. 복습 앱.\n", "utf-8")
    monkeypatch.setattr(locations, "bundled_content", lambda: bundled)
    assert run("import", "--bundled", "--db", db).exit_code == 0
    assert "bundled" in run("sources", "--db", db).stdout
    assert len(card_ids(db)) == 1


def test_opening_ones_own_deck_does_not_offer_the_bundled_notes(db, monkeypatch) -> None:
    opened: list[dict] = []

    class Recorder:
        def __init__(self, url: str, **options: object) -> None:
            opened.append({"url": url, **options})

        def run(self) -> None:
            pass

    monkeypatch.setattr("quizapp.tui.app.QuizApp", Recorder)
    monkeypatch.delenv("QUIZAPP_DB", raising=False)
    run("--db", db)
    run()
    assert opened[0]["bundled_root"] is None
    assert opened[1]["bundled_root"] == locations.bundled_content()


def test_card_suspend_and_unsuspend_by_id(notes, db) -> None:
    run("import", str(notes), "--db", db)
    first, second = card_ids(db)
    done = run("card", "suspend", first, second, "--db", db)
    assert done.exit_code == 0 and "2 cards suspended" in done.stdout
    assert card_ids(db, "--state", "suspended") == [first, second]
    run("card", "unsuspend", second, "--db", db)
    assert card_ids(db, "--state", "suspended") == [first]
    assert card_ids(db, "--state", "new") == [second]


def test_card_with_an_unknown_id_exits_2_naming_it(notes, db) -> None:
    run("import", str(notes), "--db", db)
    [first, _] = card_ids(db)
    result = run("card", "skip", first, "nope-123", "--db", db)
    assert result.exit_code == exit_codes.USAGE and "nope-123" in result.stderr
    assert card_ids(db, "--state", "skipped") == []


def test_cards_search_by_text_and_kind(notes, db) -> None:
    run("import", str(notes), "--db", db)
    [syn] = card_ids(db, "--search", "handshake")
    assert card_ids(db, "--search", "FIN ACKs") != [syn]
    assert card_ids(db, "--kind", "choice") == []
    table = run("cards", "--state", "new", "--db", db).stdout
    assert "tcp.md:" in table and "new" in table


@pytest.mark.parametrize(
    "command",
    [
        ["cards", "--deck", "없는덱"],
        ["cards", "--tag", "없는태그"],
        ["export", "-f", "csv", "-o", "out.csv", "--deck", "없는덱"],
        ["review", "--deck", "없는덱"],
        ["quiz", "--deck", "없는덱"],
        ["quiz", "--tag", "없는태그"],
        ["deck", "show", "없는덱"],
        ["deck", "set", "없는덱", "--new-per-day", "5"],
        ["optimize", "--deck", "없는덱"],
    ],
)
def test_an_unknown_deck_or_tag_exits_2_naming_it(notes, db, tmp_path, command) -> None:
    run("import", str(notes), "--db", db)
    result = run(*command, "--db", db)
    assert result.exit_code == exit_codes.USAGE
    assert command[-1] in result.stderr or "없는" in result.stderr
    assert not (tmp_path / "out.csv").exists()


def test_deck_set_changes_the_settings_and_list_shows_them(notes, db) -> None:
    run("import", str(notes), "--db", db)
    result = run(
        "deck",
        "set",
        "네트워크",
        "--new-per-day",
        "5",
        "--retention",
        "0.85",
        "--max-reviews",
        "50",
        "--learning-steps",
        "1m 10m 1h",
        "--db",
        db,
    )
    assert result.exit_code == 0, result.stderr
    listed = run("deck", "list", "--db", db).stdout
    assert "네트워크" in listed and "0.85" in listed and "1m 10m 1h" in listed and "50" in listed
    shown = run("deck", "show", "네트워크", "--db", db).stdout
    assert "new 2" in shown
    bad = run("deck", "set", "네트워크", "--retention", "1.2", "--db", db)
    assert bad.exit_code == exit_codes.USAGE and "retention" in bad.stderr
    bad_steps = run("deck", "set", "네트워크", "--learning-steps", "soon", "--db", db)
    assert bad_steps.exit_code == exit_codes.USAGE and "soon" in bad_steps.stderr


def test_stats_json_has_totals_and_each_deck(notes, db) -> None:
    run("import", str(notes), "--db", db)
    [first, _] = card_ids(db)
    run("card", "suspend", first, "--db", db)
    data = json.loads(run("stats", "--format", "json", "--db", db).stdout)
    assert {k: data[k] for k in ("reviews_today", "due", "new", "cards")} == {
        "reviews_today": 0,
        "due": 0,
        "new": 1,
        "cards": 2,
    }
    assert data["decks"]["네트워크"]["new"] == 1


@pytest.mark.parametrize("command", [[], ["cards"], ["import"], ["deck", "set"], ["card"]])
def test_help_names_values_in_words_and_flags_take_none(command) -> None:
    text = run(*command, "--help").stdout
    assert "<bool>" not in text and "<str>" not in text and "<int>" not in text
    if command == ["cards"]:
        assert "TEXT" in text


def test_an_anki_package_is_written_beside_the_deck_it_goes_into(tmp_path: Path) -> None:
    import genanki

    model = genanki.Model(
        1607392319,
        "Basic",
        fields=[{"name": "Front"}, {"name": "Back"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
    )
    anki_deck = genanki.Deck(2059400110, "운영체제")
    anki_deck.add_note(genanki.Note(model=model, fields=["교착 상태란?", "서로의 자원을 기다림"]))
    package = tmp_path / "os.apkg"
    genanki.Package(anki_deck).write_to_file(str(package))
    elsewhere = tmp_path / "decks" / "mine.db"
    elsewhere.parent.mkdir()

    result = run("import", str(package), "--db", str(elsewhere))
    assert result.exit_code == 0, result.stderr
    # A folder of its own per package (its name and a hash of its bytes), beside the deck.
    assert list((elsewhere.parent / "imported").glob("os-*/*.md"))
    chosen = tmp_path / "chosen"
    other = tmp_path / "other.db"
    assert (
        run("import", str(package), "--anki-folder", str(chosen), "--db", str(other)).exit_code == 0
    )
    assert list(chosen.glob("os-*/*.md"))


def test_stats_keeps_the_weakest_cards_source_whole_at_80_columns(tmp_path, db) -> None:
    from quizapp.deck.db import open_database
    from quizapp.srs.rating import Rating
    from quizapp.srs.reviewer import Reviewer
    from tests.conftest import T0

    folder = tmp_path / "notes" / "computer-science" / "network" / "transport-layer"
    folder.mkdir(parents=True)
    long_question = "연결을 끊을 때 TIME_WAIT 상태가 필요한 두 가지 이유를 자세히 설명하시오 " * 2
    (folder / "tcp-connection-teardown.md").write_text(
        f"# TCP\n\n#### Q. {long_question}?\n\nA. 지연된 세그먼트와 마지막 ACK.\n", "utf-8"
    )
    run("import", str(tmp_path / "notes"), "--db", db)
    [card_id] = card_ids(db)
    Reviewer(open_database(f"sqlite:///{db}")).rate(card_id, Rating.AGAIN, T0)
    result = runner.invoke(app, ["stats", "--db", db], env={"COLUMNS": "80"})
    assert "network/transport-layer/tcp-connection-teardown.md:3" in result.stdout.replace("\n", "")
    assert "…" in result.stdout  # the question gives way, visibly
