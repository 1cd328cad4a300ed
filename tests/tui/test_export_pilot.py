"""Exporting from the app: command palette → format → file name → the file on disk."""

from __future__ import annotations

import json

from textual.widgets import Input, Static

from quizapp.tui.app import QuizApp
from quizapp.tui.screens.export import ExportScreen
from tests.conftest import T0, press, settle


async def _open_export_dialog(pilot) -> ExportScreen:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*"Export deck")
    await pilot.pause()
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, ExportScreen)
    return pilot.app.screen


async def test_export_from_the_command_palette_writes_a_json_backup(korean_deck, tmp_path):
    app = QuizApp(korean_deck, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await _open_export_dialog(pilot)
        path = dialog.query_one("#path", Input)
        assert path.value.endswith("quizapp-deck.apkg")
        await pilot.click("#format-json")
        await pilot.pause()
        assert path.value.endswith("quizapp-deck.json")

        path.value = str(tmp_path / "백업.json")
        path.focus()
        await press(pilot, "enter")

        assert not isinstance(app.screen, ExportScreen)
        data = json.loads((tmp_path / "백업.json").read_text(encoding="utf-8"))
        assert len(data["cards"]) == 7
        assert any("exported 7 cards" in n.message for n in app._notifications)


async def test_a_failed_export_keeps_the_dialog_open_with_the_reason(korean_deck, tmp_path):
    app = QuizApp(korean_deck, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dialog = await _open_export_dialog(pilot)
        await pilot.click("#format-md")
        path = dialog.query_one("#path", Input)
        path.value = str(tmp_path / "한파일.md")
        path.focus()
        await press(pilot, "enter")

        assert app.screen is dialog
        assert "2 decks need a folder" in str(dialog.query_one("#status", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
