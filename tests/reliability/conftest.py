"""The worker server (worker.py) as a fixture: fork reviewers and importers, kill, reap."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

WORKER = Path(__file__).with_name("worker.py")
ROOT = Path(__file__).parents[2]


class Workers:
    """Talks to one `worker.py` process; every line it or its children print is kept."""

    def __init__(self, url: str, stderr_path: Path) -> None:
        self.stderr_path = stderr_path
        self._stderr = stderr_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        self.lines: list[list[str]] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            with self._changed:
                self.lines.append(raw.decode().split())
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def _send(self, command: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write((command + "\n").encode())
        self.process.stdin.flush()

    def wait_for(self, found: Callable[[], object], timeout: float = 60) -> object:
        """Wait until `found()` is truthy (it reads `self.lines`), or fail naming stderr."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not (result := found()):
                left = deadline - time.monotonic()
                if left <= 0 or self.process.poll() is not None:
                    raise AssertionError(
                        f"the worker never said it; stderr:\n{self.stderr()}\nlines: "
                        f"{self.lines[-5:]}"
                    )
                self._changed.wait(left)
            return result

    def start(self, command: str) -> int:
        """Fork a worker running `command`; its pid."""
        before = len(self.lines)
        self._send(command)

        def forked() -> int | None:
            for words in self.lines[before:]:
                if words[1] == "forked":
                    return int(words[2])
            return None

        return int(self.wait_for(forked))  # type: ignore[arg-type]

    def said(self, pid: int, event: str) -> list[list[str]]:
        """Every line `pid` printed with `event`, the words after it."""
        with self._changed:
            return [words[2:] for words in self.lines if words[:2] == [str(pid), event]]

    def wait_said(self, pid: int, event: str, timeout: float = 60) -> None:
        self.wait_for(lambda: self.said(pid, event), timeout)

    def kill(self, pid: int) -> None:
        os.kill(pid, signal.SIGKILL)

    def reap(self, pid: int) -> str:
        """`killed`, or `exit N` for a worker that ended by itself."""
        self._send(f"reap {pid}")
        server = str(self.process.pid)

        def reaped() -> str | None:
            for words in self.lines:
                if words[0] == server and words[1:3] == ["reaped", str(pid)]:
                    return " ".join(words[3:])
            return None

        return str(self.wait_for(reaped))

    def stderr(self) -> str:
        self._stderr.flush()
        return self.stderr_path.read_text(errors="replace")

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(timeout=5)
        self._stderr.close()


@pytest.fixture
def workers(db_url: str, tmp_path: Path) -> Iterator[Workers]:
    server = Workers(db_url, tmp_path / "workers.stderr")
    yield server
    server.close()


_recording: list[Path] | None = None
_hook_installed = False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _recording is not None and event == "open" and isinstance(args[0], str | bytes | Path):
        _recording.append(Path(os.fsdecode(args[0])))


@pytest.fixture
def opened_files() -> Iterator[list[Path]]:
    """Every file this process opens while the test runs (Python's `open` audit event).

    An audit hook cannot be removed, so one is installed per process and only records
    while a test asks for it.
    """
    global _recording, _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)
        _hook_installed = True
    _recording = []
    try:
        yield _recording
    finally:
        _recording = None
