"""Cloze deletions in one paragraph or list item: `==hidden==` and `{{c1::hidden::hint}}`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_ANKI = re.compile(r"\{\{c(\d{1,3})::(.+?)(?:::(.*?))?\}\}", re.DOTALL)
_HIGHLIGHT = re.compile(r"(?<!=)==(?=[^\s=])(.+?)(?<=[^\s=])==(?!=)", re.DOTALL)
_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)", re.DOTALL)

BLANK = "[...]"


@dataclass(frozen=True, slots=True)
class Cloze:
    question: str
    """The text with each hidden part replaced by `[...]` (or `[hint]`)."""
    answer: str
    """The full text, markers removed."""
    clozes: list[dict[str, Any]]
    """`{"index", "text", "hint"}` per hidden part; `==x==` parts are numbered after any `cN`."""


def has_cloze(text: str) -> bool:
    return bool(_matches(text))


def find_cloze(text: str) -> Cloze | None:
    """The cloze card in `text`, or None when it hides nothing (code spans never count)."""
    matches = _matches(text)
    if not matches:
        return None
    explicit = [int(m.group(1)) for m in matches if m.re is _ANKI]
    next_index = max(explicit, default=0) + 1
    question: list[str] = []
    answer: list[str] = []
    clozes: list[dict[str, Any]] = []
    cursor = 0
    for match in matches:
        question.append(text[cursor : match.start()])
        answer.append(text[cursor : match.start()])
        if match.re is _ANKI:
            index, hidden, hint = int(match.group(1)), match.group(2), match.group(3) or None
        else:
            index, hidden, hint = next_index, match.group(1), None
            next_index += 1
        clozes.append({"index": index, "text": hidden, "hint": hint})
        question.append(f"[{hint}]" if hint else BLANK)
        answer.append(hidden)
        cursor = match.end()
    question.append(text[cursor:])
    answer.append(text[cursor:])
    return Cloze("".join(question).strip(), "".join(answer).strip(), clozes)


def _matches(text: str) -> list[re.Match[str]]:
    if "==" not in text and "{{" not in text:
        return []
    code = [m.span() for m in _CODE_SPAN.finditer(text)]
    found: list[re.Match[str]] = []
    taken: list[tuple[int, int]] = list(code)
    for pattern in (_ANKI, _HIGHLIGHT):
        for match in pattern.finditer(text):
            start, end = match.span()
            if not any(start < stop and begin < end for begin, stop in taken):
                found.append(match)
                taken.append((start, end))
    return sorted(found, key=lambda m: m.start())
