"""Multiple choice without a `Q.` marker: a question, options, and an `Answer:` line.

Options are labelled (`A)`, `1.`, `(b)`) or a task list (`- [x]`); labelled options need the
answer line, a task list alone is enough after a question ending in `?`. Code blocks or a
table between the question and the options are part of the question.

````markdown
다음 중 TCP의 특징이 아닌 것은?
A) 연결 지향
B) 순서 보장
C) 브로드캐스트
정답: C

What is the output of the following code?

```python
print(len("abc"))
```

- A) 2
- B) 3
Answer: B
````
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.notes.blocks import Block
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.rules.shared import block_text, choice_card, find_unmarked_choice

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "choice"


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    if block.kind == "paragraph":
        lines = p.inline_lines(block)
    else:  # a numbered question (`1. What is …?`) alone in its list
        items = p.items(block)
        if len(items) != 1 or items[0].rest:
            return None
        lines = items[0].lines
    if not lines:
        return None
    found = find_unmarked_choice(p, blocks, index, lines)
    if found is None:
        return None
    question, shown, choice, explanation, following = found
    text = "\n\n".join([block_text(question), *(p.markdown(b) for b in shown)])
    notes = [*context.inherited, *block.annotations]
    end = blocks[following - 1].end if following > index else block.end
    choice_card(p, text, question[0].line, choice, explanation, context, notes, NAME, end)
    return following


RULE = Rule(
    NAME, ("paragraph", "ordered_list"), claim, "a question, its options and the Answer: line"
)
