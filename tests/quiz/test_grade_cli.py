"""`quizapp grade CARD_ID --answer TEXT`, as a note author or a script runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quizapp import cli, exit_codes
from quizapp.locations import bundled_content

runner = CliRunner()


def run(*args: str):
    return runner.invoke(cli.app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("grade") / "deck.db")
    assert run("import", str(bundled_content()), "--db", path).exit_code == exit_codes.OK
    return path


def _graded(db: str, card: str, answer: str, *extra: str) -> dict:
    result = run("grade", card, "--answer", answer, "--db", db, "--json", *extra)
    assert result.exit_code == exit_codes.OK, result.output
    return json.loads(result.stdout)


def test_a_right_answer_passes_with_each_point_and_its_clause(db: str) -> None:
    answer = (
        "서버에는 아직 보낼 데이터가 남아 있을 수 있다. 그래서 ACK만 먼저 보내고 "
        "FIN은 애플리케이션이 close()를 호출할 때 보낸다."
    )
    graded = _graded(db, "tcp-why-4way-close", answer)
    assert (graded["card"], graded["verdict"], graded["score"]) == (
        "tcp-why-4way-close",
        "pass",
        1.0,
    )
    assert [p["status"] for p in graded["points"]] == ["made", "missed", "made"]
    assert graded["points"][0]["clause"] == "서버에는 아직 보낼 데이터가 남아 있을 수 있다"
    assert all(isinstance(p["step"], int) for p in graded["points"])
    assert graded["contradictions"] == []


def test_a_negated_point_is_denied_and_named_with_its_clause(db: str) -> None:
    answer = "It is not because the server may still have data to send; a FIN closes both ways."
    graded = _graded(db, "tcp-why-4way-close", answer)
    assert graded["verdict"] == "fail"
    denied = graded["points"][0]
    assert denied["status"] == "denied"
    assert denied["clause"] == "because the server may still have data to send"


def test_a_claim_the_simulator_refutes_is_a_contradiction_with_its_step(db: str) -> None:
    answer = (
        "If the last ACK is lost, the resent FIN must be ACKed again, and late segments of the "
        "old connection must not be taken for new data. The server enters TIME_WAIT."
    )
    graded = _graded(db, "tcp-why-time-wait", answer)
    assert graded["verdict"] == "partial"  # both points made, but the flow is contradicted
    [found] = graded["contradictions"]
    assert found["claim"] == "The server enters TIME_WAIT"
    assert found["truth"] == f"step {found['step']}: the client, not the server, enters TIME_WAIT"


@pytest.mark.parametrize(
    ("profile", "seconds", "contradicted"),
    [("rfc", 240, False), ("linux", 240, True), ("linux", 60, False), ("rfc", 60, True)],
)
def test_durations_are_checked_under_the_profile(
    db: str, profile: str, seconds: int, contradicted: bool
) -> None:
    answer = (
        "마지막 ACK가 유실되면 재전송된 FIN에 다시 ACK를 보내야 한다. "
        f"TIME_WAIT는 {seconds}초 동안 유지된다."
    )
    graded = _graded(db, "tcp-why-time-wait", answer, "--profile", profile)
    assert bool(graded["contradictions"]) is contradicted


def test_a_keyword_list_fails_with_a_message(db: str) -> None:
    graded = _graded(db, "tcp-why-3way", "ISN, SYN+ACK, 합쳐, 오래된 중복 SYN, 알 수 없음")
    assert graded["verdict"] == "fail" and "list of terms" in graded["message"]


def test_the_text_form_names_the_verdict_and_the_points(db: str) -> None:
    result = run("grade", "tcp-why-3way", "--answer", "서버가 SYN+ACK로 합쳐 보낸다.", "--db", db)
    assert result.exit_code == exit_codes.OK
    assert result.stdout.startswith("tcp-why-3way: partial (1/4 points, needs 2)")
    assert "✔ the server's ACK and SYN ride in one segment" in result.stdout


def test_an_unknown_card_exits_2_naming_it(db: str) -> None:
    result = run("grade", "no-such-card", "--answer", "anything", "--db", db)
    assert result.exit_code == exit_codes.USAGE
    assert "no-such-card" in result.stderr and result.stdout == ""


def test_a_card_without_a_rubric_exits_2(db: str, tmp_path: Path) -> None:
    cards = json.loads(run("cards", "--db", db, "--format", "json").stdout)
    plain = next(c["id"] for c in cards if c["kind"] == "definition")
    result = run("grade", plain, "--answer", "x", "--db", db)
    assert result.exit_code == exit_codes.USAGE and "no rubric" in result.stderr


def test_the_json_has_exactly_the_fields_the_issue_names(db: str) -> None:
    answer = "서버에 보낼 데이터가 남아 있을 수 있다. 그래서 서버가 TIME_WAIT에 들어간다."
    graded = _graded(db, "tcp-why-time-wait", answer)
    assert set(graded) == {"card", "verdict", "score", "points", "contradictions"}
    assert graded["verdict"] in ("pass", "partial", "fail")
    assert all(set(p) == {"point", "status", "clause", "step"} for p in graded["points"])
    assert {p["status"] for p in graded["points"]} <= {"made", "missed", "denied"}
    [found] = graded["contradictions"]
    assert set(found) == {"claim", "step", "truth"} and isinstance(found["step"], int)


def test_a_korean_user_reads_the_verdict_in_korean(db: str) -> None:
    """`--lang ko`: the verdict, the points and why a claim is wrong, all in Korean; the
    JSON keeps its keys and values and gives the Korean labels."""
    from quizapp.i18n import set_language

    answer = "서버에 남은 데이터와는 관계없다. 서버는 FIN을 받으면 FIN_WAIT_2가 된다."
    try:
        result = run("--lang", "ko", "grade", "tcp-why-4way-close", "--answer", answer, "--db", db)
        graded = json.loads(
            run("--lang", "ko", "grade", "tcp-why-4way-close", "--answer", answer, "--db", db,
                "--json").stdout
        )  # fmt: skip
    finally:
        set_language("en")
    assert result.stdout.startswith("tcp-why-4way-close: 미달 (요점 0/3, 기준 2)")
    assert "⊘ 부정: 서버에 아직 보낼 데이터가 남아 있을 수 있다" in result.stdout
    assert "half-close (rfc)와 모순" in result.stdout
    assert "FIN_WAIT_2에 들어가는 쪽은 서버가 아니라 클라이언트다" in result.stdout
    assert graded["verdict"] == "fail" and graded["points"][0]["status"] == "denied"
    assert graded["points"][0]["point"] == "서버에 아직 보낼 데이터가 남아 있을 수 있다"
