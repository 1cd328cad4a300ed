"""Quiz sessions: draw N questions from a scope, record every answer, keep the history.

Time is passed in (`now`, an aware datetime) like everywhere in the core. Each answer is
written in its own transaction; with `feed_review`, a wrong one is also rated Again in
spaced repetition, so the card comes back in review soon (a lapse for a card already in
review), and a written answer graded partial is rated Hard. The rating, like the score,
follows the final verdict: the grader's, or the user's when they overrode it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import fsrs
from sqlalchemy import and_, func, or_, type_coerce
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlalchemy.types import NullType
from sqlmodel import Session, col, select

from quizapp.deck.db import writer
from quizapp.deck.models import Card, CardState, Deck, QuizAnswer, QuizRun
from quizapp.deck.users import current_user, find_user
from quizapp.quiz.meaning import Grade
from quizapp.quiz.questions import (
    AnyCard,
    Pools,
    Question,
    QuestionKind,
    QuizCard,
    Response,
    Verdict,
    grade,
    kinds_for,
    make_question,
)
from quizapp.quiz.settings import QuizSettings
from quizapp.srs.reviewer import Reviewer


def draw_questions(
    cards: Sequence[AnyCard],
    pools: Pools,
    settings: QuizSettings,
    rng: random.Random,
) -> list[Question]:
    """Up to `settings.count` questions from `cards`, kinds of card taken in turn for variety.

    Cards are grouped by their kind (a "why" card with a rubric apart from plain ones);
    groups are drawn from in turn, and only a card drawn is looked at closely — which ways
    it can be asked, the question itself — so a deck of thousands examines about twenty.
    """
    by_kind: dict[tuple[str, bool], list[AnyCard]] = {}
    for card in cards:
        by_kind.setdefault((card.kind, '"rubric"' in card.extra_json), []).append(card)
    groups = [by_kind[key] for key in sorted(by_kind)]
    for group in groups:
        rng.shuffle(group)
    rng.shuffle(groups)
    drawn: list[Question] = []
    prompts: set[str] = set()
    while len(drawn) < settings.count and any(groups):
        for group in groups:
            if not group or len(drawn) >= settings.count:
                continue
            card = group.pop()
            for kind in _ways_to_ask(card, pools, settings, rng):
                question = make_question(card, kind, pools, rng, profile=settings.profile)
                if question is not None:
                    # A definition and its reversed card would ask the same thing twice.
                    if question.prompt not in prompts:
                        prompts.add(question.prompt)
                        drawn.append(question)
                    break
    return drawn


def _ways_to_ask(
    card: AnyCard, pools: Pools, settings: QuizSettings, rng: random.Random
) -> list[QuestionKind]:
    """The kinds `card` can be asked as in this quiz, the one to try first first."""
    kinds = kinds_for(card, pools)
    if settings.kinds:
        return [k for k in kinds if k in settings.kinds]
    if kinds[:2] == [QuestionKind.TYPED, QuestionKind.CHOICE] and rng.randrange(2) == 0:
        # A mixed quiz asks short answers sometimes typed, sometimes as a pick.
        return [kinds[1], kinds[0], *kinds[2:]]
    return kinds


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

    def _load(self) -> tuple[list[QuizCard], list[QuizCard]]:
        """Cards in scope, and the cards of their decks (where distractors come from)."""
        settings = self.settings
        user_id = find_user(self.engine).id
        with Session(self.engine) as session:
            deck_ids = _deck_ids(session, settings.deck)
            rows = _quiz_cards(session, deck_ids, settings.tag, user_id)
            scope = [
                card
                for card in rows
                if not card.suspended
                and (settings.note_id is None or card.note_id == settings.note_id)
                and (settings.card_ids is None or card.id in settings.card_ids)
            ]
            if settings.deck is None and settings.tag is None:
                return scope, rows
            # The pool: every card of the decks the scope's cards are in (not sub-decks).
            in_scope = sorted({card.deck_id for card in scope})
            pool = _quiz_cards(session, in_scope, None, user_id)
        return scope, pool

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
        rating = review_rating(verdict)
        fed = False
        if rating is not None and self.settings.feed_review:
            self._review().rate(question.card_id, rating, now, duration_ms)
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

    def count_as_right(self) -> Verdict:
        """The last typed answer was right after all (a spelling the matcher missed): it
        counts as right, and the Again it was given in review is taken back."""
        last = self.answers[-1]
        if last.verdict.correct or last.verdict.typed is None:
            raise ValueError("only a typed answer graded wrong can be counted as right")
        where = (QuizAnswer.run_id == self.run_id, QuizAnswer.position == len(self.answers))
        with Session(self.engine) as session:
            fed = session.exec(select(QuizAnswer.fed_to_review).where(*where)).one()
        if fed:
            # This session's reviewer gave the Again last: undo takes exactly that one back.
            self._review().undo()
        with Session(writer(self.engine)) as session:
            row = session.exec(select(QuizAnswer).where(*where)).one()
            run = session.get(QuizRun, self.run_id)
            assert run is not None
            run.correct += 1
            run.score += 1.0 - row.score
            row.correct, row.score, row.self_graded, row.fed_to_review = True, 1.0, True, False
            session.commit()
        verdict = replace(last.verdict, correct=True, score=1.0, self_graded=True, diff=())
        self.answers[-1] = replace(last, verdict=verdict)
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

    def wrong_card_ids(self) -> tuple[str, ...]:
        """The cards answered wrongly, each once, in the order asked."""
        return tuple(
            dict.fromkeys(a.question.card_id for a in self.answers if not a.verdict.correct)
        )

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


_CARD = Card.__table__.c  # type: ignore[attr-defined]
_STATE = CardState.__table__.c  # type: ignore[attr-defined]
_QUIZ_COLUMNS = (
    _CARD.id,
    _CARD.deck_id,
    _CARD.note_id,
    _CARD.kind,
    _CARD.question,
    _CARD.answer,
    _CARD.extra_json,
    _CARD.source_path,
    _CARD.source_line,
    # This user's suspension (CardState; no row: not suspended).
    func.coalesce(_STATE.suspended, False),
)


def _deck_ids(session: Session, deck: str | None) -> list[int] | None:
    """Ids of the deck named and its sub-decks (`A` covers `A::B`); None for all decks."""
    if deck is None:
        return None
    query = select(Deck.id).where(or_(Deck.name == deck, col(Deck.name).startswith(f"{deck}::")))
    return [i for i in session.exec(query).all() if i is not None]


def _quiz_cards(
    session: Session, deck_ids: Sequence[int] | None, tag: str | None, user_id: int
) -> list[QuizCard]:
    """The live cards in those decks with that tag, in source order: plain rows, read
    without building ORM objects (see `QuizCard`)."""
    # Values as the driver returns them: SQLAlchemy's result processing of the text
    # columns cost more than the query itself on a large deck.
    query = sa_select(*(type_coerce(c, NullType()) for c in _QUIZ_COLUMNS)).select_from(
        Card.__table__.outerjoin(  # type: ignore[attr-defined]
            CardState.__table__,  # type: ignore[attr-defined]
            and_(_STATE.card_id == _CARD.id, _STATE.user_id == user_id),
        )
    )
    # A skipped card is one the user never wants to see, not even as a distractor.
    query = query.where(_CARD.retired.is_(False), _CARD.skipped.is_(False))
    if deck_ids is not None:
        query = query.where(_CARD.deck_id.in_(deck_ids))
    if tag:
        # Tags are stored space-separated; pad both sides so `tcp` never matches `tcp-ip`.
        query = query.where((" " + _CARD.tags + " ").contains(f" {tag.lower()} "))
    query = query.order_by(_CARD.source_path, _CARD.source_line)
    rows = session.connection().execute(query).all()  # Core: no ORM objects
    return list(map(QuizCard._make, rows))


def review_rating(verdict: Verdict) -> fsrs.Rating | None:
    """The spaced-repetition rating a quiz answer feeds: Again when wrong, Hard when a
    written answer was partly right, none when right (the quiz does not reschedule what
    the user knows)."""
    if verdict.grade is Grade.PARTIAL:
        return fsrs.Rating.Hard
    return None if verdict.correct else fsrs.Rating.Again


def _detail(question: Question, verdict: Verdict) -> dict[str, Any]:
    detail: dict[str, Any] = {}
    if verdict.typed is not None:
        detail["match"] = verdict.typed.match
        detail["similarity"] = round(verdict.typed.similarity, 1)
        detail["threshold"] = verdict.typed.threshold
    if verdict.meaning is not None and verdict.grade is not None:
        detail["points"] = [
            {"point": p.point.ko or p.point.en, "status": p.status.value, "clause": p.clause}
            for p in verdict.meaning.points
        ]
        detail["contradictions"] = [c.to_json() for c in verdict.meaning.contradictions]
        detail["grader"] = verdict.meaning.grade.value
        detail["verdict"] = verdict.grade.value
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
