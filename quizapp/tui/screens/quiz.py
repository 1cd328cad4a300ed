"""Quiz: one question at a time with an input fitting its kind, the verdict, the final score.

A written answer is graded by meaning (`quizapp.quiz.meaning`); the verdict is shown with
the points made, missed and denied, and the user accepts it (`enter`) or overrides it
(`y` "I was right", `n` "I was wrong"): the score and the review rating follow the final
verdict. The morphological analyser takes seconds to load, so a worker thread loads it
as the quiz opens, never the event loop.

After a conceptual or flow question is graded, `f` opens the simulator: first on each
claim the simulator refutes, played up to the refuting step, then on the linked scenario
with the steps that prove each point marked green (made) or red (missed).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Markdown, Static, TextArea

from quizapp.i18n import language, tr
from quizapp.quiz.analyser import Analyser, load_analyser
from quizapp.quiz.flow import (
    FlowView,
    answer_view,
    contradiction_views,
    linked_view,
    rubric_views,
)
from quizapp.quiz.fold import markdown_plain
from quizapp.quiz.meaning import MeaningResult, Status
from quizapp.quiz.questions import (
    AnswerInput,
    ChoiceResponse,
    EssayResponse,
    OrderResponse,
    Question,
    QuestionKind,
    Response,
    SelfGrade,
    TextResponse,
    Verdict,
    assess,
)
from quizapp.quiz.session import QuizScore, QuizSession, QuizSettings, RunSummary, quiz_history
from quizapp.tui.widgets.quiz.inputs import Choices, OrderList
from quizapp.tui.widgets.quiz.verdict import meaning_text, verdict_text

HISTORY_SHOWN = 5


def kind_name(kind: QuestionKind | str) -> str:
    """A question kind's name in the UI language (an unknown stored kind as it is)."""
    names = {
        QuestionKind.FLIP: tr("플립", "flip"),
        QuestionKind.TYPED: tr("주관식", "typed"),
        QuestionKind.CHOICE: tr("객관식", "choice"),
        QuestionKind.ORDERING: tr("순서", "ordering"),
        QuestionKind.OPEN: tr("면접", "interview"),
        QuestionKind.FLOW: tr("흐름", "flow"),
    }
    try:
        return names[QuestionKind(kind)]
    except ValueError:
        return str(kind)


def clock_text(left: timedelta) -> str:
    seconds = max(0, int(left.total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def score_markdown(score: QuizScore, history: list[RunSummary]) -> str:
    """The final summary: score, by kind, and the latest sessions."""
    lines = [
        tr("## 퀴즈 끝", "## Quiz complete"),
        "",
        tr("- 점수: ", "- score: ")
        + f"**{score.correct}/{score.answered}** ({score.percent:.0f}%, "
        + tr("부분 점수 포함)", "with partial credit)"),
    ]
    if score.answered < score.planned:
        lines.append(tr("- 풀지 않음: ", "- not answered: ") + str(score.planned - score.answered))
    for kind, (right, asked) in sorted(score.by_kind.items()):
        lines.append(f"- {kind_name(kind)}: {right}/{asked}")
    if history:
        lines += ["", tr("### 최근 기록", "### History"), ""]
        for run in history:
            when = run.started_at.astimezone().strftime("%m-%d %H:%M")
            lines.append(
                f"- {when} · {run.scope} · {run.correct}/{run.answered} ({run.percent:.0f}%)"
            )
    lines += ["", tr("*Esc: 홈으로*", "*Esc: back to home*")]
    return "\n".join(lines)


class QuizScreen(Screen[None]):
    """A quiz session in the terminal."""

    CSS_PATH = "quiz.tcss"
    BINDINGS = [
        Binding("space", "reveal", "Show answer"),
        Binding("ctrl+s", "submit", "Submit", priority=True),
        Binding("y", "self_grade(True)", "Knew it / I was right"),
        Binding("n", "self_grade(False)", "Missed / I was wrong"),
        Binding("enter", "next", "Next / accept"),
        Binding("f", "flow", "Show in flow"),
        Binding("1", "pick(0)", show=False),
        Binding("2", "pick(1)", show=False),
        Binding("3", "pick(2)", show=False),
        Binding("4", "pick(3)", show=False),
        Binding("5", "pick(4)", show=False),
        Binding("a", "count_as_right", "Count as right"),
        Binding("r", "review_wrong", "Review these"),
        Binding("w", "retry_wrong", "Retry wrong"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    stage: reactive[str] = reactive("loading")
    """loading → asking → (revealed | assessed) → graded → … → finished."""

    def __init__(self, settings: QuizSettings) -> None:
        super().__init__()
        self.settings = settings
        self.session: QuizSession | None = None
        self.question: Question | None = None
        self.verdict: Verdict | None = None
        self.views: list[FlowView] = []
        self._next_view = 0
        self.shown_at: datetime | None = None
        self.number = 0
        """1-based number of the question on screen."""
        self.essay = ""
        self.assessment: MeaningResult | None = None
        """The grader's verdict on the written answer, awaiting the user's say."""
        self.analyser: Analyser | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="progress")
        with VerticalScroll(id="quiz-body"):
            # Drawing the questions can take seconds on a large deck: say so meanwhile.
            yield Markdown(tr("*문제를 고르는 중…*", "*picking the questions…*"), id="prompt")
            yield Vertical(id="answer-area")
            yield Static("", id="verdict")
            yield Markdown("", id="model-answer")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.sub_title = tr("퀴즈 · ", "quiz · ") + self.settings.describe()
        self.set_interval(1, self._tick)
        self.load_grader()
        self.start()

    @work(group="analyser")
    async def load_grader(self) -> None:
        """Load the morphological analyser in a thread while the first questions show."""
        self.analyser = await asyncio.to_thread(load_analyser)

    def _now(self) -> datetime:
        return self.app.clock()  # type: ignore[attr-defined]

    @work(exclusive=True, group="quiz")
    async def start(self) -> None:
        engine = self.app.engine  # type: ignore[attr-defined]
        now = self._now()
        self.session = await asyncio.to_thread(QuizSession, engine, self.settings, now)
        if not self.session.questions:
            scope = self.settings.describe()
            self.query_one("#prompt", Markdown).update(
                tr(
                    f"## 물어볼 카드가 없습니다\n\n*{scope}* — 다른 덱·태그·종류를 골라 "
                    "보세요.\n\n*Esc: 홈으로*",
                    f"## No cards to ask\n\n*{scope}* — try another deck, tag or kind."
                    "\n\n*Esc: back to home*",
                )
            )
            self.stage = "finished"
            return
        await self._ask()

    # -- asking ------------------------------------------------------------------------

    async def _ask(self) -> None:
        assert self.session is not None
        question = self.session.current
        if question is None or self.session.expired(self._now()):
            self.finish()
            return
        self.question = question
        self.verdict = None
        self.views = []
        self._next_view = 0
        self.essay = ""
        self.assessment = None
        self.shown_at = self._now()
        self.number = self.session.position + 1
        self.query_one("#prompt", Markdown).update(question.prompt)
        self._show_answer("")
        self.query_one("#verdict", Static).update("")
        area = self.query_one("#answer-area", Vertical)
        await area.remove_children()
        widget = self._input_for(question)
        if widget is not None:
            await area.mount(widget)
            # At once, not later like widget.focus(): a key pressed as soon as the question
            # shows must reach its input.
            self.set_focus(widget)
        self.stage = "asking"
        self._show_progress()
        self.query_one("#quiz-body", VerticalScroll).scroll_home(animate=False)

    def _input_for(self, question: Question) -> Input | Choices | OrderList | TextArea | None:
        kind = question.input
        if kind is AnswerInput.TEXT:
            return Input(placeholder=tr("답을 입력하고 Enter", "type and press Enter"), id="typed")
        if kind is AnswerInput.OPTIONS:
            return Choices(question.options, id="choices")
        if kind is AnswerInput.ORDER:
            return OrderList(question.shuffled, id="order")
        if kind is AnswerInput.ESSAY:
            area = TextArea(id="essay", soft_wrap=True, show_line_numbers=False)
            area.border_title = tr("답변 (ctrl+s: 제출)", "your answer (ctrl+s: submit)")
            return area
        return None

    def _show_answer(self, markdown: str) -> None:
        """The model answer or explanation below the verdict; hidden when there is none."""
        answer = self.query_one("#model-answer", Markdown)
        answer.update(markdown)
        answer.display = bool(markdown.strip())

    def _show_progress(self) -> None:
        session = self.session
        if session is None:
            return
        now = self._now()
        text = Text()
        text.append(
            tr("문제 ", "question ") + f"{self.number}/{len(session.questions)}", style="bold"
        )
        if self.question is not None:
            text.append(f" · {kind_name(self.question.kind)}")
        score = session.score()
        text.append(f" · ✔{score.correct} ✘{score.answered - score.correct}")
        left = session.time_left(now)
        if left is not None:
            text.append(tr(" · 남은 시간 ", " · left ") + clock_text(left), style="bold yellow")
        question = self.question
        if question is not None and question.time_limit_s and self.stage == "asking":
            assert self.shown_at is not None
            think = timedelta(seconds=question.time_limit_s) - (now - self.shown_at)
            text.append(tr(" · 생각 ", " · think ") + clock_text(think), style="bold cyan")
        self.query_one("#progress", Static).update(text)

    def _tick(self) -> None:
        """Once a second: the clocks; an interview answer is due, or the quiz is over."""
        session = self.session
        if session is None or self.stage in ("loading", "grading", "finished"):
            return
        now = self._now()
        if session.expired(now):
            self.notify(tr("시간 종료", "time is up"))
            self.finish()
            return
        question = self.question
        if (
            question is not None
            and question.time_limit_s
            and self.stage == "asking"
            and self.shown_at is not None
            and now - self.shown_at >= timedelta(seconds=question.time_limit_s)
        ):
            self.action_submit()
            return
        self._show_progress()

    # -- answering ---------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.stage == "asking":
            self._answer(TextResponse(event.value))

    def on_choices_picked(self, event: Choices.Picked) -> None:
        event.stop()
        if self.stage == "asking":
            self._answer(ChoiceResponse(event.index))

    def on_order_list_submitted(self, event: OrderList.Submitted) -> None:
        event.stop()
        if self.stage == "asking":
            self._answer(OrderResponse(event.order))

    def action_pick(self, index: int) -> None:
        question = self.question
        if self.stage == "asking" and question is not None and index < len(question.options):
            self._answer(ChoiceResponse(index))

    def action_reveal(self) -> None:
        """Flip: show the answer, then the user says whether they knew it."""
        if self.stage != "asking" or self.question is None:
            return
        self._show_answer(self.question.answer)
        self.query_one("#verdict", Static).update(
            Text(
                tr("알고 있었나요?  y: 예   n: 아니오", "Did you know it?  y: yes   n: no"),
                style="bold",
            )
        )
        self.stage = "revealed"

    def action_submit(self) -> None:
        """Interview question: the written answer is graded by meaning and shown with the
        model answer; the user then accepts the verdict or overrides it."""
        question = self.question
        if self.stage != "asking" or question is None or question.input is not AnswerInput.ESSAY:
            return
        self.essay = self.query_one("#essay", TextArea).text
        self.query_one("#essay", TextArea).read_only = True
        self.set_focus(None)
        if question.rubric is None:
            self._show_assessed(None)
            return
        self.stage = "grading"
        self.query_one("#verdict", Static).update(
            Text(
                tr(
                    "채점 중… (첫 채점은 분석기를 불러옵니다)",
                    "grading… (the first one loads the analyser)",
                )
            )
        )
        self.assess_essay(question)

    @work(exclusive=True, group="quiz")
    async def assess_essay(self, question: Question) -> None:
        analyser = self.analyser or await asyncio.to_thread(load_analyser)
        self.analyser = analyser
        result = await asyncio.to_thread(
            assess, question, self.essay, analyser, self.settings.profile
        )
        self._show_assessed(result)

    def _show_assessed(self, result: MeaningResult | None) -> None:
        question = self.question
        assert question is not None
        self.assessment = result
        text = Text()
        if result is not None:
            text.append_text(meaning_text(result))
            text.append(
                tr(
                    "\nenter: 채점 수락   y: 내가 맞았다   n: 내가 틀렸다",
                    "\nenter: accept   y: I was right   n: I was wrong",
                ),
                style="bold",
            )
        else:
            text.append(
                tr("스스로 채점  y: 알았음   n: 몰랐음", "grade yourself  y: knew it   n: missed")
            )
        self.query_one("#verdict", Static).update(text)
        self._show_answer(question.answer or tr("*모범 답안 없음*", "*no model answer*"))
        self.stage = "assessed"

    def action_self_grade(self, knew: bool) -> None:
        if self.stage == "assessed" and self.assessment is not None:
            self._answer(EssayResponse(self.essay, self.assessment, override=knew))
        elif self.stage in ("revealed", "assessed"):
            self._answer(SelfGrade(knew, self.essay))

    def _answer(self, response: Response) -> None:
        self.stage = "grading"
        self.record(response)

    @work(exclusive=True, group="quiz")
    async def record(self, response: Response) -> None:
        session, question = self.session, self.question
        assert session is not None and question is not None and self.shown_at is not None
        now = self._now()
        duration_ms = int((now - self.shown_at).total_seconds() * 1000)
        verdict = await asyncio.to_thread(session.answer, response, now, duration_ms)
        self.verdict = verdict
        self.views = self._views(question, verdict)
        self.query_one("#verdict", Static).update(verdict_text(question, verdict, self.views))
        self._show_answer(question.answer)
        for widget in self.query_one("#answer-area", Vertical).children:
            widget.disabled = True
        self.set_focus(None)
        self.stage = "graded"
        self._show_progress()

    def _views(self, question: Question, verdict: Verdict) -> list[FlowView]:
        """The simulator views this graded question can open (none for most cards)."""
        if question.flow is not None:
            given = None if verdict.correct else markdown_plain(verdict.given)
            return [answer_view(question.flow, verdict.correct, given)]
        if verdict.meaning is not None and question.rubric is not None:
            outcomes = [(p.point, p.status is Status.MADE) for p in verdict.meaning.points]
            views = contradiction_views(verdict.meaning.contradictions)
            views += rubric_views(question.rubric, outcomes, self.settings.profile)
            if views:
                return views
        if question.link is not None:
            label = tr("정답", "right") if verdict.correct else tr("오답", "wrong")
            view = linked_view(question.link.scenario, question.link.steps, verdict.correct, label)
            return [view] if view is not None else []
        return []

    # -- after the verdict -------------------------------------------------------------

    async def action_next(self) -> None:
        if self.stage == "graded":
            await self._ask()
        elif self.stage == "assessed" and self.assessment is not None:
            self._answer(EssayResponse(self.essay, self.assessment))

    def action_flow(self) -> None:
        """Open the simulator on the next linked scenario, its steps marked, playing."""
        if self.stage != "graded" or not self.views:
            return
        from quizapp.tui.screens.simulator import SimulatorScreen

        view = self.views[self._next_view % len(self.views)]
        self._next_view += 1
        self.app.push_screen(
            SimulatorScreen(
                view.scenario,
                profile=view.profile,
                lang=language(),
                marks=view.marks,
                autoplay=True,
                step=view.step,
            )
        )

    @work(exclusive=True, group="quiz")
    async def finish(self) -> None:
        session = self.session
        assert session is not None
        self.stage = "finished"
        engine = self.app.engine  # type: ignore[attr-defined]
        score = await asyncio.to_thread(session.finish, self._now())
        history = await asyncio.to_thread(quiz_history, engine, HISTORY_SHOWN)
        self.question = None
        await self.query_one("#answer-area", Vertical).remove_children()
        self.query_one("#verdict", Static).update("")
        self._show_answer("")
        self.query_one("#prompt", Markdown).update(score_markdown(score, history))
        self._show_progress()

    def watch_stage(self, stage: str) -> None:
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys that do something now are shown in the footer."""
        stage = self.stage
        answering = self.question.input if stage == "asking" and self.question else None
        if action == "reveal":
            return answering is AnswerInput.REVEAL
        if action == "submit":
            return answering is AnswerInput.ESSAY
        if action == "pick":
            return answering is AnswerInput.OPTIONS
        if action == "self_grade":
            return stage in ("revealed", "assessed")
        if action == "next":
            return stage == "graded" or (stage == "assessed" and self.assessment is not None)
        if action == "flow":
            return stage == "graded" and bool(self.views)
        if action == "count_as_right":
            verdict = self.verdict if stage == "graded" else None
            return verdict is not None and not verdict.correct and verdict.typed is not None
        if action in ("review_wrong", "retry_wrong"):
            return (
                stage == "finished"
                and self.session is not None
                and any(not a.verdict.correct for a in self.session.answers)
            )
        return True

    # -- acting on mistakes ------------------------------------------------------------

    @work(exclusive=True, group="quiz")
    async def action_count_as_right(self) -> None:
        """Override a typed answer the matcher judged wrong (a spelling it did not know)."""
        session, question = self.session, self.question
        if session is None or question is None or self.stage != "graded":
            return
        verdict = await asyncio.to_thread(session.count_as_right)
        self.verdict = verdict
        self.query_one("#verdict", Static).update(verdict_text(question, verdict, self.views))
        self.notify(tr("맞은 것으로 셈", "counted as right"))
        self._show_progress()
        self.refresh_bindings()

    def action_review_wrong(self) -> None:
        """A review session of the cards answered wrongly (only the ratings given count)."""
        if self.session is not None:
            wrong = self.session.wrong_card_ids()
            self.app.action_review_cards(wrong, tr("틀린 카드", "wrong answers"))  # type: ignore[attr-defined]

    def action_retry_wrong(self) -> None:
        """The same quiz again, on the cards answered wrongly only."""
        from dataclasses import replace

        if self.session is None:
            return
        wrong = self.session.wrong_card_ids()
        # Options shuffled anew, so their places are not what is remembered; a quiz run
        # with a seed stays reproducible (its retry takes the next seed).
        seed = None if self.settings.seed is None else self.settings.seed + 1
        settings = replace(self.settings, card_ids=wrong, count=len(wrong), seed=seed)
        self.app.switch_screen(QuizScreen(settings))
