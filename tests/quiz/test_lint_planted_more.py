"""A second set of planted contradictions, written in round 3 in wordings the lint was
not built on (10 of these 15 were caught before the lint learnt headings, questions about
sending, `receiving` in English questions and data-loss sentences in either order)."""

from __future__ import annotations

import textwrap

import pytest

from quizapp.notes import parse_note
from quizapp.quiz.lint import lint_docs


def _lint(markdown: str) -> list[tuple[int | None, str]]:
    doc = parse_note(textwrap.dedent(markdown).lstrip("\n"), "planted.md")
    return [(p.line, p.message) for p in lint_docs([doc])]


_CLOSE = "<!-- quizapp flow scenario=four-way-close step=6-12 -->"
PLANTED = [
    ("linux-4min", "## TIME_WAIT\n\nLinux 커널에서 TIME_WAIT 상태는 4분간 지속된다.\n", 3,
     "TIME_WAIT lasts 60 s under the linux profile, not 240 s"),
    ("rfc-60s", "## TIME_WAIT\n\nUnder RFC 9293, a socket stays in TIME_WAIT for 60 seconds.\n", 3,
     "TIME_WAIT lasts 240 s under the rfc profile, not 60 s"),
    ("heading-names-linux",
     "## Linux에서 본 TIME_WAIT\n\n이 상태에서 소켓은 TIME_WAIT로 240초 동안 머문다.\n", 3,
     "TIME_WAIT lasts 60 s under the linux profile, not 240 s"),
    ("replies-with-ack",
     "## Handshake\n1. The client sends a SYN.\n2. The server replies with an ACK.\n"
     "3. The client sends an ACK.\n", 3,
     "the server sends SYN+ACK here, not ACK"),
    ("server-fin-first",
     f"## 종료\n{_CLOSE}\n1. 서버가 FIN을 보낸다.\n2. 클라이언트가 ACK를 보낸다.\n"
     "3. 클라이언트가 FIN을 보낸다.\n4. 서버가 ACK를 보낸다.\n", 5,
     "the client sends no FIN at this point in four-way-close"),
    ("ko-transition", "## 상태\n\n클라이언트는 FIN_WAIT_2에서 CLOSE_WAIT로 넘어간다.\n", 3,
     "FIN_WAIT_2 → CLOSE_WAIT"),
    ("en-transition", "## States\n\nThe server transitions from ESTABLISHED to TIME_WAIT.\n", 3,
     "ESTABLISHED → TIME_WAIT: no RFC 9293 transition"),
    ("both-ends",
     f"## Close\n{_CLOSE}\n1. The client sends FIN and enters FIN_WAIT_1.\n"
     "2. In this close both ends wait in TIME_WAIT.\n"
     "3. The server receives the last ACK and goes to CLOSED.\n", 4,
     "in four-way-close only the client enters TIME_WAIT, not both sides"),
    ("both-last-ack", "## 종료\n\n정상 종료에서는 클라이언트와 서버 둘 다 LAST_ACK를 거친다.\n", 3,
     "enters LAST_ACK, not both sides"),
    ("key-after-sending",
     "## Quiz\n\nWhich state does the client enter after sending its SYN?\n\n"
     "- A) SYN_RECEIVED\n- B) SYN_SENT\n- C) ESTABLISHED\n\n**Answer: A**\n", 3,
     "the key says SYN_RECEIVED, but the simulator says SYN_SENT"),
    ("key-after-receiving",
     "## Quiz\n\nWhich state does the client enter after receiving a SYN+ACK?\n\n"
     "- A) SYN_RECEIVED\n- B) ESTABLISHED\n- C) SYN_SENT\n\n**Answer: A**\n", 3,
     "the key says SYN_RECEIVED, but the simulator says ESTABLISHED"),
    ("after-closed",
     "## Close\n<!-- quizapp flow scenario=four-way-close step=1-12 -->\n"
     "1. The client ends in CLOSED.\n2. The client then enters TIME_WAIT.\n"
     "3. The client sends nothing more.\n", 4,
     "the client goes from CLOSED to TIME_WAIT"),
    ("dropped-ko-order",
     "## 데이터\n\nFIN 다음에 도착한 데이터 세그먼트는 수신 측이 이미 닫혔으므로 폐기된다.\n", 3,
     "data that arrives after the FIN is not lost: data-after-fin step"),
    ("dropped-en-order",
     "## Data\n\nThe receiver discards any data segment that arrives after the peer's FIN, "
     "so that data is lost.\n", 3,
     "data that arrives after the FIN is not lost: data-after-fin step"),
    ("ack-into-syn-received", "## 연결\n\nACK를 받은 클라이언트는 SYN_RECEIVED 상태가 된다.\n", 3,
     "the client receives ACK and enters SYN_RECEIVED"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("markdown", "line", "message"), [c[1:] for c in PLANTED], ids=[c[0] for c in PLANTED]
)
def test_each_is_caught_at_its_line(markdown: str, line: int, message: str) -> None:
    problems = _lint(markdown)
    assert any(at == line and message in text for at, text in problems), problems


RIGHT = [
    "## RFC와 Linux 비교\n\nRFC에서는 TIME_WAIT가 240초, 리눅스에서는 60초다.\n",
    "## Linux에서 본 TIME_WAIT\n\n이 상태에서 소켓은 TIME_WAIT로 60초 동안 머문다.\n",
    "## Quiz\n\nWhich state does the client enter after sending its SYN?\n\n"
    "- A) SYN_RECEIVED\n- B) SYN_SENT\n- C) ESTABLISHED\n\n**Answer: B**\n",
    "## 데이터\n\nFIN 다음에 도착한 데이터도 시퀀스 번호로 제자리에 들어가므로 버려지지 않는다.\n",
    "## Data\n\nA data segment that arrives after the peer's FIN is not discarded.\n",
]


@pytest.mark.parametrize("markdown", RIGHT)
def test_the_same_told_right_raise_nothing(markdown: str) -> None:
    assert _lint(markdown) == []
