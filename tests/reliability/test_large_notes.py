"""Notes and cards too big to lay out as Markdown: shown as plain text or cut short, at once.

Textual's Markdown widget needs minutes for 10,000 headings; these tests would hang
without the limits in `quizapp.tui.render_limits`.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown, MarkdownViewer, TextArea
from textual.widgets._markdown import MarkdownBlock

from quizapp.deck.sync import import_paths
from quizapp.tui.app import QuizApp
from quizapp.tui.render_limits import (
    FACE_PREVIEW_LINES,
    MAX_RENDERED_BLOCKS,
    block_count,
    face_for_review,
)
from quizapp.tui.screens.notes import NotesScreen
from quizapp.tui.screens.review import ReviewScreen
from tests.conftest import T0, settle

HEADINGS = "\n".join(f"## 절 {i}\n\n본문 {i}.\n" for i in range(10_000))


def test_our_notes_are_far_below_the_limit():
    content = Path(__file__).parents[2] / "content"
    counts = [block_count(p.read_text(encoding="utf-8")) for p in content.rglob("*.md")]
    assert counts and max(counts) < MAX_RENDERED_BLOCKS / 2


def test_a_face_past_the_limit_is_cut_to_its_first_lines():
    face = face_for_review(HEADINGS)
    assert face.startswith("## 절 0\n")
    assert f"{HEADINGS.count(chr(10)) + 1 - FACE_PREVIEW_LINES:,} more lines" in face
    assert face.count("\n") <= FACE_PREVIEW_LINES + 4
    small = "#### 짧은 답\n\n- 하나\n- 둘\n"
    assert face_for_review(small) == small


async def test_a_note_with_10000_headings_opens_as_plain_text(engine, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "big.md").write_text("# 큰 노트\n\n" + HEADINGS, encoding="utf-8")
    import_paths(engine, [folder], now=T0)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        plain = screen.query_one("#plain", TextArea)
        assert plain.display and not screen.query_one("#viewer", MarkdownViewer).display
        assert plain.text.startswith("# 큰 노트") and "본문 9999." in plain.text
        assert any("plain text" in str(n.message) for n in app._notifications)


async def test_a_card_whose_answer_has_10000_headings_is_shown_cut_short(engine, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    answer = HEADINGS.replace("## ", "##### ")
    (folder / "big.md").write_text(f"#### Q. 가장 긴 답은?\n\n{answer}", encoding="utf-8")
    import_paths(engine, [folder], now=T0)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("space")
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.revealed
        back = review.query_one("#back", Markdown)
        assert len(back.query(MarkdownBlock)) <= FACE_PREVIEW_LINES
        assert "more lines" in back.source
