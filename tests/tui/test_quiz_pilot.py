"""Quizzes in the real app with Pilot: keys in; verdicts, stored answers and the flow view out."""

from __future__ import annotations

import json
from datetime import timedelta

import fsrs
import pytest
from sqlmodel import Session, col, select

from quizapp.deck.models import QuizAnswer, QuizRun, ReviewLog
from quizapp.deck.sync import import_paths
from quizapp.i18n import set_language
from quizapp.quiz.questions import AnswerInput
from quizapp.quiz.settings import QuestionKind, QuizSettings
from quizapp.tcp.marks import Mark
from quizapp.tcp.query import TimeIn
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.home import HomeScreen
from quizapp.tui.screens.quiz import QuizScreen
from quizapp.tui.screens.simulator import SimulatorScreen
from tests.conftest import T0, press, settle


@pytest.fixture
def korean():
    """The UI in Korean, as the Korean deck's user would have it."""
    set_language("ko")
    yield
    set_language("en")


GOOD_START = "서버에 보낼 데이터가 남아 있을 수 있다"


class Clock:
    """The app's clock, moved by hand: time passes only when a test says so."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self):
        return self.now


def _app(engine, clock=None, **settings) -> QuizApp:
    settings.setdefault("seed", 1)
    return QuizApp(engine, clock=clock or (lambda: T0), start="quiz", quiz=QuizSettings(**settings))


def _answers(engine) -> list[QuizAnswer]:
    with Session(engine) as session:
        return list(session.exec(select(QuizAnswer).order_by(col(QuizAnswer.id))))


async def test_home_z_quizzes_the_selected_deck(quiz_deck):
    app = QuizApp(quiz_deck, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        await press(pilot, "z")
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.settings.deck == "네트워크"
        assert app.screen.question is not None


async def test_typed_answer_is_graded_with_a_diff_and_stored(quiz_deck, korean):
    app = _app(quiz_deck, kinds=(QuestionKind.TYPED,), count=2, feed_review=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QuizScreen) and screen.question.input is AnswerInput.TEXT
        expected = screen.question.accepted[0]
        await pilot.click("#typed")
        await pilot.press(*"LISTEN", "enter")  # no card of the note has this answer
        await settle(pilot)
        assert screen.stage == "graded"
        verdict = str(screen.query_one("#verdict").render())
        assert "✘ 오답" in verdict and f"정답: {expected}" in verdict
        assert "내 답: LISTEN" in verdict and "차이:" in verdict
        [stored] = _answers(quiz_deck)
        assert (stored.given, stored.expected, stored.correct) == ("LISTEN", expected, False)
        await press(pilot, "enter")
        assert screen.number == 2 and screen.stage == "asking"


async def test_a_folded_spelling_passes(quiz_deck, korean):
    app = _app(quiz_deck, kinds=(QuestionKind.TYPED,), count=4, seed=2, feed_review=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        spelled = screen.question.accepted[0].lower().replace("_", " ") + " 상태로"
        screen.query_one("#typed").value = spelled
        await press(pilot, "enter")
        assert screen.verdict.correct
        assert "✔ 정답" in str(screen.query_one("#verdict").render())


async def test_number_keys_pick_an_option(quiz_deck):
    app = _app(quiz_deck, kinds=(QuestionKind.CHOICE,), count=1, feed_review=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        question = screen.question
        assert question.input is AnswerInput.OPTIONS and 3 <= len(question.options) <= 5
        await press(pilot, str(question.correct_option + 1))
        assert screen.verdict.correct
        assert _answers(quiz_deck)[0].given == question.options[question.correct_option]


async def test_steps_are_moved_with_shift_arrows_and_submitted_with_enter(quiz_deck):
    app = _app(quiz_deck, kinds=(QuestionKind.ORDERING,), count=1, feed_review=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        question = screen.question
        order = screen.query_one("#order")
        assert order.steps == list(question.shuffled)
        # Put the steps right with moves alone: bubble each step down to its place.
        for target, step in enumerate(question.steps):
            at = order.steps.index(step, target)
            order.highlighted = at
            for _ in range(at - target):
                await pilot.press("shift+up")
        assert order.steps == list(question.steps)
        await press(pilot, "enter")
        assert screen.verdict.correct and screen.verdict.score == 1.0


async def test_ordering_linked_to_a_scenario_opens_it_marked(quiz_deck):
    app = _app(quiz_deck, kinds=(QuestionKind.ORDERING,), count=1, feed_review=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the shuffled order: wrong
        await settle(pilot)
        await pilot.press("f")
        await pilot.pause()
        simulator = app.screen
        assert isinstance(simulator, SimulatorScreen) and simulator.scenario == "four-way-close"
        assert set(simulator.marks) == set(range(6, 13))
        assert not any(mark.hit for mark in simulator.marks.values())


async def test_flip_shows_the_answer_then_asks_whether_you_knew_it(quiz_deck):
    app = _app(quiz_deck, kinds=(QuestionKind.FLIP,), count=1, feed_review=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("y")  # not yet: the answer is hidden
        assert screen.stage == "asking"
        await pilot.press("space")
        assert screen.stage == "revealed"
        assert screen.query_one("#model-answer").display
        await press(pilot, "y")
        assert screen.verdict.correct and screen.verdict.self_graded


async def test_why_question_graded_by_meaning_then_overridden_then_flow_view(quiz_deck, korean):
    app = _app(quiz_deck, kinds=(QuestionKind.OPEN,), count=1, profile="linux")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.question.rubric is not None
        screen.query_one("#essay").text = GOOD_START + "기 때문이다."
        await press(pilot, "ctrl+s")
        assert screen.stage == "assessed"
        verdict = str(screen.query_one("#verdict").render())
        assert "채점: 부분" in verdict and "요점 1/2" in verdict
        assert "✘ FIN은 애플리케이션이" in verdict and "n: 내가 틀렸다" in verdict
        await pilot.press("n")  # "I was wrong": the score follows the user's verdict
        await settle(pilot)
        [stored] = _answers(quiz_deck)
        assert (stored.correct, stored.score, stored.self_graded) == (False, 0.0, True)
        assert "내 판단" in str(screen.query_one("#verdict").render())
        await pilot.press("f")
        await pilot.pause()
        simulator = app.screen
        assert isinstance(simulator, SimulatorScreen)
        # Step numbers in the note are rfc's, so the view is rfc even in a linux quiz.
        assert (simulator.scenario, simulator.profile) == ("four-way-close", "rfc")
        assert simulator.marks == {
            7: Mark(7, True, "서버에 아직 보낼 데이터가 남아 있을 수 있다"),
            9: Mark(9, False, "FIN은 애플리케이션이 close()를 부를 때 따로 나간다"),
            10: Mark(10, False, "FIN은 애플리케이션이 close()를 부를 때 따로 나간다"),
        }
        assert simulator.playing  # it plays the marked steps
        await pilot.press("escape")
        assert app.screen is screen and screen.stage == "graded"


async def _answer_why(engine, essay: str, key: str) -> QuizAnswer:
    app = _app(engine, kinds=(QuestionKind.OPEN,), count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#essay").text = essay
        await press(pilot, "ctrl+s")
        await press(pilot, key)
    [stored] = _answers(engine)
    return stored


async def test_accepting_a_partial_verdict_scores_half_and_rates_the_card_hard(quiz_deck):
    stored = await _answer_why(quiz_deck, GOOD_START + "기 때문이다.", "enter")
    assert (stored.correct, stored.score, stored.self_graded) == (False, 0.5, False)
    assert stored.fed_to_review
    assert _last_rating(quiz_deck, stored.card_id) == fsrs.Rating.Hard


async def test_i_was_right_turns_a_failed_answer_into_a_pass(quiz_deck):
    stored = await _answer_why(quiz_deck, "잘 모르겠다.", "y")
    assert (stored.correct, stored.score, stored.self_graded) == (True, 1.0, True)
    assert not stored.fed_to_review  # a right answer is not rescheduled by the quiz
    detail = json.loads(stored.detail_json)
    assert (detail["grader"], detail["verdict"]) == ("fail", "pass")


async def test_accepting_a_fail_rates_the_card_again(quiz_deck):
    stored = await _answer_why(quiz_deck, "잘 모르겠다.", "enter")
    assert (stored.correct, stored.score) == (False, 0.0)
    assert _last_rating(quiz_deck, stored.card_id) == fsrs.Rating.Again


def _last_rating(engine, card_id: str) -> int:
    with Session(engine) as session:
        log = session.exec(
            select(ReviewLog).where(ReviewLog.card_id == card_id).order_by(col(ReviewLog.id))
        ).all()
    return log[-1].rating


SHARED_STEP_NOTE = """\
---
deck: 공유
---
# 종료

<!-- quizapp: id=why-shared tags=tcp -->
<!-- quizapp rubric scenario=four-way-close pass=1
- 서버에 아직 보낼 데이터가 남아 있을 수 있다 | the server may still have data to send
  means: 서버 + 데이터 + 남다, 아직
  step: 7
- FIN은 한 방향만 닫는다 | a FIN closes one direction only
  means: 한 방향, 방향마다 + 닫다, 닫히다
  step: 7, 9
-->
#### Q. 종료는 왜 4단계인가?

A. 서버에 보낼 데이터가 남아 있을 수 있고, FIN은 한 방향만 닫기 때문이다.
"""


async def test_a_step_proving_a_made_and_a_missed_point_shows_the_made_one_under_check(
    engine, tmp_path
):
    """The ✘-marks bug: step 7 proves both points; the one the user made was shown ✘."""
    (tmp_path / "why.md").write_text(SHARED_STEP_NOTE, encoding="utf-8")
    assert not import_paths(engine, [tmp_path], now=T0).problems
    app = _app(engine, kinds=(QuestionKind.OPEN,), count=1, deck="공유")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#essay").text = "서버에 아직 보낼 데이터가 남아 있기 때문이다."
        await press(pilot, "ctrl+s")
        await press(pilot, "enter")
        assert screen.verdict.correct
        await pilot.press("f")
        await pilot.pause()
        simulator = app.screen
        assert isinstance(simulator, SimulatorScreen)
        made = "서버에 아직 보낼 데이터가 남아 있을 수 있다"
        missed = "FIN은 한 방향만 닫는다"
        assert simulator.marks[7] == Mark(7, True, f"{made} · ✘ {missed}")
        assert simulator.marks[9] == Mark(9, False, missed)
        assert simulator.query_one("#diagram").marks[7].hit


async def test_a_refuted_claim_opens_the_simulator_at_the_refuting_step(quiz_deck, korean):
    app = _app(quiz_deck, kinds=(QuestionKind.OPEN,), count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#essay").text = (
            GOOD_START + "기 때문이다. FIN을 받은 클라이언트는 CLOSE_WAIT 상태가 된다."
        )
        await press(pilot, "ctrl+s")
        verdict = str(screen.query_one("#verdict").render())
        assert "흐름과 모순" in verdict
        assert "CLOSE_WAIT에 들어가는 쪽은 클라이언트가 아니라 서버다" in verdict
        await press(pilot, "enter")
        await pilot.press("f")
        await pilot.pause()
        simulator = app.screen
        [(step, mark)] = simulator.marks.items()
        assert not mark.hit and "CLOSE_WAIT에 들어가는 쪽은" in mark.label
        assert simulator.scenario == "four-way-close" and simulator.start_step == step - 1


async def test_flow_question_answer_depends_on_the_profile_and_opens_its_run(quiz_deck):
    for profile, seconds in (("rfc", "240"), ("linux", "60")):
        app = _app(quiz_deck, kinds=(QuestionKind.FLOW,), count=2, profile=profile, seed=3)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            screen = app.screen
            while not isinstance(screen.question.flow.query, TimeIn):
                await press(pilot, str(screen.question.correct_option + 1))
                await press(pilot, "enter")
            question = screen.question
            assert question.expected.startswith(seconds)
            wrong = next(i for i, o in enumerate(question.options) if not o.startswith(seconds))
            await press(pilot, str(wrong + 1))
            assert not screen.verdict.correct
            await pilot.press("f")
            await pilot.pause()
            simulator = app.screen
            assert (simulator.scenario, simulator.profile) == ("four-way-close", profile)
            assert simulator.marks and not any(m.hit for m in simulator.marks.values())


async def test_the_quiz_ends_with_the_score_and_the_history(quiz_deck, korean):
    app = _app(quiz_deck, kinds=(QuestionKind.CHOICE,), count=2, feed_review=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        for _ in range(2):
            await press(pilot, str(screen.question.correct_option + 1))
            await press(pilot, "enter")
        assert screen.stage == "finished"
        summary = screen.query_one("#prompt")._markdown
        assert "점수: **2/2**" in summary and "최근 기록" in summary
        with Session(quiz_deck) as session:
            run = session.exec(select(QuizRun)).one()
            assert run.finished_at is not None and run.correct == 2


async def test_the_time_limit_ends_the_quiz(quiz_deck, korean):
    clock = Clock()
    app = _app(quiz_deck, clock, count=3, time_limit_s=60, feed_review=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert "남은 시간 1:00" in str(screen.query_one("#progress").render())
        clock.now = T0 + timedelta(seconds=61)
        screen._tick()  # what the once-a-second timer does
        await settle(pilot)
        assert screen.stage == "finished"
        assert "풀지 않음: 3" in screen.query_one("#prompt")._markdown


async def test_the_interview_answer_is_taken_when_thinking_time_is_up(quiz_deck):
    clock = Clock()
    app = _app(quiz_deck, clock, kinds=(QuestionKind.OPEN,), count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.query_one("#essay").text = "따로 보내기 때문"
        clock.now = T0 + timedelta(seconds=screen.question.time_limit_s - 1)
        screen._tick()
        assert screen.stage == "asking"
        clock.now = T0 + timedelta(seconds=screen.question.time_limit_s)
        screen._tick()
        await settle(pilot)  # the grader runs in a worker
        assert screen.stage == "assessed" and screen.essay == "따로 보내기 때문"


async def test_a_scope_without_cards_says_so(quiz_deck, korean):
    app = _app(quiz_deck, tag="nothing-here")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.stage == "finished"
        assert "물어볼 카드가 없습니다" in screen.query_one("#prompt")._markdown


async def test_the_palette_offers_a_quiz_and_a_flow_quiz(quiz_deck):
    app = QuizApp(quiz_deck, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        commands = {c.title: c.callback for c in app.get_system_commands(app.screen)}
        assert "Quiz" in commands
        commands["Quiz: flow questions"]()
        await settle(pilot)
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.settings.kinds == (QuestionKind.FLOW,)
        assert app.screen.question.kind is QuestionKind.FLOW


async def test_notes_z_quizzes_the_note_being_read(quiz_deck):
    app = QuizApp(quiz_deck, clock=lambda: T0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        note = app.screen.note
        await press(pilot, "z")
        assert isinstance(app.screen, QuizScreen)
        assert app.screen.settings.note_id == note.id
        assert app.screen.session.questions


async def test_the_analyser_loads_in_a_worker_thread_not_on_the_event_loop(quiz_deck, monkeypatch):
    import threading

    import quizapp.tui.screens.quiz as quiz_screen
    from quizapp.quiz.analyser import load_analyser

    threads: list[threading.Thread] = []

    def recording_load():
        threads.append(threading.current_thread())
        return load_analyser()

    monkeypatch.setattr(quiz_screen, "load_analyser", recording_load)
    app = _app(quiz_deck, kinds=(QuestionKind.OPEN,), count=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert threads and all(t is not threading.main_thread() for t in threads)
        assert app.screen.analyser is not None
