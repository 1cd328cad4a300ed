"""Decompression bombs: a small package must not fill the disk or the memory.

Each bomb is built here (zstd frames of zeros, deflated zeros: kilobytes that unpack to
gigabytes) and imported in a child process under `resource` limits on memory (address
space) and on the size of any file written. Before the limits were checked while
streaming, each of these ran the child out of memory or disk; now each stops with a
message naming the limit and the variable that raises it.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import zstandard

from tests.export.packages import Collection, build

MIB = 1024 * 1024
ROOT = Path(__file__).parents[2]

CHILD = """
import json, sys
from datetime import UTC, datetime
from pathlib import Path
from quizapp.deck.db import open_database
from quizapp.export.anki_import import import_package
package, folder, db = map(Path, sys.argv[1:4])
engine = open_database(f"sqlite:///{db}")
result = import_package(engine, package, folder, now=datetime(2026, 3, 2, tzinfo=UTC))
print(json.dumps([p.message for p in result.summary.problems]))
"""


def zstd_zeros(size: int) -> bytes:
    """One zstd frame of `size` zero bytes (a few kilobytes per gigabyte)."""
    compressor = zstandard.ZstdCompressor(level=3)
    chunks = []
    writer = compressor.chunker(size=size)
    zeros = bytes(MIB)
    for _ in range(size // MIB):
        chunks.extend(writer.compress(zeros))
    chunks.extend(writer.finish())
    return b"".join(chunks)


def import_in_child(
    tmp_path: Path, package: Path, *, memory: int = 1024 * MIB, file_size: int = 256 * MIB, **env
) -> list[str]:
    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(package), str(tmp_path / "out"), str(tmp_path / "db")],
        capture_output=True,
        text=True,
        preexec_fn=limits,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def small_package(tmp_path: Path) -> Path:
    collection = Collection()
    collection.basic(1, "TCP는?", '연결 지향 <img src="syn.png">')
    return build(tmp_path / "bomb.apkg", collection)


def test_a_zstd_collection_bomb_stops_at_the_member_limit(tmp_path):
    package = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("collection.anki21b", zstd_zeros(4096 * MIB))  # 4 GiB in ~130 KB
    assert package.stat().st_size < 512 * 1024
    messages = import_in_child(tmp_path, package, QUIZAPP_MAX_MEMBER_MB="64")
    assert len(messages) == 1
    assert "'collection.anki21b' unpacked is over the limit of 64 MiB" in messages[0]
    assert "raise it with QUIZAPP_MAX_MEMBER_MB=<MiB>" in messages[0]


def test_a_zstd_media_map_bomb_stops_in_little_memory(tmp_path):
    package = small_package(tmp_path)
    with zipfile.ZipFile(package, "a") as archive:
        archive.writestr("media", zstd_zeros(2048 * MIB))
    messages = import_in_child(tmp_path, package, memory=768 * MIB)
    assert messages == [
        "'media' unpacked is over the limit of 64 MiB; if you trust the package, "
        "raise it with QUIZAPP_MAX_MEDIA_MAP_MB=<MiB>"
    ]


def test_a_deflate_media_map_bomb_stops_in_little_memory(tmp_path):
    package = small_package(tmp_path)
    with (
        zipfile.ZipFile(package, "a", zipfile.ZIP_DEFLATED) as archive,
        archive.open("media", "w", force_zip64=True) as member,
    ):
        zeros = bytes(MIB)
        for _ in range(1024):
            member.write(zeros)
    assert package.stat().st_size < 2 * MIB
    messages = import_in_child(tmp_path, package, memory=768 * MIB)
    assert len(messages) == 1 and "QUIZAPP_MAX_MEDIA_MAP_MB" in messages[0]


def test_a_media_file_bomb_is_streamed_to_disk_and_stops_at_the_media_limit(tmp_path):
    collection = Collection()
    collection.basic(1, "TCP는?", '연결 지향 <img src="syn.png">')
    package = build(tmp_path / "bomb.apkg", collection, media={"syn.png": b""})
    with zipfile.ZipFile(package) as archive:
        members = {name: archive.read(name) for name in archive.namelist() if name != "0"}
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("0", zstd_zeros(1024 * MIB))
    messages = import_in_child(tmp_path, package, file_size=64 * MIB, QUIZAPP_MAX_MEDIA_MB="16")
    assert len(messages) == 1
    assert "'0' unpacked is over the limit of 16 MiB" in messages[0]
    assert "QUIZAPP_MAX_MEDIA_MB" in messages[0]
    assert not list((tmp_path / "out").rglob("syn.png"))


def test_too_many_members_are_refused_before_anything_is_unpacked(tmp_path):
    package = small_package(tmp_path)
    with zipfile.ZipFile(package, "a") as archive:
        for n in range(60):
            archive.writestr(f"extra-{n}", b"")
    messages = import_in_child(tmp_path, package, QUIZAPP_MAX_MEMBERS="50")
    assert messages == [
        "the number of files in the package (61) is over the limit of 50 members; "
        "if you trust the package, raise it with QUIZAPP_MAX_MEMBERS=<count>"
    ]


@pytest.mark.parametrize("raised", ["QUIZAPP_MAX_MEMBER_MB", "QUIZAPP_MAX_UNPACKED_MB"])
def test_raising_the_limit_lets_a_large_collection_through(tmp_path, raised):
    collection = Collection()
    for n in range(1, 301):
        collection.basic(n, f"질문 {n}?", "답 " * 2000)
    package = build(tmp_path / "big.apkg", collection)
    limited = import_in_child(tmp_path, package, **{raised: "1"})
    assert len(limited) == 1 and raised in limited[0]
    assert import_in_child(tmp_path, package, **{raised: "64"}) == []
