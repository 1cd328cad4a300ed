"""A deck that cannot be opened or written: the app and the CLI say why, and never crash."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from quizapp.deck.db import open_database
from quizapp.deck.models import ReviewLog
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.review import ReviewScreen
from tests.conftest import T0, settle

QUIZAPP = [sys.executable, "-m", "quizapp"]


def read_only_url(db_url: str) -> str:
    """The same deck opened so that nothing can be written (SQLite `mode=ro`, or a
    PostgreSQL session whose transactions are read-only)."""
    if db_url.startswith("sqlite:///"):
        return f"sqlite:///file:{db_url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    url = make_url(db_url).update_query_dict({"options": "-c default_transaction_read_only=on"})
    return url.render_as_string(hide_password=False)


def _messages(app: QuizApp) -> list[tuple[str, str]]:
    return [(n.severity, f"{n.title} {n.message}") for n in app._notifications]


async def _open_app(url: str) -> list[tuple[str, str]]:
    app = QuizApp(url, clock=lambda: T0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert not app.database_ready
        return _messages(app)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (lambda tmp: tmp, "is a folder, not a database file"),
        (lambda tmp: Path("/proc/quizapp-missing/deck.db"), "cannot create the folder"),
        (lambda tmp: tmp / "notes.txt" / "deck.db", "is a file, not a folder"),
        (lambda tmp: tmp / "garbage.db", "not a quizapp database"),
    ],
    ids=["a folder", "an uncreatable folder", "below a file", "not sqlite"],
)
async def test_an_unreachable_deck_is_named_in_an_error_notification(tmp_path, where, expected):
    (tmp_path / "notes.txt").write_text("메모", encoding="utf-8")
    (tmp_path / "garbage.db").write_bytes("SQLite가 아닌 파일입니다. ".encode() * 200)
    path = where(tmp_path)

    messages = await _open_app(f"sqlite:///{path}")

    [(severity, text)] = messages
    assert severity == "error"
    assert expected in text and str(path) in text


async def _rate_on_a_read_only_deck(url: str, engine) -> None:
    app = QuizApp(url, clock=lambda: T0)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.read_only
        [(severity, text)] = _messages(app)
        assert severity == "warning" and "read-only" in text
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.card is not None
        shown = screen.card.id
        await pilot.press("space", "3")
        await settle(pilot)
        await pilot.press("b")  # bury writes too
        await settle(pilot)
        errors = [text for severity, text in _messages(app) if severity == "error"]
        assert len(errors) == 2
        assert "the rating was not saved" in errors[0]
        assert re.search("read-?only", errors[0])
        assert "not buried" in errors[1]
        assert app.screen is screen and screen.card.id == shown and screen.revealed
    with Session(engine) as session:
        assert session.exec(select(ReviewLog)).all() == []


async def test_rating_on_a_read_only_url_shows_a_message_instead_of_crashing(
    db_url, engine, make_cards
):
    make_cards(2)
    await _rate_on_a_read_only_deck(read_only_url(db_url), engine)


@contextmanager
def _read_only_file(path: Path) -> Iterator[None]:
    """Make `path` unwritable even for root (CI runs as root, where chmod does not bind):
    the immutable attribute for root, mode 0444 for anyone else."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode:
        reason = "root, and `chattr +i` is not available on this file system"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI must run this test")
        pytest.skip(reason)
    try:
        with pytest.raises(PermissionError):
            path.open("r+b").close()
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


async def test_rating_on_a_read_only_file_shows_a_message_instead_of_crashing(
    db_url, engine, make_cards, backend
):
    if backend != "sqlite":
        pytest.skip("a file's permissions are SQLite's read-only")
    make_cards(2)
    engine.dispose()
    with _read_only_file(Path(db_url.removeprefix("sqlite:///"))):
        await _rate_on_a_read_only_deck(db_url, engine)


def test_the_cli_refuses_to_import_into_a_read_only_deck_and_names_it(db_url, tmp_path):
    open_database(db_url).dispose()
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "tcp.md").write_text("#### Q. TIME_WAIT는?\n\nA. 2MSL\n", encoding="utf-8")
    read_only = read_only_url(db_url)

    result = subprocess.run(
        [*QUIZAPP, "import", str(notes), "--db", read_only], capture_output=True, text=True
    )

    assert result.returncode == 1
    assert "read-only" in result.stderr and "Traceback" not in result.stderr


def test_the_cli_names_a_deck_path_that_is_a_folder(tmp_path):
    result = subprocess.run(
        [*QUIZAPP, "cards", "--db", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "is a folder" in result.stderr and "Traceback" not in result.stderr
