"""`quizapp check` against the simulator: references, and TCP states written in notes."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from quizapp import locations
from quizapp.notes import parse_note
from quizapp.notes.reader import iter_note_files, read_note
from quizapp.quiz.lint import entered_on, lint_docs
from quizapp.tcp.model import Flags, State
from tests.notes.helpers import SEED


def _lint(markdown: str) -> list[tuple[int | None, str]]:
    doc = parse_note(textwrap.dedent(markdown).lstrip("\n"), "planted.md")
    return [(p.line, p.message) for p in lint_docs([doc])]


def test_planted_contradiction_in_a_step_list_is_reported_with_its_line() -> None:
    problems = _lint(
        """
        ### 4-way handshake
        1. 클라이언트가 FIN을 보내고 FIN_WAIT_1 상태가 된다.
        2. 서버는 FIN을 받고 TIME_WAIT 상태가 된다.
           ACK를 받은 클라이언트는 FIN_WAIT_2 상태가 된다.
        3. 서버가 FIN을 보내고 LAST_ACK 상태가 된다.
        4. 클라이언트는 ACK를 보내고 TIME_WAIT 상태가 된다.
        """
    )
    assert (5, "the server goes from TIME_WAIT to LAST_ACK: no RFC 9293 transition does that") in (
        problems
    )
    contradiction = [m for line, m in problems if line == 3 and "contradict" in m]
    assert contradiction and "four-way-close" in contradiction[0]
    assert "the server is not in TIME_WAIT" in contradiction[0]


def test_the_corrected_list_is_clean() -> None:
    assert (
        _lint(
            """
            ### 4-way handshake
            1. 클라이언트가 FIN을 보내고 FIN_WAIT_1 상태가 된다.
            2. 서버는 FIN을 받고 CLOSE_WAIT 상태가 된다.
               ACK를 받은 클라이언트는 FIN_WAIT_2 상태가 된다.
            3. 서버가 FIN을 보내고 LAST_ACK 상태가 된다.
            4. 클라이언트는 ACK를 보내고 TIME_WAIT 상태가 된다.
            """
        )
        == []
    )


def test_english_sentence_naming_the_server_entering_time_wait_in_a_client_close() -> None:
    problems = _lint(
        """
        ### Closing
        1. The client calls close(), sends a FIN and enters FIN_WAIT_1.
        2. The server receives the FIN and enters TIME_WAIT.
        3. The client receives the ACK and moves to FIN_WAIT_2.
        """
    )
    assert [line for line, m in problems if "contradict" in m] == [3]


def test_a_list_linked_to_a_scenario_is_compared_with_that_scenario() -> None:
    problems = _lint(
        """
        ### 4-way
        <!-- quizapp flow scenario=four-way-close -->
        1. 클라이언트는 FIN을 보내고 FIN_WAIT_1 상태가 된다.
        2. 클라이언트는 서버의 FIN을 받고 TIME_WAIT 상태가 된다.
        3. 클라이언트는 ACK를 받고 FIN_WAIT_2 상태가 된다.
        """
    )
    assert any(line == 5 and "contradict scenario four-way-close" in m for line, m in problems)


def test_a_link_makes_an_otherwise_fitting_text_a_contradiction() -> None:
    # Right for a client-initiated close, wrong for the server-initiated one it links to.
    text = """
        ### 종료
        {annotation}
        1. 클라이언트가 FIN을 보내고 FIN_WAIT_1 상태가 된다.
        2. 서버는 ACK를 보내고 CLOSE_WAIT 상태가 된다. 클라이언트는 FIN_WAIT_2 상태가 된다.
        3. 서버가 FIN을 보내고 LAST_ACK 상태가 된다.
        """
    assert _lint(text.format(annotation="")) == []
    linked = _lint(text.format(annotation="<!-- quizapp flow scenario=server-close -->"))
    assert [line for line, m in linked if "contradict scenario server-close" in m] == [3]


def test_arrow_chain_without_a_side_must_be_transitions() -> None:
    assert _lint("상태는 SYN_SENT → ESTABLISHED → FIN_WAIT_1 순서로 바뀐다.\n") == []
    assert _lint("상태는 `SYN_SENT` -> `LISTEN` 순서로 바뀐다.\n") == [
        (1, "SYN_SENT → LISTEN is no RFC 9293 transition")
    ]


def test_a_state_entered_on_a_segment_that_cannot_lead_there() -> None:
    assert _lint("The server receives the SYN and enters ESTABLISHED.\n") == [
        (1, "the server receives SYN and enters ESTABLISHED: no RFC 9293 transition does that")
    ]
    assert _lint("FIN을 받은 서버는 CLOSE_WAIT 상태가 된다.\n") == []


def test_received_segments_and_the_states_they_lead_to() -> None:
    assert entered_on(State.CLOSE_WAIT, Flags.FIN)
    assert entered_on(State.TIME_WAIT, Flags.FIN | Flags.ACK)
    assert entered_on(State.ESTABLISHED, Flags.SYN | Flags.ACK)
    assert not entered_on(State.ESTABLISHED, Flags.SYN)
    assert not entered_on(State.LAST_ACK, Flags.FIN)


def test_unresolved_references_are_errors_at_the_annotation_line() -> None:
    problems = _lint(
        """
        <!-- quizapp flow scenario=client-close query="state server after-recv FIN" -->
        #### Q. 서버 상태는?

        <!-- quizapp flow scenario=four-way-close query="state server after-recv SYN+ACK" -->
        #### Q. 없는 일

        <!-- quizapp flow scenario=four-way-close step=99 -->
        1. 하나
        2. 둘
        3. 셋

        <!-- quizapp rubric

        - 요점 | point
          step: 3
          query: states client @ half-close
          query: state client after-recv FIN @ nowhere
        -->
        #### Q. 왜?
        그래서.
        """
    )
    assert [(line, message.split(":")[0]) for line, message in problems] == [
        (1, "unknown scenario 'client-close' (see `quizapp sim`)"),
        (4, "query does not resolve in four-way-close (rfc)"),
        (
            7,
            "step 99 is beyond the end of four-way-close (12 steps under rfc; "
            "`quizapp sim four-way-close` numbers them)",
        ),
        (15, "a rubric link needs a scenario"),
        (17, "unknown scenario 'nowhere' (see `quizapp sim`)"),
    ]


def _docs(root: Path):
    return [read_note(file, root) for file in iter_note_files(root)]


def test_the_bundled_notes_are_clean() -> None:
    root = locations.bundled_content()
    docs = _docs(root)
    assert len(docs) >= 5
    assert lint_docs(docs) == []


@pytest.mark.skipif(not SEED.exists(), reason="the reference note is outside the repository")
def test_the_reference_note_is_clean(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "seed.md")
    assert lint_docs(_docs(tmp_path)) == []
