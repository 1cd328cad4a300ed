"""End to end: the real `quizapp` command in tmux, driven by keys, read off the screen."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from quizapp.deck.db import open_database
from quizapp.deck.models import QuizAnswer, ReviewLog

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

QUIZAPP = Path(sys.executable).with_name("quizapp")
WAIT_S = 90.0
"""The longest any wait for the screen lasts: only an upper bound (a wait ends as soon as
the screen shows what it waits for), generous for a start-up on a loaded CI machine."""
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
"""What a Textual app writes as it ends (or suspends for an editor, which no recorded test does)."""


class Terminal:
    """A tmux session running one command at a fixed size, on a tmux server of its own.

    Each terminal has its own server (socket and config in a private directory): with one
    shared server, a test that kills the last session stops the server while another
    xdist worker is connecting to it ("server exited unexpectedly"). The pane stays after
    the command ends, so a command that dies early leaves its last words and exit status
    on the screen for the failure message.
    """

    def __init__(self, command: list[str], env: dict[str, str], size: tuple[int, int]) -> None:
        self.name = f"quizapp-e2e-{uuid.uuid4().hex[:8]}"
        self._recordings: list[tuple[Path, Path]] = []
        self._home = Path(tempfile.mkdtemp(prefix="qz-tmux-"))
        config = self._home / "tmux.conf"
        config.write_text("set -g remain-on-exit on\nset -g status off\n", encoding="utf-8")
        self._server = ["tmux", "-S", str(self._home / "socket"), "-f", str(config)]
        env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
        self.tmux(
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
        )

    def tmux(self, *args: str) -> str:
        """Run a tmux command against this terminal's own server; its output."""
        return subprocess.run(
            [*self._server, *args], capture_output=True, text=True, check=True
        ).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def exited(self) -> bool:
        """Whether the command in the pane has ended."""
        return self.tmux("display-message", "-p", "-t", self.name, "#{pane_dead}").strip() == "1"

    def press(self, *keys: str) -> None:
        """Type `keys`. An Escape must be the last: a key that reaches the app within its
        escape delay (100 ms) after an ESC reads as alt+key, so a test waits for the
        screen Escape leads to before it types on (no pause is long enough on a busy
        machine)."""
        assert "Escape" not in keys[:-1], "wait for the screen after Escape, then press on"
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def record(self, path: Path) -> None:
        """Copy every byte the command writes to the terminal into `path` (tmux's
        `pipe-pane`); `close` returns only once the copy is whole."""
        done = path.with_name(path.name + ".done")
        # The copy is whole when `cat` ends: after tmux has closed the pipe and `cat` has
        # written all it read. The marker says so.
        self.tmux(
            "pipe-pane",
            "-o",
            "-t",
            self.name,
            f"cat >> {shlex.quote(str(path))}; : > {shlex.quote(str(done))}",
        )
        self._recordings.append((path, done))

    def wait_exit(self, timeout: float = WAIT_S) -> None:
        """Wait until the command has ended and, when recorded, its last words (leaving
        the alternate screen) have reached the copy: nothing it wrote is still in flight
        when the test closes the terminal."""
        deadline = time.monotonic() + timeout
        while not (
            self.exited()
            and all(
                path.exists() and LEAVE_ALT_SCREEN in path.read_bytes()
                for path, _ in self._recordings
            )
        ):
            if time.monotonic() > deadline:
                raise AssertionError(f"the command did not end; the screen shows:\n{self.screen()}")
            time.sleep(0.1)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = WAIT_S) -> str:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if predicate(screen):
                return screen
            if self.exited():
                raise AssertionError(f"the command ended; the screen shows:\n{self.screen()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; the screen shows:\n{screen}")
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run([*self._server, "kill-server"], capture_output=True)
        shutil.rmtree(self._home, ignore_errors=True)
        deadline = time.monotonic() + WAIT_S
        for path, done in self._recordings:
            while not done.exists():
                if time.monotonic() > deadline:
                    raise AssertionError(f"the copy of the terminal into {path} never ended")
                time.sleep(0.05)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    opened: list[Terminal] = []

    def open_terminal(
        *args: str, size: tuple[int, int] = (80, 24), env: dict[str, str] | None = None
    ) -> Terminal:
        full_env = {
            "QUIZAPP_DB": str(tmp_path / "e2e.db"),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            **(env or {}),
        }
        if not Path(full_env["QUIZAPP_DB"]).exists():
            # A deck named by QUIZAPP_DB is the user's own: the bundled notes come on request.
            subprocess.run(
                [str(QUIZAPP), "import", "--bundled"],
                env={**os.environ, **full_env},
                check=True,
                capture_output=True,
            )
        term = Terminal([str(QUIZAPP), *args], full_env, size)
        opened.append(term)
        return term

    yield open_terminal
    for term in opened:
        term.close()


def test_review_three_cards_with_keys_in_the_real_command(terminal, tmp_path):
    term = terminal()
    home = term.wait_for(lambda s: "네트워크" in s and "new learn" in s.replace("  ", " "))
    assert "Review all" in home
    # Notes and stats join the footer once the deck is open.
    term.wait_for(lambda s: "n Notes" in s and "s Stats" in s)
    term.press("r")
    # Every deck's own limit of 20 new cards a day, summed over the bundled decks.
    screen = term.wait_for(lambda s: re.search(r"new (\d+)", s) and "␣ Show" in s)
    first = int(re.search(r"new (\d+)", screen).group(1))
    assert first % 20 == 0
    for left in (first - 1, first - 2, first - 3):  # each rated card leaves the queue
        term.press("Space")
        term.wait_for(lambda s: "3 Good ·" in s)  # the rating buttons, with intervals
        term.press("3")
        term.wait_for(lambda s, n=left: f"new {n}" in s and "3 Good ·" not in s)
    engine = open_database(f"sqlite:///{tmp_path / 'e2e.db'}")
    with Session(engine) as session:
        logs = session.exec(select(ReviewLog).order_by(col(ReviewLog.id))).all()
    assert [log.rating for log in logs] == [3, 3, 3]
    assert len({log.card_id for log in logs}) == 3
    term.press("Escape")
    term.wait_for(lambda s: "new learn" in s.replace("  ", " ") and "␣ Show" not in s)
    term.press("q")
    term.wait_exit()


def test_edit_key_opens_the_editor_and_the_card_shows_the_new_answer(terminal, tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    note = notes / "tcp.md"
    note.write_text(
        "---\ndeck: 임시\n---\n# TCP\n\n#### Q. TIME_WAIT는 얼마나?\n\nA. 예전 답\n",
        encoding="utf-8",
    )
    env = {"QUIZAPP_DB": str(tmp_path / "e2e.db")}
    subprocess.run([str(QUIZAPP), "import", str(notes)], env={**os.environ, **env}, check=True)
    editor = tmp_path / "fake-editor.sh"
    # Stands in for vim: checks it got the line, then edits the answer in place.
    editor.write_text(
        '#!/bin/sh\n[ "$1" = "+6" ] || exit 3\nsed -i "s/예전 답/새 답 2MSL/" "$2"\n',
        encoding="utf-8",
    )
    editor.chmod(0o755)
    term = terminal("review", "--deck", "임시", env={"EDITOR": str(editor)})
    term.wait_for(lambda s: "TIME_WAIT는 얼마나?" in s)
    term.press("Space")
    term.wait_for(lambda s: "예전 답" in s)
    term.press("e")
    term.wait_for(lambda s: "새 답 2MSL" in s)
    assert "새 답 2MSL" in note.read_text(encoding="utf-8")


def test_quiz_command_asks_flow_questions_and_hands_over_to_the_simulator(terminal, tmp_path):
    term = terminal(
        "quiz", "--kinds", "flow", "-n", "2", "--profile", "linux", env={"QUIZAPP_LANG": "ko"}
    )
    # The bundled notes are imported first, then the quiz draws its questions (in Korean,
    # the notes' language, with the UI in Korean too).
    # (The prompt's "profile linux" may wrap after a long scenario name: the end checks it.)
    term.wait_for(lambda s: "문제 1/2 · 흐름" in s)
    term.press("Enter")  # picks the first option, or submits the order as shown
    term.wait_for(lambda s: "정답:" in s and "흐름에서 보기" in s)
    term.press("f")
    term.wait_for(lambda s: "TCP simulator" in s and "표시 ✔" in s)  # the status line in Korean
    term.press("Escape")
    term.wait_for(lambda s: "흐름에서 보기" in s and "TCP simulator" not in s)
    term.press("Enter")
    term.wait_for(lambda s: "문제 2/2" in s)
    term.press("Enter")
    term.wait_for(lambda s: "흐름에서 보기" in s)
    term.press("Enter")
    term.wait_for(lambda s: "퀴즈 끝" in s and "점수:" in s)
    engine = open_database(f"sqlite:///{tmp_path / 'e2e.db'}")
    with Session(engine) as session:
        answers = session.exec(select(QuizAnswer).order_by(col(QuizAnswer.id))).all()
    assert [a.kind for a in answers] == ["flow", "flow"]
    assert all('"profile": "linux"' in a.detail_json for a in answers)
