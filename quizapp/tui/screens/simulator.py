"""The TCP simulator: a sequence diagram to step through, play, break, and predict."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from quizapp.tcp.marks import Mark
from quizapp.tcp.model import Event
from quizapp.tcp.network import Drop, Rule
from quizapp.tcp.predict import Prediction, PredictScore, prediction_for
from quizapp.tcp.profile import PROFILES
from quizapp.tcp.render import lesson_lines
from quizapp.tcp.scenarios import SCENARIOS, run_scenario
from quizapp.tui.widgets.simulator.diagram import SequenceDiagram

FRAME_SECONDS = 1 / 30
ARROW_SECONDS = 0.8
"""How long an arrow takes to cross at speed 1×."""
PAUSE_SECONDS = 0.7
"""The pause between steps while playing at 1×; a marked step holds twice as long."""
SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0)


def clock_text(ms: int) -> str:
    """Simulated time for the status line: milliseconds up to 10 s, then seconds."""
    return f"{ms} ms" if ms < 10_000 else f"{ms / 1000:.1f} s"


class ScenarioPicker(ModalScreen[str | None]):
    """Choose a scenario by its title."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]
    DEFAULT_CSS = """
    ScenarioPicker { align: center middle; }
    ScenarioPicker OptionList { width: 90%; max-width: 100; height: auto; max-height: 80%; }
    """

    def __init__(self, lang: str, current: str) -> None:
        super().__init__()
        self.lang = lang
        self.current = current

    def compose(self) -> ComposeResult:
        options = [
            Option(Text.assemble((name, "bold"), "\n", scenario.title.text(self.lang)), id=name)
            for name, scenario in SCENARIOS.items()
        ]
        picker = OptionList(*options)
        picker.border_title = "시나리오" if self.lang == "ko" else "scenario"
        yield picker

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        picker.highlighted = list(SCENARIOS).index(self.current)
        picker.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class SimulatorScreen(Screen[None]):
    """Step through a scenario; marks (from a graded answer) colour the steps that prove it."""

    CSS_PATH = "simulator.tcss"
    BINDINGS = [
        Binding("right", "forward", "Next", key_display="→"),
        Binding("left", "back", "Back", key_display="←"),
        Binding("space", "play", "Play", key_display="␣"),
        Binding("plus,equals_sign", "speed(1)", "Speed", key_display="±"),
        Binding("minus", "speed(-1)", "Slower", show=False),
        Binding("r", "restart", "Reset"),
        Binding("s", "scenario", "Scene"),
        Binding("f", "profile", "Profile"),
        Binding("x", "toggle_loss", "Lose"),
        Binding("p", "predict", "Predict"),
        Binding("l", "language", "한/En"),
        Binding("1", "answer(0)", show=False),
        Binding("2", "answer(1)", show=False),
        Binding("3", "answer(2)", show=False),
        Binding("4", "answer(3)", show=False),
        Binding("escape", "app.pop_screen", "Back", show=False),
    ]

    playing: reactive[bool] = reactive(False)
    predicting: reactive[bool] = reactive(False)

    def __init__(
        self,
        scenario: str,
        *,
        profile: str = "rfc",
        lang: str = "ko",
        marks: dict[int, Mark] | None = None,
        autoplay: bool = False,
        step: int = 0,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.profile = profile
        self.lang = lang
        self.marks = dict(marks or {})
        self.autoplay = autoplay
        self.extra_rules: tuple[Rule, ...] = ()
        self.trace = run_scenario(scenario, profile)
        self.start_step = min(step, len(self.trace.steps))
        self.speed_index = SPEEDS.index(1.0)
        self.score = PredictScore()
        self.prediction: Prediction | None = None
        self.answered: int | None = None
        """The step whose prediction was just answered (so it is not asked twice)."""
        self.feedback = ""
        self._timer: Timer | None = None
        self._hold = 0.0

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="sim-title")
        yield Static("", id="sim-lesson")
        # Not focusable: its arrow-key scrolling would shadow stepping with ← and →.
        with VerticalScroll(id="sim-scroll", can_focus=False):
            yield SequenceDiagram(self.trace, self.marks, id="diagram")
        yield Static("", id="prediction")
        yield Static("", id="narration")
        yield Static("", id="sim-status")
        yield Footer(compact=True, show_command_palette=False)

    @property
    def diagram(self) -> SequenceDiagram:
        return self.query_one("#diagram", SequenceDiagram)

    def on_mount(self) -> None:
        self.sub_title = "TCP simulator"
        self.diagram.lang = self.lang
        self.diagram.current = self.start_step
        self._timer = self.set_interval(FRAME_SECONDS, self._tick, pause=True)
        self._refresh_text()
        self.call_after_refresh(self._scroll_to_current)
        if self.autoplay:
            self.action_play()

    # -- the run -----------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.trace.steps)

    def _rerun(self) -> None:
        """Run the scenario again (new profile or rules), keeping the position."""
        self.trace = run_scenario(self.scenario, self.profile, extra_rules=self.extra_rules)
        diagram = self.diagram
        diagram.show(self.trace, self.marks)
        diagram.current = min(diagram.current, self.total)
        diagram.progress = 1.0
        self.prediction = None
        self._refresh_text()

    def _advance(self) -> bool:
        """Start the next step's animation; False at the end or when a guess is wanted."""
        diagram = self.diagram
        if diagram.current >= self.total:
            return False
        upcoming = diagram.current + 1
        if self.predicting and self.prediction is None and self.answered != upcoming:
            prediction = prediction_for(self.trace, upcoming)
            if prediction is not None:
                self.prediction = prediction
                self.playing = False
                self._refresh_text()
                return False
        self.prediction = None
        diagram.current += 1
        diagram.progress = 0.0
        if self._timer is not None:
            self._timer.resume()
        self._refresh_text()
        self.call_after_refresh(self._scroll_to_current)
        return True

    def _scroll_to_current(self) -> None:
        scroll = self.query_one("#sim-scroll", VerticalScroll)
        scroll.scroll_to(y=max(0, self.diagram.current + 1 - scroll.size.height), animate=False)

    def _tick(self) -> None:
        diagram = self.diagram
        speed = SPEEDS[self.speed_index]
        if diagram.progress < 1.0:
            diagram.progress = min(1.0, diagram.progress + FRAME_SECONDS * speed / ARROW_SECONDS)
            diagram.refresh()
            if diagram.progress >= 1.0:
                if diagram.current >= self.total:
                    self.playing = False  # the last step is shown: nothing left to play
                self._refresh_text()
                marked = diagram.current in self.marks
                self._hold = PAUSE_SECONDS * (2 if marked else 1) / speed
            return
        if not self.playing:
            if self._timer is not None:
                self._timer.pause()
            return
        self._hold -= FRAME_SECONDS
        if self._hold <= 0 and not self._advance():
            self.playing = self.prediction is not None and self.playing

    def _finish_animation(self) -> None:
        self.diagram.progress = 1.0
        self.diagram.refresh()

    # -- actions -----------------------------------------------------------------------

    def action_forward(self) -> None:
        if self.prediction is not None:
            self.notify(self._say("먼저 1–4로 답하세요", "answer with 1–4 first"))
            return
        # A press during an animation is not lost: the arrow lands and the next step starts.
        self._finish_animation()
        self.feedback = ""
        if not self._advance():
            self._refresh_text()

    def action_back(self) -> None:
        diagram = self.diagram
        self._finish_animation()
        self.playing = False
        self.prediction = None
        self.feedback = ""
        if diagram.current > 0:
            diagram.current -= 1
            diagram.progress = 1.0
        self._refresh_text()

    def action_play(self) -> None:
        if self.diagram.current >= self.total and not self.playing:
            self.diagram.current = 0
        self.playing = not self.playing
        if self.playing:
            self._hold = 0
            if self._timer is not None:
                self._timer.resume()
        self._refresh_text()

    def action_speed(self, delta: int) -> None:
        self._finish_animation()
        self.speed_index = max(0, min(len(SPEEDS) - 1, self.speed_index + delta))
        self._refresh_text()

    def action_restart(self) -> None:
        self.playing = False
        self.prediction = None
        self.feedback = ""
        self.score = PredictScore()
        self.diagram.current = 0
        self.diagram.progress = 1.0
        self._refresh_text()

    def action_scenario(self) -> None:
        def chosen(name: str | None) -> None:
            if name and name != self.scenario:
                self.scenario = name
                self.extra_rules = ()
                self.marks = {}
                self.action_restart()
                self._rerun()

        self.app.push_screen(ScenarioPicker(self.lang, self.scenario), chosen)

    def action_profile(self) -> None:
        names = list(PROFILES)
        self.profile = names[(names.index(self.profile) + 1) % len(names)]
        self.marks = {}  # the marks were for the other profile's steps
        self._rerun()

    def action_toggle_loss(self) -> None:
        """Lose (or stop losing) the next segment to be sent, and run again from here."""
        upcoming = [
            s.segment_no
            for s in self.trace.steps[self.diagram.current :]
            if s.event is Event.SEGMENT and s.segment_no is not None and not s.duplicate
        ]
        if not upcoming:
            self.notify("no segment left to lose")
            return
        target = upcoming[0]
        rules = [r for r in self.extra_rules if not (isinstance(r, Drop) and r.n == target)]
        if len(rules) == len(self.extra_rules):
            rules.append(Drop(target))
            self.notify(f"segment #{target} will be lost")
        else:
            self.notify(f"segment #{target} goes through again")
        self.extra_rules = tuple(rules)
        self.marks = {}
        self._rerun()

    def action_predict(self) -> None:
        self.predicting = not self.predicting
        self.prediction = None
        self.feedback = ""
        self._refresh_text()

    def action_answer(self, choice: int) -> None:
        self._finish_animation()
        prediction = self.prediction
        if prediction is None or choice >= len(prediction.options):
            return
        right = prediction.is_right(choice)
        self.score = self.score.add(right)
        truth = prediction.options[prediction.answer]
        say = self._say
        self.feedback = (
            say("✔ 정답: ", "✔ right: ") if right else say("✘ 오답, 답: ", "✘ wrong, answer: ")
        ) + truth
        self.prediction = None
        self.answered = prediction.step
        self._advance()
        self._refresh_text()

    def action_language(self) -> None:
        self.lang = "en" if self.lang == "ko" else "ko"
        self.diagram.lang = self.lang
        self._refresh_text()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            return self.prediction is not None
        return True

    # -- text around the diagram --------------------------------------------------------

    def _refresh_text(self) -> None:
        trace = self.trace
        title = trace.title.text(self.lang) if trace.title else ""
        rules = f" · {', '.join(trace.rules)}" if trace.rules else ""
        note = f": {trace.note}" if trace.note else ""
        self.query_one("#sim-title", Static).update(
            Text.assemble((self.scenario, "bold"), f" ({self.profile}{note}{rules}) — {title}")
        )
        lesson = self.query_one("#sim-lesson", Static)
        lesson.display = not trace.lesson_holds
        if not trace.lesson_holds:
            # Said once, above the diagram: the scenario's own notes are off for this run.
            head, *broken = lesson_lines(trace, self.lang)
            lesson.update(Text(f"{head} {' · '.join(broken)}", style="bold red"))
        self.query_one("#narration", Static).update(self._narration())
        self.query_one("#prediction", Static).update(self._prediction_text())
        self.query_one("#prediction").display = bool(self.prediction or self.feedback)
        self.query_one("#sim-status", Static).update(self._status())
        self.refresh_bindings()
        # The prediction panel and narration change height: keep the current row in view.
        self.call_after_refresh(self._scroll_to_current)

    def _narration(self) -> Text:
        current = self.diagram.current
        if current == 0:
            hint = self._say("→ 또는 space로 시작", "press → or space to start")
            return Text(hint, style="dim")
        step = trace_step = self.trace.step(current)
        text = Text()
        if trace_step.narration is not None:
            text.append(trace_step.narration.text(self.lang))
        mark = self.marks.get(step.n)
        if mark is not None:
            text.append("\n")
            symbol, style = ("✔", "bold green") if mark.hit else ("✘", "bold red")
            text.append(f"{symbol} {mark.label}", style=style)
        return text

    def _prediction_text(self) -> Text:
        text = Text()
        if self.feedback:
            style = "bold green" if self.feedback.startswith("✔") else "bold red"
            text.append(self.feedback, style=style)
        if self.prediction is not None:
            if self.feedback:
                text.append("\n")
            text.append(self._say("예측: ", "predict: "), style="bold")
            text.append(self.prediction.prompt.text(self.lang))
            for i, option in enumerate(self.prediction.options, 1):
                text.append(f"\n  {i}) {option}")
        return text

    def _say(self, ko: str, en: str) -> str:
        """Text in the screen's language: the UI language at first, `l` switches it."""
        return ko if self.lang == "ko" else en

    def _status(self) -> str:
        diagram = self.diagram
        step = self.trace.step(diagram.current) if diagram.current else None
        say = self._say
        parts = [
            f"{say('단계', 'step')} {diagram.current}/{self.total}",
            f"t={clock_text(step.t_ms if step else 0)}",
            f"{say('속도', 'speed')} {SPEEDS[self.speed_index]:g}×",
            say("▶ 재생 중", "▶ playing") if self.playing else say("⏸ 멈춤", "⏸ paused"),
        ]
        if self.predicting:
            parts.append(f"{say('예측', 'predict')} {self.score.right}/{self.score.asked}")
        if self.marks:
            hits = sum(m.hit for m in self.marks.values())
            parts.append(f"{say('표시', 'marks')} ✔{hits} ✘{len(self.marks) - hits}")
        return " · ".join(parts)
