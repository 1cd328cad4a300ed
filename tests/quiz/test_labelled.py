"""Agreement with a strict examiner on 241 hand-labelled answers (tests/quiz/data).

The answers and their verdicts were written before the grader was tuned; the file's
header states the examiner's rule. Run with `-s` to see the table per category.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from quizapp.quiz.analyser import Analyser
from quizapp.quiz.meaning import grade_meaning

from .conftest import bundled_rubrics

DATA = Path(__file__).parent / "data" / "labelled_answers.yaml"
REQUIRED = 0.90
CATEGORIES = (
    "correct",
    "conjugated",
    "paraphrased",
    "partial",
    "negated",
    "stuffed",
    "wrong-with-keywords",
    "contradicting",
    "order",
    "conditional",
)


def _labelled() -> list[dict[str, str]]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def test_the_labelled_set_covers_every_category_in_both_languages() -> None:
    rows = _labelled()
    assert len(rows) >= 200
    kinds = Counter((r["category"], r["lang"]) for r in rows)
    assert all(kinds[(c, lang)] >= 3 for c in CATEGORIES for lang in ("ko", "en"))
    assert {r["card"] for r in rows} <= set(bundled_rubrics())


def test_the_grader_agrees_with_the_examiner(analyser: Analyser) -> None:
    rows = _labelled()
    rubrics = bundled_rubrics()
    agree: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    wrong = []
    for row in rows:
        result = grade_meaning(row["answer"], rubrics[row["card"]], analyser)
        key = row["category"]
        seen[key] += 1
        if result.grade.value == row["verdict"]:
            agree[key] += 1
        else:
            wrong.append(f"{row['verdict']:>7} ≠ {result.grade.value:<7} {key}: {row['answer']}")
    lines = [f"{c:<20} {agree[c]:>3}/{seen[c]:<3} {100 * agree[c] / seen[c]:5.1f} %" for c in seen]
    total = sum(agree.values()) / len(rows)
    lines.append(f"{'all':<20} {sum(agree.values()):>3}/{len(rows):<3} {100 * total:5.1f} %")
    print("\n" + "\n".join(lines) + "\n\ndisagreements:\n" + "\n".join(wrong))
    assert total >= REQUIRED, "\n".join(lines + wrong)


@pytest.mark.parametrize("category", CATEGORIES)
def test_no_category_is_left_behind(analyser: Analyser, category: str) -> None:
    """Each kind of answer is graded right at least three times in four."""
    rows = [r for r in _labelled() if r["category"] == category]
    rubrics = bundled_rubrics()
    agree = sum(
        grade_meaning(r["answer"], rubrics[r["card"]], analyser).grade.value == r["verdict"]
        for r in rows
    )
    assert agree / len(rows) >= 0.75
