"""Cloze deletions in a paragraph: `==hidden==` or `{{c1::hidden::hint}}`.

```markdown
TCP는 ==3-way handshake==로 연결을 연다.
The default HTTPS port is {{c1::443}}.
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.notes.blocks import Block
from quizapp.notes.cloze import find_cloze
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.rules.shared import block_text

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "cloze"


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    lines = p.inline_lines(block)
    cloze = find_cloze(block_text(lines)) if lines else None
    if cloze is None:
        return None
    notes = [*context.inherited, *block.annotations]
    extra = {"clozes": cloze.clozes}
    p.emit(
        CardKind.CLOZE,
        cloze.question,
        cloze.answer,
        lines[0].line,
        context,
        notes,
        extra,
        rule=NAME,
        end=lines[-1].line,
    )
    return index + 1


RULE = Rule(NAME, ("paragraph",), claim, "==highlight== or {{c1::…}} cloze deletions")
