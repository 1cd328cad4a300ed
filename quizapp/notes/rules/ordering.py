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

import re
from typing import TYPE_CHECKING

from quizapp.notes.annotations import resolve
from quizapp.notes.blocks import Block
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Item, Rule
from quizapp.notes.rules.shared import starts_question, undecorated
from quizapp.notes.text import ends_with_question_mark, normalise_words, strip_question_marker

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "ordering"
ORDERING_PROMPT = "순서대로 나열하세요 (put the steps in order)"
"""Appended to a procedure's heading to make its ordering question."""

_STEP_HEADING = re.compile(
    r"과정|순서|단계|절차|흐름|동작|처리|진행|수행|설정|설치|생성|연결|종료|핸드\s*셰이크|handshake|"
    r"생명\s*주기|라이프\s*사이클|"
    r"step|process|procedure|flow|how|lifecycle|life cycle|sequence|algorithm|workflow|"
    r"setup|install|build|deploy|startup|shutdown|open|close|열기|닫기",
    re.IGNORECASE,
)
_NOT_STEPS_HEADING = re.compile(
    r"종류|특징|장점|단점|원칙|목차|유형|분류|문제|연습|예시|예제|참고|질문|정리|요약|구성\s*요소|기준|"
    r"규칙|\b(?:types?|kinds?|features?|principles?|contents|toc|exercises?|problems?|examples?|"
    r"references?|questions?|summary|pros|cons|criteria|rules?)\b",
    re.IGNORECASE,
)
_STEP_WORDS = re.compile(
    r"(?:단계|step|phase|stage|한다|된다|보낸다|받는다|만든다|연다|닫는다|기다린다|응답한다|전송|요청|응답|수신|송신|확인|생성|"
    r"호출|실행|반환|저장|읽|쓴다|바꾼다|늘린다|줄인다|시작|종료|이동|전달|->|→|=>|then|after|"
    r"next|finally|send|sends|receive|receives|reply|replies|open|opens|close|closes|call|"
    r"calls|return|returns|create|creates|write|writes|read|reads|wait|waits|start|starts|"
    r"bind|listen|accept|connect|run|install|build|set|check|load|parse|locks?|unlocks?|puts?|"
    r"takes?|signals?|pushe?s?|pops?|acquires?|releases?|notif(?:y|ies)|stores?|assigns?|"
    r"pulls?|validates?|sends|넣는다|꺼낸다|잠근다|푼다|깨운다|알린다)",
    re.IGNORECASE,
)
_INTERRUPTIONS = ("paragraph", "blockquote", "fence", "code_block")
"""What may sit between two runs of one procedure's numbered steps."""
_MAX_GAP = 3
_STATE = re.compile(r"\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b|\b(?:SYN|ACK|FIN|RST)\b")


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


def reads_as_steps(title: str, steps: list[str]) -> bool:
    """Whether a numbered list under `title` is a procedure (see the module docstring)."""
    words = normalise_words(title)
    if _NOT_STEPS_HEADING.search(words) and not _STEP_HEADING.search(words):
        return False
    if _STEP_HEADING.search(title):
        return True
    stepped = sum(bool(_STEP_WORDS.search(step) or _STATE.search(step)) for step in steps)
    return stepped * 3 >= len(steps) * 2


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
    question = f"{title} — {ORDERING_PROMPT}" if title else ORDERING_PROMPT
    count = p.next_ordering(heading.line if heading else 0)
    if count > 1:
        question = f"{question} ({count})"
    answer = "\n".join(f"{n}. {step}" for n, step in enumerate(steps, 1))
    heading_notes = list(heading.annotations) if heading else []
    p.emit(
        CardKind.ORDERING,
        question,
        answer,
        block.start + 1,
        context,
        [*heading_notes, *notes],
        {"steps": steps},
        rule=rule,
        end=(last or block).end,
    )
    return True


RULE = Rule(NAME, ("ordered_list", "bullet_list"), claim, "numbered steps of a procedure")
