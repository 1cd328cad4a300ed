"""`term : definition` written as plain paragraph or quote lines (not list items).

Every line of the paragraph must be a definition with a real term (see rule
`definitions`); a single line counts when its term is bold or its colon is spaced (` : `).

```markdown
프로세스 : 실행 중인 프로그램, 자기만의 메모리를 가진다
스레드 : 프로세스 안에서 실행되는 흐름, 메모리를 나눠 쓴다

> **Latency**: the time one request takes from start to finish
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.notes.blocks import Block
from quizapp.notes.cloze import has_cloze
from quizapp.notes.definitions import split_definition
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.rules.definitions import real_term

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "colon_paragraph"


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    lines = p.inline_lines(block)
    if not lines or any(has_cloze(line.text) for line in lines):
        return None
    pairs = [split_definition(line.text) for line in lines]
    if not all(
        pair and real_term(pair[0], line.text) for pair, line in zip(pairs, lines, strict=True)
    ):
        return None
    single = lines[0].text.lstrip()
    if len(lines) == 1 and not (single.startswith(("**", "__")) or " : " in single):
        return None
    notes = [*context.inherited, *block.annotations]
    for line, pair in zip(lines, pairs, strict=True):
        assert pair is not None
        term, definition = pair
        p.emit(
            CardKind.DEFINITION,
            term,
            definition,
            line.line,
            context,
            notes,
            {"term": term},
            rule=NAME,
            end=line.line,
        )
    return index + 1


RULE = Rule(NAME, ("paragraph",), claim, "paragraph lines written as term : definition")
