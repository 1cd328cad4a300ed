"""The verdict of a graded question as Rich text: right or wrong, diff, rubric points."""

from __future__ import annotations

from rich.text import Text

from quizapp.quiz.flow import FlowView
from quizapp.quiz.grading import Diff, Match
from quizapp.quiz.meaning import Grade, MeaningResult, Status
from quizapp.quiz.questions import Question, Verdict

SHORT_ANSWER = 120
"""Answers longer than this (in characters) are left to the model answer below."""
RIGHT = "bold green"
WRONG = "bold red"


def verdict_text(question: Question, verdict: Verdict, views: list[FlowView]) -> Text:
    """Everything the user needs to see about their answer, model answer excepted."""
    text = Text()
    if verdict.grade is not None:
        head = GRADE_HEADS[verdict.grade]
        if verdict.overridden:
            head = (f"{head[0]} — 내 판단 · your call", head[1])
    elif verdict.self_graded:
        head = ("✔ 알았음 · knew it", RIGHT) if verdict.correct else ("✘ 몰랐음 · missed", WRONG)
    elif verdict.correct:
        head = ("✔ 정답 · right", RIGHT)
    elif verdict.score > 0:
        head = (f"◐ 부분 정답 · partly right {verdict.score:.0%}", "bold yellow")
    else:
        head = ("✘ 오답 · wrong", WRONG)
    text.append(*head)
    # A long order of sentences is clearer as the numbered model answer below.
    short = len(verdict.expected) <= SHORT_ANSWER
    if verdict.expected and not verdict.self_graded and short:
        text.append("\n정답 · answer: ", style="bold")
        text.append(verdict.expected)
    if verdict.given and not verdict.correct and not verdict.self_graded and short:
        text.append("\n내 답 · yours: ", style="bold")
        text.append(verdict.given)
    typed = verdict.typed
    if typed is not None:
        if typed.match is Match.EMPTY:
            text.append("\n빈 답은 정답이 아닙니다 · an empty answer never passes", style="dim")
        elif typed.threshold is not None and typed.match is not Match.EQUAL:
            text.append(
                f"\n유사도 · similarity {typed.similarity:.0f}% "
                f"(기준 · threshold {typed.threshold:.0f}%)",
                style="dim",
            )
    if verdict.diff:
        text.append("\n차이 · diff: ", style="bold")
        for part in verdict.diff:
            if part.kind is Diff.SAME:
                text.append(part.text)
            elif part.kind is Diff.EXTRA:
                text.append(part.text, style="red strike")
            else:
                text.append(part.text, style="green underline")
    if verdict.ordering is not None and not verdict.correct:
        run = verdict.ordering
        text.append(
            f"\n가장 긴 올바른 순서 · longest run in order: {run.run}/{run.total}", style="dim"
        )
    if verdict.meaning is not None:
        text.append("\n")
        text.append_text(meaning_text(verdict.meaning))
    for view in views:
        hits = sum(m.hit for m in view.marks.values())
        text.append(
            f"\nf: 흐름에서 보기 · show in flow — {view.scenario} ({view.profile}) "
            f"✔{hits} ✘{len(view.marks) - hits}",
            style="dim",
        )
    return text


GRADE_HEADS = {
    Grade.PASS: ("✔ 통과 · pass", RIGHT),
    Grade.PARTIAL: ("◐ 부분 · partial", "bold yellow"),
    Grade.FAIL: ("✘ 미달 · fail", WRONG),
}
_STATUS_MARKS = {
    Status.MADE: ("✔", "green"),
    Status.MISSED: ("✘", "red"),
    Status.DENIED: ("⊘", "bold red"),
}


def meaning_text(result: MeaningResult) -> Text:
    """The grader's verdict, one line per key point with the clause that made or denied
    it, then the claims the simulator refutes."""
    text = Text()
    made = len(result.made)
    text.append(
        f"채점 · grader: {result.grade.value} — 요점 · key points {made}/{len(result.points)} "
        f"(기준 · needs {result.rubric.needed})",
        style="bold",
    )
    if result.stuffed:
        text.append(f"\n{result.stuffed}", style="bold red")
    for point in result.points:
        label = point.point.ko or point.point.en
        if point.point.en and point.point.en != label:
            label += f" · {point.point.en}"
        symbol, style = _STATUS_MARKS[point.status]
        text.append(f"\n{symbol} {label}", style=style)
        if point.status is Status.DENIED:
            text.append(" — 부정함 · denied", style=style)
        if point.clause:
            text.append(f"  «{point.clause}»", style="dim")
    for found in result.contradictions:
        text.append(f"\n✘ 흐름과 모순 · contradicts the flow: «{found.claim}»", style="bold red")
        text.append(f"\n   {found.scenario} ({found.profile}) {found.truth}", style="red")
    return text
