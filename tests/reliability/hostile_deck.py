"""A deck loaded with terminal escapes through every way text comes in.

Escapes arrive through YAML front matter (`"\\e"` decoded by YAML after the note's text was
cleaned), a JSON backup (card and note decks, `extra_json` choice options), an Anki
package (deck name, fields, tags, and its own file name) and note file names. Payload
words (`CLIP-PAYLOAD`, …) must reach the screen as text; no ESC, BEL, C1 or bidi control
may reach the terminal.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.export.packages import DECK, Collection, build

ESC = "\x1b"
FRONT_MATTER = (
    "---\n"
    'deck: "위험\\e]52;c;Q0xJUC1QQVlMT0FE\\e\\\\덱"\n'
    'title: "제목\\e]0;TITLE-PAYLOAD\\a 노트"\n'
    'tags: ["tag\\e[?1049h", "link\\e]8;;http://evil\\e\\\\"]\n'
    "---\n"
    "# 적대적 노트\n\n"
    "#### Q. SYN 다음에 오는 것은?\n\n"
    "A. SYN+ACK\n\n"
    "#### Q. 올바른 것은?\n\n"
    "A) 연결 지향\nB) 비연결\n\n정답: A\n"
)
JAVA_NOTE = "#### Q. 자바의 GC란?\n\nA. 쓰지 않는 객체의 메모리를 회수한다.\n"
OPTION = f"{ESC}]52;c;T1BUSU9OLVBBWUxPQUQ={chr(7)}OPTION-PAYLOAD\x9b2J"


def backup() -> dict:
    extra = json.dumps({"options": [OPTION, "정상 보기"], "correct": 0}, ensure_ascii=False)
    card = {
        "id": "backup-choice",
        "deck": f"백업{ESC}]0;DECK-PAYLOAD\x07",
        "kind": "choice",
        "question": f"백업 질문 {ESC}[31mRED-PAYLOAD{ESC}[0m?",
        "answer": OPTION,
        "extra_json": extra,
        "source_path": f"evil{ESC}]8;;x{ESC}\\.md",
        "tags": f"b{ESC}[5m",
    }
    return {
        "format": "quizapp-deck",
        "version": 1,
        "schema_version": 4,
        "decks": [],
        "notes": [],
        "cards": [card],
        "reviews": [],
    }


def package(folder: Path) -> Path:
    collection = Collection(decks={DECK: {"name": f"앙키{ESC}]0;ANKI-PAYLOAD\x07\u202e"}})
    collection.basic(
        1,
        f"앙키 질문 {ESC}[6nDSR-PAYLOAD &amp; 끝?",
        f"답 {ESC}]8;;http://evil{ESC}\\LINK-PAYLOAD\x9b31m",
        tags=f"anki{ESC}[2J",
    )
    return build(folder / f"evil{ESC}]0;FILE-PAYLOAD\x07.apkg", collection)


def write_notes(folder: Path) -> Path:
    (folder / "Language").mkdir(parents=True)
    (folder / "evil.md").write_text(FRONT_MATTER, encoding="utf-8")
    (folder / "Language" / "[java] 기초.md").write_text(JAVA_NOTE, encoding="utf-8")
    (folder / f"name{ESC}]0;NAME-PAYLOAD\x07.md").write_text(
        "#### Q. 이름이 이상한 노트?\n\nA. 그래도 읽힌다.\n", encoding="utf-8"
    )
    return folder


def write_inputs(folder: Path) -> tuple[Path, Path, Path]:
    """The hostile notes folder, JSON backup and Anki package, in the order they are imported."""
    notes = write_notes(folder / "notes")
    restore = folder / "backup.json"
    restore.write_text(json.dumps(backup(), ensure_ascii=False), encoding="utf-8")
    return notes, restore, package(folder)


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def controls(text: str) -> list[str]:
    """Characters in `text` a terminal would act on (tab and newline are fine)."""
    return CONTROL.findall(text)
