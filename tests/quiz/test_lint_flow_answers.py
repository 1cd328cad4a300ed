"""A flow question whose note also writes its answer: the lint reports the answer the
simulator does not give (the quiz would offer the note's own answer as a wrong option),
under the profile the card names, else the quiz's default (`rfc`)."""

from __future__ import annotations

import textwrap

import pytest

from quizapp.notes import parse_note
from quizapp.quiz.lint import lint_docs


def _lint(markdown: str) -> list[tuple[int | None, str]]:
    doc = parse_note(textwrap.dedent(markdown).lstrip("\n"), "flow.md")
    return [(p.line, p.message) for p in lint_docs([doc])]


_STATE_Q = (
    "- Q. 서버가 클라이언트의 FIN을 받으면 어떤 상태가 되나? <!-- quizapp flow "
    'scenario=four-way-close query="state server after-recv FIN" -->\n'
)
_SEGMENT_Q = (
    "- Q. With nothing left to send, which segment does the server send as it goes to "
    'LAST_ACK? <!-- quizapp flow scenario=three-segment-close query="segments server in '
    'LAST_ACK" -->\n'
)
_LINUX_Q = (
    "- Q. 리눅스에서 먼저 닫은 쪽은 TIME_WAIT에 얼마 동안 머무나? <!-- quizapp flow "
    'scenario=four-way-close query="time-in client TIME_WAIT" -->\n'
)
_RFC_Q = (
    "- Q. How long does the side that closed first stay in TIME_WAIT? <!-- quizapp flow "
    'scenario=four-way-close query="time-in client TIME_WAIT" -->\n'
)

WRONG = [
    ("ko-state", f"# 종료\n\n{_STATE_Q}  - A. LAST_ACK 상태가 된다.\n",
     "the note answers LAST_ACK, but the simulator says CLOSE_WAIT (four-way-close step 7, rfc"),
    ("en-segment", f"# Close\n\n{_SEGMENT_Q}  - A. A bare FIN.\n",
     "the note answers FIN, but the simulator says FIN+ACK"),
    ("linux-length", f"# TIME_WAIT\n\n{_LINUX_Q}  - A. 240초\n",
     "the note answers 240 s, but the simulator says 60 s"),
    ("rfc-length", f"# TIME_WAIT\n\n{_RFC_Q}  - A. One minute.\n",
     "the note answers 60 s, but the simulator says 240 s"),
]  # fmt: skip


@pytest.mark.parametrize(("markdown", "message"), [c[1:] for c in WRONG], ids=[c[0] for c in WRONG])
def test_a_written_answer_the_simulator_does_not_give_is_reported(markdown: str, message: str):
    problems = _lint(markdown)
    assert any(at == 3 and message in text for at, text in problems), problems


RIGHT = [
    f"# 종료\n\n{_STATE_Q}  - A. CLOSE_WAIT 상태가 된다.\n",
    f"# Close\n\n{_SEGMENT_Q}  - A. FIN+ACK: the ACK rides with its FIN.\n",
    f"# TIME_WAIT\n\n{_LINUX_Q}  - A. 60초 (`TCP_TIMEWAIT_LEN`)\n",
    f"# TIME_WAIT\n\n{_RFC_Q}  - A. 2MSL, 4 minutes.\n",
    f"# 종료\n\n{_STATE_Q}",  # no written answer: nothing to compare
]


@pytest.mark.parametrize("markdown", RIGHT)
def test_the_answer_the_simulator_gives_raises_nothing(markdown: str) -> None:
    assert _lint(markdown) == []
