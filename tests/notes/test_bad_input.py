"""Bad input never crashes the importer; each case is a clear problem with file and line."""

from __future__ import annotations

import base64
import os
import unicodedata
from pathlib import Path

import pytest

from quizapp.notes import (
    MAX_NOTE_BYTES,
    CardKind,
    ImportProblem,
    Severity,
    decode_note_bytes,
    find_duplicate_questions,
    iter_note_files,
    read_note,
)

from .helpers import note

QA = "#### Q. 포트 번호는 몇 비트인가?\n\nA. 16비트이다.\n"


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# -- encodings ------------------------------------------------------------------------


def test_invalid_utf8_is_an_error_with_its_line_and_the_rest_still_imports(tmp_path: Path) -> None:
    raw = b"# \xed\x8f\xac\xed\x8a\xb8\n\nbroken \xff\xfe byte\n\n" + QA.encode()
    doc = read_note(_write(tmp_path, "bad.md", raw), tmp_path)
    [problem] = doc.problems
    assert (problem.path, problem.line, problem.severity) == ("bad.md", 3, Severity.ERROR)
    assert "invalid UTF-8" in problem.message
    [card] = doc.cards
    assert card.answer == "16비트이다."


def test_utf8_bom_is_removed_and_lines_stay_right() -> None:
    text, problems = decode_note_bytes(b"\xef\xbb\xbf" + QA.encode(), "bom.md")
    assert problems == []
    assert text is not None and text.startswith("#### Q.")


def test_utf8_bom_file_imports_with_first_line_card(tmp_path: Path) -> None:
    doc = read_note(_write(tmp_path, "bom.md", b"\xef\xbb\xbf" + QA.encode()), tmp_path)
    assert [card.line for card in doc.cards] == [1]


@pytest.mark.parametrize("encoding", ["cp949", "euc-kr"])
def test_korean_legacy_encoding_is_decoded_with_a_warning(encoding: str, tmp_path: Path) -> None:
    doc = read_note(_write(tmp_path, "old.md", QA.encode(encoding)), tmp_path)
    [card] = doc.cards
    assert card.question == "포트 번호는 몇 비트인가?"
    [problem] = doc.problems
    assert problem.severity == Severity.WARNING
    assert "CP949" in problem.message and "EUC-KR" in problem.message


def test_utf16_with_bom_is_decoded_with_a_warning() -> None:
    text, problems = decode_note_bytes(QA.encode("utf-16"), "wide.md")
    assert text == QA
    assert "UTF-16" in problems[0].message


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_endings_become_lf(newline: str, tmp_path: Path) -> None:
    raw = ("# 제목\n\n" + QA).replace("\n", newline).encode()
    doc = read_note(_write(tmp_path, "crlf.md", raw), tmp_path)
    assert "\r" not in doc.markdown
    [card] = doc.cards
    assert (card.line, card.answer) == (3, "16비트이다.")


def test_decomposed_hangul_is_composed() -> None:
    nfd = unicodedata.normalize("NFD", QA)
    assert nfd != QA
    text, _ = decode_note_bytes(nfd.encode(), "nfd.md")
    assert text == QA
    [card] = note(nfd).cards
    assert card.question == "포트 번호는 몇 비트인가?"


# -- files that are not notes -------------------------------------------------------------


def test_binary_file_named_md_is_skipped_with_an_error(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    doc = read_note(_write(tmp_path, "image.md", png), tmp_path)
    assert doc.cards == [] and doc.sections == []
    [problem] = doc.problems
    assert problem.severity == Severity.ERROR and "binary" in problem.message
    assert len(doc.content_hash) == 64


def test_random_bytes_without_nul_are_binary_too() -> None:
    noise = bytes((n * 97 + 13) % 128 + 128 for n in range(4000))
    text, problems = decode_note_bytes(noise, "noise.md")
    assert text is None
    assert "binary" in problems[0].message


def test_empty_file_is_a_warning_with_no_cards(tmp_path: Path) -> None:
    for name, data in [("empty.md", b""), ("blank.md", b"\n  \n")]:
        doc = read_note(_write(tmp_path, name, data), tmp_path)
        assert doc.cards == []
        [problem] = doc.problems
        assert problem.severity == Severity.WARNING and "empty" in problem.message


def test_file_over_the_size_limit_is_skipped_with_a_problem(tmp_path: Path) -> None:
    big = _write(tmp_path, "huge.md", (QA * (10 * 1024 * 1024 // len(QA.encode()) + 1)).encode())
    assert big.stat().st_size > 10 * 1024 * 1024 > MAX_NOTE_BYTES
    doc = read_note(big, tmp_path)
    assert doc.cards == []
    [problem] = doc.problems
    assert "too large" in problem.message and "2 MiB" in problem.message


def test_note_just_under_the_limit_imports_every_card(tmp_path: Path) -> None:
    # Distinct questions: a repeated question is made once per note (see test_duplicates).
    count = MAX_NOTE_BYTES // 4 // (len(QA.encode()) + 6)
    body = "".join(QA.replace("몇 비트", f"{n}번 몇 비트") for n in range(count))
    path = _write(tmp_path, "long.md", ("# 긴 노트\n\n" + body).encode())
    doc = read_note(path, tmp_path)
    assert len(doc.cards) == count


def test_unreadable_path_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    (tmp_path / "folder.md").mkdir()
    doc = read_note(tmp_path / "folder.md", tmp_path)
    assert doc.problems and "cannot read" in doc.problems[0].message


# -- folders ------------------------------------------------------------------------------


def test_folder_walk_is_sorted_recursive_and_skips_hidden_and_other_files(tmp_path: Path) -> None:
    for name in ["b.md", "a.markdown", "sub/c.MD", ".hidden/d.md", ".e.md", "notes.txt"]:
        _write(tmp_path, name, b"# x\n")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_note_files(tmp_path)]
    assert found == ["a.markdown", "b.md", "sub/c.MD"]


def test_folder_symlink_loop_is_reported_and_the_walk_ends(tmp_path: Path) -> None:
    _write(tmp_path, "sub/note.md", QA.encode())
    os.symlink(tmp_path, tmp_path / "sub" / "back")
    items = list(iter_note_files(tmp_path))
    files = [p for p in items if isinstance(p, Path)]
    problems = [p for p in items if isinstance(p, ImportProblem)]
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["sub/note.md"]
    [problem] = problems
    assert problem.path == "sub/back" and "loop" in problem.message


def test_a_folder_linked_twice_is_walked_once(tmp_path: Path) -> None:
    _write(tmp_path, "shared/note.md", QA.encode())
    os.symlink(tmp_path / "shared", tmp_path / "z-link")
    items = list(iter_note_files(tmp_path))
    assert [p.name for p in items if isinstance(p, Path)] == ["note.md"]
    assert any(isinstance(p, ImportProblem) and "already" in p.message for p in items)


def test_broken_symlink_and_missing_root_are_problems(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.md", tmp_path / "dead.md")
    [problem] = list(iter_note_files(tmp_path))
    assert isinstance(problem, ImportProblem) and "broken" in problem.message
    [missing] = list(iter_note_files(tmp_path / "nope"))
    assert isinstance(missing, ImportProblem)


def test_read_note_reports_paths_relative_to_the_root(tmp_path: Path) -> None:
    path = _write(tmp_path, "네트워크/tcp.md", QA.encode())
    doc = read_note(path, tmp_path)
    assert doc.path == "네트워크/tcp.md"
    assert doc.deck is None


# -- odd Markdown -------------------------------------------------------------------------


def test_html_line_breaks_images_and_stray_closing_tags_do_not_break_parsing() -> None:
    doc = note(
        """
        #### Q. 줄바꿈<br>이 있는 질문
        첫 줄</br>둘째 줄 <img src="a.png" width="100"> 그림

        </details>
        </summary>
        </div>

        #### Q. 다음 질문
        다음 답.
        """
    )
    first, second = doc.cards
    assert first.question == "줄바꿈<br>이 있는 질문"
    assert '<img src="a.png" width="100">' in first.answer
    assert second.question == "다음 질문"


def test_angle_brackets_that_are_not_html_survive() -> None:
    doc = note("#### Q. `<stdio.h>`와 List<String>의 차이?\n#include <stdio.h> 와 List<String>\n")
    [card] = doc.cards
    assert card.question == "`<stdio.h>`와 List<String>의 차이?"
    assert card.answer == "#include <stdio.h> 와 List<String>"


def test_emoji_shortcodes_and_zwj_emoji() -> None:
    doc = note("## :question: Q. 👩‍💻 개발자란?\n코드를 쓰는 사람 🧑‍🔬\n")
    [card] = doc.cards
    assert card.question == "👩‍💻 개발자란?"
    assert card.answer == "코드를 쓰는 사람 🧑‍🔬"
    assert doc.sections[0].anchor == "question-q--개발자란"


def test_a_ten_thousand_character_base64_image_line() -> None:
    image = base64.b64encode(bytes(range(256)) * 30).decode()
    line = f"![그림](data:image/png;base64,{image})"
    assert len(line) > 10_000
    doc = note(f"# 그림\n\n{line}\n\n{QA}")
    assert line in doc.sections[0].markdown
    assert [card.kind for card in doc.cards] == [CardKind.BASIC]


def test_same_question_in_two_files_imports_both_and_is_reported() -> None:
    first = note(QA, path="a.md")
    second = note("# 다른 노트\n\n" + QA.replace("A. 16비트", "A. 2바이트"), path="b/c.md")
    assert len(first.cards) == len(second.cards) == 1
    [problem] = find_duplicate_questions([first, second])
    assert (problem.path, problem.line, problem.severity) == ("b/c.md", 3, Severity.WARNING)
    assert "a.md:1" in problem.message


def test_interview_list_restating_a_qa_of_the_same_note_is_not_a_duplicate():
    text = (
        "# HTTP\n\n#### Why does the browser reuse connections?\n\n> It saves handshakes.\n\n"
        "## Questions\n\n1. Why does the browser reuse connections?\n"
    )
    doc = note(text, path="http.md")
    kinds = sorted(card.kind for card in doc.cards)
    assert kinds == ["basic", "open"]
    assert find_duplicate_questions([doc]) == []
    copy = note(text, path="copy.md")
    assert {p.path for p in find_duplicate_questions([doc, copy])} == {"copy.md"}
