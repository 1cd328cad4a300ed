"""`quizapp sim`: the simulator on the command line, as a plain function the typer app calls.

    quizapp sim [SCENARIO] [--profile rfc|linux] [--drop N]... [--delay N:MS]...
                [--seed S] [--lang ko|en] [--json]

Segments are numbered 1, 2, 3, … in the order they are sent over the whole run (shown as
`#N` in the diagram): `--drop 3` loses the third segment sent, `--delay 5:2000` makes the
fifth arrive 2000 ms later than it would have. A segment is never delivered more than one
MSL after it was sent (120 s under rfc, 30 s under linux); a longer delay loses it.
"""

from __future__ import annotations

import difflib
import json

from rich.cells import cell_len

from quizapp import exit_codes
from quizapp.tcp.network import Delay, Drop, Rule
from quizapp.tcp.profile import PROFILES
from quizapp.tcp.render import render_text, trace_to_json
from quizapp.tcp.scenarios import SCENARIOS, run_scenario

LANGS = ("ko", "en")


def sim_command(
    scenario: str | None,
    profile: str,
    drop: list[int],
    delay: list[str],
    seed: int,
    lang: str,
    as_json: bool,
) -> tuple[int, str]:
    """Run `quizapp sim`; returns (exit code, text). Text for a non-zero code goes to stderr."""
    if profile not in PROFILES:
        return exit_codes.USAGE, f"unknown profile {profile!r}: choose {' or '.join(PROFILES)}"
    if lang not in LANGS:
        return exit_codes.USAGE, f"unknown language {lang!r}: choose {' or '.join(LANGS)}"
    if scenario is None:
        return exit_codes.OK, _listing(lang)
    if scenario not in SCENARIOS:
        close = difflib.get_close_matches(scenario, SCENARIOS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return (
            exit_codes.USAGE,
            f"unknown scenario {scenario!r}{hint} (run `quizapp sim` to list them)",
        )
    rules: list[Rule] = []
    for n in drop:
        if n < 1:
            return exit_codes.USAGE, f"--drop {n}: segments are numbered from 1"
        rules.append(Drop(n))
    for spec in delay:
        parsed = _parse_delay(spec)
        if isinstance(parsed, str):
            return exit_codes.USAGE, parsed
        rules.append(parsed)
    trace = run_scenario(scenario, profile, extra_rules=tuple(rules), seed=seed)
    if as_json:
        return exit_codes.OK, json.dumps(trace_to_json(trace), ensure_ascii=False, indent=2)
    return exit_codes.OK, render_text(trace, lang=lang)


def _parse_delay(spec: str) -> Delay | str:
    """`N:MS` → Delay, or the message explaining what is wrong."""
    n, sep, ms = spec.partition(":")
    if not sep or not n.strip().isdigit() or not ms.strip().isdigit():
        return f"--delay {spec!r}: expected N:MS, e.g. --delay 3:2000 (segment 3, 2000 ms later)"
    if int(n) < 1:
        return f"--delay {spec!r}: segments are numbered from 1"
    return Delay(int(n), int(ms))


def _listing(lang: str) -> str:
    header = "시나리오 (quizapp sim 이름):" if lang == "ko" else "Scenarios (quizapp sim NAME):"
    width = max(cell_len(name) for name in SCENARIOS)
    rows = [f"  {name:<{width}}  {s.title.text(lang)}" for name, s in SCENARIOS.items()]
    return "\n".join([header, *rows]) + "\n"
