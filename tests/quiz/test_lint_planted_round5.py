"""A third set of planted contradictions (round 5), committed before the lint ran on it:
new wordings of every kind the issue names, and true statements in the same words that
must raise nothing. The expected text is only a fragment (a state, a duration): the
message's exact wording was not known when the set was written.

Blind, 7 of the 14 were caught (one of them, `ko-open-order`, at the list's second item
rather than its first, where it stays). One plant was wrong: "the server right after it
sends its FIN" is in FIN_WAIT_1 when the server closes first (`server-close`), so the
lint was right to let that key through; it was replaced by a question about the client
receiving the server's FIN. The lint then learnt lengths in words (`one minute`), `A →
B: FLAG` lists, `두 호스트 모두`, drops said with a negation (`받아들여지지 않는다`), the
FIN overtaking data (`FIN이 먼저 도착하면`) and data sent after the peer's FIN
(half-close)."""

from __future__ import annotations

import textwrap

import pytest

from quizapp.notes import parse_note
from quizapp.quiz.lint import lint_docs


def _lint(markdown: str) -> list[tuple[int | None, str]]:
    doc = parse_note(textwrap.dedent(markdown).lstrip("\n"), "planted.md")
    return [(p.line, p.message) for p in lint_docs([doc])]


_OPEN = "<!-- quizapp flow scenario=three-way-open step=2-5 -->"
_CLOSE = "<!-- quizapp flow scenario=four-way-close step=1-12 -->"
PLANTED = [
    # durations against the profile named or implied
    ("linux-2msl-4min", "## TIME_WAIT 길이\n\n리눅스에서 TIME_WAIT는 2MSL, 즉 4분이다.\n", 3,
     "60 s"),
    ("rfc-one-minute",
     "## Timers\n\nPer the RFC, a connection sits in TIME_WAIT for one minute.\n", 3, "240 s"),
    ("linux-heading-120s",
     "## Linux 커널 튜닝\n\n`tcp_fin_timeout`과 별개로 TIME_WAIT는 120초 동안 지속된다.\n", 3,
     "60 s"),
    # segments in numbered lists
    ("arrow-list-ack",
     "## Opening a connection\n1. Client → server: SYN\n2. Server → client: ACK\n"
     "3. Client → server: ACK\n", 3, "SYN+ACK"),
    # Caught at the second item (where the list and the run part ways), not the first.
    ("ko-open-order",
     f"## 연결 수립\n{_OPEN}\n1. 서버가 SYN+ACK를 보낸다.\n2. 클라이언트가 SYN을 보낸다.\n"
     "3. 클라이언트가 ACK를 보낸다.\n", 4, "SYN"),
    # explicit transitions
    ("ko-listen-fin-wait", "## 상태 전이\n\n서버는 LISTEN에서 FIN_WAIT_1로 넘어간다.\n", 3,
     "LISTEN → FIN_WAIT_1"),
    ("en-last-ack-time-wait",
     "## States\n\nAfter its ACK arrives, the server goes from LAST_ACK to TIME_WAIT.\n", 3,
     "LAST_ACK → TIME_WAIT"),
    # "both sides"
    ("both-peers-fin-wait-2",
     "## Teardown\n\nAfter a normal close, both peers end up in FIN_WAIT_2 for a while.\n", 3,
     "FIN_WAIT_2"),
    ("두-호스트-close-wait",
     "## 종료\n\n4-way handshake에서는 두 호스트 모두 CLOSE_WAIT 상태를 지난다.\n", 3,
     "CLOSE_WAIT"),
    # a multiple-choice key the simulator contradicts
    ("ko-key-closed",
     "## 퀴즈\n\n클라이언트가 서버의 FIN을 받으면 어떤 상태가 되나?\n\n"
     "- A) CLOSED\n- B) TIME_WAIT\n- C) LAST_ACK\n\n**정답: A**\n", 3, "TIME_WAIT"),
    ("en-key-fin-wait-1",
     "## Quiz\n\nWhat state is the client in right after it receives the server's FIN?\n\n"
     "- A) CLOSE_WAIT\n- B) TIME_WAIT\n- C) FIN_WAIT_1\n\n**Answer: C**\n", 3, "FIN_WAIT_1"),
    # a state after CLOSED
    ("server-after-closed",
     f"## Close\n{_CLOSE}\n1. The server reaches CLOSED after the last ACK.\n"
     "2. The server then moves to LAST_ACK.\n", 4, "CLOSED"),
    # causal claims the simulator refutes
    ("ko-data-behind-fin",
     "## 재정렬\n\n서버의 FIN이 먼저 도착하면, 그보다 앞서 보낸 데이터는 나중에 와도 "
     "받아들여지지 않는다.\n", 3, "data-after-fin"),
    ("en-half-close-discarded",
     "## Half-close\n\nOnce the client's FIN has arrived, any bytes the server still sends "
     "are thrown away by the client.\n", 3, ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("markdown", "line", "fragment"), [c[1:] for c in PLANTED], ids=[c[0] for c in PLANTED]
)
def test_each_is_caught_at_its_line(markdown: str, line: int, fragment: str) -> None:
    problems = _lint(markdown)
    assert any(at == line and fragment in text for at, text in problems), problems


RIGHT = [
    "## TIME_WAIT\n\n리눅스의 TIME_WAIT는 60초로 고정되어 있고, RFC대로라면 4분이다.\n",
    "## Opening\n1. Client → server: SYN\n2. Server → client: SYN+ACK\n3. Client → server: ACK\n",
    "## States\n\nThe server moves from CLOSE_WAIT to LAST_ACK when it sends its FIN.\n",
    "## Half-close\n\nAfter the client's FIN arrives, the server can keep sending data and "
    "the client still receives it.\n",
    "## 동시 종료\n\n양쪽이 동시에 FIN을 보내면 두 호스트 모두 CLOSING을 거쳐 TIME_WAIT에 "
    "들어간다.\n",
    # Added with the rules the set taught the lint (after its blind run).
    "## Timers\n\nOn Linux, a connection sits in TIME_WAIT for one minute.\n",
    "## 재정렬\n\n서버의 FIN이 먼저 도착해도 그보다 앞서 보낸 데이터는 버려지지 않는다.\n",
    "## Half-close\n\nOnce the client's FIN has arrived, the bytes the server still sends are "
    "not thrown away.\n",
]


@pytest.mark.parametrize("markdown", RIGHT)
def test_the_same_told_right_raise_nothing(markdown: str) -> None:
    assert _lint(markdown) == []
