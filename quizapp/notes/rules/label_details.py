"""A question (paragraph or last list item ending in `?`) followed by a label-only `<details>`.

The `<details>` whose summary only labels (`정답`, `Answer`, `Show more`) holds the answer.

```markdown
TCP와 UDP의 차이는?
<details><summary>정답</summary>

TCP는 연결과 순서를 보장하고 UDP는 그렇지 않다.
</details>

- Why does DNS use UDP?
<details><summary>Answer</summary>Small queries fit one datagram.</details>
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.notes.blocks import Block
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.rules.shared import block_text, is_label_details
from quizapp.notes.text import ends_with_question_mark

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "label_details"


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if not is_label_details(following):
        return None
    assert following is not None and following.details is not None
    notes = [*context.inherited, *block.annotations]
    answer = p.details_body(following.details, following.strips)
    if block.kind == "paragraph":
        lines = p.inline_lines(block)
        if not lines or not ends_with_question_mark(lines[-1].text):
            return None
        p.emit(
            CardKind.BASIC,
            block_text(lines),
            answer,
            lines[0].line,
            context,
            notes,
            rule=NAME,
            end=following.end,
        )
        return index + 2
    items = p.items(block)
    if not items or not ends_with_question_mark(items[-1].text):
        return None
    inner = context.inheriting(tuple(notes), in_list=True)
    for item in items[:-1]:
        p.item_body(item, inner)
    last = items[-1]
    p.emit(
        CardKind.BASIC,
        last.text,
        answer,
        last.line,
        context,
        [*notes, *last.annotations],
        rule=NAME,
        end=following.end,
    )
    return index + 2


RULE = Rule(
    NAME,
    ("paragraph", "bullet_list", "ordered_list"),
    claim,
    "a question followed by a label-only <details> (정답, Answer)",
)
