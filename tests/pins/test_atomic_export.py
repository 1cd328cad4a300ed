"""An export is the old file or the whole new one, never half of each, even across a crash.

The SIGKILL test in tests/reliability shows a killed export leaves the old backup, but only
when the kill lands while the file is written, and it cannot see a power cut: the new bytes
must be on disk before the rename makes them the backup, or a crash right after it leaves
an empty file under the backup's name. Here the failure is placed (a write that fails
half-way through) and the order of fsync and rename is watched.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

import quizapp.export.json as json_export
from quizapp.export.atomic import write_text
from quizapp.export.json import export_json
from tests.conftest import T0


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_export_that_fails_half_way_leaves_the_old_backup_whole(
    engine, make_cards, tmp_path, monkeypatch
):
    make_cards(30)
    folder = tmp_path / "백업"
    target = folder / "deck.json"
    folder.mkdir()
    export_json(engine, target, now=T0)
    good = _digest(target)
    make_cards(5, prefix="new")  # the next backup would differ

    record, calls = json_export._record, []

    def disk_full_after_a_few_rows(row, names):
        calls.append(row)
        if len(calls) == 10:
            raise OSError(28, "No space left on device")
        return record(row, names)

    monkeypatch.setattr(json_export, "_record", disk_full_after_a_few_rows)
    with pytest.raises(OSError, match="No space left"):
        export_json(engine, target, now=T0)

    assert len(calls) == 10  # it did fail half-way, after writing part of the file
    assert _digest(target) == good
    assert sorted(p.name for p in folder.iterdir()) == ["deck.json"]  # no partial file left


def test_the_new_file_is_on_disk_before_it_replaces_the_old_one(tmp_path, monkeypatch):
    target = tmp_path / "deck.json"
    target.write_text('{"old": true}', encoding="utf-8")
    events: list[tuple[str, int]] = []
    fsync, replace = os.fsync, os.replace

    def watched_fsync(fd: int) -> None:
        info = os.fstat(fd)
        events.append(("fsync dir" if stat.S_ISDIR(info.st_mode) else "fsync file", info.st_ino))
        fsync(fd)

    def watched_replace(src, dst) -> None:
        events.append(("replace", os.stat(src).st_ino))
        replace(src, dst)

    monkeypatch.setattr(os, "fsync", watched_fsync)
    monkeypatch.setattr(os, "replace", watched_replace)
    write_text(target, '{"new": "TIME_WAIT는 2MSL 동안 기다린다"}')

    new = target.stat().st_ino
    assert target.read_text(encoding="utf-8") == '{"new": "TIME_WAIT는 2MSL 동안 기다린다"}'
    assert events == [
        ("fsync file", new),  # the new bytes reach the disk first,
        ("replace", new),  # then become the file,
        ("fsync dir", tmp_path.stat().st_ino),  # and the rename itself is made durable
    ]
