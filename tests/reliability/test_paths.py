"""Links and images that point outside the notes folder are never read, by import or app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Markdown, MarkdownViewer
from textual.widgets._markdown import MarkdownBlock

from quizapp.deck.sync import import_paths
from quizapp.notes.links import LinkTarget, link_target
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.notes import NotesScreen
from quizapp.tui.screens.review import ReviewScreen
from tests.conftest import T0, settle


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("#3-way-handshake", LinkTarget("anchor", "3-way-handshake")),
        (
            "https://www.rfc-editor.org/rfc/rfc9293",
            LinkTarget("web", "https://www.rfc-editor.org/rfc/rfc9293"),
        ),
        ("udp.md", LinkTarget("note", "network/udp.md")),
        ("../web/dns.md#조회", LinkTarget("note", "web/dns.md", "조회")),
        ("./img/../udp.md", LinkTarget("note", "network/udp.md")),
        ("../../secret.md", LinkTarget("refused", "../../secret.md")),
        ("%2E%2E/%2E%2E/secret.md", LinkTarget("refused", "%2E%2E/%2E%2E/secret.md")),
        ("/etc/passwd", LinkTarget("refused", "/etc/passwd")),
        ("file:///etc/passwd", LinkTarget("refused", "file:///etc/passwd")),
        ("javascript:alert(1)", LinkTarget("refused", "javascript:alert(1)")),
        ("//evil.example/x.md", LinkTarget("refused", "//evil.example/x.md")),
    ],
)
def test_where_a_link_in_network_tcp_md_leads(href, expected):
    assert link_target(href, "network/tcp.md") == expected


@pytest.fixture
def outside(tmp_path: Path) -> dict[str, Path]:
    """Secret files beside the notes folder, and a notes folder whose links point at them."""
    secret_md = tmp_path / "secret.md"
    secret_md.write_text("# 비밀 SECRET-CONTENT\n", encoding="utf-8")
    secret_png = tmp_path / "secret.png"
    secret_png.write_bytes(b"\x89PNG SECRET-CONTENT")
    folder = tmp_path / "notes"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "diagram.png").symlink_to(secret_png)
    (folder / "tcp.md").write_text(
        "# TCP 링크 모음\n\n"
        "본문: [비밀](../secret.md), [절대](" + str(secret_md) + "), "
        "[웹](https://www.rfc-editor.org/rfc/rfc9293), [UDP 노트](udp.md).\n\n"
        "![그림](../secret.png) ![절대 그림](" + str(secret_png) + ") "
        "![링크 그림](img/diagram.png)\n\n"
        '<img src="../secret.png">\n\n'
        "#### Q. 링크가 있는 답은?\n\nA. [비밀](../secret.md)을 보라.\n",
        encoding="utf-8",
    )
    (folder / "udp.md").write_text("# UDP\n\n#### Q. UDP는?\n\nA. 비연결형.\n", "utf-8")
    return {"folder": folder, "md": secret_md, "png": secret_png}


def secrets_read(opened: list[Path], outside: dict[str, Path]) -> list[Path]:
    targets = {outside["md"].resolve(), outside["png"].resolve()}
    return [path for path in opened if path.resolve() in targets]


def test_importing_reads_only_the_note_files(engine, outside, tmp_path, opened_files):
    # A symlinked note is followed only when its target is inside the imported folder.
    shared = tmp_path / "shared.md"
    shared.write_text("#### Q. 공유 노트?\n\nA. 링크로 들어온 노트.\n", encoding="utf-8")
    (outside["folder"] / "img" / "shared.md").symlink_to(shared)
    (outside["folder"] / "inner.md").symlink_to(outside["folder"] / "udp.md")
    opened_files.clear()

    summary = import_paths(engine, [outside["folder"]], now=T0)

    assert summary.files_imported == 3
    (problem,) = summary.problems
    assert problem.path == "img/shared.md" and "outside the imported folder" in problem.message
    here = tmp_path.resolve()
    read = {p.resolve() for p in opened_files if p.resolve().is_relative_to(here)}
    notes = {(outside["folder"] / name).resolve() for name in ("tcp.md", "udp.md")}
    assert read == notes
    assert secrets_read(opened_files, outside) == []


async def test_the_note_viewer_never_opens_a_linked_file(engine, outside, opened_files):
    import_paths(engine, [outside["folder"]], now=T0)
    opened_files.clear()
    app = QuizApp(engine, clock=lambda: T0)
    web: list[str] = []
    app.open_url = lambda url, **_: web.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, rounds=3)
        await pilot.press("n")
        await settle(pilot, rounds=3)
        notes = app.screen
        assert isinstance(notes, NotesScreen) and notes.note.path == "tcp.md"
        viewer = notes.query_one("#viewer", MarkdownViewer)
        block = viewer.document.query(MarkdownBlock).first()
        for href in (
            "../secret.md",
            str(outside["md"]),
            "../secret.png",
            str(outside["png"]),
            "img/diagram.png",
            "https://www.rfc-editor.org/rfc/rfc9293",
        ):
            await block.action_link(href)
            await settle(pilot, rounds=3)
        shown = "\n".join(str(b.source) for b in viewer.document.query(MarkdownBlock))
        assert "SECRET-CONTENT" not in shown and "TCP 링크 모음" in shown
        refused = [n for n in app._notifications if "not opened" in f"{n.title} {n.message}"]
        assert len(refused) == 5
        assert web == ["https://www.rfc-editor.org/rfc/rfc9293"]

        await block.action_link("udp.md")  # another note: opened from the deck
        await settle(pilot, rounds=3)
        assert notes.note.path == "udp.md"
    assert secrets_read(opened_files, outside) == []


async def test_a_link_on_a_card_opens_no_file(engine, outside, opened_files):
    import_paths(engine, [outside["folder"]], now=T0)
    opened_files.clear()
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot, rounds=3)
        await pilot.press("r")
        await settle(pilot, rounds=3)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        while review.card is not None and "링크" not in review.card.question:
            await pilot.press("b")
            await settle(pilot, rounds=3)
        await pilot.press("space")
        await settle(pilot, rounds=3)
        back = review.query_one("#back", Markdown)
        await back.query(MarkdownBlock).first().action_link("../secret.md")
        await settle(pilot, rounds=3)
        assert app.screen is review
        assert any("not opened" in str(n.message) for n in app._notifications)
    assert secrets_read(opened_files, outside) == []
