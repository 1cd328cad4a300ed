"""Rule answer_key: numbered questions, options in a nested quote, answers in a key (shape 13)."""

from __future__ import annotations

import pytest

from quizapp.notes import CardKind
from quizapp.notes.rules.answer_key import key_pairs

from ..helpers import note

KOREAN = """
## 객관식

1. 다음 중 선점형 스케줄링 기법은?
   > ① FCFS
   > ② Round Robin
   > ③ SJF

2. 다음 코드의 출력은?

   ```c
   printf("%d", 7 / 2);
   ```

   > ① 3
   > ② 3.5

정답: 1-②, 2-①
"""

ENGLISH = """
## Quiz

1. Which method returns a new array?

   > a. forEach
   > b. map

2. Which status code means Not Found?

   > a. 301
   > b. 404
   > c. 500

### Answers

1. b
2. b
"""


def test_korean_questions_get_their_answers_from_the_key() -> None:
    doc = note(KOREAN)
    first, second = doc.cards
    assert {first.rule, second.rule, first.kind, second.kind} == {"answer_key", CardKind.CHOICE}
    assert (first.question, first.answer, first.line) == (
        "다음 중 선점형 스케줄링 기법은?",
        "Round Robin",
        3,
    )
    assert first.extra["options"] == ["FCFS", "Round Robin", "SJF"]
    # the code between the question and its options is part of the question
    assert second.question.startswith("다음 코드의 출력은?\n\n```c\nprintf")
    assert (second.answer, second.extra["correct"]) == ("3", 0)
    assert not [u for u in doc.unclaimed if u.kind == "paragraph"]  # the key is used up


def test_english_key_as_a_numbered_list_under_an_answers_heading() -> None:
    doc = note(ENGLISH)
    assert [(c.kind, c.answer) for c in doc.cards] == [
        (CardKind.CHOICE, "map"),
        (CardKind.CHOICE, "404"),
    ]


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("정답: 1-③, 2-①", {1: "③", 2: "①"}),
        ("Answers: 1. b 2. d 3. b", {1: "b", 2: "d", 3: "b"}),
        ("**정답** 1번 ② / 2번 ④", {1: "②", 2: "④"}),
        ("Answer key: 1) C, 2) A", {1: "C", 2: "A"}),
        ("정답: 1번 문제는 헷갈린다", {}),  # a sentence, not a key
        ("Answers will be posted later", {}),
        ("1-③, 2-①", {}),  # no label
    ],
)
def test_key_pairs(text: str, pairs: dict[int, str]) -> None:
    assert key_pairs(text) == pairs


@pytest.mark.parametrize(
    "text",
    [
        # no key at all
        "1. 다음 중 옳은 것은?\n   > ① 가\n   > ② 나\n\n"
        "2. 다음 중 틀린 것은?\n   > ① 다\n   > ② 라\n",
        # the key is in another section
        "## 1부\n\n1. Which one?\n   > a. x\n   > b. y\n\n## 2부\n\nAnswers: 1. b\n",
        # the key names no option of the question
        "1. Which one?\n   > a. x\n   > b. y\n\nAnswers: 1. d\n",
    ],
)
def test_near_misses_make_no_choice_cards(text: str) -> None:
    assert [c for c in note(text).cards if c.rule == "answer_key"] == []
