"""The lint on a note shaped like the user's reference note, kept in the repository.

`test_lint.py::test_the_reference_note_is_clean` reads the user's own note from outside the
repository and skips where it is missing. `fixtures/tcp_lifecycle.md` is our own note with
its structure (flag definitions, the open, data and close procedures as numbered steps
naming both sides' states in hyphenated spellings, answers after `A.`, an interview
question list, references), so the same promise is checked on every machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.notes import CardKind, parse_note
from quizapp.notes.reader import read_note
from quizapp.quiz.lint import lint_docs

FIXTURE = Path(__file__).parent / "fixtures" / "tcp_lifecycle.md"


def test_the_reference_shaped_note_yields_the_reference_cards_and_lints_clean() -> None:
    doc = read_note(FIXTURE, FIXTURE.parent)
    assert doc.problems == []
    counts = {kind: sum(card.kind == kind for card in doc.cards) for kind in CardKind}
    assert {kind: n for kind, n in counts.items() if n} == {
        CardKind.DEFINITION: 3,
        CardKind.BASIC: 3,
        CardKind.OPEN: 2,
        CardKind.ORDERING: 3,
    }
    assert lint_docs([doc]) == []


@pytest.mark.parametrize(
    ("written", "planted", "message"),
    [
        ("받은 서버는 CLOSE-WAIT", "받은 서버는 TIME-WAIT", "the server goes from TIME_WAIT to"),
        (
            "SYN-RECEIVED 상태가 되며",
            "ESTABLISHED 상태가 되며",
            "the server receives SYN and enters ESTABLISHED",
        ),
        (
            "클라이언트는 **ACK**를 보내고 TIME-WAIT",
            "클라이언트는 **ACK**를 보내고 CLOSE-WAIT",
            "the client goes from FIN_WAIT_2 to CLOSE_WAIT",
        ),
    ],
    ids=["server in TIME_WAIT", "SYN enters ESTABLISHED", "client in CLOSE_WAIT"],
)
def test_a_state_mistake_planted_in_it_is_reported_on_its_line(
    written: str, planted: str, message: str
) -> None:
    """The clean result above means something: the lint reads this note's steps."""
    text = FIXTURE.read_text(encoding="utf-8")
    assert text.count(written) == 1
    text = text.replace(written, planted)
    line = next(n for n, row in enumerate(text.splitlines(), 1) if planted in row)
    problems = lint_docs([parse_note(text, FIXTURE.name)])
    assert any(p.line in (line, line + 1) and message in p.message for p in problems), problems
