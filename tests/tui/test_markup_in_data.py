"""Text that looks like Rich markup is data on every screen (issue 13, "Rich markup is escaped
wherever text is data").

A deck named `[link=http://evil.example]덱[/link] [bold red]RED[/]` crashed the app at
start-up (MarkupError in the home screen's limits line) and the deck settings dialog (its
border title); the card browser and the weakest cards read a question's `[link=…]` as a
hyperlink and showed `질문 BOLD?`. Each screen must show the brackets as written.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import fsrs
import pytest
from textual.widgets import DataTable, Static

from quizapp.deck.queries import find_cards
from quizapp.deck.sync import import_paths
from quizapp.i18n import set_language
from quizapp.srs.reviewer import Reviewer
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.card import CardScreen
from quizapp.tui.screens.deck_settings import DeckSettingsScreen
from quizapp.tui.screens.keys import KeysScreen
from quizapp.tui.screens.review import ReviewScreen
from tests.conftest import T0, press, settle

DECK = "[link=http://evil.example]덱[/link] [bold red]RED[/]"
QUESTION = "[link=http://evil.example]질문[/link] [b]BOLD[/b]?"
FILE = "[link=x]evil[-link] [bold]B[-bold].md"
NOTE = f"""---
deck: "{DECK}"
---
# [link=http://evil.example]머리[/link]

#### Q. {QUESTION}

A. 답 [link=http://evil.example]링크[/link]
"""


@pytest.fixture(params=["en", "ko"])
def language(request):
    set_language(request.param)
    yield request.param
    set_language("en")


@pytest.fixture
def markup_deck(engine, tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / FILE).write_text(NOTE, encoding="utf-8")
    import_paths(engine, [notes], now=T0)
    [(card, _)] = find_cards(engine)
    Reviewer(engine, enable_fuzzing=False).rate(card.id, fsrs.Rating.Again, T0 - timedelta(days=1))
    return engine


def _plain(widget: Static) -> str:
    return str(widget.render())


def _title(widget) -> str:
    """A border title as shown: the getter gives it back as escaped markup (`\\[`)."""
    return str(widget.border_title).replace("\\[", "[")


async def test_every_screen_shows_markup_in_data_as_written(markup_deck, language):
    app = QuizApp(markup_deck, clock=lambda: T0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert DECK in _plain(app.screen.query_one("#limits", Static))

        await press(pilot, "d")
        assert isinstance(app.screen, DeckSettingsScreen)
        assert DECK in _title(app.screen.query_one("#settings-box"))
        await press(pilot, "escape")

        await press(pilot, "c")
        table = app.screen.query_one(DataTable)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert QUESTION in row and DECK[:10] in row[1]
        await press(pilot, "enter")
        assert isinstance(app.screen, CardScreen)
        assert FILE in _plain(app.screen.query_one("#card-meta", Static))
        await press(pilot, "escape", "escape")

        await press(pilot, "s", "right", "right", "right")
        weakest = app.screen.query_one("#weak-cards", DataTable)
        assert str(weakest.get_row_at(0)[2]) == QUESTION
        await press(pilot, "escape")

        await press(pilot, "n", "question_mark")
        assert isinstance(app.screen, KeysScreen)
        assert "[link=x]evil[-link]" in _title(app.screen.query_one("#keys-box"))
        await press(pilot, "escape", "escape")

        await press(pilot, "r")
        assert isinstance(app.screen, ReviewScreen)
        await press(pilot, "space")
        assert FILE in _plain(app.screen.query_one("#divider", Static))
