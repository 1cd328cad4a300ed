"""The app keeps the deck in line with its own sources: at start-up, and from the palette."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.deck.queries import find_cards
from quizapp.deck.sync import import_paths
from quizapp.i18n import set_language
from quizapp.tui.app import QuizApp
from tests.conftest import T0, settle, toasts

NOTE = "# 메모리\n\n#### Q. 페이지 폴트란?\n\nA. 메모리에 없는 페이지에 접근할 때 나는 인터럽트.\n"
MORE = "\n#### Q. What does a TLB cache?\n\nA. Recent virtual-to-physical translations.\n"


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "os notes"
    folder.mkdir()
    (folder / "memory.md").write_text(NOTE, encoding="utf-8")
    return folder


async def test_start_up_syncs_the_decks_sources_with_a_toast(engine, notes: Path) -> None:
    import_paths(engine, [notes], now=T0)
    (notes / "memory.md").write_text(NOTE + MORE, encoding="utf-8")
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=3)
        assert "notes synced: 1 added, 0 updated, 0 retired" in toasts(app)
    assert len(find_cards(engine)) == 2


async def test_an_own_deck_is_never_given_the_bundled_notes(engine, notes: Path) -> None:
    import_paths(engine, [notes], now=T0)
    app = QuizApp(engine, clock=lambda: T0)  # what `quizapp --db mine.db` starts
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=3)
    assert [card.question for card, _ in find_cards(engine)] == ["페이지 폴트란?"]


async def test_the_palettes_reimport_syncs_the_sources(engine, notes: Path) -> None:
    import_paths(engine, [notes], now=T0)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, rounds=3)
        (notes / "memory.md").write_text(NOTE + MORE, encoding="utf-8")
        [reimport] = [
            c for c in app.get_system_commands(app.screen) if c.title == "Re-import notes"
        ]
        reimport.callback()
        await settle(pilot, rounds=3)
        assert "notes synced: 1 added, 0 updated, 0 retired" in toasts(app)
    assert len(find_cards(engine)) == 2
