"""Rubric grading through its public API: a point needs its whole phrase, a pass needs
exactly the points the rubric asks for (not one more).

Each promise hangs on several answers, so a grader that accepts any single word of a
multi-word phrase, or that asks for one point more than `pass=`, fails more than one case.
The answers are plain affirmative sentences, so they keep their meaning for any grader.
"""

from __future__ import annotations

import textwrap

import pytest

from quizapp.notes import parse_note
from quizapp.notes.rubric import Rubric
from quizapp.quiz.analyser import load_analyser
from quizapp.quiz.meaning import Grade, grade_meaning

TIME_WAIT_NOTE = """
<!-- quizapp rubric pass=3
- 마지막 ACK가 사라지면 다시 보낸다 | the last ACK is sent again if it is lost
  ko: ACK를 다시 보낸다, ACK를 재전송
  en: send the ACK again, resend the ACK
- 늦게 온 세그먼트가 사라질 때까지 기다린다 | delayed segments of the old connection die out
  ko: 늦게 도착한 세그먼트, 지연된 세그먼트
  en: delayed segments, late segments
- 2MSL 동안 기다린다 | it waits for 2MSL
  ko: 2MSL
  en: 2MSL, twice the maximum segment lifetime
- 먼저 닫은 쪽이 들어간다 | the side that closes first enters it
  ko: 먼저 닫은 쪽, 먼저 종료한 쪽
  en: closes first, active closer
-->
#### Q. TIME_WAIT 상태는 왜 필요한가?
A. 마지막 ACK를 다시 보낼 수 있게 하고, 늦게 도착한 세그먼트가 사라지게 하려고 2MSL 동안 기다린다.
"""

HALF_CLOSE_NOTE = """
<!-- quizapp rubric
- 서버에 아직 보낼 데이터가 남아 있을 수 있다 | the server may still have data to send
  ko: 보낼 데이터, 남은 데이터
  en: data left to send, remaining data
- ACK와 FIN을 따로 보낸다 | the ACK and the FIN are sent separately
  ko: 따로 보낸다, 따로 보내
  en: sent separately, separate segments
- 방향마다 따로 닫는다 | each direction is closed on its own
  ko: 방향마다, 한쪽 방향
  en: each direction, one direction
-->
#### Q. 연결 종료는 왜 4단계인가?
A. 서버에 보낼 데이터가 남아 있을 수 있어서 ACK와 FIN을 따로 보낸다.
"""

ONE_POINT_NOTE = """
<!-- quizapp rubric
- 혼잡 윈도우를 줄인다 | the congestion window shrinks
  ko: 혼잡 윈도우를 줄인다, 혼잡 윈도우가 줄어
  en: congestion window shrinks, smaller congestion window
-->
#### Q. 패킷 손실을 감지하면 송신 측은 무엇을 하나?
A. 혼잡 윈도우를 줄인다.
"""


def rubric_of(note: str) -> Rubric:
    doc = parse_note(textwrap.dedent(note).lstrip(), "tcp.md")
    assert doc.problems == []
    return Rubric.from_json(doc.cards[0].extra["rubric"])


def points_made(answer: str, rubric: Rubric) -> list[str]:
    """The English labels of the points the answer makes, in rubric order."""
    graded = grade_meaning(answer, rubric, load_analyser())
    return [point.point.label("en") for point in graded.made]


def passes(answer: str, rubric: Rubric) -> bool:
    return grade_meaning(answer, rubric, load_analyser()).grade is Grade.PASS


@pytest.mark.parametrize(
    ("note", "answer"),
    [
        # Each answer holds one word of a phrase (세그먼트, 데이터, send, delayed, window…)
        # and none of the points.
        (TIME_WAIT_NOTE, "세그먼트에는 순서 번호가 붙는다."),
        (TIME_WAIT_NOTE, "The client sends the first SYN to open the connection."),
        (TIME_WAIT_NOTE, "Delayed acknowledgements save bandwidth on a busy link."),
        (HALF_CLOSE_NOTE, "클라이언트는 데이터를 모두 받은 뒤 연결을 닫는다."),
        (HALF_CLOSE_NOTE, "The client has no data left in its buffer."),
        (ONE_POINT_NOTE, "수신 윈도우는 받는 쪽의 버퍼 크기를 알린다."),
        (ONE_POINT_NOTE, "The receive window shrinks when the buffer fills up."),
    ],
    ids=["세그먼트", "send", "delayed", "데이터", "data left", "윈도우", "window shrinks"],
)
def test_one_word_of_a_multi_word_phrase_does_not_make_the_point(note, answer):
    assert points_made(answer, rubric_of(note)) == []


TIME_WAIT_THREE = (
    "먼저 닫은 쪽이 TIME_WAIT에 들어가 2MSL 동안 기다린다. "
    "그동안 마지막 ACK가 사라지면 ACK를 다시 보낸다."
)
TIME_WAIT_TWO = "The active closer waits for 2MSL in TIME_WAIT before the port is free again."


@pytest.mark.parametrize(
    ("note", "answer", "made", "passed"),
    [
        # pass=3 of 4: exactly three passes, two does not
        (
            TIME_WAIT_NOTE,
            TIME_WAIT_THREE,
            [
                "the last ACK is sent again if it is lost",
                "it waits for 2MSL",
                "the side that closes first enters it",
            ],
            True,
        ),
        (
            TIME_WAIT_NOTE,
            TIME_WAIT_TWO,
            ["it waits for 2MSL", "the side that closes first enters it"],
            False,
        ),
        # no pass=: half of three points rounds up to two
        (
            HALF_CLOSE_NOTE,
            "서버에 아직 보낼 데이터가 남아 있을 수 있어서 ACK와 FIN을 따로 보낸다.",
            ["the server may still have data to send", "the ACK and the FIN are sent separately"],
            True,
        ),
        (
            HALF_CLOSE_NOTE,
            "TCP closes each direction on its own, so one side can go on sending.",
            ["each direction is closed on its own"],
            False,
        ),
        # one point: making it is a pass
        (
            ONE_POINT_NOTE,
            "손실이 보이면 혼잡 윈도우를 줄인다.",
            ["the congestion window shrinks"],
            True,
        ),
    ],
    ids=["3 of 4, pass=3", "2 of 4, pass=3", "2 of 3", "1 of 3", "1 of 1"],
)
def test_an_answer_passes_with_exactly_the_points_needed(note, answer, made, passed):
    rubric = rubric_of(note)
    assert points_made(answer, rubric) == made
    assert passes(answer, rubric) is passed


@pytest.mark.parametrize(
    ("note", "answer", "denied"),
    [
        (
            HALF_CLOSE_NOTE,
            "서버에 아직 보낼 데이터가 남아 있을 수 있어서 ACK와 FIN을 따로 보낸다. "
            "방향마다 따로 닫는 것은 아니다.",
            "each direction is closed on its own",
        ),
        (
            HALF_CLOSE_NOTE,
            "The server may still have data to send, so the ACK and the FIN are sent "
            "separately. Each direction is not closed on its own.",
            "each direction is closed on its own",
        ),
        (
            TIME_WAIT_NOTE,
            TIME_WAIT_THREE + " 늦게 도착한 세그먼트와는 관계가 없다.",
            "delayed segments of the old connection die out",
        ),
        (
            TIME_WAIT_NOTE,
            "The active closer waits for 2MSL in TIME_WAIT and will send the ACK again if "
            "the last one is lost; it is not about delayed segments.",
            "delayed segments of the old connection die out",
        ),
    ],
    ids=["half-close ko", "half-close en", "TIME_WAIT ko", "TIME_WAIT en"],
)
def test_enough_points_with_one_denied_is_partial_not_a_pass(note, answer, denied):
    """Saying a point is false is an error even when the others reach `pass=`."""
    graded = grade_meaning(answer, rubric_of(note), load_analyser())
    assert [p.point.label("en") for p in graded.denied] == [denied]
    assert len(graded.made) >= graded.rubric.needed
    assert graded.grade is Grade.PARTIAL
