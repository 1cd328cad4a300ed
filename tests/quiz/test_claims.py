"""Claims in written answers checked against the simulator: each refuted claim is named
with the step that refutes it, and right answers raise none."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quizapp.locations import bundled_content
from quizapp.notes import read_note
from quizapp.notes.rubric import Rubric
from quizapp.quiz.analyser import Analyser
from quizapp.quiz.claims import check_claims
from quizapp.quiz.flow import trace_for
from quizapp.quiz.meaning import Grade, grade_meaning
from quizapp.tcp.model import Side, State
from quizapp.tcp.query import first_step_in_state

from .conftest import bundled_rubrics

LABELLED = Path(__file__).parent / "data" / "labelled_answers.yaml"


def _claims(analyser: Analyser, text: str, *scenarios: str, profile: str = "rfc"):
    return check_claims(analyser.analyse(text), scenarios, profile)


@pytest.mark.parametrize(
    ("text", "scenario", "truth"),
    [
        (
            "The server enters TIME_WAIT.",
            "four-way-close",
            "the client, not the server, enters TIME_WAIT",
        ),
        ("서버는 TIME_WAIT 상태가 된다.", "four-way-close",
         "the client, not the server, enters TIME_WAIT"),
        (
            "FIN을 받은 서버는 LAST_ACK 상태가 된다.",
            "four-way-close",
            "after receiving FIN+ACK the server is in CLOSE_WAIT, not LAST_ACK",
        ),
        (
            "The server receives the FIN and enters LAST_ACK.",
            "four-way-close",
            "after receiving FIN+ACK the server is in CLOSE_WAIT, not LAST_ACK",
        ),
        (
            "The client is in ESTABLISHED after sending SYN.",
            "three-way-open",
            "the client sends SYN in SYN_SENT, not ESTABLISHED",
        ),
        (
            "TIME_WAIT 상태의 클라이언트는 재전송된 FIN에 RST를 보낸다.",
            "lost-final-ack",
            "in TIME_WAIT the client sends ACK, ACK, not RST",
        ),
        (
            "The client goes from ESTABLISHED to SYN_SENT.",
            "three-way-open",
            "the client is in SYN_SENT before ESTABLISHED, not after",
        ),
        ("The server goes to FIN_WAIT_1.", "three-way-open",
         "the server never enters FIN_WAIT_1 in three-way-open"),
        # the state as the topic, the side named after it
        ("TIME_WAIT는 FIN을 받은 서버가 들어가는 상태다.", "four-way-close",
         "the client, not the server, enters TIME_WAIT"),
    ],
)  # fmt: skip
def test_a_refuted_claim_names_the_truth(analyser, text: str, scenario: str, truth: str) -> None:
    [found] = _claims(analyser, text, scenario)
    assert found.truth.endswith(truth)
    assert found.scenario == scenario and found.claim in text


def test_the_refuting_step_is_the_one_that_shows_the_truth(analyser) -> None:
    [found] = _claims(analyser, "The server enters TIME_WAIT.", "four-way-close")
    step = first_step_in_state(trace_for("four-way-close", "rfc"), Side.CLIENT, State.TIME_WAIT)
    assert step is not None and found.step == step.n
    assert found.truth == f"step {step.n}: the client, not the server, enters TIME_WAIT"


@pytest.mark.parametrize(
    ("text", "profile", "refuted"),
    [
        ("TIME_WAIT lasts 240 s.", "rfc", False),
        ("TIME_WAIT lasts 240 s.", "linux", True),
        ("TIME_WAIT lasts 60 seconds on Linux.", "rfc", False),
        ("TIME_WAIT lasts 30 s under the RFC.", "linux", True),
        ("RFC 기준으로 TIME_WAIT는 4분 동안 유지된다.", "linux", False),
        ("리눅스에서 TIME_WAIT는 240초다.", "rfc", True),
        ("TIME_WAIT는 2MSL 동안 유지된다.", "rfc", False),
    ],
)
def test_durations_are_checked_under_the_profile_named_or_the_quizs(
    analyser, text: str, profile: str, refuted: bool
) -> None:
    assert bool(_claims(analyser, text, "four-way-close", profile=profile)) is refuted


@pytest.mark.parametrize(
    "text",
    [
        "The server does not enter TIME_WAIT.",  # negated: not a claim that it does
        "서버가 먼저 닫으면 서버가 TIME_WAIT 상태가 된다.",  # true in server-close
        "Without TIME_WAIT the server would get an RST.",  # another world
        "The client enters TIME_WAIT and the server goes to CLOSED.",
        "FIN을 받은 서버는 CLOSE_WAIT 상태가 된다.",
        "TIME_WAIT는 먼저 FIN을 보낸 클라이언트가 들어가는 상태다.",
    ],
)
def test_right_or_hypothetical_claims_are_not_contradictions(analyser, text: str) -> None:
    assert _claims(analyser, text, "four-way-close", "server-close") == []


def _model_answers() -> list[tuple[str, str, Rubric]]:
    root = bundled_content()
    found = []
    for path in sorted(root.rglob("*.md")):
        for card in read_note(path, root).cards:
            if card.extra.get("rubric"):
                found.append((card.question, card.answer, Rubric.from_json(card.extra["rubric"])))
    return found


@pytest.mark.parametrize(("question", "answer", "rubric"), _model_answers())
def test_every_bundled_model_answer_passes_its_own_rubric(
    analyser, question: str, answer: str, rubric: Rubric
) -> None:
    for profile in ("rfc", "linux"):
        result = grade_meaning(answer, rubric, analyser, profile=profile)
        assert result.contradictions == (), question
        assert result.grade is Grade.PASS, question


def test_right_labelled_answers_raise_no_contradiction(analyser) -> None:
    rows = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    rubrics = bundled_rubrics()
    right = [r for r in rows if r["category"] in ("correct", "conjugated", "paraphrased")]
    assert len(right) >= 80
    for row in right:
        result = grade_meaning(row["answer"], rubrics[row["card"]], analyser)
        assert result.contradictions == (), row["answer"]


def test_the_truth_is_told_in_the_ui_language(analyser) -> None:
    """A Korean user reads why a claim is wrong in Korean, step number included."""
    from quizapp.i18n import set_language

    text = "FIN을 받은 서버가 TIME_WAIT 상태가 된다."
    set_language("ko")
    try:
        [found] = check_claims(analyser.analyse(text), ["four-way-close"], "rfc")
    finally:
        set_language("en")
    assert found.truth == f"{found.step}단계: TIME_WAIT에 들어가는 쪽은 서버가 아니라 클라이언트다"
    [again] = check_claims(analyser.analyse(text), ["four-way-close"], "rfc")
    assert again.truth == f"step {again.step}: the client, not the server, enters TIME_WAIT"
