"""The simulator screen: stepping, playing, breaking the network, predicting, marks."""

from __future__ import annotations

import time

import pytest

from quizapp.tcp.marks import Mark
from quizapp.tcp.model import Event
from quizapp.tcp.predict import prediction_for
from quizapp.tcp.scenarios import run_scenario
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.simulator import ScenarioPicker, SimulatorScreen
from tests.conftest import T0, workers_done


def _app(engine) -> QuizApp:
    return QuizApp(engine, clock=lambda: T0)


async def _open(pilot, screen: SimulatorScreen) -> SimulatorScreen:
    await workers_done(pilot.app)
    await pilot.app.push_screen(screen)
    await pilot.pause()
    return screen


async def _settle(pilot, screen: SimulatorScreen) -> None:
    """Let the current arrow land, bounded by wall-clock time rather than a count of pauses:
    on a loaded machine the animation timer runs late, and a key pressed before the arrow
    lands would finish it and step once more."""
    deadline = time.monotonic() + 60
    while screen.diagram.progress < 1.0:
        assert time.monotonic() < deadline, "the arrow never landed"
        await pilot.pause(0.02)


async def _played_to_the_end(pilot, screen: SimulatorScreen) -> None:
    """Wait until a play has shown the last step whole (bounded by wall-clock time, not a
    count of pauses, which a loaded machine's late timer outlasts)."""
    deadline = time.monotonic() + 60
    while not (screen.diagram.current == screen.total and screen.diagram.progress >= 1.0):
        assert time.monotonic() < deadline, (screen.diagram.current, screen.total)
        await pilot.pause(0.05)


async def _step(pilot, times: int = 1) -> None:
    for _ in range(times):
        await pilot.press("right")  # start the step
        await _settle(pilot, pilot.app.screen)
    await pilot.pause()


async def test_home_t_opens_the_simulator(engine):
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_done(app)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, SimulatorScreen)
        assert app.screen.scenario == "four-way-close"


async def test_right_and_left_step_through_the_trace(engine):
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, SimulatorScreen("three-way-open"))
        await _step(pilot, 3)
        assert screen.diagram.current == 3 and screen.diagram.progress == 1.0
        await pilot.press("left")
        assert screen.diagram.current == 2
        narration = str(screen.query_one("#narration").render())
        assert narration == screen.trace.step(2).narration.ko


async def test_space_plays_to_the_end(engine):
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, SimulatorScreen("three-way-open"))
        for _ in range(4):
            await pilot.press("plus")
        await pilot.press("space")
        await _played_to_the_end(pilot, screen)
        assert screen.diagram.current == screen.total


async def test_x_loses_the_next_segment_and_the_run_retransmits(engine):
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, SimulatorScreen("three-way-open"))
        await _step(pilot, 2)  # both OPEN calls; the SYN is next
        await pilot.press("x")
        lost = [s for s in screen.trace.steps if s.event is Event.SEGMENT and not s.delivered]
        assert [s.label for s in lost] == ["SYN"]
        assert any(s.retransmission for s in screen.trace.steps)
        assert screen.trace.steps[-1].states.client.value == "ESTABLISHED"
        assert screen.diagram.current == 2
        await pilot.press("x")  # and back
        assert all(s.delivered is not False for s in screen.trace.steps)


async def test_f_switches_profile_and_time_wait_length(engine):
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, SimulatorScreen("four-way-close"))
        rfc_end = screen.trace.steps[-1].t_ms
        await pilot.press("f")
        assert screen.profile == "linux"
        assert rfc_end - screen.trace.steps[-1].t_ms >= 170_000  # 240 s → 60 s


async def test_s_picks_another_scenario(engine):
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, SimulatorScreen("four-way-close"))
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ScenarioPicker)
        app.screen.query_one("OptionList").highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and screen.scenario == "three-way-open"
        assert screen.diagram.current == 0


async def test_predict_mode_asks_before_each_step_and_keeps_score(engine):
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, SimulatorScreen("four-way-close"))
        await pilot.press("p", "right")
        first = screen.prediction
        assert first is not None and screen.diagram.current == 0
        await pilot.press("right")  # no peeking: the step waits for an answer
        assert screen.diagram.current == 0
        await pilot.press(str(first.answer + 1))
        assert screen.diagram.current == 1
        await pilot.press("right", "right")
        second = screen.prediction
        wrong = (second.answer + 1) % len(second.options)
        await pilot.press(str(wrong + 1))
        assert (screen.score.right, screen.score.asked) == (1, 2)
        assert screen.feedback.startswith("✘")
        assert second.options[second.answer] in screen.feedback


def test_predictions_have_one_right_answer_among_distinct_options():
    for name in ("four-way-close", "simultaneous-close", "data-transfer", "closed-port"):
        trace = run_scenario(name)
        for step in trace.steps:
            prediction = prediction_for(trace, step.n)
            if prediction is None:
                continue
            assert len(set(prediction.options)) == len(prediction.options) >= 3
            truth = prediction.options[prediction.answer]
            if step.event is Event.SEGMENT and truth.count("→"):
                assert truth.endswith(step.label)
            else:
                assert truth == step.transitions[-1][2].value


@pytest.mark.parametrize("lang", ["ko", "en"])
async def test_marks_colour_their_steps_and_show_their_labels(engine, lang):
    marks = {
        7: Mark(7, True, "서버는 FIN 뒤에도 데이터를 보낼 수 있다"),
        9: Mark(9, False, "FIN은 close() 때 나간다"),
    }
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(
            pilot, SimulatorScreen("four-way-close", marks=marks, lang=lang, step=7)
        )
        assert "서버는 FIN 뒤에도" in str(screen.query_one("#narration").render())
        marks_label = {"ko": "표시 ✔1 ✘1", "en": "marks ✔1 ✘1"}[lang]
        assert marks_label in str(screen.query_one("#sim-status").render())
        row = screen.diagram.render().plain.splitlines()[7]
        assert "✔" in row


def _simulator_app(engine, screen_factory):
    class SimulatorApp(QuizApp):
        async def on_ready(self) -> None:
            await workers_done(self)
            await self.push_screen(screen_factory())

    return SimulatorApp(engine, clock=lambda: T0)


async def _simulator_shown(pilot) -> None:
    """Wait until the app's `on_ready` has pushed the simulator (after the deck opened in a
    worker): a single pause can return first on a loaded machine."""
    deadline = time.monotonic() + 60
    while not isinstance(pilot.app.screen, SimulatorScreen):
        assert time.monotonic() < deadline, pilot.app.screen
        await pilot.pause(0.05)
    await pilot.pause()


def test_snapshot_mid_animation_korean(snap_compare, engine):
    async def mid_arrow(pilot) -> None:
        await _simulator_shown(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, SimulatorScreen)
        await pilot.press("right")  # step 7: the client's FIN sets off
        screen._timer.pause()
        screen.diagram.progress = 0.5
        screen.diagram.refresh()
        await pilot.pause()

    app = _simulator_app(engine, lambda: SimulatorScreen("four-way-close", step=6))
    assert snap_compare(app, terminal_size=(80, 24), run_before=mid_arrow)


def test_snapshot_end_of_run_english(snap_compare, engine):
    app = _simulator_app(engine, lambda: SimulatorScreen("lost-final-ack", lang="en", step=99))
    assert snap_compare(app, terminal_size=(120, 40), run_before=_simulator_shown)


def test_snapshot_marks_hit_and_missed(snap_compare, engine):
    marks = {
        7: Mark(7, True, "FIN을 받은 서버는 CLOSE_WAIT에서 ACK만 먼저 보낸다"),
        9: Mark(9, False, "서버의 FIN은 애플리케이션이 close()를 호출할 때 나간다"),
    }
    app = _simulator_app(engine, lambda: SimulatorScreen("four-way-close", marks=marks, step=9))
    assert snap_compare(app, terminal_size=(80, 24), run_before=_simulator_shown)


async def test_f_in_review_opens_the_simulator_on_the_cards_scenario(engine):
    from pathlib import Path

    from quizapp.deck.queries import find_cards
    from quizapp.deck.sync import import_paths
    from quizapp.srs.reviewer import Reviewer

    import_paths(engine, [Path(__file__).parent / "fixtures" / "quiz"], now=T0)
    cards = [card for card, _ in find_cards(engine)]
    flow = next(c for c in cards if c.kind == "flow")
    reviewer = Reviewer(engine)
    for card in cards:
        if card.id != flow.id:
            reviewer.suspend(card.id)
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await workers_done(app)
        await pilot.press("r")
        await workers_done(app)
        await pilot.pause()
        assert app.screen.card.id == flow.id
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SimulatorScreen)
        assert screen.scenario == flow.extra["scenario"]
        assert screen.marks and all(mark.hit for mark in screen.marks.values())


async def test_a_key_pressed_during_an_animation_finishes_it_and_applies(engine, monkeypatch):
    """Two quick → presses: the second lands the first arrow and starts the next step,
    instead of being spent on finishing the animation."""
    # The animation's clock stands still: each arrow stays mid-flight until a key lands it
    # (the pilot's wait for an idle app can outlast a whole arrow on a loaded machine).
    monkeypatch.setattr(SimulatorScreen, "_tick", lambda self: None)
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, SimulatorScreen("three-way-open", step=2))
        await pilot.press("right")
        assert screen.diagram.current == 3 and screen.diagram.progress < 1.0
        await pilot.press("right")
        assert screen.diagram.current == 4 and screen.diagram.progress < 1.0
        await pilot.press("left")  # back also lands the arrow first
        assert (screen.diagram.current, screen.diagram.progress) == (3, 1.0)


async def test_playing_stops_at_the_last_step_and_the_clock_reads_seconds(engine):
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, SimulatorScreen("four-way-close", step=11))
        status = str(screen.query_one("#sim-status").render())
        assert "t=450 ms" in status
        for _ in range(4):
            await pilot.press("plus")
        await pilot.press("space")
        await _played_to_the_end(pilot, screen)
        await pilot.pause(0.1)
        assert screen.playing is False
        status = str(screen.query_one("#sim-status").render())
        assert "⏸" in status and "t=240.4 s" in status, status


async def test_predict_mode_at_80_by_24_keeps_the_current_step_in_view(engine):
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, SimulatorScreen("late-segment"))
        scroll = screen.query_one("#sim-scroll")
        await pilot.press("p")
        for _ in range(30):
            await pilot.press("right")
            if screen.prediction is not None:
                await pilot.pause()
                # While the question is up, the last step shown is still on screen.
                top = scroll.scroll_y
                assert top <= screen.diagram.current < top + scroll.size.height
                await pilot.press(str(screen.prediction.answer + 1))
            await _settle(pilot, screen)
            await pilot.pause()
            top = scroll.scroll_y
            assert top <= screen.diagram.current < top + scroll.size.height
        assert screen.diagram.current > 20


async def test_a_loss_that_breaks_the_lesson_is_said_on_screen(engine):
    app = _app(engine)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, SimulatorScreen("three-way-open", lang="en", step=2))
        lesson = screen.query_one("#sim-lesson")
        assert not lesson.display
        await pilot.press("x")  # lose the SYN: more than three segments now
        await pilot.pause()
        assert lesson.display
        text = str(lesson.render())
        assert "With this loss the lesson no longer applies" in text
        assert "three segments open the connection" in text
        await pilot.press("x")
        await pilot.pause()
        assert not lesson.display


@pytest.mark.parametrize(
    ("lang", "words", "other"),
    [
        ("ko", ("단계 3/", "속도 1×", "⏸ 멈춤", "예측 0/0"), ("step", "speed", "paused")),
        ("en", ("step 3/", "speed 1×", "⏸ paused", "predict 0/0"), ("단계", "속도", "멈춤")),
    ],
)
async def test_the_status_line_speaks_the_screens_language(engine, lang, words, other):
    """The status line and the predict prompt follow the screen's language (the UI
    language at first); `l` switches both."""
    app = _app(engine)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot, SimulatorScreen("four-way-close", lang=lang, step=3))
        await pilot.press("p")
        await pilot.pause()
        status = str(screen.query_one("#sim-status").render())
        assert all(word in status for word in words), status
        assert not any(word in status for word in other), status
        for _ in range(screen.total):
            if screen.prediction is not None:
                break
            await pilot.press("right")
            await pilot.pause()
        prompt = str(screen.query_one("#prediction").render())
        assert prompt.startswith("예측: " if lang == "ko" else "predict: "), prompt
        await pilot.press("l")
        await pilot.pause()
        switched = str(screen.query_one("#sim-status").render())
        assert any(word in switched for word in other), switched
