"""Questions made from cards, and grading a response to one.

A card can be asked in several ways: a definition as a typed term or as a pick among its
siblings' terms, a cloze blank typed or picked, a procedure put in order, a conceptual
question answered in words and checked by its rubric, a flow question answered by the
simulator. `kinds_for` says which ways fit a card, `make_question` builds one, `grade`
judges a response. Everything here is pure: cards in, plain data out.
"""

from __future__ import annotations

import enum
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from quizapp.deck.models import Card
from quizapp.i18n import tr
from quizapp.notes.model import CardKind
from quizapp.notes.rubric import Rubric
from quizapp.quiz.analyser import Analyser
from quizapp.quiz.distractors import MAX_DISTRACTORS, MIN_DISTRACTORS, pick_distractors
from quizapp.quiz.faces import card_faces, card_question
from quizapp.quiz.flow import FlowAnswer, FlowError, flow_answer, flow_options, is_ordering
from quizapp.quiz.fold import fold, markdown_plain
from quizapp.quiz.grading import (
    DiffPart,
    OrderingResult,
    TypedResult,
    char_diff,
    grade_ordering,
    grade_typed,
)
from quizapp.quiz.meaning import Grade, MeaningResult, grade_meaning
from quizapp.quiz.settings import QuestionKind

SHORT_ANSWER_CHARS = 40
"""A basic card whose answer folds to at most this many characters can be typed."""
OPEN_SECONDS = 120
"""Thinking time for an interview question before the answer is asked for."""
HISTORY_CHARS = 120
"""How much of a self-graded question's model answer its history keeps as "expected"."""
DISTRACTORS = 3
"""Wrong options per multiple-choice question when there are enough (so 4 options)."""


class AnswerInput(enum.StrEnum):
    """What the user answers with."""

    REVEAL = "reveal"
    TEXT = "text"
    OPTIONS = "options"
    ORDER = "order"
    ESSAY = "essay"


@dataclass(frozen=True, slots=True)
class ScenarioLink:
    """A non-flow question's link to the simulator (`flow scenario=… step=…`)."""

    scenario: str
    steps: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Question:
    kind: QuestionKind
    card_id: str
    prompt: str
    """Markdown."""
    answer: str
    """Markdown shown once graded: the model answer or the explanation."""
    source: str = ""
    accepted: tuple[str, ...] = ()
    """Typed answers that count (the first is the one shown)."""
    options: tuple[str, ...] = ()
    correct_option: int | None = None
    steps: tuple[str, ...] = ()
    """The right order."""
    shuffled: tuple[str, ...] = ()
    """The order first shown."""
    rubric: Rubric | None = None
    time_limit_s: int | None = None
    flow: FlowAnswer | None = None
    link: ScenarioLink | None = None

    @property
    def input(self) -> AnswerInput:
        if self.kind is QuestionKind.FLIP:
            return AnswerInput.REVEAL
        if self.kind is QuestionKind.OPEN:
            return AnswerInput.ESSAY
        if self.options:
            return AnswerInput.OPTIONS
        if self.steps:
            return AnswerInput.ORDER
        return AnswerInput.TEXT

    @property
    def expected(self) -> str:
        """The right answer in one line, for the verdict and the history."""
        if self.options and self.correct_option is not None:
            return self.options[self.correct_option]
        if self.steps:
            return " → ".join(markdown_plain(s) for s in self.steps)
        if self.accepted:
            return markdown_plain(self.accepted[0])
        # Self-graded: the model answer's first line, enough to recognise it in the history.
        lines = [markdown_plain(line).strip() for line in self.answer.splitlines()]
        return next((line for line in lines if line), "")[:HISTORY_CHARS]


# -- responses and verdicts ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextResponse:
    text: str


@dataclass(frozen=True, slots=True)
class ChoiceResponse:
    index: int


@dataclass(frozen=True, slots=True)
class OrderResponse:
    order: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SelfGrade:
    """The user's own verdict on a flip question, or on an open one with no rubric."""

    knew: bool
    text: str = ""


@dataclass(frozen=True, slots=True)
class EssayResponse:
    """A written answer, the grader's verdict on it, and the user's say on that verdict.

    `override`: None accepts the grader's verdict; True is "I was right" (pass), False
    "I was wrong" (fail). The quiz's score and the review rating follow the result.
    """

    text: str
    result: MeaningResult
    override: bool | None = None

    @property
    def grade(self) -> Grade:
        if self.override is None:
            return self.result.grade
        return Grade.PASS if self.override else Grade.FAIL


Response = TextResponse | ChoiceResponse | OrderResponse | SelfGrade | EssayResponse


@dataclass(frozen=True, slots=True)
class Verdict:
    correct: bool
    score: float
    """0–1: partial credit for an ordering; the share of rubric points for an open answer."""
    given: str
    """The response as text (for the history)."""
    expected: str
    self_graded: bool = False
    typed: TypedResult | None = None
    diff: tuple[DiffPart, ...] = ()
    """For a wrong typed answer: where it differs from the expected one."""
    ordering: OrderingResult | None = None
    meaning: MeaningResult | None = None
    """The grader's reading of a written answer (points made, missed, denied)."""
    grade: Grade | None = None
    """The final pass / partial / fail of a written answer, after the user's say."""
    overridden: bool = False
    """The user changed the grader's verdict."""


def assess(
    question: Question, text: str, analyser: Analyser, profile: str = "rfc"
) -> MeaningResult | None:
    """The grader's verdict on a written answer, shown before the user accepts or overrides
    it; None when the question has no rubric."""
    if question.rubric is None:
        return None
    return grade_meaning(text, question.rubric, analyser, profile=profile)


def grade(question: Question, response: Response) -> Verdict:
    """Judge a response; the response must fit the question's input."""
    expected = question.expected
    match response:
        case SelfGrade(knew, text):
            if question.input not in (AnswerInput.REVEAL, AnswerInput.ESSAY):
                raise ValueError(f"a {question.kind} question is not self-graded")
            return Verdict(knew, float(knew), text, expected, self_graded=True)
        case EssayResponse(text, result, override):
            if question.input is not AnswerInput.ESSAY:
                raise ValueError(f"a {question.kind} question is not answered in writing")
            final = response.grade
            return Verdict(
                final is Grade.PASS,
                final.score,
                text,
                expected,
                self_graded=override is not None,
                meaning=result,
                grade=final,
                overridden=override is not None and final is not result.grade,
            )
        case TextResponse(text):
            if question.input is not AnswerInput.TEXT:
                raise ValueError(f"a {question.kind} question is not answered by typing")
            typed = grade_typed(text, question.accepted)
            diff = () if typed.correct else char_diff(text, typed.expected)
            return Verdict(
                typed.correct, float(typed.correct), text, expected, typed=typed, diff=diff
            )
        case ChoiceResponse(index):
            if question.input is not AnswerInput.OPTIONS or not 0 <= index < len(question.options):
                raise ValueError(f"option {index} does not fit a {question.kind} question")
            right = index == question.correct_option
            return Verdict(right, float(right), question.options[index], expected)
        case OrderResponse(order):
            if question.input is not AnswerInput.ORDER:
                raise ValueError(f"a {question.kind} question is not answered by an order")
            result = grade_ordering(order, question.steps)
            given = " → ".join(markdown_plain(s) for s in order)
            return Verdict(result.correct, result.score, given, expected, ordering=result)
    raise TypeError(f"not a response: {response!r}")


# -- making questions from cards -----------------------------------------------------------


class QuizCard(NamedTuple):
    """What a quiz reads of a card: a plain row, not an ORM object.

    A quiz over a large deck looks at every card in scope to choose what to ask; building
    thousands of ORM objects took most of the second it used to take.
    """

    id: str
    deck_id: int
    note_id: int | None
    kind: str
    question: str
    answer: str
    extra_json: str
    source_path: str
    source_line: int
    suspended: bool

    @property
    def extra(self) -> dict[str, Any]:
        return extra_of(self)

    @property
    def source(self) -> str:
        return f"{self.source_path}:{self.source_line}"

    def as_card(self) -> Card:
        """An unsaved `Card` with these fields, for code that wants one (`card_faces`)."""
        return Card(
            id=self.id,
            deck_id=self.deck_id,
            note_id=self.note_id,
            kind=self.kind,
            question=self.question,
            answer=self.answer,
            question_key=self.question,
            extra_json=self.extra_json,
            source_path=self.source_path,
            source_line=self.source_line,
        )


AnyCard = Card | QuizCard


@lru_cache(maxsize=65536)
def _parse_extra(extra_json: str) -> dict[str, Any]:
    return json.loads(extra_json)


@lru_cache(maxsize=4096)
def _parse_rubric(extra_json: str) -> Rubric | None:
    rubric = _parse_extra(extra_json).get("rubric")
    return Rubric.from_json(rubric) if rubric else None


def extra_of(card: AnyCard) -> dict[str, Any]:
    """`card.extra`, parsed once per distinct JSON text (drawing a quiz reads it often).

    The dict is shared: read it, never change it.
    """
    return _parse_extra(card.extra_json)


@dataclass(slots=True)
class Pools:
    """Cards to draw distractors from: a card's own note first, then its deck."""

    by_note: dict[tuple[int | None, str], list[AnyCard]] = field(default_factory=dict)
    """Cards by (note, kind)."""
    by_deck: dict[tuple[int, str], list[AnyCard]] = field(default_factory=dict)
    """Cards by (deck, kind)."""
    rubric_at: dict[tuple[int | None, int], Rubric] = field(default_factory=dict)
    """Rubrics by (note, line), so an interview question linked to a rubric's Q&A uses it."""

    @classmethod
    def of(cls, cards: Sequence[AnyCard]) -> Pools:
        pools = cls()
        for card in cards:
            pools.by_note.setdefault((card.note_id, card.kind), []).append(card)
            pools.by_deck.setdefault((card.deck_id, card.kind), []).append(card)
            if '"rubric"' in card.extra_json:  # most cards have none: skip the lookup
                rubric = _parse_rubric(card.extra_json)
                if rubric is not None:
                    pools.rubric_at[(card.note_id, card.source_line)] = rubric
        return pools

    def siblings(self, card: AnyCard, kinds: Sequence[str]) -> list[list[AnyCard]]:
        """Cards of the given kinds: same section of the note, rest of the note, rest of the deck.

        The section comes first because its cards are alike (the flags of one list, the
        states of another), which makes the likeliest confusions.
        """
        section = extra_of(card).get("section_path")
        groups: list[list[AnyCard]] = [[], [], []]
        seen = {card.id}
        for kind in kinds:
            note = self.by_note.get((card.note_id, kind), []) if card.note_id is not None else []
            for group, cards in ((1, note), (2, self.by_deck.get((card.deck_id, kind), []))):
                for other in cards:
                    if other.id in seen:
                        continue
                    seen.add(other.id)
                    same = group == 1 and section and extra_of(other).get("section_path") == section
                    groups[0 if same else group].append(other)
        return groups


def card_rubric(card: AnyCard, pools: Pools) -> Rubric | None:
    """The card's own rubric, or for an interview question the rubric of the Q&A it links to."""
    extra = extra_of(card)
    if extra.get("rubric"):
        return _parse_rubric(card.extra_json)
    section = extra.get("linked_section")
    if card.kind == CardKind.OPEN and isinstance(section, dict) and section.get("line"):
        return pools.rubric_at.get((card.note_id, int(section["line"])))
    return None


def _term(card: AnyCard) -> str:
    return str(extra_of(card).get("term") or (card.answer if card.kind == CardKind.REVERSE else ""))


def _is_short(text: str) -> bool:
    plain = markdown_plain(text).strip()
    return bool(plain) and "\n" not in plain and len(fold(plain).key) <= SHORT_ANSWER_CHARS


def kinds_for(card: AnyCard, pools: Pools) -> list[QuestionKind]:
    """The ways a card can be asked, the most natural first (a mixed quiz uses the first)."""
    kind = card.kind
    extra = extra_of(card)
    if kind == CardKind.FLOW:
        return [QuestionKind.FLOW] if extra.get("scenario") and extra.get("query") else []
    if card_rubric(card, pools) is not None or kind == CardKind.OPEN:
        return [QuestionKind.OPEN, QuestionKind.FLIP]
    if kind == CardKind.ORDERING and len(extra.get("steps", ())) >= 2:
        return [QuestionKind.ORDERING, QuestionKind.FLIP]
    if kind == CardKind.CHOICE and len(extra.get("options", ())) >= 3 and "correct" in extra:
        return [QuestionKind.CHOICE, QuestionKind.FLIP]
    if kind in (CardKind.DEFINITION, CardKind.REVERSE) and _is_short(_term(card)):
        return [QuestionKind.TYPED, QuestionKind.CHOICE, QuestionKind.FLIP]
    if kind == CardKind.CLOZE and extra.get("clozes"):
        return [QuestionKind.TYPED, QuestionKind.CHOICE, QuestionKind.FLIP]
    if kind == CardKind.BASIC and _is_short(card.answer):
        return [QuestionKind.TYPED, QuestionKind.CHOICE, QuestionKind.FLIP]
    return [QuestionKind.FLIP]


def make_question(
    card: AnyCard,
    kind: QuestionKind,
    pools: Pools,
    rng: random.Random,
    *,
    profile: str = "rfc",
) -> Question | None:
    """Ask `card` as `kind`; None when it cannot be (too few distractors, a broken flow)."""
    link = _link(card)
    base = {"card_id": card.id, "source": card.source, "link": link}
    faces = card_faces(card if isinstance(card, Card) else card.as_card())
    if kind is QuestionKind.FLIP:
        return Question(kind, prompt=faces.front, answer=faces.back, **base)
    if kind is QuestionKind.OPEN:
        rubric = card_rubric(card, pools)
        return Question(
            kind,
            prompt=card.question,
            answer=faces.back,
            rubric=rubric,
            time_limit_s=OPEN_SECONDS,
            **base,
        )
    if kind is QuestionKind.ORDERING:
        steps = tuple(extra_of(card).get("steps", ()))
        shuffled = _shuffled(steps, rng)
        prompt = card_question(card if isinstance(card, Card) else card.as_card())
        return Question(
            kind, prompt=prompt, answer=faces.back, steps=steps, shuffled=shuffled, **base
        )
    if kind is QuestionKind.FLOW:
        return _flow_question(card, rng, profile, base)
    prompt, right, accepted, pool = _short_answer(card, pools, rng)
    if right is None:
        return None
    # Shown after grading: the whole sentence of a cloze; a definition's text is the prompt.
    explanation = card.answer if card.kind == CardKind.CLOZE else ""
    if kind is QuestionKind.TYPED:
        return Question(kind, prompt=prompt, answer=explanation, accepted=accepted, **base)
    if kind is QuestionKind.CHOICE:
        if card.kind == CardKind.CHOICE:
            return _author_choice(card, rng, base)
        wrong = pick_distractors(right, pool, rng, DISTRACTORS)
        if len(wrong) < MIN_DISTRACTORS:
            return None
        options = [right, *wrong]
        rng.shuffle(options)
        return Question(
            kind,
            prompt=prompt,
            answer=explanation,
            options=tuple(options),
            correct_option=options.index(right),
            **base,
        )
    return None


def _link(card: AnyCard) -> ScenarioLink | None:
    scenario = extra_of(card).get("scenario")
    if card.kind == CardKind.FLOW or not scenario:
        return None
    return ScenarioLink(str(scenario), tuple(int(s) for s in extra_of(card).get("flow_steps", ())))


def _shuffled(steps: tuple[str, ...], rng: random.Random) -> tuple[str, ...]:
    """The steps in an order that is not already right (when there is such an order)."""
    order = list(steps)
    if len(set(steps)) < 2:
        return steps
    while tuple(order) == steps:
        rng.shuffle(order)
    return tuple(order)


def _short_answer(
    card: AnyCard, pools: Pools, rng: random.Random
) -> tuple[str, str | None, tuple[str, ...], list[list[str]]]:
    """(prompt, right answer, accepted answers, distractor pools) for typed and choice."""
    extra: dict[str, Any] = extra_of(card)
    if card.kind == CardKind.CHOICE:
        options = list(extra.get("options", ()))
        correct = extra.get("correct")
        if isinstance(correct, int) and 0 <= correct < len(options):
            return card.question, options[correct], (options[correct],), []
        return card.question, None, (), []
    if card.kind in (CardKind.DEFINITION, CardKind.REVERSE):
        term = _term(card)
        definition = card.answer if card.kind == CardKind.DEFINITION else card.question
        prompt = f"{definition}\n\n*{tr('어떤 용어인가요?', 'Which term?')}*"
        pools_ = [
            [_term(c) for c in group]
            for group in pools.siblings(card, (CardKind.DEFINITION, CardKind.REVERSE))
        ]
        return prompt, term, _term_forms(term), pools_
    if card.kind == CardKind.CLOZE:
        clozes = list(extra.get("clozes", ()))
        index = rng.randrange(len(clozes))
        hidden = str(clozes[index]["text"])
        prompt = _one_blank(card.question, clozes, index)
        # The other blanks are filled in the prompt, so they are no options.
        shown = {fold(str(c["text"])).key for c in clozes}
        others = [
            [
                str(c["text"])
                for sib in group
                for c in extra_of(sib).get("clozes", ())
                if fold(str(c["text"])).key not in shown
            ]
            for group in pools.siblings(card, (CardKind.CLOZE,))
        ]
        return prompt, hidden, (hidden,), others
    siblings = [
        [c.answer for c in group if _is_short(c.answer)]
        for group in pools.siblings(card, (CardKind.BASIC,))
    ]
    return card.question, card.answer.strip(), (card.answer.strip(),), siblings


def _term_forms(term: str) -> tuple[str, ...]:
    """`SYN(synchronize sequence numbers)` is also right as `SYN` or as its gloss."""
    forms = [term]
    head, paren, rest = term.partition("(")
    if paren and rest.rstrip().endswith(")") and head.strip():
        forms += [head.strip(), rest.rstrip()[:-1].strip()]
    return tuple(f for f in forms if f)


def _one_blank(question: str, clozes: list[dict[str, Any]], index: int) -> str:
    """The cloze text with only blank `index` hidden; the other blanks are filled in."""
    out = []
    cursor = 0
    for i, cloze in enumerate(clozes):
        marker = f"[{cloze['hint']}]" if cloze.get("hint") else "[...]"
        at = question.find(marker, cursor)
        if at < 0:
            return question
        out.append(question[cursor:at])
        out.append(f"`{marker}`" if i == index else f"**{cloze['text']}**")
        cursor = at + len(marker)
    out.append(question[cursor:])
    return "".join(out)


def _author_choice(card: AnyCard, rng: random.Random, base: dict[str, Any]) -> Question | None:
    """The author's own options, in the author's order; more than 5 are cut to 5."""
    options = list(extra_of(card).get("options", ()))
    correct = extra_of(card).get("correct")
    if not isinstance(correct, int) or not 0 <= correct < len(options) or len(options) < 3:
        return None
    if len(options) > MAX_DISTRACTORS + 1:
        others = [i for i in range(len(options)) if i != correct]
        keep = sorted([correct, *rng.sample(others, MAX_DISTRACTORS)])
        correct = keep.index(correct)
        options = [options[i] for i in keep]
    return Question(
        QuestionKind.CHOICE,
        prompt=card.question,
        answer=card.answer,
        options=tuple(options),
        correct_option=correct,
        **base,
    )


def _flow_question(
    card: AnyCard, rng: random.Random, profile: str, base: dict[str, Any]
) -> Question | None:
    scenario, query = str(extra_of(card)["scenario"]), str(extra_of(card)["query"])
    try:
        answer = flow_answer(scenario, query, profile)
    except FlowError:
        return None
    where = tr(
        f"시뮬레이터 `{scenario}`, 프로필 `{profile}`",
        f"simulator `{scenario}`, profile `{profile}`",
    )
    prompt = f"{card.question}\n\n*{where}*"
    explanation = card.answer
    common = {"prompt": prompt, "answer": explanation, "flow": answer, **base}
    if is_ordering(answer):
        steps = tuple(answer.value)  # type: ignore[arg-type]
        return Question(QuestionKind.FLOW, steps=steps, shuffled=_shuffled(steps, rng), **common)
    options = flow_options(answer, rng)
    if options:
        return Question(
            QuestionKind.FLOW,
            options=options,
            correct_option=options.index(answer.text),
            **common,
        )
    return Question(QuestionKind.FLOW, accepted=answer.accepted, **common)
