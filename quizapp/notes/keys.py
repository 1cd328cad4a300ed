"""Question identity across imports: `question_key` and the duplicate-question report."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from quizapp.notes.model import CardKind, CardSpec, ImportProblem, NoteDoc, Severity
from quizapp.notes.text import strip_question_marker

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Only real formatting tags go: `List<String>` and `<stdio.h>` are part of the question.
_FORMAT_TAG = re.compile(
    r"</?(?:br|img|b|i|u|s|em|strong|code|sup|sub|span|mark|kbd|p|div|font|small|del|ins|"
    r"summary|details|h[1-6])\b[^<>]*>",
    re.IGNORECASE,
)
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_ENUMERATION = re.compile(r"^\s*(?:\d{1,3}|[a-z])[.)]\s+", re.IGNORECASE)
_EMPHASIS = re.compile(r"\*\*|__|~~|==|[*`]")
_MAY_EMPHASISE = re.compile(r"[*_~=`]")
_TRAILING_CHARACTERS = " ?？.!。:："


@lru_cache(maxsize=65536)  # the same questions and titles are keyed many times per import
def question_key(text: str) -> str:
    """The form of a question used to recognise the same card across imports.

    NFKC, casefolded, without Markdown emphasis, links (their text stays), formatting HTML,
    `Q.` markers or leading numbering (`3. …` survives renumbering), with whitespace collapsed
    and trailing `?`/`.`/`:` removed — so `**Q. TCP란?**` and `TCP란` share a key.
    """
    key = unicodedata.normalize("NFKC", text)
    if "<" in key:  # comments and tags (most questions have neither)
        key = _FORMAT_TAG.sub(" ", _COMMENT.sub(" ", key))
    if "](" in key:
        key = _IMAGE_OR_LINK.sub(r"\1", key)
    if _MAY_EMPHASISE.search(key):
        key = _EMPHASIS.sub("", key)
    key = strip_question_marker(key) or key
    key = _ENUMERATION.sub("", key)
    key = " ".join(key.casefold().split())
    # Trailing `?`, `.`, `:` and spaces go (`split` left single spaces as the only whitespace).
    return key.rstrip(_TRAILING_CHARACTERS)


def find_duplicate_questions(docs: Iterable[NoteDoc]) -> list[ImportProblem]:
    """A warning for every card whose question (by `question_key`) already appeared earlier.

    Both cards still import; this is what `quizapp check` reports.
    """
    first_seen: dict[str, tuple[NoteDoc, CardSpec]] = {}
    problems: list[ImportProblem] = []
    for doc in docs:
        for card in doc.cards:
            key = question_key(card.question)
            if not key:
                continue
            if key not in first_seen:
                first_seen[key] = (doc, card)
                continue
            other_doc, other = first_seen[key]
            if (
                other_doc is doc
                and CardKind.OPEN in (card.kind, other.kind)
                and card.kind != other.kind
            ):
                # A note's interview-question list restating one of its own Q/A headings is
                # practice for that answer, not a copy.
                continue
            problems.append(
                ImportProblem(
                    doc.path,
                    card.line,
                    f"duplicate question {_short(card.question)!r}, "
                    f"also at {other_doc.path}:{other.line}",
                    Severity.WARNING,
                )
            )
    return problems


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
