"""`TERM: definition` list items, split on the first colon outside parentheses."""

from __future__ import annotations

import re
from bisect import bisect_right

from quizapp.notes.html import visible_text
from quizapp.notes.text import strip_answer_marker, strip_question_marker

MAX_TERM_LENGTH = 80
_OPEN = "([（"
_CLOSE = ")]）"
# Spans in which a colon never separates: code, `:emoji:` shortcodes, URLs and link targets.
_OPAQUE = re.compile(r"(`+).+?(?<!`)\1(?!`)|:[a-z0-9_+\-]+:|[a-z][a-z0-9+.\-]*://\S+|\]\([^)]*\)")
_ONLY_LINK = re.compile(r"^(?:<?[a-z][a-z0-9+.\-]*://\S+>?|!?\[[^\]]*\]\([^)]*\))$", re.IGNORECASE)
_WRAP = ("**", "__", "*", "_")


def split_definition(text: str) -> tuple[str, str] | None:
    """`(term, definition)` for `TERM: definition`, `**TERM**: …`, `**TERM:** …`, `TERM(gloss): …`.

    The colon must be followed by a space (or be the full-width `：`) so times, URLs and
    `:shortcodes:` never split; `SYN(synchronize … : 연결 요청): 연결 요청을 …` keeps the
    gloss with its inner colon on the term side.
    """
    if ":" not in text and "：" not in text:
        return None  # no separator (most paragraph lines): `_colon` would find none
    text = " ".join(text.split())
    if strip_question_marker(text) is not None or strip_answer_marker(text) is not None:
        return None
    split = _colon(text)
    if split is None:
        return None
    term, definition = text[:split].strip(), text[split + 1 :].strip()
    for wrap in ("**", "__"):
        # `**TERM:** definition`: the emphasis closes after the colon.
        if term.startswith(wrap) and definition.startswith(wrap) and wrap not in term[len(wrap) :]:
            term, definition = term + wrap, definition[len(wrap) :].strip()
    term = _unwrap(term)
    if not term or not definition or len(term) > MAX_TERM_LENGTH or _ONLY_LINK.match(definition):
        return None
    if "<" in definition:  # `<script>…</script> [link](…)`: what is left is only the link
        shown = visible_text(definition)
        if not shown or _ONLY_LINK.match(shown):
            return None
    return term, definition


_MARKS = re.compile(r"[([（)\]）:：]")
"""The characters `_colon` looks at: brackets and colons."""


_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
"""`_OPAQUE` for a text without code, URLs or link targets (shortcodes are all it can find)."""


def _marks(text: str) -> list[int]:
    """Where brackets and colons are, outside code, shortcodes, URLs and link targets."""
    if "`" in text or "://" in text or "](" in text:
        spans = [(m.start(), m.end()) for m in _OPAQUE.finditer(text)]
    elif text.count(":") > 1:  # a shortcode is all `_OPAQUE` can find, between two colons
        spans = [(m.start(), m.end()) for m in _SHORTCODE.finditer(text)]
    else:
        spans = []
    marks = [m.start() for m in _MARKS.finditer(text)]
    if not spans:
        return marks
    starts = [start for start, _ in spans]
    kept = []
    for index in marks:
        span = bisect_right(starts, index) - 1
        if span < 0 or index >= spans[span][1]:
            kept.append(index)
    return kept


def _closed_brackets(text: str, marks: list[int]) -> set[int]:
    """Where the brackets that are closed later open: an unmatched `(` or `[` (a stray
    `␛[31m`, a smiley) must not hide every colon after it."""
    pending: list[int] = []
    closed: set[int] = set()
    for index in marks:
        if text[index] in _OPEN:
            pending.append(index)
        elif text[index] in _CLOSE and pending:
            closed.add(pending.pop())
    return closed


def _colon(text: str) -> int | None:
    if ":" not in text and "：" not in text:
        return None
    marks = _marks(text)
    closed = _closed_brackets(text, marks)
    depth = 0
    for index in marks:
        char = text[index]
        if char in _OPEN:
            depth += index in closed
        elif char in _CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0 and (char == "：" or (char == ":" and _ends_term(text, index + 1))):
            return index
    return None


def _ends_term(text: str, after: int) -> bool:
    """A separating colon is followed by a space, the end, or closing emphasis and a space."""
    rest = text[after : after + 3]
    for wrap in ("**", "__"):
        if rest.startswith(wrap):
            rest = rest[len(wrap) :]
    return not rest or rest[0].isspace()


def _unwrap(term: str) -> str:
    if not term.startswith(("*", "_")):
        return term  # every wrap starts so
    for wrap in _WRAP:
        inner = term[len(wrap) : -len(wrap)]
        if (
            len(term) > 2 * len(wrap)
            and term.startswith(wrap)
            and term.endswith(wrap)
            and wrap not in inner
        ):
            return inner.strip()
    return term


_DASH = re.compile(r"\s[—–]\s")
_INNER_EMPHASIS = re.compile(r"\*\*|__")
_MARKED_HYPHEN = re.compile(r"^(?P<term>(?:\*\*|__)[^*_]+(?:\*\*|__)|`[^`]+`)\s+-\s+")
"""`**Latency** - …`, `` `ls` - … ``: a plain hyphen separates only after a bold or code term
(`2019 - joined` or `Day 1 - arrays` name nothing)."""


def split_dash_definition(text: str) -> tuple[str, str] | None:
    """`(term, definition)` for `TERM — definition` (an em or en dash between spaces, or a
    hyphen after a bold or code term: `**Latency** - …`), as English notes often write a list
    of terms (`**S**ingle responsibility — one reason to change`). Never for a link (`[RFC
    768 — UDP](…)`) or a term with markup left open."""
    if "—" not in text and "–" not in text and " - " not in text:
        return None  # most items: no dash at all
    text = " ".join(text.split())
    if text.startswith(("[", "![", "<")):
        return None
    match = _DASH.search(text) or _MARKED_HYPHEN.match(text)
    if match is None:
        return None
    if match.re is _MARKED_HYPHEN:
        term, definition = match.group("term"), text[match.end() :].strip()
    else:
        term, definition = text[: match.start()].strip(), text[match.end() :].strip()
    if "](" in term or term.count("`") % 2:
        return None
    term = _INNER_EMPHASIS.sub("", _unwrap(term)).strip()  # `**S**ingle` → `Single`
    if not term or not definition or len(term) > MAX_TERM_LENGTH or _ONLY_LINK.match(definition):
        return None
    return term, definition
