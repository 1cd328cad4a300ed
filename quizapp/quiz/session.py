"""Quiz sessions: draw N questions from a scope, record every answer, keep the history.

Time is passed in (`now`, an aware datetime) like everywhere in the core. Each answer is
written in its own transaction; a wrong one may also be rated Again in spaced repetition,
so the card comes back in review soon (a lapse for a card already in review).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import fsrs
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from quizapp.deck.db import writer
from quizapp.deck.models import Card, Deck, QuizAnswer, QuizRun
from quizapp.deck.queries import find_cards
from quizapp.deck.users import current_user, find_user
from quizapp.quiz.questions import (
    Pools,
    Question,
    QuestionKind,
    Response,
    Verdict,
    grade,
    kinds_for,
    make_question,
)
from quizapp.quiz.settings import QuizSettings
from quizapp.srs.reviewer import Reviewer, suspended_cards


def draw_questions(
    cards: Sequence[Card],
    pools: Pools,
    settings: QuizSettings,
    rng: random.Random,
) -> list[Question]:
    """Up to `settings.count` questions from `cards`, kinds taken in turn for variety.

    Cards are grouped by the kind they are asked as; groups are drawn from in turn, and a
    question is only built for a card drawn (a deck of thousands builds twenty).
    """
    groups_by_kind: dict[QuestionKind, list[tuple[Card, list[QuestionKind]]]] = {}
    for card in cards:
        kinds = kinds_for(card, pools)
        if not settings.kinds and kinds[:2] == [QuestionKind.TYPED, QuestionKind.CHOICE]:
            # A mixed quiz asks short answers sometimes typed, sometimes as a pick.
            head = kinds[:2]
            rng.shuffle(head)
            kinds = [*head, *kinds[2:]]
        if settings.kinds:
            kinds = [k for k in kinds if k in settings.kinds]
        if kinds:
            groups_by_kind.setdefault(kinds[0], []).append((card, kinds))
    groups = list(groups_by_kind.values())
    for group in groups:
        rng.shuffle(group)
    rng.shuffle(groups)
    drawn: list[Question] = []
    prompts: set[str] = set()
    while len(drawn) < settings.count and any(groups):
        for group in groups:
            if not group or len(drawn) >= settings.count:
                continue
            card, kinds = group.pop()
            for kind in kinds:
                question = make_question(card, kind, pools, rng, profile=settings.profile)
                if question is not None:
                    # A definition and its reversed card would ask the same thing twice.
                    if question.prompt not in prompts:
                        prompts.add(question.prompt)
                        drawn.append(question)
                    break
    return drawn


@dataclass(frozen=True, slots=True)
class Answered:
    question: Question
    verdict: Verdict
    duration_ms: int | None


@dataclass(frozen=True, slots=True)
class QuizScore:
    answered: int
    correct: int
    points: float
    """Sum of scores (partial credit counts)."""
    planned: int
    by_kind: dict[str, tuple[int, int]]
    """kind → (correct, answered)."""

    @property
    def percent(self) -> float:
        return 100 * self.points / self.answered if self.answered else 0.0


class QuizSession:
    """One quiz: its questions, the current one, answers recorded as they come."""

    def __init__(self, engine: Engine, settings: QuizSettings, now: datetime) -> None:
        self.engine = engine
        self.settings = settings
        self.started = now
        self.rng = random.Random(settings.seed)
        scope, pool_cards = self._load()
        self.questions = draw_questions(scope, Pools.of(pool_cards), settings, self.rng)
        self.answers: list[Answered] = []
        self._reviewer: Reviewer | None = None
        self.user_id = current_user(engine).id
        with Session(writer(engine)) as session:
            run = QuizRun(
                user_id=self.user_id,
                started_at=now.astimezone(UTC),
                scope=settings.describe(),
                kinds=" ".join(settings.kinds),
                profile=settings.profile,
                time_limit_s=settings.time_limit_s,
                planned=len(self.questions),
            )
            session.add(run)
            session.commit()
            assert run.id is not None
            self.run_id = run.id

    def _load(self) -> tuple[list[Card], list[Card]]:
        """Cards in scope, and the cards of their decks (where distractors come from)."""
        rows = find_cards(self.engine, deck=self.settings.deck, tag=self.settings.tag)
        suspended = suspended_cards(self.engine)
        scope = [
            card
            for card, _ in rows
            if card.id not in suspended
            and (self.settings.note_id is None or card.note_id == self.settings.note_id)
        ]
        deck_ids = {card.deck_id for card in scope}
        if self.settings.deck is None and self.settings.tag is None:
            return scope, [card for card, _ in rows]
        with Session(self.engine) as session:
            names = session.exec(select(Deck.name).where(col(Deck.id).in_(deck_ids))).all()
        pool: dict[str, Card] = {}
        for name in names:
            for card, _ in find_cards(self.engine, deck=name):
                if card.deck_id in deck_ids:
                    pool[card.id] = card
        return scope, list(pool.values())

    # -- progress ----------------------------------------------------------------------

    @property
    def position(self) -> int:
        """0-based index of the current question."""
        return len(self.answers)

    @property
    def current(self) -> Question | None:
        return self.questions[self.position] if self.position < len(self.questions) else None

    def time_left(self, now: datetime) -> timedelta | None:
        if self.settings.time_limit_s is None:
            return None
        left = self.started + timedelta(seconds=self.settings.time_limit_s) - now
        return max(left, timedelta(0))

    def expired(self, now: datetime) -> bool:
        left = self.time_left(now)
        return left is not None and left <= timedelta(0)

    # -- answering ---------------------------------------------------------------------

    def answer(self, response: Response, now: datetime, duration_ms: int | None = None) -> Verdict:
        """Grade the current question, record it, and move on to the next."""
        question = self.current
        if question is None:
            raise RuntimeError("the quiz is over")
        verdict = grade(question, response)
        fed = False
        if not verdict.correct and self.settings.feed_review:
            self._review().rate(question.card_id, fsrs.Rating.Again, now, duration_ms)
            fed = True
        with Session(writer(self.engine)) as session:
            session.add(
                QuizAnswer(
                    run_id=self.run_id,
                    card_id=question.card_id,
                    position=self.position + 1,
                    kind=question.kind,
                    given=verdict.given,
                    expected=verdict.expected,
                    correct=verdict.correct,
                    score=verdict.score,
                    self_graded=verdict.self_graded,
                    detail_json=json.dumps(_detail(question, verdict), ensure_ascii=False),
                    answered_at=now.astimezone(UTC),
                    duration_ms=duration_ms,
                    fed_to_review=fed,
                )
            )
            run = session.get(QuizRun, self.run_id)
            assert run is not None
            run.answered += 1
            run.correct += int(verdict.correct)
            run.score += verdict.score
            session.commit()
        self.answers.append(Answered(question, verdict, duration_ms))
        return verdict

    def _review(self) -> Reviewer:
        if self._reviewer is None:
            self._reviewer = Reviewer(self.engine)
        return self._reviewer

    def finish(self, now: datetime) -> QuizScore:
        """End the session (all answered, time up, or given up) and return the score."""
        with Session(writer(self.engine)) as session:
            run = session.get(QuizRun, self.run_id)
            assert run is not None
            run.finished_at = now.astimezone(UTC)
            session.commit()
        return self.score()

    def score(self) -> QuizScore:
        by_kind: dict[str, list[int]] = {}
        for item in self.answers:
            tally = by_kind.setdefault(item.question.kind, [0, 0])
            tally[0] += int(item.verdict.correct)
            tally[1] += 1
        return QuizScore(
            answered=len(self.answers),
            correct=sum(a.verdict.correct for a in self.answers),
            points=sum(a.verdict.score for a in self.answers),
            planned=len(self.questions),
            by_kind={kind: (c, n) for kind, (c, n) in by_kind.items()},
        )


def _detail(question: Question, verdict: Verdict) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    if verdict.typed is not None:
        detail["match"] = verdict.typed.match
        detail["similarity"] = round(verdict.typed.similarity, 1)
        detail["threshold"] = verdict.typed.threshold
    if verdict.rubric is not None:
        detail["points"] = [
            {"point": p.point.ko or p.point.en, "hit": p.hit, "matched": p.matched}
            for p in verdict.rubric.points
        ]
        detail["rubric_passed"] = verdict.rubric.passed
    if question.flow is not None:
        detail["scenario"] = question.flow.scenario
        detail["profile"] = question.flow.profile
    return detail


# -- history --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RunSummary:
    id: int
    started_at: datetime
    finished_at: datetime | None
    scope: str
    kinds: str
    answered: int
    correct: int
    score: float
    planned: int

    @property
    def percent(self) -> float:
        return 100 * self.score / self.answered if self.answered else 0.0


def quiz_history(engine: Engine, limit: int = 10, user: str | None = None) -> list[RunSummary]:
    """A user's latest quiz sessions (default: the current user's), newest first (sessions
    with no answer are left out)."""
    user_id = find_user(engine, user).id
    with Session(engine) as session:
        runs = session.exec(
            select(QuizRun)
            .where(col(QuizRun.answered) > 0, col(QuizRun.user_id) == user_id)
            .order_by(col(QuizRun.started_at).desc(), col(QuizRun.id).desc())
            .limit(limit)
        ).all()
        return [
            RunSummary(
                id=run.id or 0,
                started_at=run.started_at or datetime.min.replace(tzinfo=UTC),
                finished_at=run.finished_at,
                scope=run.scope,
                kinds=run.kinds,
                answered=run.answered,
                correct=run.correct,
                score=run.score,
                planned=run.planned,
            )
            for run in runs
        ]


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    position: int
    card_id: str
    kind: str
    given: str
    expected: str
    correct: bool
    score: float
    duration_ms: int | None
    detail: dict[str, Any] = field(default_factory=dict)


def run_answers(engine: Engine, run_id: int) -> list[AnswerRecord]:
    """Every answer of one session, in the order asked."""
    with Session(engine) as session:
        rows = session.exec(
            select(QuizAnswer).where(QuizAnswer.run_id == run_id).order_by(col(QuizAnswer.position))
        ).all()
        return [
            AnswerRecord(
                r.position,
                r.card_id,
                r.kind,
                r.given,
                r.expected,
                r.correct,
                r.score,
                r.duration_ms,
                json.loads(r.detail_json),
            )
            for r in rows
        ]
