"""`term : definition` written as plain paragraph or quote lines (not list items).

Every line of the paragraph must be a definition with a real term (see rule
`definitions`); a single line counts when its term is bold or its colon is spaced (` : `).

```markdown
프로세스 : 실행 중인 프로그램, 자기만의 메모리를 가진다
스레드 : 프로세스 안에서 실행되는 흐름, 메모리를 나눠 쓴다

> **Latency**: the time one request takes from start to finish
```

Lines that each open with a bold term and go on as a sentence about it (two or more, one
per line) are definitions too:

```markdown
**SIGTERM** asks a process to terminate; it may clean up first.<br>
**SIGKILL** stops a process at once and cannot be caught.<br>

**TCP**는 연결을 맺고 순서를 보장하는 프로토콜이다.
**UDP**는 연결 없이 데이터그램을 보내는 프로토콜이다.
```

A paragraph whose first line is only a **bold term** ending in a hard line break (two
spaces or `\\`), its definition on the line(s) after, is one definition:

```markdown
**TLB (Translation Lookaside Buffer)**\\
페이지 테이블 항목을 캐싱하는 하드웨어 캐시이다.
```
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizapp.notes.annotations import Annotation
from quizapp.notes.blocks import Block
from quizapp.notes.cloze import has_cloze
from quizapp.notes.definitions import split_definition
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Line, Rule
from quizapp.notes.rules.definitions import real_term

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "colon_paragraph"


_BOLD_LEAD = re.compile(
    r"^(?:\*\*|__)(?P<term>[^*_]{1,40}?)(?:\*\*|__)(?:(?:이란|란|은|는|이|가)\s*|\s+)(?P<rest>\S.*)$"
)
_TRAILING_BREAK = re.compile(r"(?:\s*<br\s*/?>|\\)+\s*$", re.IGNORECASE)
_MIN_LEAD_WORDS = 3
_MAX_LEAD_TERM_WORDS = 4


def bold_lead_pairs(lines: list[Line]) -> list[tuple[str, str]] | None:
    """`**SIGTERM** asks a process to stop` on every line (two or more): (term, the rest).

    Each line opens with a bold term (a Korean particle may follow it: `**TCP**는 …`) and
    goes on as a sentence about it.
    """
    if len(lines) < 2:
        return None
    pairs: list[tuple[str, str]] = []
    for line in lines:
        match = _BOLD_LEAD.match(_TRAILING_BREAK.sub("", line.text.strip()))
        if match is None:
            return None
        term, rest = match.group("term").strip(), match.group("rest").strip()
        if len(term.split()) > _MAX_LEAD_TERM_WORDS or len(rest.split()) < _MIN_LEAD_WORDS:
            return None
        if not real_term(term, term):
            return None
        pairs.append((term, rest))
    return pairs


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    lines = p.inline_lines(block)
    if not lines or any(has_cloze(line.text) for line in lines):
        return None
    pairs: list[tuple[str, str] | None] = [split_definition(line.text) for line in lines]
    if not all(
        pair and real_term(pair[0], line.text) for pair, line in zip(pairs, lines, strict=True)
    ):
        led = bold_lead_pairs(lines)
        if led is None:
            broken = bold_term_definition(block, lines)
            if broken is None:
                return None
            _emit(
                p,
                broken,
                lines[0].line,
                lines[-1].line,
                context,
                [*context.inherited, *block.annotations],
            )
            return index + 1
        pairs = list(led)
    single = lines[0].text.lstrip()
    if len(lines) == 1 and not (single.startswith(("**", "__")) or " : " in single):
        return None
    notes = [*context.inherited, *block.annotations]
    for line, pair in zip(lines, pairs, strict=True):
        assert pair is not None
        _emit(p, pair, line.line, line.line, context, notes)
    return index + 1


def _emit(
    p: NoteParser,
    pair: tuple[str, str],
    line: int,
    end: int,
    context: Context,
    notes: list[Annotation],
) -> None:
    term, definition = pair
    p.emit(
        CardKind.DEFINITION,
        term,
        definition,
        line,
        context,
        notes,
        {"term": term},
        rule=NAME,
        end=end,
    )


_BOLD_ONLY = re.compile(r"^(?:\*\*|__)(?P<term>[^*_]{1,60}?)(?:\*\*|__)\s*[:：]?\s*\\?$")
_MIN_BREAK_DEFINITION_WORDS = 3


def bold_term_definition(block: Block, lines: list[Line]) -> tuple[str, str] | None:
    """`**TLB (Translation Lookaside Buffer)**` + hard line break + its definition on the next
    line(s), as a paragraph (rule `term_break` reads the same in a list item)."""
    if len(lines) < 2:
        return None
    match = _BOLD_ONLY.match(lines[0].text.strip())
    if match is None or not _hard_break_first(block):
        return None
    term = match.group("term").strip()
    definition = " ".join(line.text.strip() for line in lines[1:])
    if len(definition.split()) < _MIN_BREAK_DEFINITION_WORDS or not real_term(term, term):
        return None
    return term, definition


def _hard_break_first(block: Block) -> bool:
    """Whether the paragraph's first line ends in a hard break (two spaces or `\\`)."""
    node = block.node
    inline = node.children[0] if node is not None and node.children else None
    if inline is None or inline.token is None:
        return False
    breaks = (c for c in inline.token.children or [] if c.type in ("softbreak", "hardbreak"))
    first = next(breaks, None)
    return first is not None and first.type == "hardbreak"


RULE = Rule(
    NAME,
    ("paragraph",),
    claim,
    "paragraph lines written as term : definition, or each led by a **bold term**",
)
