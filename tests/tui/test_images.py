"""Images of notes: shown in the note reader and under a card's faces, drawn by textual-image,
and only from inside the imported folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image as PILImage

from quizapp.deck.images import note_images
from quizapp.deck.queries import list_notes
from quizapp.deck.sync import import_paths
from quizapp.i18n import set_language
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.notes import NotesScreen
from quizapp.tui.screens.review import ReviewScreen
from quizapp.tui.widgets.images import ImageStrip
from tests.conftest import T0, press, settle

NOTE = """\
# TCP 상태

#### Q. 연결 종료 때 먼저 닫는 쪽이 거치는 상태는?

![상태 전이도](img/states.png)

A. FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT.

![비밀](../secret.png) <img src="https://example.com/x.png" alt="web">
"""


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    (folder / "img").mkdir(parents=True)
    picture = PILImage.new("RGB", (16, 8), (220, 30, 30))
    for x in range(8, 16):
        for y in range(8):
            picture.putpixel((x, y), (30, 60, 220))
    picture.save(folder / "img" / "states.png")
    PILImage.new("RGB", (4, 4), (0, 0, 0)).save(tmp_path / "secret.png")
    (folder / "tcp.md").write_text(NOTE, encoding="utf-8")
    return folder


def test_only_images_inside_the_imported_folder_are_files(engine, notes: Path) -> None:
    import_paths(engine, [notes], now=T0)
    [note] = list_notes(engine)
    images = note_images(engine, note.id)
    assert [(i.alt, i.path, i.problem) for i in images] == [
        ("상태 전이도", (notes / "img" / "states.png").resolve(), None),
        ("비밀", None, "outside the imported folders"),
        ("web", None, "web images are not downloaded"),
    ]


async def test_the_note_reader_draws_the_image(engine, notes: Path) -> None:
    from textual_image.widget import HalfcellImage

    import_paths(engine, [notes], now=T0)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot, rounds=3)
        assert isinstance(app.screen, NotesScreen)
        strip = app.screen.query_one("#note-images", ImageStrip)
        assert strip.display
        assert len(strip.query(HalfcellImage)) == 1
        await pilot.pause()
        # Drawn with half-blocks here (a test terminal has no graphics protocol): the red
        # and the blue half of the picture are both on screen.
        screen = app.export_screenshot()
        assert "▀" in screen or "▄" in screen
        assert "#dc1e1e" in screen.lower() and "#1e3cdc" in screen.lower()
        captions = " ".join(str(s.render()) for s in strip.query(".caption"))
        assert "상태 전이도" in captions and "outside the imported folders" in captions


async def test_review_shows_the_answer_image_once_revealed(engine, notes: Path) -> None:
    from textual_image.widget import HalfcellImage

    import_paths(engine, [notes], now=T0)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot, rounds=3)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        back = review.query_one("#back-images", ImageStrip)
        assert not back.display
        await press(pilot, "space")
        assert back.display and back.query(HalfcellImage)
