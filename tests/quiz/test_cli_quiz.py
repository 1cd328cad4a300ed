"""`quizapp quiz` and the simulator lint of `quizapp check`, as a user runs them."""

from __future__ import annotations

import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizapp import cli, exit_codes
from quizapp.deck.db import open_database
from quizapp.quiz.questions import SelfGrade
from quizapp.quiz.session import QuizSession
from quizapp.quiz.settings import QuestionKind, QuizSettings
from tests.conftest import T0

runner = CliRunner()

NOTE = """\
---
deck: 네트워크
tags: [tcp]
---
# 종료

- FIN_WAIT_1: FIN을 보낸 뒤의 상태
- CLOSE_WAIT: FIN을 받은 뒤의 상태
- TIME_WAIT: 마지막 ACK를 보낸 뒤의 상태
"""


def run(*args: str):
    return runner.invoke(cli.app, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "close.md").write_text(NOTE, encoding="utf-8")
    path = str(tmp_path / "deck.db")
    assert run("import", str(notes), "--db", path).exit_code == exit_codes.OK
    return path


@pytest.fixture
def started(monkeypatch) -> list[dict]:
    """What `quizapp quiz` would start the app with (the app itself is not run)."""
    calls: list[dict] = []
    monkeypatch.setattr(cli, "_run_app", lambda db, **kwargs: calls.append(kwargs))
    return calls


def test_quiz_options_become_the_session_settings(db, started):
    result = run(
        "quiz", "--db", db, "--deck", "네트워크", "--tag", "tcp", "-n", "5",
        "--kinds", "typed,flow", "--kinds", "choice", "--time", "10", "--profile", "linux",
        "--no-review",
    )  # fmt: skip
    assert result.exit_code == exit_codes.OK, result.stderr
    [call] = started
    assert call["start"] == "quiz"
    assert call["quiz"] == QuizSettings(
        deck="네트워크",
        tag="tcp",
        count=5,
        kinds=(QuestionKind.TYPED, QuestionKind.FLOW, QuestionKind.CHOICE),
        time_limit_s=600,
        profile="linux",
        feed_review=False,
    )


def test_quiz_on_one_note_by_the_end_of_its_path(db, started):
    assert run("quiz", "--db", db, "--note", "close.md").exit_code == exit_codes.OK
    assert started[0]["quiz"].note_id is not None
    missing = run("quiz", "--db", db, "--note", "open.md")
    assert missing.exit_code == exit_codes.USAGE and "no note match" in missing.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--kinds", "essay"), "unknown kind 'essay'"),
        (("--profile", "bsd"), "unknown profile 'bsd'"),
    ],
)
def test_quiz_usage_errors_exit_2(db, started, args, message):
    result = run("quiz", "--db", db, *args)
    assert result.exit_code == exit_codes.USAGE and message in result.stderr
    assert started == []


def test_quiz_history_lists_past_sessions(db):
    assert "no quiz yet" in run("quiz", "--history", "--db", db).stdout
    engine = open_database(f"sqlite:///{db}")
    session = QuizSession(engine, QuizSettings(kinds=(QuestionKind.FLIP,), count=2, seed=1), T0)
    session.answer(SelfGrade(True), T0, duration_ms=3000)
    session.answer(SelfGrade(False), T0 + timedelta(seconds=5), duration_ms=5000)
    history = run("quiz", "--history", "--db", db).stdout
    assert "all decks" in history and "flip" in history and "1/2" in history and "50%" in history
    latest = history.split("latest quiz")[1]
    assert "✔" in latest and "✘" in latest and "3s" in latest and "5s" in latest


def test_check_reports_a_planted_contradiction_with_file_and_line(tmp_path):
    note = tmp_path / "close.md"
    note.write_text(
        textwrap.dedent(
            """\
            # 종료

            ### 4-way handshake
            1. 클라이언트가 FIN을 보내고 FIN_WAIT_1 상태가 된다.
            2. 서버는 FIN을 받고 TIME_WAIT 상태가 된다.
            3. 서버가 FIN을 보내고 LAST_ACK 상태가 된다.
            """
        ),
        encoding="utf-8",
    )
    result = run("check", str(note))
    assert result.exit_code == exit_codes.CONTENT_PROBLEMS
    assert "close.md:6: warning: the server goes from TIME_WAIT to LAST_ACK" in result.stderr
    note.write_text(note.read_text().replace("TIME_WAIT 상태", "CLOSE_WAIT 상태"), "utf-8")
    assert run("check", str(note)).exit_code == exit_codes.OK
