"""A term bullet whose definition follows a hard line break, in a list of other items.

A list made only of such items is a definition list (rule `definitions`); this rule takes
them one by one where they sit among other bullets (a sentence bullet, a nested group).

```markdown
- 잠금 종류는 여러 가지다
  - 뮤텍스: 한 번에 한 스레드만 들어간다
- **스핀락**\\
  잠들지 않고 계속 확인하며 기다리는 잠금
- Read-write lock:\\
  many readers or one writer at a time
```

(A line break is a trailing backslash, as above, or two trailing spaces.)
Not a card: the same lines joined by an ordinary (soft) line break, which GitHub shows as
one sentence; a label word (장점, Pros) or a sentence as the term.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Item, Rule
from quizapp.notes.rules.definitions import hard_break_definition, real_term

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "term_break"


def claim(p: NoteParser, items: list[Item], index: int, context: Context) -> int | None:
    item = items[index]
    pair = hard_break_definition(item)
    if pair is None or not real_term(pair[0], item.text):
        return None
    term, definition = pair
    rest = p.join([], item.rest)
    p.emit(
        CardKind.DEFINITION,
        term,
        f"{definition}\n\n{rest}" if rest else definition,
        item.line,
        context,
        item.annotations,
        {"term": term},
        rule=NAME,
        end=item.end,
    )
    return index + 1


RULE = Rule(NAME, ("list_item",), claim, "a **term** bullet, its definition after a line break")
