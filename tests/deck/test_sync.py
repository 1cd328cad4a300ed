"""Import sync: identity rules, retirement, unchanged-file skipping and per-file transactions."""

from __future__ import annotations

import os
from pathlib import Path

import fsrs
import pytest
from sqlmodel import Session, select

from quizapp.deck.models import Card, Deck, Note, ReviewLog
from quizapp.deck.queries import find_cards, find_orphans, purge_orphans
from quizapp.deck.sync import import_paths
from quizapp.srs.reviewer import Reviewer
from tests.conftest import T0, card_state

NOTE = """\
# TCP 연결 종료

#### Q. 연결 종료가 4단계인 이유는?

A. 서버에 아직 보낼 데이터가 남아 있을 수 있어서 ACK와 FIN을 따로 보낸다.

#### Q. TIME_WAIT는 얼마나 유지되나?

A. 2MSL 동안 유지된다.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cards_by_question(engine, include_retired: bool = False) -> dict[str, Card]:
    return {
        card.question: card for card, _deck in find_cards(engine, include_retired=include_retired)
    }


def review_everything(engine) -> None:
    reviewer = Reviewer(engine, enable_fuzzing=False)
    for card, _deck in find_cards(engine):
        reviewer.rate(card.id, fsrs.Rating.Good, T0)


def log_count(engine, card_id: str) -> int:
    with Session(engine) as session:
        return len(session.exec(select(ReviewLog).where(ReviewLog.card_id == card_id)).all())


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    write(folder, "tcp.md", NOTE)
    return folder


def test_first_import_adds_every_card_with_its_source_line(engine, notes):
    summary = import_paths(engine, [notes], now=T0)
    assert (summary.added, summary.updated, summary.retired) == (2, 0, 0)
    cards = cards_by_question(engine)
    assert cards["연결 종료가 4단계인 이유는?"].source == "tcp.md:3"
    assert cards["TIME_WAIT는 얼마나 유지되나?"].answer == "2MSL 동안 유지된다."


def test_reimporting_an_unchanged_folder_changes_nothing_and_says_so(engine, notes):
    import_paths(engine, [notes], now=T0)
    summary = import_paths(engine, [notes], now=T0)
    assert not summary.changed
    assert (summary.unchanged, summary.files_skipped, summary.files_imported) == (2, 1, 0)


def test_same_question_keeps_its_card_when_the_file_changes_elsewhere(engine, notes):
    import_paths(engine, [notes], now=T0)
    before = cards_by_question(engine)["연결 종료가 4단계인 이유는?"].id
    write(notes, "tcp.md", "서론 한 줄.\n\n" + NOTE)
    summary = import_paths(engine, [notes], now=T0)
    card = cards_by_question(engine)["연결 종료가 4단계인 이유는?"]
    assert card.id == before
    assert card.source_line == 5
    assert summary.added == 0 and summary.retired == 0


def test_answer_edit_keeps_review_history(engine, notes):
    import_paths(engine, [notes], now=T0)
    review_everything(engine)
    card_id = cards_by_question(engine)["TIME_WAIT는 얼마나 유지되나?"].id
    write(notes, "tcp.md", NOTE.replace("2MSL 동안 유지된다.", "2MSL(RFC 기준 240초) 동안."))
    summary = import_paths(engine, [notes], now=T0)
    card = cards_by_question(engine)["TIME_WAIT는 얼마나 유지되나?"]
    assert card.id == card_id
    assert card.answer == "2MSL(RFC 기준 240초) 동안."
    assert card_state(engine, card_id).reps == 1 and log_count(engine, card_id) == 1
    assert (summary.added, summary.updated, summary.retired) == (0, 1, 0)


def test_lightly_edited_question_is_the_same_card(engine, notes):
    import_paths(engine, [notes], now=T0)
    review_everything(engine)
    card_id = cards_by_question(engine)["연결 종료가 4단계인 이유는?"].id
    write(
        notes,
        "tcp.md",
        NOTE.replace("연결 종료가 4단계인 이유는?", "TCP 연결 종료가 4단계인 이유는?"),
    )
    summary = import_paths(engine, [notes], now=T0)
    card = cards_by_question(engine)["TCP 연결 종료가 4단계인 이유는?"]
    assert card.id == card_id and card_state(engine, card_id).reps == 1
    assert (summary.added, summary.retired) == (0, 0)


def test_typo_fix_in_question_and_answer_together_keeps_the_card(engine, notes):
    import_paths(engine, [notes], now=T0)
    card_id = cards_by_question(engine)["TIME_WAIT는 얼마나 유지되나?"].id
    edited = NOTE.replace("TIME_WAIT는 얼마나 유지되나?", "TIME_WAIT는 얼마 동안 유지되나?")
    edited = edited.replace("2MSL 동안 유지된다.", "2MSL 동안 유지됨.")
    write(notes, "tcp.md", edited)
    import_paths(engine, [notes], now=T0)
    assert cards_by_question(engine)["TIME_WAIT는 얼마 동안 유지되나?"].id == card_id


def test_a_different_question_is_a_new_card_and_the_old_one_retires(engine, notes):
    import_paths(engine, [notes], now=T0)
    old_id = cards_by_question(engine)["TIME_WAIT는 얼마나 유지되나?"].id
    write(notes, "tcp.md", NOTE.replace("TIME_WAIT는 얼마나 유지되나?", "UDP는 왜 비연결형인가?"))
    summary = import_paths(engine, [notes], now=T0)
    assert (summary.added, summary.retired) == (1, 1)
    with Session(engine) as session:
        old = session.get(Card, old_id)
        assert old is not None and old.retired


def test_explicit_id_wins_even_when_the_question_is_rewritten(engine, notes):
    annotated = NOTE.replace(
        "#### Q. TIME_WAIT", "<!-- quizapp: id=tcp-time-wait -->\n#### Q. TIME_WAIT"
    )
    write(notes, "tcp.md", annotated)
    import_paths(engine, [notes], now=T0)
    review_everything(engine)
    rewritten = annotated.replace("TIME_WAIT는 얼마나 유지되나?", "2MSL이란 무엇이고 왜 필요한가?")
    write(notes, "tcp.md", rewritten)
    import_paths(engine, [notes], now=T0)
    card = cards_by_question(engine)["2MSL이란 무엇이고 왜 필요한가?"]
    assert card.id == "tcp-time-wait" and card.explicit_id
    assert log_count(engine, "tcp-time-wait") == 1


def test_explicit_id_follows_a_card_moved_to_another_file(engine, notes):
    annotated = NOTE.replace(
        "#### Q. TIME_WAIT", "<!-- quizapp: id=tcp-time-wait -->\n#### Q. TIME_WAIT"
    )
    write(notes, "tcp.md", annotated)
    import_paths(engine, [notes], now=T0)
    review_everything(engine)
    head, moved = annotated.split("<!-- quizapp: id=tcp-time-wait -->")
    write(notes, "tcp.md", head)
    write(notes, "time-wait.md", "# TIME_WAIT\n\n<!-- quizapp: id=tcp-time-wait -->" + moved)
    import_paths(engine, [notes], now=T0)
    card = cards_by_question(engine)["TIME_WAIT는 얼마나 유지되나?"]
    assert card.id == "tcp-time-wait" and not card.retired
    assert card.source_path == "time-wait.md"
    assert log_count(engine, "tcp-time-wait") == 1


def test_deleted_file_retires_its_cards_and_keeps_their_history(engine, notes):
    import_paths(engine, [notes], now=T0)
    review_everything(engine)
    (notes / "tcp.md").unlink()
    summary = import_paths(engine, [notes], now=T0)
    assert summary.retired == 2
    assert find_cards(engine) == []
    orphans = find_orphans(engine)
    assert sorted(o.reviews for o in orphans) == [1, 1]


def test_restored_question_revives_its_retired_card(engine, notes):
    import_paths(engine, [notes], now=T0)
    card_id = cards_by_question(engine)["TIME_WAIT는 얼마나 유지되나?"].id
    write(notes, "tcp.md", NOTE.split("#### Q. TIME_WAIT")[0])
    import_paths(engine, [notes], now=T0)
    write(notes, "tcp.md", NOTE)
    summary = import_paths(engine, [notes], now=T0)
    assert summary.revived == 1 and summary.added == 0
    assert cards_by_question(engine)["TIME_WAIT는 얼마나 유지되나?"].id == card_id


def test_purge_deletes_retired_cards_and_their_logs_only(engine, notes):
    import_paths(engine, [notes], now=T0)
    review_everything(engine)
    write(notes, "tcp.md", NOTE.split("#### Q. TIME_WAIT")[0])
    import_paths(engine, [notes], now=T0)
    assert purge_orphans(engine) == 1
    with Session(engine) as session:
        assert len(session.exec(select(Card)).all()) == 1
        assert len(session.exec(select(ReviewLog)).all()) == 1


def test_same_question_in_two_files_imports_both(engine, notes):
    write(notes, "copy.md", NOTE)
    summary = import_paths(engine, [notes], now=T0)
    assert summary.added == 4
    ids = {card.id for card, _ in find_cards(engine)}
    assert len(ids) == 4


def test_card_ids_are_the_same_in_two_fresh_databases(tmp_path, notes):
    from quizapp.deck.db import open_database

    first = open_database(f"sqlite:///{tmp_path / 'a.db'}")
    second = open_database(f"sqlite:///{tmp_path / 'b.db'}")
    import_paths(first, [notes], now=T0)
    import_paths(second, [notes], now=T0)
    assert {c.id for c, _ in find_cards(first)} == {c.id for c, _ in find_cards(second)}


def test_deck_name_comes_from_front_matter_then_folder(engine, tmp_path):
    root = tmp_path / "notes"
    write(root, "network/tcp.md", NOTE)
    write(root, "os/proc.md", "---\ndeck: 운영체제\n---\n" + NOTE)
    write(root, "top.md", NOTE)
    import_paths(engine, [root], now=T0)
    with Session(engine) as session:
        names = sorted(d.name for d in session.exec(select(Deck)))
    assert names == ["network", "notes", "운영체제"]


def test_nested_folders_make_nested_decks(engine, tmp_path):
    root = tmp_path / "notes"
    write(root, "network/tcp/close.md", NOTE)
    import_paths(engine, [root], now=T0)
    assert {deck for _, deck in find_cards(engine)} == {"network::tcp"}
    assert len(find_cards(engine, deck="network")) == 2


def test_tags_from_front_matter_and_annotations_filter_cards(engine, tmp_path):
    root = tmp_path / "notes"
    text = "---\ntags: [tcp]\n---\n" + NOTE.replace(
        "#### Q. TIME_WAIT", "<!-- quizapp: tags=time-wait -->\n#### Q. TIME_WAIT"
    )
    write(root, "tcp.md", text)
    import_paths(engine, [root], now=T0)
    assert len(find_cards(engine, tag="tcp")) == 2
    [(card, _)] = find_cards(engine, tag="time-wait")
    assert card.tag_list == ["tcp", "time-wait"]
    assert find_cards(engine, tag="time") == []


def test_bad_files_are_reported_and_the_rest_still_imports(engine, tmp_path):
    root = tmp_path / "notes"
    write(root, "good.md", NOTE)
    (root / "binary.md").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (root / "cp949.md").write_bytes(NOTE.encode("cp949"))
    (root / "empty.md").write_bytes(b"")
    summary = import_paths(engine, [root], now=T0)
    assert summary.added == 4  # good.md and cp949.md
    places = {p.path for p in summary.problems}
    assert "binary.md" in places and "cp949.md" in places


def test_unreadable_file_keeps_the_cards_it_had(engine, notes):
    import_paths(engine, [notes], now=T0)
    (notes / "tcp.md").write_bytes(b"\x00\xff\x00binary now")
    summary = import_paths(engine, [notes], now=T0)
    assert summary.retired == 0
    assert len(find_cards(engine)) == 2


def test_single_file_import_keeps_the_folder_it_came_from(engine, tmp_path):
    root = tmp_path / "notes"
    file = write(root, "network/tcp.md", NOTE)
    import_paths(engine, [root], now=T0)
    write(root, "network/tcp.md", NOTE.replace("2MSL 동안 유지된다.", "2MSL."))
    summary = import_paths(engine, [file], now=T0)
    assert summary.updated == 1
    assert {(c.source_path, d) for c, d in find_cards(engine)} == {("network/tcp.md", "network")}


def test_moved_notes_folder_keeps_every_card(engine, tmp_path):
    root = tmp_path / "before" / "notes"
    write(root, "tcp.md", NOTE)
    import_paths(engine, [root], now=T0)
    ids = {c.id for c, _ in find_cards(engine)}
    moved = tmp_path / "after" / "notes"
    moved.parent.mkdir()
    os.rename(root, moved)
    summary = import_paths(engine, [moved], now=T0)
    assert summary.added == 0 and summary.retired == 0
    assert {c.id for c, _ in find_cards(engine)} == ids
    with Session(engine) as session:
        assert len(session.exec(select(Note)).all()) == 1


def _fail_on_file(monkeypatch, name: str, where: str) -> None:
    """Make the import of file `name` fail: while its rows are made (`values`), or in the
    insert of its rows (`rows`), after the files before it in the batch were prepared."""
    from quizapp.deck import sync

    if where == "rows":
        original_rows = sync._new_card_rows

        def rows(session, path, *args, **kwargs):
            made = original_rows(session, path, *args, **kwargs)
            if path == name:
                made[-1]["question"] = None  # NOT NULL: the insert of this file fails
            return made

        monkeypatch.setattr(sync, "_new_card_rows", rows)
        return
    original_values = sync._card_values

    def values(doc, spec, *args):
        if doc.path == name:
            raise RuntimeError("a bug while reading this note")
        return original_values(doc, spec, *args)

    monkeypatch.setattr(sync, "_card_values", values)


@pytest.mark.parametrize("where", ["values", "rows"])
def test_a_file_that_fails_is_untouched_and_the_files_before_it_are_kept(
    engine, tmp_path, monkeypatch, where
):
    root = tmp_path / "notes"
    for name in ("a.md", "b.md", "c.md"):
        write(root, name, NOTE.replace("TCP", name[0].upper()))
    _fail_on_file(monkeypatch, "b.md", where)
    with pytest.raises(Exception):  # noqa: B017 (a bug: any exception)
        import_paths(engine, [root], now=T0)
    with Session(engine) as session:
        paths = {note.path for note in session.exec(select(Note))}
        sources = {card.source_path for card in session.exec(select(Card))}
    assert paths == sources == {"a.md"}


def test_a_changed_file_that_fails_keeps_its_cards_and_the_others_import(
    engine, notes, monkeypatch
):
    import_paths(engine, [notes], now=T0)
    before = {card.id: (card.question, card.answer) for card, _ in find_cards(engine)}
    write(notes, "tcp.md", NOTE.replace("2MSL 동안 유지된다.", "2MSL."))
    write(notes, "a-new.md", NOTE.replace("TCP", "UDP"))
    _fail_on_file(monkeypatch, "tcp.md", "values")
    with pytest.raises(RuntimeError):
        import_paths(engine, [notes], now=T0)
    cards = {card.id: (card.question, card.answer) for card, _ in find_cards(engine)}
    assert {k: v for k, v in cards.items() if k in before} == before
    assert len(cards) == len(before) + 2  # a-new.md, before tcp.md in the folder


def test_an_import_restores_the_garbage_collector_thresholds(engine, notes, monkeypatch):
    import gc

    from quizapp.deck import sync

    seen: list[tuple[int, ...]] = []
    original = sync._import_paths

    def watched(*args, **kwargs):
        seen.append(gc.get_threshold())
        return original(*args, **kwargs)

    monkeypatch.setattr(sync, "_import_paths", watched)
    gc.set_threshold(700, 10, 10)
    import_paths(engine, [notes], now=T0)
    assert seen == [(sync.YOUNG_COLLECTION_THRESHOLD, 10, 10)]
    assert gc.get_threshold() == (700, 10, 10)


def test_files_are_known_by_their_real_path_through_folder_links(engine, tmp_path):
    real = tmp_path / "real"
    write(real / "net", "tcp.md", NOTE)
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    import_paths(engine, [tmp_path / "link"], now=T0)
    with Session(engine) as session:
        (note,) = session.exec(select(Note)).all()
    assert note.file_path == str((real / "net" / "tcp.md").resolve())
    again = import_paths(engine, [tmp_path / "link"], now=T0)
    assert again.files_skipped == 1 and not again.changed


def test_overlapping_imports_restore_the_thresholds_the_first_one_found():
    import gc

    from quizapp.deck import sync

    gc.set_threshold(700, 10, 10)
    first, second = sync._fewer_collections(), sync._fewer_collections()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first finishes while the second still runs
    assert gc.get_threshold()[0] == sync.YOUNG_COLLECTION_THRESHOLD
    second.__exit__(None, None, None)
    assert gc.get_threshold() == (700, 10, 10)
