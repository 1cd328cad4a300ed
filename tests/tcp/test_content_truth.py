"""What the bundled notes say a run does is what the simulator does.

RFC 9293 §3.10.7.4: an RST in LAST-ACK closes the connection and tells the application
nothing (it has closed already). The `lost-final-ack-no-time-wait` run shows that; the
TIME_WAIT note once said the peer "ends in an error". This pins both sides: the run, and
the note's rubric and answer about it.
"""

from __future__ import annotations

import re

import pytest

from quizapp.locations import bundled_content
from quizapp.notes import read_note
from quizapp.notes.rubric import Rubric
from quizapp.tcp.model import Flags, Notice, Side, State
from quizapp.tcp.scenarios import run_scenario

_ERROR_CLAIM = re.compile(r"에러로|오류로\s*(?:끝|종료)|ends?\s+(?:in|with)\s+an?\s+error", re.I)


def _card(card_id: str):
    root = bundled_content()
    for path in sorted(root.rglob("*.md")):
        for card in read_note(path, root).cards:
            if card.explicit_id == card_id:
                return card
    raise AssertionError(f"no bundled card {card_id}")


@pytest.mark.parametrize("profile", ["rfc", "linux"])
def test_an_rst_in_last_ack_closes_the_server_without_a_signal(profile: str) -> None:
    trace = run_scenario("lost-final-ack-no-time-wait", profile)
    [closing] = [
        s for s in trace.steps if s.entered(Side.SERVER) is State.CLOSED and Flags.RST in s.flags
    ]
    assert closing.notices == ()
    assert Notice.RESET not in {n for s in trace.steps for n in s.notices}


def test_the_note_says_what_the_run_shows_about_that_rst() -> None:
    card = _card("tcp-without-time-wait")
    rubric = Rubric.from_json(card.extra["rubric"])
    point = rubric.points[0]
    said = " ".join([point.ko, point.en, *point.synonyms, card.answer])
    assert not _ERROR_CLAIM.search(said), said
    assert "RST" in point.ko and "RST" in point.en
    # The point's link still resolves to the run's truth: the server is CLOSED after the RST.
    queries = [link.query for link in point.links if link.query]
    assert "state server after-recv RST" in queries
