"""Reading notes in the app: open a card's note at its line, review one note's cards."""

from __future__ import annotations

from textual.widgets import MarkdownViewer

from quizapp.deck.queries import find_cards
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.notes import NotesScreen
from quizapp.tui.screens.review import ReviewScreen
from tests.conftest import T0, press, settle


async def test_o_opens_the_cards_note_scrolled_to_its_section(korean_deck):
    [ordering] = [c for c, _ in find_cards(korean_deck) if c.kind == "ordering"]
    app = QuizApp(korean_deck, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        while screen.card.id != ordering.id:
            await press(pilot, "b")
        await press(pilot, "o")
        notes = app.screen
        assert isinstance(notes, NotesScreen)
        assert notes.note is not None and notes.note.path == "network/tcp-close.md"
        viewer = notes.query_one(MarkdownViewer)
        assert viewer.scroll_y > 0  # moved down to "4-way handshake 과정"
        heading = next(
            block_id
            for _level, title, block_id in viewer.document.table_of_contents
            if title == "4-way handshake 과정"
        )
        block = viewer.document.query_one(f"#{heading}")
        assert block.region.y - viewer.region.y <= 2  # the heading (and its margin) on top


async def test_review_from_a_note_covers_only_its_cards(korean_deck):
    app = QuizApp(korean_deck, clock=lambda: T0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        notes = app.screen
        assert isinstance(notes, NotesScreen)
        await pilot.press("down")  # the second note: UDP, one card
        await settle(pilot)
        assert notes.note.path == "network/udp.md"
        await press(pilot, "r")
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.card.source_path == "network/udp.md"
        await press(pilot, "space", "3")
        assert review.card is None  # that note had one card


async def test_edit_without_a_terminal_to_hand_over_says_so(korean_deck):
    app = QuizApp(korean_deck, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        await press(pilot, "e")
        assert any("editor" in str(n.message) for n in app._notifications)


async def test_a_note_with_import_problems_lists_them_above_its_text(engine, tmp_path):
    from textual.widgets import Static

    from quizapp.deck.sync import import_paths

    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "tcp.md").write_text(
        "# TCP\n\n<!-- quizapp: colour=red -->\n#### Q. TIME_WAIT는?\n\nA. 2MSL\n",
        encoding="utf-8",
    )
    import_paths(engine, [folder], now=T0)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        panel = app.screen.query_one("#note-problems", Static)
        assert panel.display
        shown = str(panel.render())
        assert "3: warning:" in shown and "colour" in shown
