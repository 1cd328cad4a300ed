"""The verdict of a graded question as Rich text: right or wrong, diff, rubric points."""

from __future__ import annotations

from rich.text import Text

from quizapp.quiz.flow import FlowView
from quizapp.quiz.grading import Diff, Match
from quizapp.quiz.questions import Question, Verdict
from quizapp.quiz.rubric import RubricResult

SHORT_ANSWER = 120
"""Answers longer than this (in characters) are left to the model answer below."""
RIGHT = "bold green"
WRONG = "bold red"


def verdict_text(question: Question, verdict: Verdict, views: list[FlowView]) -> Text:
    """Everything the user needs to see about their answer, model answer excepted."""
    text = Text()
    if verdict.self_graded:
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
    if verdict.rubric is not None:
        text.append("\n")
        text.append_text(rubric_text(verdict.rubric))
    for view in views:
        hits = sum(m.hit for m in view.marks.values())
        text.append(
            f"\nf: 흐름에서 보기 · show in flow — {view.scenario} ({view.profile}) "
            f"✔{hits} ✘{len(view.marks) - hits}",
            style="dim",
        )
    return text


def rubric_text(result: RubricResult) -> Text:
    """One line per key point, ✔ hit (with the words found) or ✘ missed, then the score."""
    text = Text()
    verdict = "통과 · pass" if result.passed else "미달 · not yet"
    text.append(
        f"요점 · key points {result.hits}/{len(result.points)} — {verdict} "
        f"(기준 · needs {result.rubric.needed})",
        style="bold",
    )
    for point in result.points:
        label = point.point.ko or point.point.en
        if point.point.en and point.point.en != label:
            label += f" · {point.point.en}"
        if point.hit:
            text.append(f"\n✔ {label}", style="green")
            text.append(f"  «{point.matched}»", style="dim")
        else:
            text.append(f"\n✘ {label}", style="red")
    return text
