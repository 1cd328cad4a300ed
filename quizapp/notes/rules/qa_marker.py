"""Marked questions: a paragraph or list item starting with `Q.` `Q:` `Q1)` `**Q.**` `질문:`.

The answer is the rest of the paragraph from its `A.` line (or from its second line when
the first is a whole question: it ends with `?` or is bold as one) and the blocks after it
up to the next heading, `---` or question; for a list item, its nested content or else the next
item when it starts with `A.`. Once the answer has begun, an outline list (every item a
term, label or question with nested items of its own) ends it: those items are cards of
their own (rule `nested_answer`).

```markdown
Q. 혼잡 윈도는 언제 줄어드나?
A. 패킷 손실을 감지했을 때.

**Q1. What does DHCP do?**
It hands out addresses to hosts that join a network.

- Q. Why is there a TIME_WAIT state?
- A. To answer a retransmitted FIN and let old segments expire.
```
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizapp.notes.blocks import Block
from quizapp.notes.rules.base import Context, Item, Rule
from quizapp.notes.rules.nested_answer import is_outline
from quizapp.notes.rules.shared import (
    answer_end,
    block_end,
    opens_answer,
    question_and_answer,
)
from quizapp.notes.text import ends_with_question_mark, strip_answer_marker, strip_question_marker

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "qa_marker"


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    if block.kind == "paragraph":
        return _paragraph(p, blocks, index, context)
    items = p.items(block)
    if not any(strip_question_marker(item.lines[0].text) for item in items if item.lines):
        return None
    notes = [*context.inherited, *block.annotations]
    _question_items(p, items, context.inheriting(tuple(notes), in_list=True), notes)
    return index + 1


def _paragraph(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    lines = p.inline_lines(block)
    if not lines:
        return None
    question = strip_question_marker(lines[0].text)
    if question is None:
        return None
    notes = [*context.inherited, *block.annotations]
    split = next((n for n, line in enumerate(lines[1:], 1) if opens_answer(line.text)), len(lines))
    if split == len(lines) > 1 and _complete(lines[0].text):
        split = 1  # `**Q. …?**` then the answer on the next line, with no `A.` before it
    question = "\n".join([question, *(line.text for line in lines[1:split])])
    end = answer_end(p, blocks, index + 1)
    # Once the answer has begun, an outline list (each item a term or question with its own
    # nested answer) is the note's next cards, not more of this answer.
    first = index + 1 if split < len(lines) else index + 2
    end = next((n for n in range(first, end) if is_outline(p, blocks[n], context)), end)
    question_and_answer(
        p,
        question,
        lines[0].line,
        lines[split:],
        blocks[index + 1 : end],
        context,
        notes,
        rule=NAME,
        end=block_end(blocks, end, block.end),
    )
    return end


_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__).+(?:\*\*|__)\s*$")


def _complete(first: str) -> bool:
    """A first line that is a whole question by itself: it ends with `?`, or the marker and
    question are bold as one (`**Q1. What does DHCP do**`)."""
    return ends_with_question_mark(first) or _BOLD_LINE.match(first) is not None


def _question_items(p: NoteParser, items: list[Item], context: Context, notes: list) -> None:
    """`- Q. …` items; the answer is the item's own content or the next `- A. …` item."""
    index = 0
    while index < len(items):
        item = items[index]
        question = strip_question_marker(item.lines[0].text) if item.lines else None
        if question is None:
            if not (item.lines and strip_answer_marker(item.lines[0].text) is not None):
                p.item_body(item, context, whole=True)
            index += 1
            continue
        split = next(
            (n for n, line in enumerate(item.lines[1:], 1) if opens_answer(line.text)),
            len(item.lines),
        )
        question = "\n".join([question, *(line.text for line in item.lines[1:split])])
        prefix, rest = item.lines[split:], item.rest
        item_notes = [*notes, *item.annotations]
        following = items[index + 1] if index + 1 < len(items) else None
        end = item.end
        if (
            not prefix
            and not rest
            and following is not None
            and following.lines
            and strip_answer_marker(following.lines[0].text) is not None
        ):
            prefix, rest = following.lines, following.rest
            item_notes.extend(following.annotations)
            end = following.end
            index += 1
        question_and_answer(
            p, question, item.line, prefix, rest, context, item_notes, rule=NAME, end=end
        )
        index += 1


RULE = Rule(NAME, ("paragraph", "bullet_list", "ordered_list"), claim, "Q. paragraphs and items")
