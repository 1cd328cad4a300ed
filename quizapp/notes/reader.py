"""Read note files: decode (UTF-8, BOM, CP949/EUC-KR), walk folders; bad content never raises."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from quizapp.notes.model import ImportProblem, NoteDoc, Severity
from quizapp.notes.parser import normalise_source, parse_note
from quizapp.notes.sanitize import has_undecodable_bytes, one_line, undecodable_as_replacement

MAX_NOTE_BYTES = 2 * 1024 * 1024
"""Notes above 2 MiB are skipped with a problem. Real study notes are tens of kilobytes;
a card-dense 2 MiB note takes about 4 s to parse, and parse time grows linearly."""

NOTE_SUFFIXES = frozenset({".md", ".markdown"})

_SNIFF_BYTES = 64 * 1024
_MAX_REPLACED_SHARE = 0.02
"""Above this share of undecodable characters a file is treated as binary, not as text."""


def decode_note_bytes(raw: bytes, path: str) -> tuple[str | None, list[ImportProblem]]:
    """Decode a note: UTF-8 (with or without BOM), then UTF-16 with BOM, then CP949/EUC-KR.

    Returns the text with LF line endings and composed Hangul (NFC), or None for a binary
    file. A CP949 or UTF-16 note is a warning naming the encoding; bytes that fit no
    encoding are replaced and reported as an error with their line. A BOM and CRLF/CR line
    endings are ordinary and silently handled.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return None, [_problem(path, None, "binary file (bad UTF-16): skipped")]
        warning = _problem(path, None, "decoded as UTF-16; save it as UTF-8", Severity.WARNING)
        return normalise_source(text), [warning]
    if b"\x00" in raw[:_SNIFF_BYTES]:
        return None, [_problem(path, None, "binary file (contains NUL bytes), not a note: skipped")]
    try:
        return normalise_source(raw.decode("utf-8-sig")), []
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        text = raw.decode("cp949")
    except UnicodeDecodeError:
        pass
    else:
        message = "not UTF-8; decoded as CP949 (EUC-KR) Korean — save it as UTF-8"
        return normalise_source(text), [_problem(path, None, message, Severity.WARNING)]
    text = raw.decode("utf-8-sig", errors="replace")
    if text.count("\ufffd") > max(_MAX_REPLACED_SHARE * len(text), 16):
        return None, [_problem(path, None, "binary file (not UTF-8 or CP949 text): skipped")]
    line = raw[: utf8_error.start].count(b"\n") + 1
    message = (
        f"invalid UTF-8 (byte 0x{raw[utf8_error.start]:02x}) and not CP949 either; "
        "undecodable bytes shown as \ufffd"
    )
    return normalise_source(text), [_problem(path, line, message)]


def read_note(file: Path, root: Path) -> NoteDoc:
    """Read and parse one note; every failure becomes a problem on the returned NoteDoc.

    `NoteDoc.path` is `file` relative to `root` with forward slashes; `content_hash` is the
    SHA-256 of the raw bytes (also for files skipped as binary or too large).
    """
    # File names may hold control characters too, and a newline that would forge a line
    # of output: shown as placeholders wherever the path is printed.
    path = one_line(_relative(file, root))
    try:
        with file.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            # A note is read once and hashed from memory; a too large one is only hashed.
            raw = handle.read() if size <= MAX_NOTE_BYTES else None
            digest = hashlib.sha256(raw).hexdigest() if raw is not None else _sha256(handle)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return NoteDoc(
            path, Path(path).stem, "", "", problems=[_problem(path, None, f"cannot read: {reason}")]
        )
    if raw is None:
        message = (
            f"too large ({size / 1024 / 1024:.1f} MiB; notes may be at most "
            f"{MAX_NOTE_BYTES // 1024 // 1024} MiB): skipped"
        )
        return NoteDoc(path, Path(path).stem, "", digest, problems=[_problem(path, None, message)])
    text, problems = decode_note_bytes(raw, path)
    if text is None:
        return NoteDoc(path, Path(path).stem, "", digest, problems=problems)
    doc = parse_note(text, path, digest)
    doc.problems[:0] = problems
    return doc


def _sha256(handle: BinaryIO) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _relative(file: Path, root: Path) -> str:
    if file == root and root.is_file():  # compared first: no system call for a folder's files
        return file.name
    folder = str(root)
    name = str(file)
    if os.sep == "/" and name.startswith(folder) and name[len(folder) : len(folder) + 1] == "/":
        return name[len(folder) + 1 :]  # what `relative_to` gives, without building paths
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(file, root)).as_posix()


def iter_note_files(root: Path) -> Iterator[Path | ImportProblem]:
    """Every `*.md` / `*.markdown` under `root`, depth first in name order, plus problems.

    Hidden files and folders (`.git`, `.obsidian`) are skipped. Symlinks are followed only
    when their target lies inside `root` (a link to `/etc/passwd` or `/etc` is reported and
    skipped: importing a folder never reads outside it). A folder link back into a folder
    being walked is a loop and one already walked is a repeat: both are reported and
    skipped, so the walk always ends. Yielded paths keep the link's name.
    """
    if not root.exists():
        yield _problem(root.as_posix(), None, "no such file or folder")
        return
    if not is_utf8_name(str(root)):
        yield not_utf8_problem(root)
        return
    if root.is_file():
        if root.suffix.lower() in NOTE_SUFFIXES:
            yield root
        else:
            yield _problem(root.as_posix(), None, "not a Markdown note (.md or .markdown)")
        return
    yield from _walk(root, root, [], set(), root.resolve())


def _walk(
    folder: Path,
    root: Path,
    ancestors: list[tuple[int, int]],
    seen: set[tuple[int, int]],
    inside: Path,
) -> Iterator[Path | ImportProblem]:
    here = _relative(folder, root) or "."
    try:
        info = folder.stat()
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        yield _problem(here, None, f"cannot read folder: {error.strerror or error}")
        return
    identity = (info.st_dev, info.st_ino)
    if identity in ancestors:
        message = f"folder symlink loop ({here} leads back to a folder above it): skipped"
        yield _problem(here, None, message)
        return
    if identity in seen:
        yield _problem(here, None, "folder already imported through another link: skipped")
        return
    seen.add(identity)
    ancestors.append(identity)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if not is_utf8_name(entry.name):
            if entry.is_dir() or path.suffix.lower() in NOTE_SUFFIXES:
                yield _problem(undecodable_as_replacement(_relative(path, root)), None, NOT_UTF8)
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
            is_file = entry.is_file(follow_symlinks=True)
        except OSError:
            is_dir = is_file = False
        if (is_dir or path.suffix.lower() in NOTE_SUFFIXES) and entry.is_symlink():
            target = path.resolve()
            if (is_dir or is_file) and not target.is_relative_to(inside):
                message = f"symlink to {target}, outside the imported folder: skipped"
                yield _problem(_relative(path, root), None, message)
                continue
        if is_dir:
            yield from _walk(path, root, ancestors, seen, inside)
        elif path.suffix.lower() not in NOTE_SUFFIXES:
            continue
        elif is_file:
            yield path
        elif entry.is_symlink():
            yield _problem(_relative(path, root), None, "broken symlink: skipped")
    ancestors.pop()


NOT_UTF8 = "its name is not UTF-8 (the deck stores names as text): rename it; skipped"


def is_utf8_name(name: str) -> bool:
    """Whether a file name came from UTF-8 bytes (the deck stores names as text)."""
    return not has_undecodable_bytes(name)


def not_utf8_problem(path: Path) -> ImportProblem:
    """The problem of a path given to `import` whose name is not UTF-8."""
    return _problem(undecodable_as_replacement(path.as_posix()), None, NOT_UTF8)


def _problem(
    path: str, line: int | None, message: str, severity: Severity = Severity.ERROR
) -> ImportProblem:
    return ImportProblem(one_line(path), line, message, severity)
