"""Checks for values read from files made elsewhere (JSON backups, Anki packages).

Every value a backup or package hands us is checked here before anything is written:
numbers finite and in range, dates parseable and sane, states known, JSON text parseable,
strings made visible. A bad value raises `BadValue` with a message naming the field and
what was wrong; the caller turns it into a problem with the record's place, so a bad record
is reported and skipped instead of crashing review, stats or export later.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from typing import Any

from quizapp.notes.sanitize import one_line, visible

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)
"""Dates outside these are not from a real deck (`0001-01-01` broke `stats` for good)."""

MAX_COUNT = 10_000_000
"""Reps, lapses, lines, steps: far above any real deck, far below SQLite's 64-bit limit."""
MAX_DURATION_MS = 24 * 3600 * 1000
MAX_STABILITY_DAYS = 1_000_000.0
MAX_NESTING = 64
"""Depth of JSON held in a text field (`extra_json`): ours is at most 4 deep."""


class BadValue(ValueError):
    """A value that must not enter the deck; the message names the field."""


def _name(value: object) -> str:
    text = repr(value)
    return one_line(text if len(text) <= 40 else text[:39] + "…")


def text(value: object, field: str, *, single_line: bool = False, required: bool = True) -> str:
    """A string made visible (control characters replaced); `single_line` also replaces
    newlines and tabs (names, paths, tags: a newline there could forge output lines)."""
    if not isinstance(value, str):
        if not required and value is None:
            return ""
        raise BadValue(f"{field} must be text, got {_name(value)}")
    return one_line(value) if single_line else visible(value)


def integer(value: object, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadValue(f"{field} must be a whole number, got {_name(value)}")
    if not low <= value <= high:
        raise BadValue(f"{field} must be between {low} and {high}, got {_name(value)}")
    return value


def optional_integer(value: object, field: str, low: int, high: int) -> int | None:
    return None if value is None else integer(value, field, low, high)


def number(value: object, field: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValue(f"{field} must be a number, got {_name(value)}")
    if isinstance(value, int) and not -(2**53) <= value <= 2**53:
        raise BadValue(f"{field} must be between {low} and {high}, got {_name(value)}")
    result = float(value)
    if not math.isfinite(result):
        raise BadValue(f"{field} must be a finite number, got {_name(value)}")
    if not low <= result <= high:
        raise BadValue(f"{field} must be between {low} and {high}, got {_name(value)}")
    return result


def optional_number(value: object, field: str, low: float, high: float) -> float | None:
    return None if value is None else number(value, field, low, high)


def boolean(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise BadValue(f"{field} must be true or false, got {_name(value)}")
    return value


def date(value: object, field: str) -> datetime:
    """An ISO date-time between 1970 and 2200, as aware UTC (a naive one is taken as UTC)."""
    if not isinstance(value, str):
        raise BadValue(f"{field} must be an ISO date-time, got {_name(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise BadValue(f"{field} is not a date-time: {_name(value)}") from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        parsed = parsed.astimezone(UTC)
    except OverflowError as exc:
        raise BadValue(f"{field} is out of range: {_name(value)}") from exc
    if not EARLIEST <= parsed <= LATEST:
        raise BadValue(f"{field} must lie between 1970 and 2200, got {_name(value)}")
    return parsed


def optional_date(value: object, field: str) -> datetime | None:
    return None if value is None else date(value, field)


def _reject_constant(name: str) -> Any:
    raise BadValue(f"non-standard JSON number {name}")


def loads(raw: str | bytes) -> Any:
    """`json.loads` that refuses NaN and Infinity (not JSON, and they broke review)."""
    return json.loads(raw, parse_constant=_reject_constant)


def clean_json(value: Any, field: str, depth: int = 0) -> Any:
    """Decoded JSON with every string made visible and every number finite."""
    if depth > MAX_NESTING:
        raise BadValue(f"{field} is nested more than {MAX_NESTING} deep")
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise BadValue(f"{field} holds a number that is not finite")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**63 - 1:
        raise BadValue(f"{field} holds a number too large")
    if isinstance(value, list):
        return [clean_json(item, field, depth + 1) for item in value]
    if isinstance(value, dict):
        return {visible(str(k)): clean_json(v, field, depth + 1) for k, v in value.items()}
    return value


def json_text(value: object, field: str, kind: type) -> str:
    """A JSON text field (`extra_json`, `sections_json`): parseable, of `kind`, cleaned."""
    if not isinstance(value, str):
        raise BadValue(f"{field} must be JSON text, got {_name(value)}")
    try:
        data = loads(value)
    except (ValueError, RecursionError) as exc:
        raise BadValue(f"{field} is not valid JSON: {_name(value)}") from exc
    if not isinstance(data, kind):
        raise BadValue(f"{field} must hold a JSON {kind.__name__}")
    return json.dumps(clean_json(data, field), ensure_ascii=False, allow_nan=False)
