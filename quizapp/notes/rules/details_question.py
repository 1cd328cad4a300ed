"""`<details>` questions: the summary asks, the content answers.

```markdown
<details>
<summary><h3>1. 인덱스를 쓰면 왜 빨라질까?</h3></summary>

정렬된 구조에서 찾기 때문이다.
</details>

<details><summary>What does fsync promise?</summary></br><p>Data is on disk.</p></details>
```

HTML inside the content is converted to Markdown. An empty `<details>` (or one followed by
a label-only `<details>` holding its answer) is handled as before. A `<details>` whose
content is only follow-up questions (a question bank) makes open cards: the summary (when
it asks something rather than naming a topic), and each follow-up linked to it — never a
basic card with questions as its "answer".
Label-only summaries (`정답`, `Answer`, "show more") belong to rule `label_details`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizapp.notes.blocks import Block
from quizapp.notes.html import is_navigation_label
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.rules.shared import (
    is_label_details,
    is_placeholder,
    procedure_card,
    strip_leading_answer_marker,
)
from quizapp.notes.text import ends_with_question_mark, looks_like_question, strip_question_marker

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "details_question"
_WORD = re.compile(r"[^\W\d_]\w*")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")


def follow_ups(answer: str) -> list[str] | None:
    """The questions of a body made only of questions (two or more), else None."""
    lines = [_ITEM.sub("", line).strip() for line in answer.split("\n") if line.strip()]
    lines = [strip_question_marker(line) or line for line in lines]
    if len(lines) < 2:
        return None
    if all(ends_with_question_mark(line) or looks_like_question(line) for line in lines):
        return lines
    return None


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    details = block.details
    if details is None or details.is_label:
        return None
    notes = [*context.inherited, *block.annotations]
    question = strip_question_marker(details.summary) or details.summary
    if question and not any(ch.isalpha() for ch in question):
        p.miss(f"<summary> {question!r} asks nothing (no words)")
        return None
    if is_navigation_label(question):
        p.miss(f"<summary> {question!r} only navigates")
        return None
    answer = p.details_body(details, block.strips)
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    consumed = index + 1
    if not answer and is_label_details(following):
        assert following is not None and following.details is not None
        answer = p.details_body(following.details, following.strips)
        consumed += 1
    answer = strip_leading_answer_marker(answer)
    if is_placeholder(answer):
        answer = ""
    end = blocks[consumed - 1].end
    asked = follow_ups(answer)
    if asked is not None:
        if ends_with_question_mark(question) or looks_like_question(question):
            line = _first_word_line(p, question, details.line, end) or details.line + 1
            p.emit(CardKind.OPEN, question, "", line, context, notes, rule=NAME, end=end)
        for number, follow in enumerate(asked, 1):
            p.emit(
                CardKind.OPEN,
                follow,
                "",
                _line_of(p, follow, block.start, block.end) or details.line + 1,
                context,
                notes,
                {"follow_up_of": question},
                part=f"follow-{number}",
                rule=NAME,
                end=end,
            )
        return consumed
    line = _first_word_line(p, question, details.line, end) or details.line + 1
    if procedure_card(p, question, answer, line, context, notes, rule=NAME, end=end):
        return consumed
    kind = CardKind.BASIC if answer else CardKind.OPEN
    p.emit(kind, question, answer, line, context, notes, rule=NAME, end=end)
    return consumed


def _first_word_line(p: NoteParser, question: str, start: int, end: int) -> int | None:
    """1-based line where the question's first word is written: a summary may start with
    a `Q.` marker, numbering or `#` on a line of its own."""
    words = _WORD.findall(question)
    word = next((w for w in words if len(w) > 1), words[0] if words else None)  # not `A.`
    return _line_of(p, word, start, end) if word else None


def _line_of(p: NoteParser, text: str, start: int, end: int) -> int | None:
    """1-based line in [start, end) that holds `text` (a follow-up question)."""
    probe = text[:20]
    for number in range(start, min(end, len(p.source.lines))):
        if probe in p.source.lines[number]:
            return number + 1
    return None


RULE = Rule(NAME, ("details",), claim, "<details> with a question in <summary>")
