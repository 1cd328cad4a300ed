"""Start-up sync: a deck follows its own sources; the bundled notes go only to a new deck."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session

from quizapp.deck.library import sync_sources
from quizapp.deck.queries import find_cards
from quizapp.deck.sources import list_sources
from quizapp.deck.sync import import_paths
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
