"""Hostile notes: escape sequences, control and bidi characters, huge and deep notes, HTML.

Everything imports (or is skipped with a problem naming the file), and no character that
could drive a terminal survives into the deck or the CLI's output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import Session, select

from quizapp.deck.models import Card, Note
from quizapp.deck.sync import import_paths
from quizapp.notes import parse_note
from quizapp.notes.model import Severity
from quizapp.notes.sanitize import MAX_LINES_REPORTED
from quizapp.quiz.faces import card_faces
from tests.conftest import T0

QUIZAPP = [sys.executable, "-m", "quizapp"]

HOSTILE = (
    "---\ndeck: 위험\x1b[5m\n---\n"
    "# 위험한 노트 \x1b]0;EVIL-TITLE\x07\n"
    "\n"
    "#### Q. 빨간 \x1b[31mRED-PAYLOAD\x1b[0m 글자?\n"  # line 6
    "\n"
    "A. 클립보드 \x1b]52;c;RVZJTC1DTElQ\x07 복사, C1 \x9b31mC1-PAYLOAD, 벨\x07 지움\x08\x7f.\n"
    "\n"
    "- SYN\u202e(TROJAN): 방향을 뒤집는 \u2066격리\u2069 문자\x0b\x0c\n"  # line 10
    "- ACK(확인): 받았다는 신호\n"
    "\n"
    "<script>alert('XSS')</script>\n"
    "\n"
    "#### Q. <img src=x onerror=alert(1)> 태그는?\n"
    "\n"
    "A. 글자로만 보인다.\n"
)

TERMINAL_CONTROLS = {chr(c) for c in range(0x20) if chr(c) not in "\t\n"} | {
    chr(c) for c in range(0x7F, 0xA0)
}
BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe(text: str) -> set[str]:
    return set(text) & (TERMINAL_CONTROLS | BIDI)


def test_control_characters_become_visible_placeholders_with_a_warning_per_line():
    doc = parse_note(HOSTILE, "evil.md")

    texts = [doc.markdown, doc.title, doc.deck or ""]
    for card in doc.cards:
        texts += [card.question, card.answer, json.dumps(card.extra, ensure_ascii=False)]
    assert not unsafe("".join(texts))
    assert doc.deck == "위험␛[5m"
    questions = [card.question for card in doc.cards]
    assert "빨간 ␛[31mRED-PAYLOAD␛[0m 글자?" in questions
    [answer] = [c.answer for c in doc.cards if c.question.startswith("빨간")]
    assert "␛]52;c;RVZJTC1DTElQ␇" in answer and "\ufffd31mC1-PAYLOAD" in answer
    warnings = [p for p in doc.problems if "control characters" in p.message]
    assert [p.line for p in warnings] == [2, 4, 6, 8, 10]
    assert all(p.severity == Severity.WARNING and p.path == "evil.md" for p in warnings)
    assert "U+001B" in warnings[2].message and "U+202E" in warnings[4].message


def test_tabs_newlines_hangul_and_zwj_emoji_are_left_alone():
    text = "# 노트\n\n#### Q. 탭\t뒤 👩\u200d💻 이모지?\n\nA. 그대로\u200b 둔다.\n"
    doc = parse_note(text, "ok.md")
    assert doc.problems == []
    assert doc.markdown == text


def test_many_lines_of_controls_are_reported_briefly():
    text = "".join(f"줄 {i} \x1b[1m굵게\n" for i in range(200))
    doc = parse_note(text, "many.md")
    warnings = [p for p in doc.problems if "control characters" in p.message]
    assert len(warnings) == MAX_LINES_REPORTED + 1
    assert warnings[-1].line is None and "190 more lines" in warnings[-1].message


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "evil.md").write_text(HOSTILE, encoding="utf-8")
    (folder / "이름\x1b[31m빨강.md").write_text("#### Q. 파일 이름?\n\nA. 이상하다.\n", "utf-8")
    return folder


def test_the_deck_holds_no_terminal_control_after_importing_hostile_notes(engine, hostile_folder):
    summary = import_paths(engine, [hostile_folder], now=T0)

    assert summary.files_imported == 2 and summary.files_failed == 0
    with Session(engine) as session:
        notes = session.exec(select(Note)).all()
        cards = session.exec(select(Card)).all()
    stored = [n.path + n.title + n.markdown + n.problems_json for n in notes]
    for card in cards:
        faces = card_faces(card)
        stored += [card.question, card.answer, card.extra_json, card.source]
        stored += [faces.front, faces.back]
    assert not unsafe("".join(stored))
    assert {n.path for n in notes} == {"evil.md", "이름␛[31m빨강.md"}


def test_the_cli_never_prints_an_escape_from_a_note(hostile_folder, db_url):
    db = ["--db", db_url]
    outputs = [
        subprocess.run([*QUIZAPP, *args], capture_output=True, text=True)
        for args in (
            ["import", str(hostile_folder), *db],
            ["cards", *db],
            ["cards", "--format", "json", *db],
            ["check", str(hostile_folder)],
            ["orphans", *db],
        )
    ]
    for result in outputs:
        assert "Traceback" not in result.stderr
        # The CLI prints no colours into a pipe: any control at all came from a note.
        assert not unsafe(result.stdout + result.stderr), result.args
    assert "RED-PAYLOAD" in outputs[1].stdout
    assert "evil.md:8: warning: control characters" in outputs[0].stderr


def test_a_5_mb_single_line_note_is_reported_and_skipped_while_the_rest_imports(engine, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "huge.md").write_text("# 한 줄\n\n" + "가나다 " * 1_300_000, encoding="utf-8")
    (folder / "ok.md").write_text("#### Q. TIME_WAIT는?\n\nA. 2MSL 동안.\n", encoding="utf-8")

    summary = import_paths(engine, [folder], now=T0)

    assert (folder / "huge.md").stat().st_size > 5_000_000
    [problem] = summary.problems
    assert problem.path == "huge.md" and "too large" in problem.message
    assert summary.added == 1 and summary.files_failed == 1


def test_a_note_with_10000_headings_imports_every_section(engine, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    body = "\n".join(
        f"## 절 {i}{'는 무엇인가?' if i % 100 == 0 else ''}\n\n본문 {i}.\n" for i in range(10_000)
    )
    (folder / "headings.md").write_text("# 제목 만 개\n\n" + body, encoding="utf-8")

    summary = import_paths(engine, [folder], now=T0)

    assert summary.problems == [] and summary.added == 100
    with Session(engine) as session:
        [note] = session.exec(select(Note)).all()
    assert len(json.loads(note.sections_json)) == 10_001


def test_a_list_nested_500_deep_imports_as_an_answer(engine, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    nested = "".join("  " * depth + f"- 깊이 {depth}\n" for depth in range(500))
    (folder / "deep.md").write_text(f"#### Q. 얼마나 깊은가?\n\n{nested}", encoding="utf-8")

    summary = import_paths(engine, [folder], now=T0)

    assert summary.files_failed == 0 and summary.added == 1
    with Session(engine) as session:
        [card] = session.exec(select(Card)).all()
    assert "깊이 499" in card_faces(card).back


def test_a_procedure_whose_steps_are_all_the_same_still_shows_its_card(engine, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    steps = "".join(f"{n}. 같은 단계\n" for n in (1, 2, 3))
    (folder / "same.md").write_text(f"## 반복\n\n{steps}", encoding="utf-8")
    import_paths(engine, [folder], now=T0)
    with Session(engine) as session:
        [card] = session.exec(select(Card)).all()
    assert card_faces(card).front.count("- 같은 단계") == 3  # used to shuffle forever
