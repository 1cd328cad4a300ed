"""`quizapp sim`: the simulator on the command line, as a plain function the typer app calls.

    quizapp sim [SCENARIO] [--profile rfc|linux] [--drop N]... [--delay N:MS]...
                [--seed S] [--lang ko|en] [--width W] [--json]

Segments are numbered 1, 2, 3, … in the order they are sent over the whole run (shown as
`#N` in the diagram): `--drop 3` loses the third segment sent, `--delay 5:2000` makes the
fifth arrive 2000 ms later than it would have. A segment is never delivered more than one
MSL after it was sent (120 s under rfc, 30 s under linux); a longer delay loses it.

Every option value is checked here (the typer layer passes them as text), so a malformed
one is a usage error (exit 2) with a message, never a traceback; numbers are ASCII digits.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
from collections.abc import Sequence

from rich.cells import cell_len

from quizapp import exit_codes
from quizapp.tcp.network import Delay, Drop, Rule
from quizapp.tcp.profile import PROFILES
from quizapp.tcp.render import MIN_WIDTH, render_text, trace_to_json
from quizapp.tcp.scenarios import SCENARIOS, run_scenario

LANGS = ("ko", "en")
MAX_SEGMENT = 10_000
"""No scenario sends this many segments; a larger --drop/--delay number is a typo."""
MAX_DELAY_MS = 10_000_000
"""Far beyond any MSL: a delay this long already loses the segment."""
MAX_SEED = 2**63
MAX_WIDTH = 1000
_DIGITS = re.compile(r"[0-9]{1,20}")


def _show(text: object) -> str:
    """A user's value for a message: quoted, and cut short when it is very long."""
    raw = str(text)
    return repr(raw if len(raw) <= 24 else raw[:24] + "…")


class UsageError(Exception):
    """A malformed option value; the message names the option and what is expected."""


def _number(text: str | int, option: str, low: int, high: int, example: str) -> int:
    """An ASCII decimal in [low, high]; `int()` alone would take `١٠` or `²`-free Unicode
    digits and 5,000-digit strings."""
    raw = str(text).strip()
    if not _DIGITS.fullmatch(raw):
        raise UsageError(
            f"{option} {_show(text)}: expected a number in ASCII digits, e.g. {example}"
        )
    value = int(raw)
    if not low <= value <= high:
        raise UsageError(f"{option} {_show(text)}: must be between {low} and {high}")
    return value


def _parse_delay(spec: str) -> Delay:
    """`N:MS` → Delay."""
    n, sep, ms = spec.partition(":")
    if not sep:
        raise UsageError(
            f"--delay {_show(spec)}: expected N:MS, e.g. --delay 3:2000 (segment 3, 2000 ms later)"
        )
    if n.strip() == "0":
        raise UsageError(f"--delay {_show(spec)}: segments are numbered from 1")
    try:
        number = _number(n, "--delay", 1, MAX_SEGMENT, "3:2000")
        delay = _number(ms, "--delay", 0, MAX_DELAY_MS, "3:2000")
    except UsageError:
        raise UsageError(
            f"--delay {_show(spec)}: expected N:MS in ASCII digits, e.g. --delay 3:2000 "
            f"(segment 1–{MAX_SEGMENT}, 0–{MAX_DELAY_MS} ms)"
        ) from None
    return Delay(number, delay)


def sim_command(
    scenario: str | None,
    profile: str,
    drop: Sequence[str | int],
    delay: Sequence[str],
    seed: str | int,
    lang: str,
    as_json: bool,
    width: str | int | None = None,
) -> tuple[int, str]:
    """Run `quizapp sim`; returns (exit code, text). Text for a non-zero code goes to stderr."""
    try:
        return _run(scenario, profile, drop, delay, seed, lang, as_json, width)
    except UsageError as bad:
        return exit_codes.USAGE, str(bad)


def _run(
    scenario: str | None,
    profile: str,
    drop: Sequence[str | int],
    delay: Sequence[str],
    seed: str | int,
    lang: str,
    as_json: bool,
    width: str | int | None,
) -> tuple[int, str]:
    if profile not in PROFILES:
        raise UsageError(f"unknown profile {profile!r}: choose {' or '.join(PROFILES)}")
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}: choose {' or '.join(LANGS)}")
    columns = (
        shutil.get_terminal_size((100, 24)).columns
        if width is None
        else _number(width, "--width", MIN_WIDTH, MAX_WIDTH, "80")
    )
    run_seed = _number(seed, "--seed", 0, MAX_SEED, "7")
    if scenario is None:
        return exit_codes.OK, _listing_json() if as_json else _listing(lang)
    if scenario not in SCENARIOS:
        close = difflib.get_close_matches(scenario, SCENARIOS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"unknown scenario {scenario!r}{hint} (run `quizapp sim` to list them)")
    rules: list[Rule] = []
    options: list[str] = []
    for n in drop:
        if str(n).strip() == "0":
            raise UsageError("--drop 0: segments are numbered from 1")
        rules.append(Drop(_number(n, "--drop", 1, MAX_SEGMENT, "3")))
        options.append(f"--drop {_show(n)[1:-1]}")
    for spec in delay:
        rules.append(_parse_delay(spec))
        options.append(f"--delay {_show(spec)[1:-1]}")
    trace = run_scenario(scenario, profile, extra_rules=tuple(rules), seed=run_seed)
    user = [f for f in trace.faults if f.by == "user"]
    for option, fault in zip(options, user, strict=True):
        if not fault.matched:
            raise UsageError(
                f"{option}: no such segment — this run of {scenario} sends segments "
                f"#1–#{trace.segments_sent}"
            )
    if as_json:
        return exit_codes.OK, json.dumps(trace_to_json(trace), ensure_ascii=False, indent=2)
    return exit_codes.OK, render_text(trace, lang=lang, width=columns)


def _listing(lang: str) -> str:
    header = "시나리오 (quizapp sim 이름):" if lang == "ko" else "Scenarios (quizapp sim NAME):"
    width = max(cell_len(name) for name in SCENARIOS)
    rows = [f"  {name:<{width}}  {s.title.text(lang)}" for name, s in SCENARIOS.items()]
    return "\n".join([header, *rows]) + "\n"


def _listing_json() -> str:
    """Every scenario with its title and the claims its runs are checked against."""
    return json.dumps(
        {
            "scenarios": [
                {
                    "name": name,
                    "title": {"ko": s.title.ko, "en": s.title.en},
                    "claims": [{"ko": c.ko, "en": c.en} for c in s.claims],
                }
                for name, s in SCENARIOS.items()
            ]
        },
        ensure_ascii=False,
        indent=2,
    )
