"""A list item that starts with a heading: the heading asks, the rest of the item answers.

```markdown
1. ##### Read Uncommitted
   다른 트랜잭션이 커밋하지 않은 데이터도 읽는다.
2. ##### Serializable
   Transactions behave as if they ran one after another.
```

Not a card: an item whose heading has nothing after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Item, Rule
from quizapp.notes.rules.shared import strip_leading_answer_marker
from quizapp.notes.text import clean_title, plain_text, strip_question_marker

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "heading_item"


def claim(p: NoteParser, items: list[Item], index: int, context: Context) -> int | None:
    item = items[index]
    if item.lines or not item.rest or item.rest[0].kind != "heading":
        return None
    heading = item.rest[0]
    title = clean_title(plain_text(heading.inline.token if heading.inline else None))
    answer = strip_leading_answer_marker(p.join([], item.rest[1:]))
    if not title or not answer:
        p.miss(f"list item heading {title!r} has nothing under it")
        return None
    question = strip_question_marker(title) or title
    p.emit(
        CardKind.BASIC,
        question,
        answer,
        heading.start + 1,
        context,
        heading.annotations,
        rule=NAME,
        end=item.end,
    )
    return index + 1


RULE = Rule(NAME, ("list_item",), claim, "a list item that starts with a heading")
