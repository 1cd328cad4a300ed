"""Writing a file so that it is either the old one or the whole new one, never half of each.

An export writes to a temporary file beside the target, flushes it to disk, then renames it
over the target: a killed export leaves the old backup (or package) intact, and a reader
never sees a truncated file. The temporary file is removed when the write fails.

A SIGKILL cannot be caught, so a killed export still leaves its temporary file behind. Each
temporary file is named `.<target>.<pid>.<8 hex>.part` and locked (`flock`) by its writer for
as long as it exists; every later write into the same folder removes the partial files of
that naming whose writer is gone: the process id is not running and the lock is free (the
kernel drops a lock when its process dies, which also covers a writer in another PID
namespace). Files of any other name, someone else's, symlinks and live writers' files are
never touched.
"""

from __future__ import annotations

import fcntl
import io
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO

PARTIAL_NAME = re.compile(r"\A\..+\.(?P<pid>[1-9][0-9]{0,9})\.[0-9a-f]{8}\.part\Z", re.DOTALL)
"""The name of a temporary file this module writes, with the writer's process id."""

_NAME_CHARS = 64
"""How much of the target's name the temporary file repeats: room for the suffix in 255 bytes."""


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


def _running(pid: int) -> bool:
    """Whether a process with this id exists (one of another user's counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _remove_if_abandoned(path: Path, pid: int) -> bool:
    """Remove `path`, a partial file by its name, if it is ours, regular, and its writer is
    gone; True if it was removed."""
    if _running(pid):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a writer still holds it
        # Unlink only the file that was checked, not one renamed into its place since.
        if os.lstat(path).st_ino != info.st_ino:
            return False
        path.unlink()
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def sweep_partials(folder: Path) -> list[Path]:
    """Remove the partial files that killed writes left in `folder`; the paths removed."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        match = PARTIAL_NAME.match(name)
        if match and _remove_if_abandoned(folder / name, int(match["pid"])):
            removed.append(folder / name)
    return removed


def _create_partial(target: Path) -> tuple[int, Path]:
    """A new, locked temporary file beside `target`: its descriptor and path."""
    prefix = f".{target.name[:_NAME_CHARS]}.{os.getpid()}."
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    while True:
        path = target.parent / f"{prefix}{secrets.token_hex(4)}.part"
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:
            continue
        fcntl.flock(fd, fcntl.LOCK_EX)
        return fd, path


def _is_stream(target: Path) -> bool:
    """A pipe, a terminal or a device (`-o /dev/stdout`): written to as it is; renaming a
    file over it would replace the device itself."""
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextmanager
def replacing(target: Path) -> Iterator[BinaryIO]:
    """A binary handle on a temporary file beside `target`; when the block ends normally,
    the file is fsynced and renamed over `target`, and when it fails, removed. A pipe or a
    device is written directly."""
    if _is_stream(target):
        with target.open("wb") as stream:
            yield stream
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_partials(target.parent)
    fd, temporary = _create_partial(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), _mode_for(target))
            os.fsync(handle.fileno())
            os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


@contextmanager
def atomic_text(target: Path) -> Iterator[IO[str]]:
    """A text handle (UTF-8) whose content replaces `target` whole when the block ends."""
    with replacing(target) as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        try:
            yield out
            out.flush()
        finally:
            out.detach()


def write_text(target: Path, text: str) -> None:
    """`target.write_text(text)`, atomically."""
    with atomic_text(target) as out:
        out.write(text)


def copy_file(source: Path, target: Path) -> None:
    """`shutil.copyfile(source, target)`, atomically."""
    with source.open("rb") as src, replacing(target) as out:
        shutil.copyfileobj(src, out)
