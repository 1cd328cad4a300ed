"""Procedures: an ordered list of three or more steps under a heading → put the steps in order.

A numbered list is a procedure only when it reads as steps: its heading says so (과정, 순서,
단계, 절차, 흐름, 동작, 생명주기, steps, process, procedure, lifecycle, how…), or its items
do (verbs such as 한다/보낸다/send/open, "then", arrows, TCP-like STATES). Lists of types,
features, principles, criteria, contents or exercises are not. A heading that names no subject
(`### 동작 과정`, `### Steps`) is asked under its parent heading ("퀵 정렬 — 동작 과정").
A paragraph (or quote, or code; up to three blocks) between two runs of numbered items
continues the same procedure when the second run's numbering goes on from the first (`3.`
after `1. 2.`): one card with every step. A second run that starts again at `1.` is a
second procedure.

```markdown
### 3-way handshake 과정
1. 클라이언트가 SYN을 보낸다
2. 서버가 SYN+ACK로 응답한다
3. 클라이언트가 ACK를 보낸다

### Steps
1. Open the socket
2. Bind it to a port

The port must be free, or bind fails.

3. Listen for connections
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp.notes.annotations import resolve
from quizapp.notes.blocks import Block
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Item, Rule
from quizapp.notes.rules.shared import starts_question, undecorated
from quizapp.notes.steps import ORDERING_PROMPT as ORDERING_PROMPT
from quizapp.notes.steps import emit_steps, reads_as_steps
from quizapp.notes.text import ends_with_question_mark, normalise_words, strip_question_marker

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "ordering"
_INTERRUPTIONS = ("paragraph", "blockquote", "fence", "code_block")
"""What may sit between two runs of one procedure's numbered steps."""
_MAX_GAP = 3


_GENERIC_WORDS = frozenset(
    """
    동작 과정 순서 단계 절차 흐름 방법 처리 진행 전체 세부 상세
    how it works steps step process procedure flow sequence the
    """.split()  # noqa: SIM905
)


def _generic(title: str) -> bool:
    """A procedure heading naming no subject (`동작 과정`, "Steps"): asked under its parent."""
    words = normalise_words(title).split()
    return bool(words) and all(word in _GENERIC_WORDS for word in words)


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    notes = [*context.inherited, *block.annotations]
    forced = resolve(notes).kind
    items = list(p.items(block))
    runs = continued_runs(p, blocks, index, len(items)) if not context.in_list else []
    for _gap, run, _at in runs:
        items.extend(p.items(run))
    last = runs[-1][1] if runs else block
    if not emit_ordering(p, block, items, context, notes, forced, last=last):
        return None
    inner = context.inheriting(tuple(notes), in_list=True)
    for item in items:
        p.item_body(item, inner, whole=True)
    for gap, _run, _at in runs:
        p.sequence(gap, context)  # the interrupting text is body (or its own cards)
    return (runs[-1][2] if runs else index) + 1


def continued_runs(
    p: NoteParser, blocks: list[Block], index: int, count: int
) -> list[tuple[list[Block], Block, int]]:
    """Numbered lists after `blocks[index]` whose numbering continues it across a paragraph.

    Markdown ends a list at an unindented paragraph, so `1. 2.`, a paragraph, then `3. 4.`
    is two lists; the second's `start` (3) says the author is still counting the same steps.
    Returns (the blocks in between, the continuing list, its index) per continuation.
    """
    runs: list[tuple[list[Block], Block, int]] = []
    position = index + 1
    while position < len(blocks):
        gap_end = position
        while (
            gap_end < len(blocks)
            and gap_end - position < _MAX_GAP
            and blocks[gap_end].kind in _INTERRUPTIONS
            and not blocks[gap_end].annotations
            and not starts_question(p, blocks, gap_end)
        ):
            gap_end += 1
        if gap_end == position or gap_end >= len(blocks):
            break
        following = blocks[gap_end]
        start = following.node.attrs.get("start") if following.node is not None else None
        if following.kind != "ordered_list" or following.annotations or start != count + 1:
            break
        runs.append((blocks[position:gap_end], following, gap_end))
        count += len(p.items(following))
        position = gap_end + 1
    return runs


def emit_ordering(
    p: NoteParser,
    block: Block,
    items: list[Item],
    context: Context,
    notes: list,
    forced: CardKind | None,
    rule: str = NAME,
    last: Block | None = None,
) -> bool:
    """Emit the ordering card of a list if it is a procedure; whether it was.

    `last` is the final list of a procedure that continues past a paragraph.
    """
    heading = context.heading
    steps = [" ".join(line.text.strip() for line in item.lines) for item in items]
    if forced == CardKind.ORDERING:
        if len(steps) < 2:
            return False
    elif (
        block.kind != "ordered_list"
        or len(steps) < 3
        or heading is None
        or context.in_list
        or all(ends_with_question_mark(step) for step in steps)
    ):
        return False
    if not all(steps):
        return False
    # An annotated list is meant as a card: its author, not the wording, decides.
    if (
        forced != CardKind.ORDERING
        and not notes
        and heading is not None
        and not reads_as_steps(heading.title, steps)
    ):
        p.miss(f"numbered list under {heading.title!r} lists things, not steps")
        return False
    title = (strip_question_marker(heading.title) or heading.title) if heading else ""
    if title and _generic(title) and len(context.path) >= 2:
        title = f"{undecorated(context.path[-2])} — {title}"  # `### 동작 과정` under `## 퀵 정렬`
    heading_notes = list(heading.annotations) if heading else []
    emit_steps(
        p,
        title,
        steps,
        block.start + 1,
        context,
        [*heading_notes, *notes],
        heading_line=heading.line if heading else 0,
        rule=rule,
        end=(last or block).end,
    )
    return True


RULE = Rule(NAME, ("ordered_list", "bullet_list"), claim, "numbered steps of a procedure")
