"""`quizapp serve` in headless Chromium: the page loads, a card is reviewed, its log row saved."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func
from sqlmodel import Session, select

from quizapp.deck.models import Card, ReviewLog
from quizapp.serve import app_command, exposure_warning

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).parents[2]


def test_only_loopback_addresses_are_served_without_a_warning():
    assert exposure_warning("127.0.0.1", 8000) is None
    assert exposure_warning("localhost", 8000) is None
    assert exposure_warning("::1", 8000) is None
    warning = exposure_warning("0.0.0.0", 8000)
    assert warning is not None and "no authentication besides the database's" in warning


def test_each_tab_runs_the_app_on_the_served_deck():
    command = app_command("postgresql+psycopg://kim@/스터디?host=/run/pg")
    assert command.endswith("-m quizapp --db 'postgresql+psycopg://kim@/스터디?host=/run/pg'")


def test_serving_elsewhere_than_loopback_prints_the_warning(tmp_path):
    # The port is taken, so the server stops right after the warning instead of listening.
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "quizapp", "serve", "--host", "0.0.0.0", "--port", str(port),
             "--db", str(tmp_path / "deck.db")],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    assert "no authentication besides the database's" in result.stderr


def _reserved_port() -> socket.socket:
    """A socket holding a free loopback port until it is closed: bound (not listening)
    with SO_REUSEADDR, so that no other process is given the port meanwhile while the
    server, which binds with SO_REUSEADDR too, can take it. (A port looked up and let go
    could be handed to another test's socket before the server bound it.)"""
    holder = socket.socket()
    holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    holder.bind(("127.0.0.1", 0))
    return holder


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A `quizapp serve` on a fresh deck: its page URL and the deck's URL."""
    holder = _reserved_port()
    port = holder.getsockname()[1]
    db_url = f"sqlite:///{tmp_path / 'deck.db'}"
    # English labels: the browser test waits for them (the machine's locale could choose Korean).
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "QUIZAPP_LANG": "en"}
    # A deck named with --db is the user's own: the bundled notes go in only on request.
    subprocess.run(
        [sys.executable, "-m", "quizapp", "import", "--bundled", "--db", db_url],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "quizapp", "serve", "--port", str(port), "--db", db_url],
        stdout=log, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (
                    tmp_path / "serve.log"
                ).read_text()
                time.sleep(0.2)
        holder.close()  # the server has the port
        yield f"http://127.0.0.1:{port}/", db_url
    finally:
        holder.close()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait(condition, timeout: float = 90, what: str = "", page=None) -> None:
    """Wait until `condition()`; with a page, Playwright's events go on arriving meanwhile."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        if page is None:
            time.sleep(0.25)
        else:
            page.wait_for_timeout(100)


CSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]")


class Written:
    """Everything the app sent the page's terminal (the websocket's binary frames, as
    textual-serve relays the app's output): what the user is shown, read before typing."""

    def __init__(self, page) -> None:
        self._data = bytearray()
        self._page = page
        page.on("websocket", lambda ws: ws.on("framereceived", self._received))

    def _received(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):
            self._data += payload

    def mark(self) -> int:
        """Where the output is now: `wait_for` looks only at what comes after it."""
        return len(self._data)

    def wait_for(self, since: int, *texts: str) -> None:
        """Wait until the output after `since`, its escape sequences removed, shows `texts`."""

        def shown() -> bool:
            text = CSI.sub(b"", bytes(self._data[since:])).decode("utf-8", "replace")
            return all(t in text for t in texts)

        _wait(shown, what=f"the app to show {texts}", page=self._page)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_a_card_is_reviewed_in_a_browser_and_its_log_row_is_saved(served, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    url, db_url = served
    engine = create_engine(db_url)

    def count(model) -> int:
        try:
            with Session(engine) as session:
                return session.exec(select(func.count()).select_from(model)).one()
        except Exception:  # the app may not have created the tables yet
            return 0

    with sync_api.sync_playwright() as playwright:
        # A fresh profile each run; no browser download: Debian's chromium is driven.
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            viewport={"width": 1200, "height": 800},
        )
        try:
            page = browser.new_page()
            written = Written(page)
            page.goto(url)
            assert "quizapp" in page.locator(".intro").first.inner_text()
            # textual-serve marks the page once the app's first bytes arrive.
            page.wait_for_selector("body.-first-byte", timeout=90_000)
            _wait(lambda: count(Card) > 0, what="the bundled notes to be imported")
            page.click("#terminal")
            # Each key once the screen it is meant for is shown: notes and stats join the
            # home screen's footer once the deck is open.
            written.wait_for(0, "Notes", "Stats")
            since = written.mark()
            page.keyboard.press("r")
            written.wait_for(since, "Show")
            since = written.mark()
            page.keyboard.press(" ")
            written.wait_for(since, "Good")
            page.keyboard.press("3")
            _wait(lambda: count(ReviewLog) == 1, what="the rating to be saved", page=page)
        finally:
            browser.close()
    with Session(engine) as session:
        [log] = session.exec(select(ReviewLog)).all()
    assert log.rating == 3
    engine.dispose()
