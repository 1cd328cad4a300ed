"""Words an export adds to a card's faces follow the card's own language, not the UI's.

A Korean note exported under an English UI keeps `무엇인가요?` and the Korean ordering
prompt; an English note exported under a Korean UI keeps `What is it?`.
"""

from __future__ import annotations

import csv
import sqlite3
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest

from quizapp import i18n
from quizapp.deck.sync import import_paths
from quizapp.export import ExportFormat, export_deck
from tests.conftest import T0

KOREAN_NOTE = """# 전송 계층

## 용어

- RTT: 세그먼트를 보내고 그 ACK를 받기까지 걸리는 왕복 시간
- MSS: 한 세그먼트에 실을 수 있는 데이터의 최대 크기

## 연결 종료 과정

1. 클라이언트가 FIN을 보낸다
2. 서버가 ACK로 응답한다
3. 서버가 자기 FIN을 보낸다
4. 클라이언트가 마지막 ACK를 보낸다
"""

ENGLISH_NOTE = """# Transport layer

## Terms

- Window: how many bytes the receiver is ready to take before it acknowledges them
- Checksum: a sum over the segment that lets the receiver detect damage in transit
"""


@pytest.fixture
def two_language_deck(engine, tmp_path: Path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "transport-ko.md").write_text(KOREAN_NOTE, encoding="utf-8")
    (notes / "transport-en.md").write_text(ENGLISH_NOTE, encoding="utf-8")
    summary = import_paths(engine, [notes], now=T0)
    assert summary.added >= 5 and not summary.problems
    return engine


@pytest.fixture(params=["ko", "en"])
def ui_language(request):
    before = i18n.language()
    i18n.set_language(request.param)
    yield request.param
    i18n.set_language(before)


def _csv_fronts(deck, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "deck.csv"
    export_deck(deck, ExportFormat.csv, out, now=T0 + timedelta(days=1))
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    return {row[2]: row[3] for row in csv.reader(lines)}


def test_csv_faces_keep_the_cards_language(two_language_deck, tmp_path, ui_language):
    fronts = "\n".join(_csv_fronts(two_language_deck, tmp_path))
    korean = [front for front in fronts.split("\n") if "RTT" in front or "MSS" in front]
    english = [front for front in fronts.split("\n") if "Window" in front or "Checksum" in front]
    assert korean and english
    assert all("무엇인가요?" in front and "What is it?" not in front for front in korean)
    assert all("What is it?" in front and "무엇인가요?" not in front for front in english)
    ordering = [front for front in fronts.split("\n") if "연결 종료 과정" in front]
    assert ordering and all("순서대로 나열하세요" in front for front in ordering)
    assert not any("put the steps in order" in front for front in ordering)


def test_apkg_ordering_prompt_keeps_the_cards_language(two_language_deck, tmp_path, ui_language):
    out = tmp_path / "deck.apkg"
    export_deck(two_language_deck, ExportFormat.apkg, out, now=T0 + timedelta(days=1))
    with zipfile.ZipFile(out) as package:
        (tmp_path / "collection").write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "collection") as db:
        fields = [row[0] for row in db.execute("SELECT flds FROM notes")]
    ordering = [f for f in fields if "연결 종료 과정" in f]
    assert ordering and all("순서대로 나열하세요" in f for f in ordering)
    assert not any("put the steps in order" in f for f in ordering)
    definitions = [f for f in fields if f.startswith(("<p><strong>RTT", "<p><strong>MSS"))]
    assert definitions and all("무엇인가요?" in f for f in definitions)
