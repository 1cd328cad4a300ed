"""`quizapp export` and `quizapp import` of backups and Anki packages, as a user runs them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizapp import exit_codes, locations
from quizapp.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path, notes_dir: Path) -> str:
    path = str(tmp_path / "deck.db")
    assert run("import", str(notes_dir), "--db", path).exit_code == 0
    return path


@pytest.mark.parametrize("fmt", ["apkg", "csv", "tsv", "json"])
def test_export_writes_the_file_and_says_so(db, tmp_path, fmt):
    out = tmp_path / f"deck.{fmt}"
    result = run("export", "--format", fmt, "-o", str(out), "--deck", "네트워크::TCP", "--db", db)
    assert result.exit_code == exit_codes.OK, result.output
    assert out.stat().st_size > 0
    assert result.stdout.startswith("exported 10 cards (1 decks")


def test_outside_images_make_export_exit_1_with_the_place(db, tmp_path):
    result = run("export", "-f", "apkg", "-o", str(tmp_path / "all.apkg"), "--db", db)
    assert result.exit_code == exit_codes.CONTENT_PROBLEMS
    assert "network/hostile.md:12: warning: image '../../secret.png' is outside" in result.stderr
    assert zipfile.ZipFile(tmp_path / "all.apkg").testzip() is None


def test_several_decks_into_one_markdown_file_is_a_usage_error(db, tmp_path):
    result = run("export", "-f", "md", "-o", str(tmp_path / "one.md"), "--db", db)
    assert result.exit_code == exit_codes.USAGE
    assert "2 decks need a folder" in result.stderr
    assert not (tmp_path / "one.md").exists()


def test_import_of_a_json_backup_restores_into_a_fresh_database(db, tmp_path):
    backup = tmp_path / "backup.json"
    run("export", "-f", "json", "-o", str(backup), "--db", db)
    fresh = str(tmp_path / "fresh.db")
    result = run("import", str(backup), "--db", fresh)
    # The notes' folder is not a source of the fresh deck: restored, with a warning.
    assert result.exit_code == exit_codes.CONTENT_PROBLEMS
    assert "is not imported on this machine" in result.stderr
    assert result.stdout.startswith("added 12, updated 0, unchanged 0")
    again = run("import", str(backup), "--db", fresh)
    assert "added 0, updated 0, unchanged 12" in again.stdout


def test_import_of_an_apkg_writes_its_decks_beside_the_deck(db, tmp_path, monkeypatch, anki):
    note = anki.new_note(anki.models.by_name("Basic"))
    note["Front"], note["Back"] = "UDP는 연결을 맺나?", "아니다"
    anki.add_note(note, anki.decks.id("네트워크"))
    package = tmp_path / "udp.apkg"
    from anki.collection import ExportAnkiPackageOptions

    anki.export_anki_package(
        out_path=str(package), options=ExportAnkiPackageOptions(with_media=True), limit=None
    )
    monkeypatch.setattr(locations, "imported_decks", lambda: tmp_path / "data" / "imported")

    result = run("import", str(package), "--db", db)
    assert result.exit_code == exit_codes.OK, result.output
    assert result.stdout.startswith("added 1,")
    assert "udp.apkg: 0 reviews imported" in result.stderr
    # With the deck it went into, in a folder of its own named after the package and a
    # hash of its bytes; nothing in the shared data folder.
    (folder,) = (Path(db).parent / "imported").iterdir()
    assert folder.name.startswith("udp-") and (folder / "네트워크.md").is_file()
    assert not (tmp_path / "data" / "imported").exists()


def test_a_broken_backup_exits_1(db, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    result = run("import", str(broken), "--db", db)
    assert result.exit_code == exit_codes.CONTENT_PROBLEMS
    assert "cannot read the backup" in result.stderr


@pytest.mark.parametrize("fmt", ["apkg", "json"])
def test_export_into_a_pipe_writes_through_it_and_leaves_the_pipe(db, tmp_path, fmt):
    """`-o /dev/stdout` or a named pipe: the bytes go through; renaming a file over it would
    replace the pipe (or, as root, the device) itself."""
    import os
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = run("export", "-f", fmt, "-o", str(pipe), "--deck", "네트워크::TCP", "--db", db)
    reader.join(timeout=30)
    assert result.exit_code == exit_codes.OK, result.output
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    (data,) = received
    if fmt == "apkg":
        assert data.startswith(b"PK")
    else:
        assert data.lstrip().startswith(b"{")
