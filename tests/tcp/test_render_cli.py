"""`quizapp sim`: the JSON object, the text diagram, and the command's errors."""

from __future__ import annotations

import json
import re

import pytest
from rich.cells import cell_len

from quizapp.tcp.cli import sim_command
from quizapp.tcp.render import render_text, trace_to_json
from quizapp.tcp.scenarios import SCENARIOS, run_scenario

ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\S+)\s+│(.*)│ (\S+)$")
STEP_KEYS = {"t_ms", "event", "from", "to", "flags", "seq", "ack", "len", "delivered", "states"}
LABEL = {("SYN",): "SYN", ("ACK", "SYN"): "SYN+ACK", ("ACK",): "ACK", ("ACK", "FIN"): "FIN+ACK"}


def _sim(
    scenario: str | None,
    *,
    profile: str = "rfc",
    drop: list[int] | None = None,
    delay: list[str] | None = None,
    lang: str = "ko",
    as_json: bool = False,
) -> tuple[int, str]:
    return sim_command(scenario, profile, drop or [], delay or [], 0, lang, as_json)


def test_json_has_exactly_the_documented_shape() -> None:
    code, text = _sim("lost-final-ack", as_json=True)
    data = json.loads(text)
    assert code == 0 and set(data) == {"scenario", "profile", "steps"}
    assert (data["scenario"], data["profile"]) == ("lost-final-ack", "rfc")
    for step in data["steps"]:
        assert set(step) == STEP_KEYS
        assert set(step["states"]) == {"client", "server"}
        assert step["flags"] == sorted(step["flags"])
        if step["event"] == "timer":
            assert (step["to"], step["flags"]) == (None, [])
    events = [s["event"] for s in data["steps"]]
    assert set(events) == {"call", "segment", "timer"}
    lost = [s for s in data["steps"] if s["delivered"] is False]
    assert [(s["from"], s["flags"]) for s in lost] == [("client", ["ACK"])]
    assert data["steps"][-1]["states"] == {"client": "CLOSED", "server": "CLOSED"}


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_json_and_text_diagram_of_four_way_close_agree(lang: str) -> None:
    """Same steps in the same order, same states after each, same flags and directions."""
    steps = json.loads(_sim("four-way-close", as_json=True)[1])["steps"]
    rows = [
        m for line in _sim("four-way-close", lang=lang)[1].splitlines() if (m := ROW.match(line))
    ]
    assert len(rows) == len(steps)
    for i, (row, step) in enumerate(zip(rows, steps, strict=True), start=1):
        n, t_ms, client, middle, server = row.groups()
        assert (int(n), int(t_ms)) == (i, step["t_ms"])
        assert (client, server) == (step["states"]["client"], step["states"]["server"])
        if step["event"] == "segment":
            assert f" {LABEL[tuple(step['flags'])]} " in middle
            assert ("──▶" in middle) == (step["from"] == "client")
            assert ("◀──" in middle) == (step["from"] == "server")
        else:
            assert "─" not in middle


def test_lost_and_resent_segments_are_marked() -> None:
    text = _sim("lost-final-ack", lang="en")[1]
    lost = [line for line in text.splitlines() if "✕" in line]
    assert len(lost) == 1 and "#7 ACK" in lost[0] and "▶" not in lost[0]
    assert any("(resent)" in line and "FIN+ACK" in line for line in text.splitlines())


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_korean_diagram_lines_up_and_fits_the_width(name: str) -> None:
    """Lane borders sit in the same terminal column on every row although the header and
    narration are Korean (two cells a syllable); nothing is wider than asked."""
    text = render_text(run_scenario(name), lang="ko", width=100)
    lines = text.splitlines()
    borders = {
        (cell_len(line[: line.index("│")]), cell_len(line[: line.rindex("│")]))
        for line in lines
        if ROW.match(line)
    }
    assert len(borders) == 1
    right = borders.pop()[1]
    header = next(line for line in lines if line.lstrip().startswith("step"))
    assert cell_len(header[: header.index("서버")]) == right + 2
    assert max(cell_len(line) for line in lines) <= 100


def test_text_narration_follows_the_language() -> None:
    ko = _sim("three-way-open", lang="ko")[1]
    en = _sim("three-way-open", lang="en")[1]
    assert "3-way handshake" in ko and "서버" in ko
    assert "Three-way handshake" in en and "서버" not in en


def test_listing_without_a_scenario() -> None:
    code, text = _sim(None, lang="en")
    assert code == 0
    for name, scenario in SCENARIOS.items():
        assert any(
            line.split()[0] == name and scenario.title.en in line for line in text.splitlines()[1:]
        )


def test_json_output_matches_the_renderer() -> None:
    expected = trace_to_json(run_scenario("half-close", "linux"))
    assert json.loads(_sim("half-close", profile="linux", as_json=True)[1]) == expected


def test_drop_and_delay_number_segments_in_send_order() -> None:
    """--drop 4 loses the 4th segment sent (the client's FIN), which is then resent."""
    data = json.loads(_sim("four-way-close", drop=[4], as_json=True)[1])
    segments = [s for s in data["steps"] if s["event"] == "segment"]
    assert (segments[3]["flags"], segments[3]["delivered"]) == (["ACK", "FIN"], False)
    assert segments[4]["flags"] == ["ACK", "FIN"] and segments[4]["delivered"]
    delayed = json.loads(_sim("four-way-close", delay=["4:500"], as_json=True)[1])
    fin = next(s for s in delayed["steps"] if s["flags"] == ["ACK", "FIN"])
    assert fin["t_ms"] == 200 + 50 + 500


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scenario": "four-way-clos"}, "did you mean 'four-way-close'"),
        ({"scenario": "nope"}, "unknown scenario 'nope'"),
        ({"profile": "bsd"}, "unknown profile 'bsd'"),
        ({"lang": "fr"}, "unknown language 'fr'"),
        ({"delay": ["3-200"]}, "expected N:MS"),
        ({"delay": ["x:200"]}, "expected N:MS"),
        ({"delay": ["0:200"]}, "numbered from 1"),
        ({"drop": [0]}, "numbered from 1"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(kwargs: dict, message: str) -> None:
    args = {"scenario": "four-way-close", **kwargs}
    code, text = _sim(**args)
    assert code == 2 and message in text
