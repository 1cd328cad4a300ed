"""Quiz sessions against a real deck: scope, kinds, stored results, history, lapses."""

from __future__ import annotations

import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from quizapp.deck.models import QuizAnswer, ReviewLog
from quizapp.deck.sync import import_paths
from quizapp.quiz.questions import (
    AnswerInput,
    ChoiceResponse,
    OrderResponse,
    QuestionKind,
    SelfGrade,
    TextResponse,
)
from quizapp.quiz.session import QuizSession, QuizSettings, quiz_history, run_answers
from tests.conftest import T0, card_state

NOTES = {
    "network/tcp.md": """
        ---
        tags: [tcp]
        ---
        # TCP

        - LISTEN: 서버가 SYN을 기다리는 상태
        - SYN_SENT: 클라이언트가 SYN을 보낸 상태
        - SYN_RECEIVED: 서버가 SYN을 받은 상태
        - ESTABLISHED: 연결이 열린 상태

        ### 3-way handshake
        1. 클라이언트가 SYN을 보낸다
        2. 서버가 SYN+ACK를 보낸다
        3. 클라이언트가 ACK를 보낸다

        - Q. 서버가 FIN을 받은 직후 상태는? <!-- quizapp flow scenario=four-way-close query="state server after-recv FIN" -->
        """,  # noqa: E501
    "network/udp.md": """
        # UDP

        - UDP: 비연결 프로토콜
        - TCP: 연결 지향 프로토콜
        - QUIC: UDP 위의 전송 프로토콜
        - DNS: 이름 풀이 프로토콜
        """,
}


@pytest.fixture
def deck(engine, tmp_path: Path):
    root = tmp_path / "notes"
    for name, text in NOTES.items():
        file = root / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    summary = import_paths(engine, [root], now=T0)
    assert not summary.problems
    return engine


def _right(question):
    """The right response to a question (what a user who knows would give)."""
    if question.input is AnswerInput.OPTIONS:
        return ChoiceResponse(question.correct_option)
    if question.input is AnswerInput.ORDER:
        return OrderResponse(question.steps)
    if question.input is AnswerInput.TEXT:
        return TextResponse(question.accepted[0])
    return SelfGrade(knew=True)


def _wrong(question):
    """A wrong response that fits the question."""
    if question.input is AnswerInput.OPTIONS:
        return ChoiceResponse((question.correct_option + 1) % len(question.options))
    if question.input is AnswerInput.ORDER:
        return OrderResponse(tuple(reversed(question.steps)))
    if question.input is AnswerInput.TEXT:
        return TextResponse("전혀 다른 답")
    return SelfGrade(knew=False)


def test_a_tag_limits_the_quiz_to_its_cards(deck) -> None:
    session = QuizSession(deck, QuizSettings(tag="tcp", count=50, seed=1), T0)
    assert {q.source.split(":")[0] for q in session.questions} == {"network/tcp.md"}
    assert len(session.questions) == 6  # 4 states, 1 procedure, 1 flow question


def test_a_mixed_quiz_takes_kinds_in_turn(deck) -> None:
    session = QuizSession(deck, QuizSettings(count=3, seed=2), T0)
    assert len({q.kind for q in session.questions}) == 3


def test_chosen_kinds_only(deck) -> None:
    session = QuizSession(deck, QuizSettings(kinds=(QuestionKind.CHOICE,), count=20, seed=3), T0)
    assert session.questions and {q.kind for q in session.questions} == {QuestionKind.CHOICE}


def test_every_answer_is_stored_with_its_verdict_and_time(deck) -> None:
    session = QuizSession(deck, QuizSettings(tag="tcp", count=3, seed=4, feed_review=False), T0)
    first, second, _ = session.questions
    session.answer(_right(first), T0, duration_ms=4200)
    verdict = session.answer(_wrong(second), T0 + timedelta(seconds=10), duration_ms=9000)
    assert not verdict.correct
    records = run_answers(deck, session.run_id)
    assert [(r.position, r.correct, r.duration_ms) for r in records] == [
        (1, True, 4200),
        (2, False, 9000),
    ]
    assert records[0].expected == first.expected and records[1].given == verdict.given


def test_a_wrong_answer_is_rated_again_in_review(deck) -> None:
    session = QuizSession(deck, QuizSettings(kinds=(QuestionKind.TYPED,), count=1, seed=5), T0)
    [question] = session.questions
    session.answer(_wrong(question), T0, duration_ms=1000)
    with Session(deck) as db:
        [log] = db.exec(select(ReviewLog)).all()
        assert (log.card_id, log.rating) == (question.card_id, 1)
        assert card_state(deck, question.card_id).fsrs_state is not None
        assert db.exec(select(QuizAnswer)).one().fed_to_review


def test_right_answers_and_sessions_without_feeding_leave_review_alone(deck) -> None:
    session = QuizSession(deck, QuizSettings(count=2, seed=6), T0)
    session.answer(_right(session.current), T0)
    quiet = QuizSession(deck, QuizSettings(count=1, seed=6, feed_review=False), T0)
    quiet.answer(_wrong(quiet.current), T0)
    with Session(deck) as db:
        assert db.exec(select(ReviewLog)).all() == []


def test_the_score_and_the_history(deck) -> None:
    session = QuizSession(deck, QuizSettings(count=4, seed=7, feed_review=False), T0)
    while session.current is not None:
        session.answer(_right(session.current), T0)
    score = session.finish(T0 + timedelta(minutes=3))
    assert (score.answered, score.correct, score.percent) == (4, 4, 100.0)
    assert sum(n for _, n in score.by_kind.values()) == 4
    later = QuizSession(deck, QuizSettings(count=1, seed=8, feed_review=False), T0)
    later.answer(_right(later.current), T0 + timedelta(hours=1))
    QuizSession(deck, QuizSettings(count=1, seed=9), T0)  # never answered: not history
    history = quiz_history(deck)
    assert [(h.id, h.answered) for h in history] == [(later.run_id, 1), (session.run_id, 4)]
    assert history[1].finished_at is not None and history[1].percent == 100.0


def test_a_time_limit_runs_out(deck) -> None:
    session = QuizSession(deck, QuizSettings(count=2, time_limit_s=60), T0)
    assert session.time_left(T0 + timedelta(seconds=45)) == timedelta(seconds=15)
    assert not session.expired(T0 + timedelta(seconds=59))
    assert session.expired(T0 + timedelta(seconds=60))
    untimed = QuizSession(deck, QuizSettings(count=2), T0)
    assert untimed.time_left(T0 + timedelta(days=1)) is None
    assert not untimed.expired(T0 + timedelta(days=1))
