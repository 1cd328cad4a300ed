"""Snapshots of a Korean quiz at 80×24: a question (in both UI languages), a rubric verdict,
and the flow view it hands over to with hit and missed steps marked (in Korean).

After an intended change: `pytest tests/tui/test_quiz_snapshots.py --snapshot-update`, then
look at the report before committing the new SVGs.
"""

from __future__ import annotations

import pytest

from quizapp.i18n import set_language
from quizapp.quiz.settings import QuestionKind, QuizSettings
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.simulator import SimulatorScreen
from tests.conftest import T0, press, settle

SIZE = (80, 24)
PARTIAL_ANSWER = "서버에 아직 보낼 데이터가 남아 있을 수 있기 때문이다."


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


@pytest.fixture(params=["ko", "en"])
def language(request):
    set_language(request.param)
    yield request.param
    set_language("en")


def _app(engine, *kinds: QuestionKind) -> QuizApp:
    settings = QuizSettings(kinds=kinds, count=1, seed=1, feed_review=False)
    return QuizApp(engine, clock=lambda: T0, start="quiz", quiz=settings)


async def _graded_why_question(pilot) -> None:
    await settle(pilot)
    pilot.app.screen.query_one("#essay").text = PARTIAL_ANSWER
    await pilot.press("ctrl+s")
    await settle(pilot)  # the grader runs in a worker
    await press(pilot, "n")


def test_quiz_choice_question(snap_compare, quiz_deck, language):
    assert snap_compare(_app(quiz_deck, QuestionKind.CHOICE), terminal_size=SIZE, run_before=settle)


def test_quiz_rubric_verdict(snap_compare, quiz_deck, korean):
    assert snap_compare(
        _app(quiz_deck, QuestionKind.OPEN), terminal_size=SIZE, run_before=_graded_why_question
    )


def test_quiz_ends_in_the_flow_view_with_hit_and_missed_steps(snap_compare, quiz_deck, korean):
    async def flow_view(pilot) -> None:
        await _graded_why_question(pilot)
        await pilot.press("f")
        await pilot.pause()
        simulator = pilot.app.screen
        assert isinstance(simulator, SimulatorScreen)
        # Stop the autoplay on the last marked step, so the picture does not depend on time.
        simulator.playing = False
        simulator._timer.pause()
        simulator.diagram.current = max(simulator.marks)
        simulator.diagram.progress = 1.0
        simulator.diagram.refresh()
        simulator._refresh_text()
        await pilot.pause()
        simulator._scroll_to_current()
        await pilot.pause()

    assert snap_compare(
        _app(quiz_deck, QuestionKind.OPEN), terminal_size=SIZE, run_before=flow_view
    )
