"""A paragraph that is only a bold question, answered by the paragraphs after it.

Blog-style notes often write each question as a bold line instead of a heading or `Q.`:

```markdown
**equals()와 hashCode()를 함께 재정의해야 하는 이유는?**

해시 기반 컬렉션은 hashCode로 버킷을 찾고 equals로 비교하기 때문이다.

**Why is HTTP stateless?**

Each request carries everything the server needs.
```

The answer may also start on the line right after the question, in the same paragraph
(`**해시 테이블이란?**` then `키를 해시 함수로…` on the next line); such an answer also ends at
the next paragraph led by a bold line (`**해시 충돌 해결 방법**`). The answer runs like a
`Q.` paragraph's: to the next heading, `---` or question. With
nothing before the next heading it is an open card. Not a card: a bold question followed by
more text in the same paragraph (`**왜 그럴까?** 그 이유는…`), which is prose.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizapp.notes.blocks import Block
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.rules.shared import (
    answer_end,
    block_end,
    is_bold_question,
    question_and_answer,
)

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "bold_question"


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    lines = p.inline_lines(block)
    if not lines or not is_bold_question(lines[0].text):
        return None
    question = lines[0].text.strip()[2:-2].strip()
    end = answer_end(p, blocks, index + 1)
    if len(lines) > 1:  # answered in its own paragraph: the next bold line starts a new card
        end = next((n for n in range(index + 1, end) if _bold_line(p, blocks[n])), end)
    question_and_answer(
        p,
        question,
        lines[0].line,
        lines[1:],  # the answer may start on the next line of the same paragraph
        blocks[index + 1 : end],
        context,
        [*context.inherited, *block.annotations],
        rule=NAME,
        end=block_end(blocks, end, block.end),
    )
    return end


_BOLD_LINE = re.compile(r"^(?:\*\*|__)[^*_]+(?:\*\*|__)\s*[:：]?$")


def _bold_line(p: NoteParser, block: Block) -> bool:
    """A paragraph whose first line is only bold text (`**해시 충돌 해결 방법**`)."""
    if block.kind != "paragraph":
        return False
    lines = p.inline_lines(block)
    return bool(lines) and _BOLD_LINE.match(lines[0].text.strip()) is not None


RULE = Rule(NAME, ("paragraph",), claim, "a paragraph that is only a **bold question?**")
