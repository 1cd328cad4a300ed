"""Start-up sync: a deck follows its own sources; the bundled notes go only to a new deck."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, col, delete, select

from quizapp.deck.db import set_meta, writer
from quizapp.deck.library import sync_sources
from quizapp.deck.models import Note, Source
from quizapp.deck.queries import find_cards
from quizapp.deck.sources import ROOTS_UNRECORDED, list_sources, remove_source
from quizapp.deck.sync import import_paths
from quizapp.export.json import restore_json
from quizapp.srs.cards import apply_action
from quizapp.srs.library_model import CardAction
from tests.conftest import T0

BUNDLED = "# 번들\n\n#### Q. 번들 카드?\n\nA. 앱과 함께 옵니다.\n"
MINE = (
    "# OS\n\n#### Q. What is a context switch?\n\n"
    "A. Saving one task's state and loading another's.\n"
)


def _folder(root: Path, name: str, text: str) -> Path:
    folder = root / name
    folder.mkdir()
    (folder / "note.md").write_text(text, encoding="utf-8")
    return folder


def test_a_new_deck_gets_the_bundled_notes_once(engine, tmp_path: Path) -> None:
    bundled = _folder(tmp_path, "content", BUNDLED)
    result = sync_sources(engine, T0, bundled=bundled)
    assert result.added_bundled and result.summary.added == 1
    with Session(engine) as session:
        [source] = list_sources(session)
    assert source.bundled and source.last_synced_at is not None


def test_a_users_own_deck_never_gets_the_bundled_notes(engine, tmp_path: Path) -> None:
    bundled = _folder(tmp_path, "content", BUNDLED)
    mine = _folder(tmp_path, "mine", MINE)
    import_paths(engine, [mine], now=T0)
    result = sync_sources(engine, T0, bundled=bundled)
    assert not result.added_bundled
    assert [card.question for card, _ in find_cards(engine)] == ["What is a context switch?"]


def test_no_bundled_root_means_no_bundled_notes(engine, tmp_path: Path) -> None:
    assert sync_sources(engine, T0).summary.added == 0
    assert find_cards(engine) == []


def test_an_edit_outside_the_app_is_picked_up_and_a_skip_survives(engine, tmp_path) -> None:
    mine = _folder(tmp_path, "mine", MINE)
    import_paths(engine, [mine], now=T0)
    [(card, _)] = find_cards(engine)
    apply_action(engine, [card.id], CardAction.SKIP, T0)
    (mine / "note.md").write_text(
        MINE.replace("another's.", "another's, by the kernel.")
        + "\n#### Q. 스케줄러란?\n\nA. 다음에 실행할 작업을 고르는 것.\n",
        encoding="utf-8",
    )
    result = sync_sources(engine, T0 + timedelta(hours=1))
    assert (result.summary.added, result.summary.updated) == (1, 1)
    cards = {c.question: c for c, _ in find_cards(engine)}
    assert cards["What is a context switch?"].skipped
    assert not cards["스케줄러란?"].skipped


def test_a_missing_source_is_reported_and_its_cards_kept(engine, tmp_path: Path) -> None:
    mine = _folder(tmp_path, "mine", MINE)
    import_paths(engine, [mine], now=T0)
    shutil.rmtree(mine)
    result = sync_sources(engine, T0)
    assert result.missing == [mine.resolve()]
    assert [card.retired for card, _ in find_cards(engine, include_retired=True)] == [False]


def forget_sources(engine) -> None:
    """The deck as an upgrade from schema 3 leaves it: notes with roots, no sources, and the
    upgrade's mark (see `test_the_schema_4_upgrade_marks_a_deck_with_notes`)."""
    with Session(writer(engine)) as session:
        session.exec(delete(Source))  # type: ignore[call-overload]
        set_meta(session, ROOTS_UNRECORDED, "1")
        session.commit()


def test_a_deck_from_before_sources_adopts_the_folders_its_notes_came_from(
    engine, tmp_path: Path
) -> None:
    bundled = _folder(tmp_path, "content", BUNDLED)
    mine = _folder(tmp_path, "mine", MINE)
    work = _folder(
        tmp_path, "업무 노트", "# 배포\n\n#### Q. 롤백이란?\n\nA. 이전 버전으로 되돌리기.\n"
    )
    (work / "장애.md").write_text("# 장애\n\n#### Q. MTTR은?\n\nA. 평균 복구 시간.\n", "utf-8")
    import_paths(engine, [bundled, mine, work], now=T0)
    forget_sources(engine)
    # Edited since the last import (the other note of the folder is as it was).
    (work / "note.md").write_text(
        (work / "note.md").read_text(encoding="utf-8")
        + "\n#### Q. 카나리 배포란?\n\nA. 일부 사용자에게만 먼저 내보내기.\n",
        encoding="utf-8",
    )

    result = sync_sources(engine, T0 + timedelta(hours=1), bundled=bundled)

    assert sorted(result.adopted) == sorted([bundled, mine, work])
    assert not result.added_bundled
    with Session(engine) as session:
        sources = {Path(s.path): s.bundled for s in list_sources(session)}
    assert sources == {bundled.resolve(): True, mine.resolve(): False, work.resolve(): False}
    assert result.summary.added == 1  # the edit made outside the app
    assert "카나리 배포란?" in {card.question for card, _ in find_cards(engine)}
    assert sync_sources(engine, T0 + timedelta(hours=2)).adopted == []


def test_only_folders_that_still_hold_the_notes_as_imported_are_adopted(
    engine, tmp_path: Path
) -> None:
    mine = _folder(tmp_path, "mine", MINE)
    gone = _folder(tmp_path, "gone", "# 사라질 폴더\n\n#### Q. 남을까?\n\nA. 아니다.\n")
    changed = _folder(tmp_path, "changed", "# 바뀐 노트\n\n#### Q. 처음 답은?\n\nA. 하나.\n")
    import_paths(engine, [mine, gone, changed], now=T0)
    forget_sources(engine)
    shutil.rmtree(gone)
    (changed / "note.md").write_text("# 남의 파일\n", encoding="utf-8")
    with Session(writer(engine)) as session:
        # A root a restored backup once brought: the file system's root.
        note = session.exec(select(Note).where(col(Note.root) == str(mine.resolve()))).one()
        session.add(
            Note(
                deck_id=note.deck_id,
                file_path="/etc/hostname",
                root="/",
                path="etc/hostname",
                title="hostile",
                markdown="",
                content_hash=hashlib.sha256(Path("/etc/hostname").read_bytes()).hexdigest()
                if Path("/etc/hostname").exists()
                else "",
            )
        )
        session.commit()

    assert sync_sources(engine, T0).adopted == [mine]


def test_a_removed_source_is_never_adopted_back(engine, tmp_path: Path) -> None:
    mine = _folder(tmp_path, "mine", MINE)
    import_paths(engine, [mine], now=T0)
    with Session(writer(engine)) as session:
        assert remove_source(session, mine)
        session.commit()
    result = sync_sources(engine, T0)
    assert result.adopted == [] and result.synced == []
    with Session(engine) as session:
        assert list_sources(session) == []


def test_a_deck_made_since_never_adopts_the_roots_of_a_restored_backup(engine, tmp_path) -> None:
    """A backup's note roots stay unread (issue 13): even a deck with no sources of its own,
    whose restored note claims a file that is really there, takes no folder from it."""
    outside = _folder(tmp_path, "someone-elses", MINE)
    digest = hashlib.sha256((outside / "note.md").read_bytes()).hexdigest()
    backup = {
        "format": "quizapp-deck",
        "version": 1,
        "schema_version": 4,
        "decks": [],
        "notes": [
            {
                "deck": "선물",
                "file_path": str(outside / "note.md"),
                "root": str(outside),
                "path": "note.md",
                "title": "선물",
                "markdown": MINE,
                "content_hash": digest,
            }
        ],
        "cards": [],
        "reviews": [],
    }
    path = tmp_path / "gift.json"
    path.write_text(json.dumps(backup, ensure_ascii=False), encoding="utf-8")
    restore_json(engine, path)
    with Session(engine) as session:
        assert session.exec(select(Note.root)).all() == [str(outside)]
    assert sync_sources(engine, T0).adopted == []
    with Session(engine) as session:
        assert list_sources(session) == []
