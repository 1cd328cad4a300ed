"""`quizapp sim`: the JSON object, the text diagram, and the command's errors."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from quizapp.cli import app
from quizapp.tcp.cli import sim_command
from quizapp.tcp.render import render_text, trace_to_json
from quizapp.tcp.scenarios import SCENARIOS, run_scenario

ROW = re.compile(r"^\s*(\d+)\s+(\d+)\s+(\S+)\s+│(.*)│ (\S+)$")
STEP_KEYS = {
    "n",
    "segment",
    "t_ms",
    "event",
    "from",
    "to",
    "flags",
    "seq",
    "ack",
    "len",
    "delivered",
    "lost_by",
    "retransmission",
    "duplicate",
    "timer",
    "call",
    "reaction",
    "states",
    "narration",
}
TOP_KEYS = {
    "scenario",
    "profile",
    "profile_note",
    "title",
    "lesson_holds",
    "claims",
    "faults",
    "steps",
}
LABEL = {("SYN",): "SYN", ("ACK", "SYN"): "SYN+ACK", ("ACK",): "ACK", ("ACK", "FIN"): "FIN+ACK"}


def _sim(
    scenario: str | None,
    *,
    profile: str = "rfc",
    drop: list[int | str] | None = None,
    delay: list[str] | None = None,
    lang: str = "ko",
    as_json: bool = False,
    seed: str | int = 0,
    width: str | int | None = 100,
) -> tuple[int, str]:
    return sim_command(scenario, profile, drop or [], delay or [], seed, lang, as_json, width)


def test_json_has_exactly_the_documented_shape() -> None:
    code, text = _sim("lost-final-ack", as_json=True)
    data = json.loads(text)
    assert code == 0 and set(data) == TOP_KEYS
    assert (data["scenario"], data["profile"]) == ("lost-final-ack", "rfc")
    assert data["lesson_holds"] is True and len(data["claims"]) == 4
    assert all(c["holds"] is True and c["claim"]["ko"] and c["claim"]["en"] for c in data["claims"])
    assert data["faults"] == [
        {
            "rule": {
                "ko": "클라이언트가 TIME_WAIT에 들어가며 보내는 마지막 ACK 유실",
                "en": "lose the client's ACK sent as it enters TIME_WAIT (the final ACK)",
            },
            "by": "scenario",
            "matched": [7],
        }
    ]
    for n, step in enumerate(data["steps"], start=1):
        assert set(step) == STEP_KEYS and step["n"] == n
        assert step["narration"]["ko"] and step["narration"]["en"]
        assert (step["segment"] is not None) == (step["event"] == "segment")
        assert (step["timer"] is not None) == (step["event"] == "timer")
        assert (step["call"] is not None) == (step["event"] == "call")
        assert set(step["states"]) == {"client", "server"}
        assert step["flags"] == sorted(step["flags"])
        if step["event"] == "timer":
            assert (step["to"], step["flags"]) == (None, [])
    events = [s["event"] for s in data["steps"]]
    assert set(events) == {"call", "segment", "timer"}
    lost = [s for s in data["steps"] if s["delivered"] is False]
    assert [(s["from"], s["flags"], s["segment"]) for s in lost] == [("client", ["ACK"], "#7")]
    resent = [s for s in data["steps"] if s["retransmission"]]
    assert [(s["from"], s["flags"]) for s in resent] == [("server", ["ACK", "FIN"])]
    assert {s["timer"] for s in data["steps"] if s["timer"]} == {"retransmit", "time-wait"}
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


def test_json_listing_names_every_scenario_with_its_claims() -> None:
    code, text = _sim(None, as_json=True)
    listed = json.loads(text)["scenarios"]
    assert code == 0 and [s["name"] for s in listed] == list(SCENARIOS)
    for entry in listed:
        scenario = SCENARIOS[entry["name"]]
        assert entry["title"] == {"ko": scenario.title.ko, "en": scenario.title.en}
        assert entry["claims"] and len(entry["claims"]) == len(scenario.claims)


def test_a_drop_past_the_last_segment_names_the_last_one() -> None:
    code, text = _sim("four-way-close", drop=[9])
    assert code == 2 and "--drop 9" in text and "#1–#7" in text
    code, text = _sim("four-way-close", delay=["40:100"])
    assert code == 2 and "--delay 40:100" in text and "#1–#7" in text
    assert _sim("four-way-close", drop=[7])[0] == 0


def test_a_broken_lesson_is_said_not_narrated() -> None:
    """Losing the SYN still shows the lost-final-ack lesson (the final ACK is named by
    meaning, not by number). Delaying the server's ACK of the client's FIN (#5) by 300 ms
    makes the client answer it, late, with an ACK that closes the server: the server never
    resends its FIN. The header says which claims no longer hold, and the scenario's own
    notes give way to narration of what happened."""
    kept = _sim("lost-final-ack", drop=[1], lang="en")[1]
    assert "The lesson, checked on this run:" in kept and "✘" not in kept
    assert "The client's last ACK is lost; the client, already in TIME_WAIT" in kept
    code, broken = _sim("lost-final-ack", delay=["5:300"], lang="en")
    assert code == 0
    assert "With this change the lesson no longer applies:" in broken
    assert "✘ the client's final ACK is lost" not in broken
    assert "✘ the server, in LAST_ACK, resends its FIN" in broken
    assert "The repeated ACK lets the server close normally." not in broken
    ko = _sim("data-transfer", drop=[5], lang="ko")[1]
    assert "이 유실로 교훈이 더 이상 성립하지 않는다:" in ko


@pytest.mark.parametrize("width", [60, 72, 80, 132])
def test_text_fits_the_width_asked(width: int) -> None:
    for name in SCENARIOS:
        for lang in ("ko", "en"):
            text = _sim(name, lang=lang, width=width)[1]
            assert max(cell_len(line) for line in text.splitlines()) <= width, (name, lang)


def test_text_width_follows_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "64")
    text = _sim("half-close", lang="en", width=None)[1]
    assert max(cell_len(line) for line in text.splitlines()) <= 64


@pytest.mark.parametrize(
    "argv",
    [
        ["--delay", "4:²"],
        ["--delay", "4:١٠٠"],
        ["--delay", "4:" + "9" * 5000],
        ["--drop", "١٠"],
        ["--drop", "x"],
        ["--drop", "-1"],
        ["--seed", "٣"],
        ["--seed", "9" * 5000],
        ["--width", "wide"],
        ["--width", "10"],
    ],
)
def test_malformed_option_values_exit_2_through_the_real_command(argv: list[str]) -> None:
    result = CliRunner().invoke(app, ["sim", "four-way-close", *argv])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert argv[0] in result.output
    assert len(result.output) < 400


option_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12
) | st.from_regex(r"-?[0-9٠-٩²]{0,8}(:[0-9٠-٩²]{0,8})?", fullmatch=True)


@settings(max_examples=150, deadline=None)
@given(
    drop=st.lists(option_text, max_size=2),
    delay=st.lists(option_text, max_size=2),
    seed=option_text,
    width=st.none() | option_text,
    scenario=st.sampled_from([*SCENARIOS, "nope", ""]) | st.none(),
    as_json=st.booleans(),
)
def test_option_fuzzing_never_raises(
    drop: list[str],
    delay: list[str],
    seed: str,
    width: str | None,
    scenario: str | None,
    as_json: bool,
) -> None:
    """Whatever the option values, the command answers with 0 or a usage error (2)."""
    code, text = sim_command(scenario, "rfc", drop, delay, seed, "en", as_json, width)
    assert code in (0, 2) and text
    if code == 2:
        assert "\n" not in text.strip() and len(text) < 400


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--delay", "99:100"], "--delay 99:100: no such segment"),
        (["--drop", "3", "--delay", "4:thumbs_up:"], "--delay '4:thumbs_up:': expected N:MS"),
    ],
)
def test_usage_errors_quote_the_value_as_typed(argv: list[str], said: str) -> None:
    """`:100:` in a value is the user's text, not an emoji code (Rich would print 💯)."""
    result = CliRunner().invoke(app, ["sim", "four-way-close", *argv])
    assert result.exit_code == 2
    assert said in result.output, result.output
