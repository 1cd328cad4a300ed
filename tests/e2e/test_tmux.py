"""End to end: the real `quizapp` command in tmux, driven by keys, read off the screen."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from quizapp.deck.db import open_database
from quizapp.deck.models import ReviewLog

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

QUIZAPP = Path(sys.executable).with_name("quizapp")


class Terminal:
    """A tmux session running one command at a fixed size."""

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.name = f"quizapp-e2e-{uuid.uuid4().hex[:8]}"
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        subprocess.run(
            [
                "tmux",
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                *env_args,
                *command,
            ],
            check=True,
        )

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.name],
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    def press(self, *keys: str) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(0.15)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if predicate(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; the screen shows:\n{screen}")
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def open_terminal(*args: str, size: tuple[int, int] = (80, 24)) -> Terminal:
        env = {"QUIZAPP_DB": str(tmp_path / "e2e.db"), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
        term = Terminal([str(QUIZAPP), *args], env, size)
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()


def test_review_three_cards_with_keys_in_the_real_command(terminal, tmp_path):
    term = terminal()
    home = term.wait_for(lambda s: "네트워크" in s and "new learn" in s.replace("  ", " "))
    assert "Review all" in home
    term.press("r")
    term.wait_for(lambda s: "Show answer" in s)
    for _ in range(3):
        before = term.screen()
        term.press("Space")
        term.wait_for(lambda s: "3 Good" in s and "Again ·" in s)
        term.press("3")
        term.wait_for(lambda s, b=before: s != b and "Show answer" in s)
    screen = term.screen()
    assert "new 17" in screen  # 20 new a day, three learned
    engine = open_database(f"sqlite:///{tmp_path / 'e2e.db'}")
    with Session(engine) as session:
        logs = session.exec(select(ReviewLog).order_by(col(ReviewLog.id))).all()
    assert [log.rating for log in logs] == [3, 3, 3]
    assert len({log.card_id for log in logs}) == 3
    term.press("Escape", "q")
    term.wait_for(lambda s: "new learn" not in s.replace("  ", " "), timeout=10)
