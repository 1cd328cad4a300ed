"""Sixteen and more contradictions planted in notes, of every kind `quizapp check` looks
for, each caught at its line; and the same notes told right raise nothing."""

from __future__ import annotations

import textwrap

import pytest

from quizapp.notes import parse_note
from quizapp.quiz.lint import lint_docs


def _lint(markdown: str) -> list[tuple[int | None, str]]:
    doc = parse_note(textwrap.dedent(markdown).lstrip("\n"), "planted.md")
    return [(p.line, p.message) for p in lint_docs([doc])]


PLANTED = [
    # durations against the profile named or implied
    (
        "rfc-30s",
        "## TIME_WAIT\n\nRFC 기준으로 TIME_WAIT는 30초 동안 유지된다.\n",
        3,
        "TIME_WAIT lasts 240 s under the rfc profile, not 30 s",
    ),
    (
        "linux-240s",
        "## TIME_WAIT\n\nOn Linux, TIME_WAIT lasts 240 seconds.\n",
        3,
        "TIME_WAIT lasts 60 s under the linux profile, not 240 s",
    ),
    (
        "implied-linux",
        "## 리눅스 커널\n\n리눅스 커널의 상수는 고정되어 있다. TIME_WAIT는 2분 동안 유지된다.\n",
        3,
        "TIME_WAIT lasts 60 s under the linux profile, not 120 s",
    ),
    (
        "no-profile-30s",
        "## TIME_WAIT\n\nTIME_WAIT는 30초다.\n",
        3,
        "TIME_WAIT lasts 240 s (rfc), 60 s (linux), not 30 s",
    ),
    # segments in numbered lists
    (
        "ack-for-synack",
        """\
        ## 3-way handshake
        1. 클라이언트가 SYN을 보낸다.
        2. 서버가 ACK를 보낸다.
        3. 클라이언트가 ACK를 보낸다.
        """,
        3,
        "the server sends SYN+ACK here, not ACK",
    ),
    (
        "handshake-order",
        """\
        ## handshake
        <!-- quizapp flow scenario=three-way-open step=2-5 -->
        1. The client sends an ACK.
        2. The server sends a SYN+ACK.
        3. The client sends a SYN.
        """,
        4,
        "the server sends no SYN+ACK at this point in three-way-open",
    ),
    (
        "close-segments",
        """\
        ## 4-way close
        <!-- quizapp flow scenario=four-way-close step=6-12 -->
        1. 클라이언트가 FIN을 보낸다.
        2. 서버가 FIN을 보낸다.
        3. 서버가 ACK를 보낸다.
        4. 클라이언트가 ACK를 보낸다.
        """,
        5,
        "the server sends no ACK at this point in four-way-close",
    ),
    # explicit transitions
    (
        "ko-from-to",
        "## 상태\n\n서버는 CLOSE_WAIT에서 TIME_WAIT로 바뀐다.\n",
        3,
        "CLOSE_WAIT → TIME_WAIT: no RFC 9293 transition",
    ),
    (
        "en-from-to",
        "## States\n\nThe client moves from SYN_SENT to LAST_ACK.\n",
        3,
        "SYN_SENT → LAST_ACK: no RFC 9293 transition",
    ),
    (
        "from-listen",
        "## 상태\n\nLISTEN 상태에서 ESTABLISHED 상태로 바로 간다.\n",
        3,
        "LISTEN → ESTABLISHED: no RFC 9293 transition",
    ),
    # "both sides"
    (
        "both-time-wait",
        """\
        ## 4-way
        <!-- quizapp flow scenario=four-way-close step=6-12 -->
        1. 클라이언트가 FIN을 보내고 FIN_WAIT_1 상태가 된다.
        2. 이 종료에서는 양쪽 모두 TIME_WAIT를 거친다.
        3. 서버는 마지막 ACK를 받고 CLOSED가 된다.
        """,
        4,
        "in four-way-close only the client enters TIME_WAIT, not both sides",
    ),
    (
        "both-close-wait",
        "## Close\n\nBoth sides go through CLOSE_WAIT when they close.\n",
        3,
        "not both sides",
    ),
    # a multiple-choice key the simulator contradicts
    (
        "choice-key",
        """\
        ## 객관식

        서버가 클라이언트의 FIN을 받으면 어떤 상태가 되나?

        - A) FIN_WAIT_2
        - B) CLOSE_WAIT
        - C) LAST_ACK
        - D) TIME_WAIT

        **정답: C**
        """,
        3,
        "the key says LAST_ACK, but the simulator says CLOSE_WAIT",
    ),
    # a state after CLOSED is not let through by "the run passes from one to the other"
    (
        "after-closed",
        """\
        ## 종료
        <!-- quizapp flow scenario=four-way-close step=1-12 -->
        1. 클라이언트는 CLOSED 상태에서 시작한다.
        2. 클라이언트는 FIN_WAIT_2 상태가 된다.
        """,
        4,
        "the client goes from CLOSED to FIN_WAIT_2",
    ),
    # a causal claim the simulator refutes
    (
        "dropped-ko",
        "## FIN 뒤의 데이터\n\n"
        "서버가 FIN 전에 보낸 데이터가 FIN보다 늦게 도착하면 버려져서 유실된다.\n",
        3,
        "data-after-fin step 12 delivers it in order",
    ),
    (
        "dropped-en",
        "## Late data\n\nData the server sent before its FIN that arrives after the FIN is "
        "dropped and lost.\n",
        3,
        "data-after-fin step 12 delivers it in order",
    ),
    # a state entered on a segment that cannot lead there, said of the side that got it
    (
        "received",
        "## 연결\n\nSYN을 받은 서버는 CLOSE_WAIT 상태가 된다.\n",
        3,
        "the server receives SYN and enters CLOSE_WAIT: no RFC 9293 transition does that",
    ),
]


@pytest.mark.parametrize(
    ("markdown", "line", "message"),
    [case[1:] for case in PLANTED],
    ids=[case[0] for case in PLANTED],
)
def test_each_planted_contradiction_is_caught_at_its_line(
    markdown: str, line: int, message: str
) -> None:
    problems = _lint(markdown)
    assert any(at == line and message in text for at, text in problems), problems


def test_at_least_sixteen_are_planted() -> None:
    assert len(PLANTED) >= 16


RIGHT = [
    "## TIME_WAIT\n\nRFC 기준으로 TIME_WAIT는 240초 동안 유지된다. 리눅스에서는 60초다.\n",
    "## TIME_WAIT\n\nOn Linux, TIME_WAIT lasts 60 seconds; the RFC says 4 minutes.\n",
    "## TIME_WAIT\n\nRFC의 MSL은 2분이므로 TIME_WAIT는 4분이다.\n",
    """\
    ## 3-way handshake
    1. 클라이언트가 SYN을 보낸다.
    2. 서버가 SYN+ACK를 보낸다.
    3. 클라이언트가 ACK를 보낸다.
    """,
    "## 상태\n\n서버는 CLOSE_WAIT에서 LAST_ACK로 바뀐다.\n",
    "## Close\n\nIn a simultaneous close both sides go through TIME_WAIT.\n",
    """\
    ## 객관식

    서버가 클라이언트의 FIN을 받으면 어떤 상태가 되나?

    - A) FIN_WAIT_2
    - B) CLOSE_WAIT
    - C) LAST_ACK

    **정답: B**
    """,
    "## Late data\n\nData that arrives after the FIN is still delivered in order.\n",
]


@pytest.mark.parametrize("markdown", RIGHT)
def test_the_same_things_told_right_raise_nothing(markdown: str) -> None:
    assert _lint(markdown) == []
