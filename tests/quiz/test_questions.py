"""Every question kind made from cards and graded; the rules for distractors."""

from __future__ import annotations

import random

import pytest

from quizapp.quiz.distractors import near_identical, pick_distractors
from quizapp.quiz.fold import fold
from quizapp.quiz.meaning import Grade
from quizapp.quiz.questions import (
    AnswerInput,
    ChoiceResponse,
    EssayResponse,
    OrderResponse,
    Pools,
    QuestionKind,
    SelfGrade,
    TextResponse,
    assess,
    grade,
    kinds_for,
    make_question,
)

from .helpers import cards_from

STATES_NOTE = """
## 연결 수립 상태

- LISTEN: 서버가 SYN을 기다리는 상태
- SYN_SENT: 클라이언트가 SYN을 보내고 SYN+ACK를 기다리는 상태
- SYN_RECEIVED: 서버가 SYN을 받고 SYN+ACK를 보낸 뒤 ACK를 기다리는 상태
- ESTABLISHED: 연결이 열린 상태

## 플래그

- SYN(synchronize sequence numbers): 연결을 여는 플래그
- FIN: 보낼 데이터가 없다는 플래그

## 종료

#### Q. 종료는 왜 4단계인가?

A. 서버에 보낼 데이터가 남아 있을 수 있어서 ACK와 FIN을 따로 보내기 때문이다.
서버는 CLOSE_WAIT 상태에서 남은 데이터를 마저 보낸다.

### 4-way handshake
1. 클라이언트가 FIN을 보낸다
2. 서버가 ACK를 보낸다
3. 서버가 FIN을 보낸다
4. 클라이언트가 ACK를 보낸다

클라이언트는 SYN을 보낸 뒤 ==SYN_SENT== 상태, 서버는 SYN을 받은 뒤 ==SYN_RECEIVED== 상태가 된다.

TIME_WAIT는 ==2MSL== 동안 유지된다.
"""


@pytest.fixture
def cards():
    return cards_from(STATES_NOTE)


def _card(cards, question_start: str):
    return next(c for c in cards if c.question.startswith(question_start))


def _ask(cards, question_start: str, kind: QuestionKind, seed: int = 0):
    card = _card(cards, question_start)
    return make_question(card, kind, Pools.of(cards), random.Random(seed))


def test_flip_question_is_self_graded(cards) -> None:
    question = _ask(cards, "종료는 왜", QuestionKind.FLIP)
    assert question.input is AnswerInput.REVEAL
    assert "ACK와 FIN을 따로" in question.answer
    verdict = grade(question, SelfGrade(knew=False))
    assert (verdict.correct, verdict.self_graded, verdict.score) == (False, True, 0.0)


def test_typed_definition_asks_for_the_term(cards) -> None:
    question = _ask(cards, "SYN_SENT", QuestionKind.TYPED)
    assert question.input is AnswerInput.TEXT
    assert question.prompt.startswith("클라이언트가 SYN을 보내고")
    assert grade(question, TextResponse("syn-sent 상태")).correct
    wrong = grade(question, TextResponse("SYN_RECEIVED"))
    assert not wrong.correct and wrong.diff and wrong.expected == "SYN_SENT"


def test_a_term_with_a_gloss_is_right_without_it(cards) -> None:
    question = _ask(cards, "SYN(synchronize", QuestionKind.TYPED)
    assert grade(question, TextResponse("SYN")).correct
    assert grade(question, TextResponse("synchronize sequence numbers")).correct


def test_cloze_typed_hides_one_blank_and_shows_the_others(cards) -> None:
    card = _card(cards, "클라이언트는 SYN을 보낸 뒤")
    questions = {
        make_question(card, QuestionKind.TYPED, Pools.of(cards), random.Random(seed)).accepted[0]
        for seed in range(20)
    }
    assert questions == {"SYN_SENT", "SYN_RECEIVED"}
    question = make_question(card, QuestionKind.TYPED, Pools.of(cards), random.Random(0))
    other = ({"SYN_SENT", "SYN_RECEIVED"} - {question.accepted[0]}).pop()
    assert question.prompt.count("[...]") == 1 and f"**{other}**" in question.prompt
    assert grade(question, TextResponse(question.accepted[0].lower())).correct


def test_choice_from_a_definition_offers_sibling_terms(cards) -> None:
    question = _ask(cards, "SYN_SENT", QuestionKind.CHOICE)
    assert question.input is AnswerInput.OPTIONS
    assert len(question.options) == 4
    assert question.options[question.correct_option] == "SYN_SENT"
    # The same list (the section) first: the other connection states.
    assert set(question.options) == {"LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED"}
    wrong = next(i for i in range(4) if i != question.correct_option)
    assert grade(question, ChoiceResponse(question.correct_option)).correct
    assert not grade(question, ChoiceResponse(wrong)).correct


def test_ordering_question_is_shuffled_and_gets_partial_credit(cards) -> None:
    question = _ask(cards, "4-way handshake", QuestionKind.ORDERING)
    assert question.input is AnswerInput.ORDER
    assert question.shuffled != question.steps
    assert sorted(question.shuffled) == sorted(question.steps)
    steps = question.steps
    assert grade(question, OrderResponse(steps)).score == 1.0
    half = grade(question, OrderResponse((steps[1], steps[2], steps[3], steps[0])))
    assert not half.correct and half.score == pytest.approx(2 / 3)


def test_kinds_for_cards(cards) -> None:
    pools = Pools.of(cards)
    assert kinds_for(_card(cards, "SYN_SENT"), pools)[:2] == [
        QuestionKind.TYPED,
        QuestionKind.CHOICE,
    ]
    assert kinds_for(_card(cards, "4-way"), pools)[0] is QuestionKind.ORDERING
    assert kinds_for(_card(cards, "종료는 왜"), pools) == [QuestionKind.FLIP]


# -- open questions and rubrics ---------------------------------------------------------------

RUBRIC_NOTE = """
<!-- quizapp rubric
- 보낼 데이터가 남아 있다 | data left to send
  ko: 남은 데이터, 보낼 데이터
  en: data left, remaining data
- 방향마다 따로 닫는다 | each direction closes on its own
  ko: 방향마다, half-close
  en: each direction, half-close
-->
#### Q. 종료는 왜 4단계인가?
A. 서버에 보낼 데이터가 남아 있을 수 있기 때문이다.

## 면접 질문
1. 종료가 4단계인 이유를 설명하세요
"""


def test_open_question_is_graded_by_meaning_and_the_users_say_decides(analyser) -> None:
    cards = cards_from(RUBRIC_NOTE)
    question = _ask(cards, "종료는 왜", QuestionKind.OPEN)
    assert question.input is AnswerInput.ESSAY
    assert question.time_limit_s and question.time_limit_s > 0
    result = assess(question, "서버에 남은 데이터를 보내야 해서 그렇다.", analyser)
    assert result is not None and result.grade is Grade.PASS  # one point of two; needs one
    accepted = grade(question, EssayResponse("…", result))
    assert (accepted.correct, accepted.score, accepted.grade) == (True, 1.0, Grade.PASS)
    assert not accepted.self_graded and not accepted.overridden
    wrong = grade(question, EssayResponse("…", result, override=False))
    assert (wrong.correct, wrong.score, wrong.grade, wrong.overridden) == (
        False,
        0.0,
        Grade.FAIL,
        True,
    )
    same = grade(question, EssayResponse("…", result, override=True))
    assert same.grade is Grade.PASS and same.self_graded and not same.overridden


def test_interview_question_uses_the_rubric_of_the_qa_it_links_to() -> None:
    cards = cards_from(RUBRIC_NOTE)
    interview = _card(cards, "종료가 4단계인 이유")
    assert kinds_for(interview, Pools.of(cards))[0] is QuestionKind.OPEN
    question = make_question(interview, QuestionKind.OPEN, Pools.of(cards), random.Random(0))
    assert question.rubric is not None and len(question.rubric.points) == 2


def test_self_grade_does_not_fit_a_typed_question() -> None:
    cards = cards_from(STATES_NOTE)
    question = _ask(cards, "SYN_SENT", QuestionKind.TYPED)
    with pytest.raises(ValueError):
        grade(question, SelfGrade(knew=True))


# -- author-written multiple choice -----------------------------------------------------------

CHOICE_NOTE = """
다음 중 TCP 상태가 아닌 것은?
A) LISTEN
B) SYN_SENT
C) OPENED
D) CLOSED
E) CLOSING
F) TIME_WAIT
G) LAST_ACK
**정답: C**
"""


def test_author_choice_keeps_the_right_option_and_at_most_five() -> None:
    cards = cards_from(CHOICE_NOTE)
    for seed in range(10):
        question = _ask(cards, "다음 중", QuestionKind.CHOICE, seed)
        assert len(question.options) == 5
        assert question.options[question.correct_option] == "OPENED"


# -- distractor rules ---------------------------------------------------------------------------


def test_distractors_never_repeat_the_answer_nor_each_other() -> None:
    rng = random.Random(1)
    pool = ["fin_wait_1", "FIN-WAIT-1", "", "  ", "**FIN_WAIT_2**", "fin wait 2", "CLOSING", "**"]
    picked = pick_distractors("FIN_WAIT_1", [pool], rng, want=4)
    keys = [fold(p).key for p in picked]
    assert sorted(keys) == ["closing", "fin_wait_2"]


def test_near_identical_options_are_dropped_but_different_states_are_kept() -> None:
    assert near_identical(fold("congestion window"), fold("congestion windows"))
    assert near_identical(fold("혼잡 윈도우를"), fold("혼잡윈도우"))
    assert not near_identical(fold("FIN_WAIT_1"), fold("FIN_WAIT_2"))
    assert not near_identical(fold("2분"), fold("3분"))


def test_distractors_come_from_the_same_note_before_the_deck() -> None:
    here = cards_from(
        """
        - TCP: 연결 지향 프로토콜
        - UDP: 비연결 프로토콜
        """,
        note_id=1,
    )
    elsewhere = cards_from(
        """
        - HTTP: 웹 프로토콜
        - DNS: 이름 풀이
        - ARP: 주소 풀이
        - ICMP: 오류 보고
        """,
        note_id=2,
    )
    pools = Pools.of(here + elsewhere)
    for seed in range(10):
        question = make_question(here[0], QuestionKind.CHOICE, pools, random.Random(seed))
        assert "UDP" in question.options  # the one sibling in its note is always there
        assert len(question.options) == 4


def test_distractors_are_of_the_same_kind() -> None:
    cards = cards_from(
        """
        - TCP: 연결 지향 프로토콜
        - UDP: 비연결 프로토콜

        Q. 웹의 기본 포트는?
        A. 80

        Q. HTTPS의 기본 포트는?
        A. 443
        """
    )
    question = make_question(cards[0], QuestionKind.CHOICE, Pools.of(cards), random.Random(0))
    # Only one other definition: too few for a 3-option question; basic answers never fill in.
    assert question is None


def test_basic_short_answers_are_typed_or_picked_among_siblings() -> None:
    cards = cards_from(
        """
        Q. 웹의 기본 포트는?
        A. 80

        Q. HTTPS의 기본 포트는?
        A. 443

        Q. SSH의 기본 포트는?
        A. 22

        Q. DNS의 기본 포트는?
        A. 53
        """
    )
    question = make_question(cards[1], QuestionKind.CHOICE, Pools.of(cards), random.Random(2))
    assert sorted(question.options) == ["22", "443", "53", "80"]
    typed = make_question(cards[1], QuestionKind.TYPED, Pools.of(cards), random.Random(2))
    assert grade(typed, TextResponse("443")).correct
    assert not grade(typed, TextResponse("433")).correct  # numbers never pass by similarity


def test_the_review_rating_follows_the_final_verdict_not_the_graders(analyser) -> None:
    """A partial answer the user calls wrong is rated Again, one they call right is not
    rescheduled; only an accepted partial is Hard."""
    import fsrs

    from quizapp.quiz.meaning import grade_meaning
    from quizapp.quiz.session import review_rating

    from .conftest import bundled_rubrics

    question = _ask(cards_from(RUBRIC_NOTE), "종료는 왜", QuestionKind.OPEN)
    answer = "The server might still have data to send."
    partial = grade_meaning(answer, bundled_rubrics()["tcp-why-4way-close"], analyser)
    assert partial.grade is Grade.PARTIAL
    accepted = grade(question, EssayResponse(answer, partial))
    assert review_rating(accepted) == fsrs.Rating.Hard
    wrong = grade(question, EssayResponse(answer, partial, override=False))
    assert (wrong.score, review_rating(wrong)) == (0.0, fsrs.Rating.Again)
    right = grade(question, EssayResponse(answer, partial, override=True))
    assert (right.score, review_rating(right)) == (1.0, None)
