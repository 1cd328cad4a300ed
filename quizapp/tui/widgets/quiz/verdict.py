"""The verdict of a graded question as Rich text: right or wrong, diff, rubric points."""

from __future__ import annotations

from rich.text import Text

from quizapp.i18n import language, tr
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
        head = grade_head(verdict.grade)
        if verdict.overridden:
            head = (f"{head[0]} — " + tr("내 판단", "your call"), head[1])
    elif verdict.self_graded:
        knew = ("✔ " + tr("알았음", "knew it"), RIGHT)
        head = knew if verdict.correct else ("✘ " + tr("몰랐음", "missed"), WRONG)
    elif verdict.correct:
        head = ("✔ " + tr("정답", "right"), RIGHT)
    elif verdict.score > 0:
        head = ("◐ " + tr("부분 정답", "partly right") + f" {verdict.score:.0%}", "bold yellow")
    else:
        head = ("✘ " + tr("오답", "wrong"), WRONG)
    text.append(*head)
    # A long order of sentences is clearer as the numbered model answer below.
    short = len(verdict.expected) <= SHORT_ANSWER
    if verdict.expected and not verdict.self_graded and short:
        text.append(tr("\n정답: ", "\nanswer: "), style="bold")
        text.append(verdict.expected)
    if verdict.given and not verdict.correct and not verdict.self_graded and short:
        text.append(tr("\n내 답: ", "\nyours: "), style="bold")
        text.append(verdict.given)
    typed = verdict.typed
    if typed is not None:
        if typed.match is Match.EMPTY:
            text.append(
                tr("\n빈 답은 정답이 아닙니다", "\nan empty answer never passes"), style="dim"
            )
        elif typed.threshold is not None and typed.match is not Match.EQUAL:
            text.append(
                tr(
                    f"\n유사도 {typed.similarity:.0f}% (기준 {typed.threshold:.0f}%)",
                    f"\nsimilarity {typed.similarity:.0f}% (threshold {typed.threshold:.0f}%)",
                ),
                style="dim",
            )
    if verdict.diff:
        text.append(tr("\n차이: ", "\ndiff: "), style="bold")
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
            tr("\n가장 긴 올바른 순서: ", "\nlongest run in order: ") + f"{run.run}/{run.total}",
            style="dim",
        )
    if verdict.meaning is not None:
        text.append("\n")
        text.append_text(meaning_text(verdict.meaning))
    for view in views:
        hits = sum(m.hit for m in view.marks.values())
        text.append(
            tr("\nf: 흐름에서 보기 — ", "\nf: show in flow — ")
            + f"{view.scenario} ({view.profile}) "
            f"✔{hits} ✘{len(view.marks) - hits}",
            style="dim",
        )
    return text


def grade_name(grade: Grade) -> str:
    return {
        Grade.PASS: tr("통과", "pass"),
        Grade.PARTIAL: tr("부분", "partial"),
        Grade.FAIL: tr("미달", "fail"),
    }[grade]


def grade_head(grade: Grade) -> tuple[str, str]:
    """The verdict's first line for a graded written answer, and its style."""
    mark, style = {
        Grade.PASS: ("✔", RIGHT),
        Grade.PARTIAL: ("◐", "bold yellow"),
        Grade.FAIL: ("✘", WRONG),
    }[grade]
    return f"{mark} {grade_name(grade)}", style


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
    points, needed, grade = len(result.points), result.rubric.needed, grade_name(result.grade)
    text.append(
        tr(
            f"채점: {grade} — 요점 {made}/{points} (기준 {needed})",
            f"grader: {grade} — key points {made}/{points} (needs {needed})",
        ),
        style="bold",
    )
    if result.stuffed:
        text.append(f"\n{result.stuffed}", style="bold red")
    for point in result.points:
        # A rubric point is written in both languages; the other one stands in when one is missing.
        ko, en = point.point.ko, point.point.en
        label = (ko or en) if language() == "ko" else (en or ko)
        symbol, style = _STATUS_MARKS[point.status]
        text.append(f"\n{symbol} {label}", style=style)
        if point.status is Status.DENIED:
            text.append(tr(" — 부정함", " — denied"), style=style)
        if point.clause:
            text.append(f"  «{point.clause}»", style="dim")
    for found in result.contradictions:
        text.append(
            tr("\n✘ 흐름과 모순: ", "\n✘ contradicts the flow: ") + f"«{found.claim}»",
            style="bold red",
        )
        text.append(f"\n   {found.scenario} ({found.profile}) {found.truth}", style="red")
    return text
