"""Conceptual answers graded by a rubric's key points, in Korean and in English."""

from __future__ import annotations

import textwrap

import pytest

from quizapp.notes import parse_note
from quizapp.notes.rubric import Rubric
from quizapp.quiz.fold import fold
from quizapp.quiz.rubric import grade_rubric, synonym_found

WHY_4WAY_NOTE = """
<!-- quizapp rubric scenario=half-close
- 서버에 아직 보낼 데이터가 남아 있을 수 있다 | the server may still have data to send
  ko: 보낼 데이터, 남은 데이터, 데이터가 남
  en: data left, remaining data, more data, data to send
  query: segments server in CLOSE_WAIT
- 방향마다 따로 닫는다 | each direction is closed on its own
  ko: 방향마다, 방향별, 한 방향, 한쪽 방향, half-close, 반쪽
  en: each direction, one direction, half-close, half close, independently
- ACK를 먼저 보내고 FIN은 나중에 따로 보낸다 | the ACK goes first and the FIN later
  ko: ACK만 먼저, ACK 먼저, FIN은 나중, 나중에 FIN, 따로 보내
  en: ack first, fin later, later fin, separately, separate
  query: state server after-recv FIN @ four-way-close
-->
#### Q. 연결 수립은 3단계인데 종료는 왜 4단계인가?
A. 서버가 ACK와 FIN을 따로 보내기 때문이다.
"""


@pytest.fixture
def why_4way() -> Rubric:
    doc = parse_note(textwrap.dedent(WHY_4WAY_NOTE).lstrip(), "close.md")
    assert doc.problems == []
    return Rubric.from_json(doc.cards[0].extra["rubric"])


@pytest.mark.parametrize(
    ("answer", "hits", "passed"),
    [
        # good
        (
            "FIN을 받은 서버에는 아직 보낼 데이터가 남아 있을 수 있어서, 서버는 ACK만 먼저 "
            "보내고 남은 데이터를 다 보낸 뒤에 FIN을 따로 보낸다. TCP는 방향마다 따로 닫힌다.",
            3,
            True,
        ),
        (
            "Because the server may still have data left to send when the client's FIN "
            "arrives: it sends the ACK first and its own FIN later, separately. Each "
            "direction of the connection is closed on its own (half-close).",
            3,
            True,
        ),
        # partial
        ("서버가 보낼 데이터가 남아 있을 수 있어서 그렇다.", 1, False),
        ("The server might have remaining data, so the close is half-close.", 2, True),
        # wrong
        ("SYN과 ACK를 합쳐 보낼 수 있기 때문이다.", 0, False),
        ("Because of the sequence numbers and the checksum.", 0, False),
        ("", 0, False),
    ],
)
def test_why_4way_answers(why_4way: Rubric, answer: str, hits: int, passed: bool) -> None:
    result = grade_rubric(answer, why_4way)
    assert (result.hits, result.passed) == (hits, passed)
    assert len(result.hit) + len(result.missed) == 3
    assert result.score == pytest.approx(hits / 3)


def test_result_names_the_points_hit_and_missed(why_4way: Rubric) -> None:
    result = grade_rubric("서버는 ACK 먼저 보낸다", why_4way)
    assert [p.label("en") for p in result.hit] == ["the ACK goes first and the FIN later"]
    assert [p.label("ko") for p in result.missed] == [
        "서버에 아직 보낼 데이터가 남아 있을 수 있다",
        "방향마다 따로 닫는다",
    ]
    assert result.points[2].matched == "ACK만 먼저"  # `만` is a particle: the same words


@pytest.mark.parametrize(
    ("synonym", "answer", "found"),
    [
        ("보낼 데이터", "데이터를 더 보낼 수도 있다", True),  # any order, particles
        ("보낼데이터", "보낼 데이터가", True),  # Hangul across spacing
        ("half-close", "HALF CLOSE 상태", True),
        ("close", "the direction closes", True),  # the start of a word
        ("separately", "seperately", True),  # one slip in a long word
        ("ack", "back", False),  # not inside another English word
        ("FIN", "FIN+ACK를 받는다", True),  # a flag inside a combined segment
        ("FIN_WAIT_1", "FIN-WAIT-2", False),
    ],
)
def test_synonym_matching(synonym: str, answer: str, found: bool) -> None:
    assert synonym_found(synonym, fold(answer)) is found
