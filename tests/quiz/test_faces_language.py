"""An ordering card's prompt on screen is in the UI language only (the importer stores it
in both: `ORDERING_PROMPT`); in a quiz too."""

from __future__ import annotations

import json
import random

import pytest

from quizapp import i18n
from quizapp.deck.models import Card
from quizapp.notes.model import CardKind
from quizapp.notes.parser import ORDERING_PROMPT
from quizapp.quiz.faces import card_faces
from quizapp.quiz.questions import QuestionKind, make_question

STEPS = ["클라이언트가 FIN을 보낸다", "서버가 ACK로 응답한다", "서버가 자기 FIN을 보낸다"]


def _ordering_card() -> Card:
    return Card(
        id="close-steps",
        deck_id=1,
        kind=CardKind.ORDERING,
        question=f"연결 종료 과정 — {ORDERING_PROMPT}",
        answer="\n".join(f"{n}. {step}" for n, step in enumerate(STEPS, 1)),
        question_key="연결 종료 과정",
        extra_json=json.dumps({"steps": STEPS}, ensure_ascii=False),
        source_path="tcp.md",
        source_line=3,
    )


@pytest.mark.parametrize(
    ("lang", "prompt", "other"),
    [("ko", "순서대로 나열하세요", "put the steps in order"),
     ("en", "put the steps in order", "순서대로 나열하세요")],
)  # fmt: skip
def test_the_ordering_prompt_follows_the_ui_language(lang, prompt, other):
    before = i18n.language()
    i18n.set_language(lang)
    try:
        front = card_faces(_ordering_card()).front
        question = make_question(_ordering_card(), QuestionKind.ORDERING, {}, random.Random(1))
    finally:
        i18n.set_language(before)
    assert front.startswith(f"연결 종료 과정 — {prompt}")
    assert other not in front
    assert question is not None and question.prompt == f"연결 종료 과정 — {prompt}"
