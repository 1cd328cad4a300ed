"""The notes list and contents tree: whole words, labelled counts, no unlabeled nodes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Tree

from quizapp.deck.queries import NoteEntry
from quizapp.deck.sync import import_paths
from quizapp.i18n import set_language
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.notes import NotesScreen, note_label
from quizapp.tui.widgets.note_viewer import NoteContents
from tests.conftest import T0, press, settle


@pytest.fixture(autouse=True)
def english():
    set_language("en")
    yield
    set_language("en")


def test_a_long_path_is_cut_from_the_left_and_the_count_is_labelled() -> None:
    entry = NoteEntry(
        1, "TCP 연결 종료", "network/transport/tcp/connection-teardown.md", "네트워크", 39
    )
    title, path = note_label(entry, 28).plain.split("\n")
    assert path.startswith("…") and path.endswith("tcp/connection-teardown.md")
    assert len(path) == 28
    assert title.startswith("TCP 연결 종료") and title.endswith("39 cards")
    set_language("ko")
    assert "카드 39장" in note_label(entry, 28).plain


async def test_a_skipped_heading_level_makes_no_unlabeled_node(engine, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "os.md").write_text(
        "# 운영체제\n\n본문.\n\n### 교착 상태\n\n설명.\n\n## 스케줄링\n\n#### 라운드 로빈\n\n끝.\n",
        encoding="utf-8",
    )
    import_paths(engine, [notes], now=T0)
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, NotesScreen)
        await press(pilot, "t")
        tree = app.screen.query_one(NoteContents).query_one(Tree)
        labels = []

        def walk(node, depth):
            for child in node.children:
                labels.append((depth, str(child.label)))
                walk(child, depth + 1)

        walk(tree.root, 0)
        assert labels == [
            (0, "H1 운영체제"),
            (1, "H3 교착 상태"),
            (1, "H2 스케줄링"),
            (2, "H4 라운드 로빈"),
        ]
