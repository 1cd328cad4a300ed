"""Flow questions answered by the simulator, and the marked steps shown after grading."""

from __future__ import annotations

import random

import pytest

from quizapp.notes.rubric import FlowLink, Rubric, RubricPoint
from quizapp.quiz.faces import card_faces
from quizapp.quiz.flow import (
    STEP_PROFILE,
    FlowError,
    answer_view,
    flow_answer,
    flow_options,
    rubric_views,
    trace_for,
)
from quizapp.quiz.questions import (
    AnswerInput,
    ChoiceResponse,
    OrderResponse,
    Pools,
    QuestionKind,
    TextResponse,
    grade,
    make_question,
)
from quizapp.tcp.marks import Mark
from quizapp.tcp.model import Side
from quizapp.tcp.query import state_path

from .helpers import cards_from

FLOW_NOTE = """
## 시뮬레이터로 확인하기

- Q. 클라이언트가 먼저 닫을 때, 서버가 FIN을 받은 직후 상태는? <!-- quizapp flow scenario=four-way-close query="state server after-recv FIN" -->
- Q. 먼저 닫은 쪽은 TIME_WAIT에 얼마나 머무나? <!-- quizapp flow scenario=four-way-close query="time-in client TIME_WAIT" -->
- Q. 3단계 종료에서 서버가 CLOSE_WAIT 상태일 때 보내는 세그먼트는? <!-- quizapp flow scenario=three-segment-close query="segments server in CLOSE_WAIT" -->
- Q. 클라이언트가 거치는 상태를 순서대로 나열하세요 <!-- quizapp flow scenario=four-way-close query="states client" -->
- Q. 클라이언트가 TIME_WAIT에 들어가는 단계는? <!-- quizapp flow scenario=four-way-close query="first-step client TIME_WAIT" -->
"""  # noqa: E501


def _questions(profile: str, seed: int = 0):
    cards = cards_from(FLOW_NOTE)
    pools = Pools.of(cards)
    return [
        make_question(card, QuestionKind.FLOW, pools, random.Random(seed), profile=profile)
        for card in cards
    ]


@pytest.mark.parametrize(
    ("index", "rfc", "linux"),
    [
        (1, "240초 · 240 s", "60초 · 60 s"),  # TIME_WAIT is 2×MSL: 2×2 min vs Linux's 60 s
        # Both delay the FIN's ACK in this scenario (rfc as RFC 9293 §3.8.6.3 allows), so it
        # rides on the FIN under either profile.
        (2, "없음 · none", "없음 · none"),
    ],
)
def test_expected_answers_change_with_the_profile(index: int, rfc: str, linux: str) -> None:
    assert _questions("rfc")[index].expected == rfc
    assert _questions("linux")[index].expected == linux


def test_the_same_words_are_right_under_one_profile_and_wrong_under_the_other() -> None:
    rfc, linux = _questions("rfc")[1], _questions("linux")[1]
    pick_240 = [i for i, o in enumerate(rfc.options) if o.startswith("240")]
    assert grade(rfc, ChoiceResponse(pick_240[0])).correct
    pick_240 = [i for i, o in enumerate(linux.options) if o.startswith("240")]
    assert not grade(linux, ChoiceResponse(pick_240[0])).correct


def test_state_question_offers_real_states_of_the_run() -> None:
    question = _questions("rfc")[0]
    assert question.kind is QuestionKind.FLOW and question.input is AnswerInput.OPTIONS
    assert question.expected == "CLOSE_WAIT"
    trace = trace_for("four-way-close", "rfc")
    in_run = {s.value for side in Side for s, _ in state_path(trace, side)}
    assert set(question.options) <= in_run
    assert len(question.options) == 4 and len(set(question.options)) == 4
    right = question.options.index("CLOSE_WAIT")
    assert grade(question, ChoiceResponse(right)).correct


def test_segment_question_offers_segment_sets_the_side_really_sends() -> None:
    question = _questions("rfc", seed=3)[2]
    assert "FIN+ACK" in question.options  # what the server sends in LAST_ACK
    assert question.options.count("FIN+ACK") == 1
    assert len(set(question.options)) == len(question.options)


def test_state_path_is_asked_as_an_ordering() -> None:
    question = _questions("rfc")[3]
    assert question.input is AnswerInput.ORDER
    assert question.steps == (
        "CLOSED",
        "SYN_SENT",
        "ESTABLISHED",
        "FIN_WAIT_1",
        "FIN_WAIT_2",
        "TIME_WAIT",
        "CLOSED",
    )
    assert grade(question, OrderResponse(question.steps)).correct


def test_a_step_number_is_typed() -> None:
    question = _questions("rfc")[4]
    assert question.input is AnswerInput.TEXT
    answer = flow_answer("four-way-close", "first-step client TIME_WAIT", "rfc")
    assert grade(question, TextResponse(str(answer.value))).correct


def test_a_broken_flow_reference_makes_no_question() -> None:
    cards = cards_from(
        '- Q. 무엇? <!-- quizapp flow scenario=four-way-close query="state nobody at-end" -->\n'
    )
    assert make_question(cards[0], QuestionKind.FLOW, Pools.of(cards), random.Random(0)) is None
    with pytest.raises(FlowError, match="unknown scenario"):
        flow_answer("no-such-scenario", "states client", "rfc")


def test_options_never_repeat_and_hold_the_answer() -> None:
    answer = flow_answer("simultaneous-close", "state client after-recv FIN", "rfc")
    for seed in range(20):
        options = flow_options(answer, random.Random(seed))
        assert options.count("CLOSING") == 1 and len(set(options)) == len(options) >= 3


# -- what the simulator shows after grading ---------------------------------------------------


def test_flow_answer_view_marks_the_answer_steps() -> None:
    answer = flow_answer("four-way-close", "state server after-recv FIN", "linux")
    view = answer_view(answer, correct=False, given="LAST_ACK")
    assert (view.scenario, view.profile) == ("four-way-close", "linux")
    assert view.marks == {7: Mark(7, False, "CLOSE_WAIT (≠ LAST_ACK)")}


def test_rubric_view_marks_hit_points_green_and_missed_points_red() -> None:
    rubric = Rubric(
        points=(
            RubricPoint(
                "보낼 데이터",
                "data left",
                ("보낼 데이터",),
                (FlowLink(None, query="segments server in CLOSE_WAIT"),),
            ),
            RubricPoint(
                "방향마다", "each direction", ("방향마다",), (FlowLink(None, steps=(6, 7)),)
            ),
            RubricPoint(
                "늦은 세그먼트",
                "late segment",
                ("늦은",),
                (FlowLink("late-segment", query="state client at-end"),),
            ),
        ),
        scenario="half-close",
    )
    made = [(point, point.en == "data left") for point in rubric.points]
    half_close, late = rubric_views(rubric, made, profile="linux", lang="en")
    # Step numbers written in a note are the rfc run's, so that view uses rfc.
    assert (half_close.scenario, half_close.profile) == ("half-close", STEP_PROFILE)
    data_steps = flow_answer("half-close", "segments server in CLOSE_WAIT", "rfc").steps
    assert {n for n, m in half_close.marks.items() if m.hit} == set(data_steps)
    assert half_close.marks[6] == Mark(6, False, "each direction")
    assert (late.scenario, late.profile) == ("late-segment", "linux")
    assert late.marks and all(not m.hit for m in late.marks.values())


def test_review_shows_a_flow_cards_answer_from_the_simulator() -> None:
    card = cards_from(FLOW_NOTE)[0]
    faces = card_faces(card)
    assert faces.front == card.question
    assert faces.back.startswith("**CLOSE_WAIT**") and "four-way-close" in faces.back


def test_nothing_sent_in_a_state_is_shown_by_the_stay_in_it() -> None:
    answer = flow_answer("three-segment-close", "segments server in CLOSE_WAIT", "linux")
    assert answer.text == "없음 · none"
    trace = trace_for("three-segment-close", "linux")
    entered, left = answer.steps
    assert trace.step(entered).entered(Side.SERVER).value == "CLOSE_WAIT"
    assert trace.step(left).entered(Side.SERVER).value == "LAST_ACK"


def test_a_step_proving_a_made_and_a_missed_point_keeps_each_ones_mark() -> None:
    """The ✘-marks bug: two points proven by one step were merged under one ✘."""
    rubric = Rubric(
        points=(
            RubricPoint("남은 데이터", "data left", (), (FlowLink(None, steps=(7, 8)),)),
            RubricPoint("한 방향", "one direction", (), (FlowLink(None, steps=(7,)),)),
        ),
        scenario="four-way-close",
    )
    made_first = [(rubric.points[0], True), (rubric.points[1], False)]
    (view,) = rubric_views(rubric, made_first, profile="rfc", lang="en")
    # The simulator writes ✔ or ✘ before the label: the made point sits under ✔.
    assert view.marks[7] == Mark(7, True, "data left · ✘ one direction")
    assert view.marks[8] == Mark(8, True, "data left")
    missed_first = [(rubric.points[0], False), (rubric.points[1], True)]
    (view,) = rubric_views(rubric, missed_first, profile="rfc", lang="en")
    assert view.marks[7] == Mark(7, True, "one direction · ✘ data left")
    assert view.marks[8] == Mark(8, False, "data left")
