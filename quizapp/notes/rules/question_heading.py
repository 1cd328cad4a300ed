"""Question headings: `Q.` headings, headings ending in `?`, and headings worded as questions.

The answer is the section up to the next heading of the same or a higher level, cut short
where another question starts or, after its first block, where an outline list starts (each
item a term or question over its own nested answer: rule `nested_answer`'s cards; an
outline list that is the whole answer is both the heading's answer and those cards). A
marked (`Q.`) heading with nothing under it is an open card, and so is a `?` heading
followed directly by another heading or the end of the note, or a worded one followed
directly by a heading of its level or higher (a question the note leaves open); a worded
heading over subsections only titles them.

```markdown
#### Q. 4-way handshake가 필요한 이유
A. 한쪽이 다 보냈어도 다른 쪽은 아직 보낼 것이 남아 있을 수 있다.

### 프로세스와 스레드의 차이
프로세스는 메모리를 따로 갖고, 스레드는 같은 프로세스의 메모리를 나눠 쓴다.

## What is a race condition
Two threads touch shared data and the result depends on their timing.
```

Worded questions (no `?`): `…란`, `…이유`, `…차이(점)`, `A vs B`, `…설명하시오`,
`…말해주세요`, `…무엇인가(요)`, `…방법`/`…과정`, "What is…", "Explain…", "Difference between…".
A `…방법`/`…과정` heading whose body has a numbered list, or a "How …", "What happens when …" or
`…어떻게 …` heading (with or without `?`) over numbered steps, is a procedure (rule
`ordering`), not a question; a worded heading answered only by a table (`## TCP vs UDP` over
a comparison table; a "back to top" link or a `> Note` callout after it aside) leaves the
table to rule `table_rows`, and an `A vs B` heading over a list of one item per side (`-
Livelock` + its nested answer, `- 오버로딩: …`) leaves each item its own card.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizapp.notes.annotations import resolve
from quizapp.notes.blocks import Block
from quizapp.notes.definitions import split_definition
from quizapp.notes.html import is_navigation
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.rules.nested_answer import is_outline, parent_question, under_heading
from quizapp.notes.rules.shared import (
    ANSWERED_KINDS,
    LISTS,
    block_end,
    heading_title,
    question_and_answer,
    starts_question,
    undecorated,
)
from quizapp.notes.steps import asks_for_steps
from quizapp.notes.text import (
    PROCEDURE_ENDINGS,
    clean_title,
    ends_with_question_mark,
    looks_like_question,
    normalise_words,
    strip_question_marker,
)

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "question_heading"


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    end = context.section_end
    text = p.inline_text(block)
    question = strip_question_marker(text)
    forced = resolve(block.annotations).kind in (*ANSWERED_KINDS, CardKind.CHOICE)
    title = undecorated(heading_title(block))
    worded = not ends_with_question_mark(title) and looks_like_question(title)
    if question is None and not forced:
        if not (ends_with_question_mark(title) or worded):
            return None
        if _titles_procedure(p, title, blocks, index + 1, end):
            p.miss(f"{title!r} titles a procedure: its numbered list is read as steps")
            return None
    if worded and question is None and not forced:
        if block.level < 2:
            p.miss(f"{title!r} is the note's title (level 1), not a question card")
            return None
        # A worded question's answer is its own text, not the subsections under it.
        end = next((n for n in range(index + 1, end) if blocks[n].kind == "heading"), end)
        own = [b for b in blocks[index + 1 : end] if not _navigates(p, b)]
        if own and own[0].kind == "table" and all(b.kind == "blockquote" for b in own[1:]):
            # a `> **Note:** …` callout after the table is an aside, not the answer
            p.miss(f"{title!r} is answered by its table, cell by cell (rule table_rows)")
            return None
        if len(own) == 1 and _one_item_per_side(p, title, own[0], context):
            p.miss(f"{title!r} only titles its items, one per side compared")
            return None
    stop = next((n for n in range(index + 1, end) if starts_question(p, blocks, n)), end)
    # After the answer's first block, an outline list (each item a term or question with
    # its own nested answer) is the note's next cards, not more of this answer.
    stop = next((n for n in range(index + 2, stop) if is_outline(p, blocks[n], context)), stop)
    body = blocks[index + 1 : stop]
    while body and body[-1].kind == "hr":  # a rule closing the section is no answer
        body.pop()
    # `## 트리 순회 방법` over only `- 전위 순회` + nested `루트 → 왼쪽 → 오른쪽`, …: the heading
    # asks for the whole list, and each item is a card of its own too (rule nested_answer).
    # (Not a comparison, `A vs B` / `…차이`: its items are aspects of the comparison.)
    enumerates = (
        len(body) == 1
        and not forced
        and question is None
        and not _compares(title)
        and is_outline(p, body[0], context)
    )
    if question is None:
        if not (forced or body or _unanswered(blocks, index, context.section_end, worded)):
            p.miss("a question heading with nothing under it (and no Q. marker): a title")
            return None
        question = undecorated(text)
        if worded:  # `### 해결 방법` under `## 기아 상태` asks about the starvation
            question = under_heading(question, context) or _of_parent(question, context)
    question_and_answer(
        p,
        question,
        block.start + 1,
        [],
        body,
        context,
        block.annotations,
        rule=NAME,
        end=block_end(blocks, index + 1 + len(body), block.end),
    )
    return index + 1 if enumerates else stop


_VERSUS = re.compile(r"\s+(?:vs\.?|versus)\s+", re.IGNORECASE)


def _one_item_per_side(p: NoteParser, title: str, block: Block, context: Context) -> bool:
    """`## Livelock vs starvation` over a list with one item per side (`- Livelock` + nested
    answer, or `- 오버로딩: …`): each item is its own card, the heading only titles them."""
    sides = _VERSUS.split(title)
    if len(sides) < 2 or block.kind not in LISTS or block.annotations:
        return False
    items = p.items(block)
    if len(items) != len(sides):
        return False
    named = " ".join(normalise_words(side) for side in sides)
    for item in items:
        pair = split_definition(item.text) if len(item.lines) == 1 else None
        if pair is not None and not item.rest:
            name = pair[0]
        elif item.rest and item.rest[0].kind in LISTS and parent_question(item, context):
            name = item.text
        else:
            return False
        words = normalise_words(name).split()
        if not words or not all(word in named for word in words):
            return False
    return True


_COMPARISON = re.compile(r"차이|비교|\bdifferences?\b|\bcompar", re.IGNORECASE)


def _compares(title: str) -> bool:
    """`TCP vs UDP`, `…의 차이`, "Difference between …": a heading comparing things."""
    return _VERSUS.search(title) is not None or _COMPARISON.search(title) is not None


_PRONOUNS = frozenset("it this that they them these those its 이것 그것 이게 그게".split())  # noqa: SIM905
_MAX_PRONOUN_TITLE = 5


def _of_parent(question: str, context: Context) -> str:
    """`#### Why it matters` under `### Q: What is idempotency?`: a short question whose
    subject is a pronoun asks about its parent heading ("What is idempotency? — Why it
    matters"); alone it would not say what "it" is."""
    words = normalise_words(question).split()
    parent = context.heading
    if parent is None or len(words) > _MAX_PRONOUN_TITLE or not _PRONOUNS.intersection(words):
        return question
    title = undecorated(parent.title)
    return f"{strip_question_marker(title) or title} — {question}"


def _navigates(p: NoteParser, block: Block) -> bool:
    """A "back to top" line or block, or a rule: it answers nothing."""
    if block.kind == "hr":
        return True
    if block.kind == "html_block":
        return is_navigation(p.source.text(block.start, block.end, block.strips))
    if block.kind == "paragraph":
        return is_navigation(p.inline_text(block).strip("*_ "))  # `**[↥ Back to Top](#)**`
    return False


def _unanswered(blocks: list[Block], index: int, section_end: int, worded: bool) -> bool:
    """A question heading with no answer: an open question the note leaves for the reader
    (never a title, never an empty back).

    A `?` heading followed directly by another heading or the end of the note; a heading
    worded as a question (`…이유`, "What is…") only when no subsection follows it either —
    over subsections it titles them.
    """
    if blocks[index].level < 2:
        return False
    after = index + 1
    while after < section_end and blocks[after].kind == "hr":
        after += 1
    if worded:
        return after >= section_end
    return after >= section_end or blocks[after].kind == "heading"


def _titles_procedure(p: NoteParser, title: str, blocks: list[Block], start: int, end: int) -> bool:
    """`…방법`/`…과정` over a numbered list; "How to …"/"How a shell runs a command", "How do
    you resolve a merge conflict?", "What happens when …?", "…어떻게 처리하나요?",
    `…과정을 설명하시오` over a numbered list that reads as steps: a procedure, not a question
    (`quizapp.notes.steps.asks_for_steps`)."""
    title = clean_title(title).rstrip(" .:?")
    if not _has_steps(blocks, start, end):
        return False
    if title.endswith(PROCEDURE_ENDINGS):
        return True
    steps = next(b for b in blocks[start:end] if b.kind == "ordered_list")
    return asks_for_steps(title, [item.text for item in p.items(steps)])


def _has_steps(blocks: list[Block], start: int, end: int) -> bool:
    """Whether the heading's own body (before a subheading) holds a numbered list."""
    for block in blocks[start:end]:
        if block.kind == "heading":
            return False
        if block.kind == "ordered_list":
            return True
    return False


RULE = Rule(
    NAME, ("heading",), claim, "a Q. heading, a ? heading or a heading worded as a question"
)
