"""Writing a file so that it is either the old one or the whole new one, never half of each.

An export writes to a temporary file beside the target, flushes it to disk, then renames it
over the target: a killed export leaves the old backup (or package) intact, and a reader
never sees a truncated file. The temporary file is hidden (`.name.XXXX.part`) and removed
when the write fails.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def _mode_for(target: Path) -> int:
    """The permissions the target has, or those a new file gets under the umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`; when the block ends normally, its file (written by
    the block) is fsynced and renamed over `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, _mode_for(target))
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


@contextmanager
def atomic_text(target: Path) -> Iterator[IO[str]]:
    """A text handle (UTF-8) whose content replaces `target` whole when the block ends."""
    with replacing(target) as temporary, temporary.open("w", encoding="utf-8", newline="") as out:
        yield out


def write_text(target: Path, text: str) -> None:
    """`target.write_text(text)`, atomically."""
    with atomic_text(target) as out:
        out.write(text)
