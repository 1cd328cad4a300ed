"""Author-written multiple choice: option labels (`A)`, `1)`, `①`, `- [x]`), `Answer: B` lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from quizapp.notes.text import normalise_words

_OPTION = re.compile(r"^\s*(?:\(([A-Ha-h]|[1-9])\)|([A-Ha-h]|[1-9])[.)])\s+(\S.*)$", re.DOTALL)
_COLON_OPTION = re.compile(r"^\s*([A-H])\s*[:：]\s+(\S.*)$", re.DOTALL)
"""`- A: text`: a capital letter and a colon, read as an option only in a list item (a
paragraph line `A: …` is an answer marker)."""
_TASK = re.compile(r"^\[([ xX])\]\s+(\S.*)$", re.DOTALL)
_ANSWER_LINE = re.compile(
    r"^\s*(?:correct\s+answer|answer|정답|답)\s*[:：]\s*(\S.*)$", re.IGNORECASE
)
_ANSWER_LABEL = re.compile(r"^\(?([A-Za-z]|\d{1,2})\)?(?=$|[\s.):,])")
_LABEL_ORDER = ("ABCDEFGH", "abcdefgh", "123456789")


class Entry(NamedTuple):  # a named tuple: one is made for every line looked at, ~3x faster
    """One line or list item that may be an option or the answer line."""

    text: str
    label: str | None = None
    """`A`, `b`, `3` … for a labelled option."""
    checked: bool | None = None
    """For task-list items: whether the box is ticked."""
    body: str = ""
    """The option's text without its label."""


_CIRCLED = str.maketrans("①②③④⑤⑥⑦⑧⑨", "123456789")
"""Korean exam options are numbered ① ② ③ …: read as 1) 2) 3)."""


def entry(text: str, number: str | None = None, *, item: bool = False) -> Entry:
    """Classify one line, or one list item (`item`; `number`: an ordered item's number)."""
    text = text.strip()
    if text[:1].translate(_CIRCLED) != text[:1]:
        option = _OPTION.match(f"{text[0].translate(_CIRCLED)}) {text[1:].lstrip()}")
        if option:
            return Entry(text, label=option.group(2), body=option.group(3).strip())
    task = _TASK.match(text)
    if task:
        return Entry(text, checked=task.group(1) != " ", body=task.group(2).strip())
    option = _OPTION.match(text)
    if option:
        return Entry(text, label=option.group(1) or option.group(2), body=option.group(3).strip())
    colon = _COLON_OPTION.match(text) if item else None
    if colon:
        return Entry(text, label=colon.group(1), body=colon.group(2).strip())
    if number is not None:
        return Entry(text, label=number, body=text)
    return Entry(text, body=text)


def answer_value(text: str) -> str | None:
    """The value of an `Answer: B` / `**정답:** B) …` line, or None for any other line."""
    match = _ANSWER_LINE.match(re.sub(r"\*\*|__", "", text))
    return match.group(1).strip() if match else None


@dataclass(frozen=True, slots=True)
class Choice:
    options: list[str]
    correct: int
    answer_entry: int | None
    """Index in the entries of the answer line (None when a ticked box gave the answer)."""


def leading_options(entries: Sequence[Entry]) -> list[Entry]:
    """The options at the start: ticked/unticked boxes, or labels in order (A, B, … / 1, 2, …)."""
    if not entries:
        return []
    if entries[0].checked is not None:
        return _run(entries, lambda e, _n: e.checked is not None)
    order = next((o for o in _LABEL_ORDER if entries[0].label == o[0]), None)
    if order is None:
        return []
    return _run(entries, lambda e, n: n < len(order) and e.label == order[n])


def match_choice(entries: Sequence[Entry]) -> Choice | None:
    """Options starting at the first entry, then (for labels) the answer line right after them."""
    options = leading_options(entries)
    if len(options) < 2:
        return None
    after = len(options)
    value = answer_value(entries[after].text) if after < len(entries) else None
    if value is not None:
        correct = _resolve(value, options)
        return Choice([o.body for o in options], correct, after) if correct is not None else None
    ticked = [n for n, option in enumerate(options) if option.checked]
    if len(ticked) == 1:
        return Choice([o.body for o in options], ticked[0], None)
    return None


def _run(entries: Sequence[Entry], fits: Callable[[Entry, int], bool]) -> list[Entry]:
    """The leading entries that fit, each given its position."""
    run: list[Entry] = []
    for item in entries:
        if not fits(item, len(run)):
            break
        run.append(item)
    return run


def _resolve(value: str, options: Sequence[Entry]) -> int | None:
    label = _ANSWER_LABEL.match(value.translate(_CIRCLED))
    if label:
        wanted = label.group(1).casefold()
        for index, option in enumerate(options):
            if option.label is not None and option.label.casefold() == wanted:
                return index
        if wanted.isdigit() and all(option.label is None for option in options):
            number = int(wanted)
            if 1 <= number <= len(options):
                return number - 1
    text = normalise_words(value)
    for index, option in enumerate(options):
        if text and normalise_words(option.body) == text:
            return index
    return None
