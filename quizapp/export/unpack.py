"""Unpacking a zip from elsewhere within limits, counted while streaming.

A package's sizes in the zip directory are whatever its author wrote, and a zstd frame
inside a member can grow a few hundred kilobytes into many gigabytes. So nothing is
trusted: every member is decompressed in chunks, the bytes actually produced are counted,
and unpacking stops at the first limit passed — per member, in total, in member count,
per media file and for the media map (held in memory) — with a message that names the
limit and the environment variable that raises it.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import zstandard

ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_CHUNK = 1 << 20
_MAX_WINDOW = 1 << 27
"""The largest zstd window accepted (128 MiB): Anki writes far smaller ones, and the
window is memory the decompressor must hold."""

MIB = 1024 * 1024


class LimitExceeded(Exception):
    """A package unpacks to more than a limit allows; the message says how to raise it."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a package may unpack to. Each can be raised with its environment variable."""

    member_bytes: int = 2048 * MIB
    """The collection (or any one member)."""
    total_bytes: int = 8192 * MIB
    media_bytes: int = 100 * MIB
    """One media file."""
    media_map_bytes: int = 64 * MIB
    """The media map, which is read into memory."""
    members: int = 100_000

    ENV = {
        "member_bytes": "QUIZAPP_MAX_MEMBER_MB",
        "total_bytes": "QUIZAPP_MAX_UNPACKED_MB",
        "media_bytes": "QUIZAPP_MAX_MEDIA_MB",
        "media_map_bytes": "QUIZAPP_MAX_MEDIA_MAP_MB",
        "members": "QUIZAPP_MAX_MEMBERS",
    }

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, with any set in the environment (MiB, or a count) instead."""
        values: dict[str, int] = {}
        for name, variable in cls.ENV.items():
            raw = os.environ.get(variable, "").strip()
            if raw.isdigit() and int(raw) > 0:
                values[name] = int(raw) if name == "members" else int(raw) * MIB
        return cls(**values)

    def exceeded(self, what: str, name: str) -> LimitExceeded:
        limit = getattr(self, name)
        amount = f"{limit} members" if name == "members" else f"{limit // MIB} MiB"
        return LimitExceeded(
            f"{what} is over the limit of {amount}; if you trust the package, "
            f"raise it with {self.ENV[name]}=<{'count' if name == 'members' else 'MiB'}>"
        )


class Unpacker:
    """Reads members of one zip within `limits`, keeping count of everything unpacked."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits, *, unpacked: int = 0) -> None:
        self.archive = archive
        self.limits = limits
        self.unpacked = unpacked
        """Bytes unpacked so far (from this zip, by this reader or an earlier one)."""
        infos = archive.infolist()
        if len(infos) > limits.members:
            raise limits.exceeded(f"the number of files in the package ({len(infos)})", "members")
        self.names = {info.filename for info in infos}

    def chunks(self, member: str, cap: int, cap_name: str) -> Iterator[bytes]:
        """The member's bytes, zstd-decompressed when it is a zstd frame, in chunks; raises
        LimitExceeded as soon as the member passes `cap` or the package its total."""
        with self.archive.open(member) as raw:
            head = raw.read(4)
        with self.archive.open(member) as raw:
            stream: IO[bytes] = raw
            if head == ZSTD_MAGIC:
                decompressor = zstandard.ZstdDecompressor(max_window_size=_MAX_WINDOW)
                stream = decompressor.stream_reader(raw, read_size=_CHUNK)
            produced = 0
            while chunk := stream.read(_CHUNK):
                produced += len(chunk)
                self.unpacked += len(chunk)
                if produced > cap:
                    raise self.limits.exceeded(f"{member!r} unpacked", cap_name)
                if self.unpacked > self.limits.total_bytes:
                    raise self.limits.exceeded("the package unpacked in total", "total_bytes")
                yield chunk

    def to_bytes(self, member: str, cap: int, cap_name: str = "media_map_bytes") -> bytes:
        return b"".join(self.chunks(member, cap, cap_name))

    def to_file(self, member: str, target: Path, cap: int, cap_name: str = "member_bytes") -> None:
        """Stream the member into `target`; a partial file is removed when a limit stops it."""
        try:
            with target.open("wb") as out:
                for chunk in self.chunks(member, cap, cap_name):
                    out.write(chunk)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
