"""The two faces of a card as Markdown, by kind: what the front asks and what the back shows.

The words the app adds to a card (`What is it?`, `model answer`, the ordering prompt) are
in the UI language on screen. An export writes them in the card's own language instead
(`card_language`: Korean when its question or answer has Hangul, else English), so a
Korean deck exported under an English UI keeps Korean faces, and the other way round.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from quizapp.deck.models import Card
from quizapp.i18n import Language, language
from quizapp.notes.model import CardKind
from quizapp.notes.parser import ORDERING_PROMPT
from quizapp.quiz.fold import has_hangul

OPTION_LETTERS = "ABCDEFGHIJ"


@dataclass(frozen=True)
class Faces:
    front: str
    back: str


def shuffled_steps(card_id: str, steps: list[str]) -> list[str]:
    """The steps in an order that differs from the right one, the same each time for a card.

    Steps that are all the same have no other order: they come back as they are.
    """
    if len(set(steps)) < 2:
        return list(steps)
    rng = random.Random(card_id)
    order = list(steps)
    while order == steps:
        rng.shuffle(order)
    return order


def _numbered(items: list[str]) -> str:
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, 1))


def card_language(card: Card) -> Language:
    """The language a card is written in: Korean when its question or answer has Hangul."""
    return "ko" if has_hangul(card.question) or has_hangul(card.answer) else "en"


def card_question(card: Card, lang: Language | None = None) -> str:
    """The card's question, with the ordering prompt the importer adds to a procedure's
    heading (in both languages) in `lang` only (default: the UI language)."""
    say = _say(lang)
    prompt = say("순서대로 나열하세요", "put the steps in order")
    return card.question.replace(ORDERING_PROMPT, prompt)


def _say(lang: Language | None) -> Callable[[str, str], str]:
    """`tr` for `lang`, or the UI language's own when it is None."""
    chosen = lang or language()
    return lambda ko, en: ko if chosen == "ko" else en


def card_faces(card: Card, lang: Language | None = None) -> Faces:
    """Front and back Markdown of a card; the words added to it in `lang` (default: the UI
    language)."""
    tr = _say(lang)
    extra: dict[str, Any] = card.extra
    kind = card.kind
    if kind == CardKind.ORDERING and extra.get("steps"):
        steps = list(extra["steps"])
        shuffled = "\n".join(f"- {step}" for step in shuffled_steps(card.id, steps))
        return Faces(f"{card_question(card, lang)}\n\n{shuffled}", _numbered(steps))
    if kind == CardKind.CHOICE and extra.get("options"):
        options = list(extra["options"])
        lines = [f"- **{OPTION_LETTERS[i]})** {opt}" for i, opt in enumerate(options)]
        front = card.question + "\n\n" + "\n".join(lines)
        correct = extra.get("correct")
        if isinstance(correct, int) and 0 <= correct < len(options):
            back = f"**{OPTION_LETTERS[correct]})** {options[correct]}"
            if card.answer.strip():
                back += "\n\n" + card.answer
        else:
            back = card.answer
        return Faces(front, back)
    if kind == CardKind.OPEN:
        section = extra.get("linked_section")
        if card.answer.strip():
            back = card.answer
            if isinstance(section, dict) and section.get("title"):
                back = f"*{tr('모범 답안', 'model answer')}: {section['title']}*\n\n{back}"
        else:
            back = tr(
                "*자기 평가: 노트의 어느 절도 이 질문에 답하지 않습니다.*",
                "*self-graded: no section of the note answers this question.*",
            )
        return Faces(card.question, back)
    if kind == CardKind.FLOW:
        return Faces(card.question, _flow_back(extra, card.answer, tr))
    if kind == CardKind.DEFINITION:
        return Faces(f"**{card.question}**\n\n*{tr('무엇인가요?', 'What is it?')}*", card.answer)
    if kind == CardKind.REVERSE:
        prompt = tr("어떤 용어인가요?", "Which term?")
        return Faces(f"{card.question}\n\n*{prompt}*", f"**{card.answer}**")
    return Faces(card.question, card.answer)


def _flow_back(extra: dict[str, Any], explanation: str, tr: Callable[[str, str], str]) -> str:
    """A flow card's answer, computed by the simulator (the note never states it)."""
    from quizapp.quiz.flow import STEP_PROFILE, FlowError, flow_answer

    scenario, query = str(extra.get("scenario")), str(extra.get("query"))
    try:
        answer = flow_answer(scenario, query, STEP_PROFILE)
    except FlowError as exc:
        return f"*{tr('시뮬레이터가 답하지 못함', 'the simulator cannot answer')}: {exc}*"
    source = f"*{tr('시뮬레이터', 'simulator')}: `{scenario}` ({STEP_PROFILE}), `{query}`*"
    back = f"**{answer.text}**\n\n{source}"
    return f"{back}\n\n{explanation}" if explanation.strip() else back
