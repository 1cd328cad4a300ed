"""A list under a heading that names an aspect (특징, 장단점, 종류, Conditions, Types…): one card.

The list answers the heading; a heading that is only the aspect word is asked under its
parent heading ("Deadlock — Conditions"). Lists of `label: text` or `A -> B` items that are
not definitions (장점: …, 단점: …; 전송 계층 -> 세그먼트) make one card under their heading too.

```markdown
## 교착 상태
### 발생 조건
- 상호 배제
- 점유 대기

## Deadlock
### Conditions
- Mutual exclusion
- Hold and wait
```

A paragraph that is only a bold aspect label, followed by a list, is the same card
("추상 클래스와 인터페이스 — 공통점"); a bold label naming its own subject (a term,
`**멱등성**`, or a longer aspect, `**해시 충돌 해결 방법**`) over a list of plain statements
is asked by itself:

```markdown
## 추상 클래스와 인터페이스
**공통점**
- 인스턴스를 만들 수 없다

## TCP vs UDP
**Differences**
- TCP keeps order; UDP does not
```

Not a card: a list under an ordinary heading (목차, 참고 links, a plain topic), or with no
heading at all.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizapp.notes.blocks import Block
from quizapp.notes.definitions import split_definition
from quizapp.notes.html import is_navigation
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.rules.definitions import is_reading
from quizapp.notes.rules.heading_definition import term_of
from quizapp.notes.rules.shared import LISTS, heading_title, undecorated
from quizapp.notes.text import ends_with_question_mark, lead_in, normalise_words

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "label_list"
ASPECTS = frozenset(
    """
    특징 장점 단점 장단점 종류 조건 발생조건 원칙 구성 구성요소 유형 역할 차이 차이점 목적 용도
    한계 문제점 해결책 해결 방법 기능 속성 성질 규칙 단계 분류 계층 레벨
    필드 컬럼 칼럼 항목 공통점 기준
    conditions condition types kinds features advantages disadvantages pros cons principles
    components properties characteristics rules roles layers levels categories benefits
    drawbacks limitations uses goals columns fields similarities differences criteria
    경우 사례 problems cases scenarios pitfalls
    복잡도 시간복잡도 공간복잡도 성능 complexity performance
    """.split()  # noqa: SIM905
)
_ARROW = re.compile(r"->|→|=>")
_EXERCISES = frozenset(
    "practice exercise exercises homework assignment assignments 연습 연습문제 과제 숙제".split()  # noqa: SIM905
)
_NOT_TOPICS = frozenset(
    "목차 참고 참고자료 출처 링크 메모 contents toc index references links notes memo".split()  # noqa: SIM905
)


def _aspect(title: str) -> bool:
    """Whether a title names an aspect: its last word (`인덱스를 타지 않는 경우`, "Classic
    problems"), or the head of an English "X of Y" ("Rules of Hooks")."""
    words = normalise_words(title).split()
    if _EXERCISES.intersection(words):
        return False  # "Practice problems", `연습 문제`: tasks to do, not an aspect to learn
    if len(words) >= 3 and words[1] == "of" and words[0] in ASPECTS:
        return True
    return bool(words) and (words[-1] in ASPECTS or "".join(words[-2:]) in ASPECTS)


_BOLD_LABEL = re.compile(r"^(?:\*\*|__)([^*_]+?)\s*[:：]?\s*(?:\*\*|__)\s*[:：]?$")
_MAX_LABEL_WORDS = 3


def bold_label(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    """`**공통점**` / `**Pros**` on its own line, then the list it labels: "heading — label"."""
    block = blocks[index]
    heading = context.heading
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if heading is None or block.annotations or following is None or following.annotations:
        return None
    if following.kind not in ("bullet_list", "ordered_list"):
        return None
    lines = p.inline_lines(block)
    match = _BOLD_LABEL.match(lines[0].text.strip()) if len(lines) == 1 else None
    if match is None:
        return None
    label = match.group(1).strip()
    words = normalise_words(label).split()
    if not words:
        return None
    if len(words) > 1 and _aspect(label) and _definitions(p, following):
        _enumeration(p, label, block, following, context)  # `**해시 충돌 해결 방법**`
        return index + 1
    if len(words) <= _MAX_LABEL_WORDS and _aspect(label):
        question = f"{heading.title} — {label}"
    elif _names_subject(p, label, following):
        question = label  # `**멱등성**`, `**해시 충돌 해결 방법**`: the label is the subject
    else:
        return None
    p.emit(
        CardKind.BASIC,
        question,
        p.markdown(following),
        lines[0].line,
        context,
        [],
        rule=NAME,
        end=following.end,
    )
    return index + 2


_MAX_SUBJECT_WORDS = 6


def _names_subject(p: NoteParser, label: str, following: Block) -> bool:
    """A bold label that names its own subject, answered by a list of plain statements: a
    term (`**멱등성**`) or a longer aspect with its subject (`**해시 충돌 해결 방법**`).

    Not a label heading (`**예시**`, `**참고**`, `**TODO**`), and not over a list of links,
    of `term: definition` items (each its own card) or of items with nested answers.
    """
    words = normalise_words(label).split()
    if len(words) > _MAX_SUBJECT_WORDS or ends_with_question_mark(label):
        return False
    if not (_aspect(label) or term_of(label) is not None):
        return False
    items = p.items(following)
    texts = [item.text for item in items]
    if not texts or not all(texts) or any(item.rest for item in items):
        return False
    if any(text.startswith(("[", "![", "<", "http")) or is_navigation(text) for text in texts):
        return False
    return not all(split_definition(text) for text in texts)


def _definitions(p: NoteParser, block: Block) -> bool:
    """A list of two or more `term: definition` items (rule definitions makes their cards)."""
    texts = [item.text for item in p.items(block)]
    return len(texts) >= 2 and all(text and split_definition(text) for text in texts)


def _enumeration(
    p: NoteParser, question: str, block: Block, following: Block, context: Context
) -> None:
    """The card asking for a whole list of defined terms (`데드락의 4가지 조건`, "해시 충돌
    해결 방법"): the list is its answer, and its items stay their own definition cards, so
    only the heading or label is claimed."""
    p.emit(
        CardKind.BASIC,
        question,
        p.markdown(following),
        block.start + 1,
        context,
        [],
        rule=NAME,
        end=following.end,
    )


def _enumeration_heading(
    p: NoteParser, blocks: list[Block], index: int, context: Context
) -> int | None:
    """`### 데드락의 4가지 조건` (a subject and an aspect) over `term: definition` items."""
    block = blocks[index]
    title = undecorated(heading_title(block))
    following = blocks[index + 1] if index + 1 < context.section_end else None
    if block.level < 2 or block.annotations or not _aspect(title):
        return None
    if following is None or following.kind not in LISTS:
        return None
    if following.annotations or not _definitions(p, following):
        return None
    question = title
    if all(word in ASPECTS for word in _compound(normalise_words(title).split())):
        if context.heading is None:  # `## 구성 요소` alone names nothing to ask about
            return None
        question = f"{undecorated(context.heading.title)} — {title}"
    _enumeration(p, question, block, following, context)
    return index + 1


def _asked_by_heading(p: NoteParser, line: int) -> bool:
    """Whether `_enumeration_heading` just made the card asking this heading for its list."""
    return bool(p.cards) and p.cards[-1].rule == NAME and p.cards[-1].line == line


def _compound(words: list[str]) -> list[str]:
    """Words with a two-word aspect joined (`구성 요소` → `구성요소`)."""
    joined = "".join(words[-2:])
    return [*words[:-2], joined] if len(words) >= 2 and joined in ASPECTS else words


def _introduced(p: NoteParser, blocks: list[Block], index: int) -> str:
    """What the paragraph right before the list says the list is (`계층별 PDU는 다음과
    같다.` → "계층별 PDU"): the list answers that, not the heading's own definition."""
    before = blocks[index - 1] if index > 0 else None
    if before is None or before.kind != "paragraph" or before.annotations:
        return ""
    return lead_in(p.inline_text(before)) or ""


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    if block.kind == "heading":
        return _enumeration_heading(p, blocks, index, context)
    if block.kind == "paragraph":
        return bold_label(p, blocks, index, context)
    heading = context.heading
    if heading is None or context.in_list or block.annotations or heading.question_list:
        return None
    if normalise_words(heading.title) in _NOT_TOPICS:
        return None
    if _asked_by_heading(p, heading.line):
        return index + 1  # the heading's enumeration card already asks for this list
    if p.cards and p.cards[-1].line == heading.line and p.cards[-1].rule == "question_heading":
        return None  # the question heading asked for this list; its items are their own cards
    items = p.items(block)
    texts = [item.text for item in items]
    if len(items) < 2 or not all(texts) or any(is_navigation(text) for text in texts):
        return None
    pairs = [split_definition(text) for text in texts]
    paired = all(pair or _ARROW.search(text) for pair, text in zip(pairs, texts, strict=True))
    if not (_aspect(heading.title) or paired):
        return None
    if (
        not _aspect(heading.title)
        and index > 0
        and blocks[index - 1].kind != "heading"
        and all(pair and is_reading(pair[1]) for pair in pairs)
    ):
        # `Sample output:` + `- load average: 0.52`: an example read off a tool, not the
        # heading's answer (`## Default ports` + `- HTTP: 80` right under it is one)
        p.miss("`label: number` lines after other text are sample output, not an answer")
        return None
    question = heading.title
    words = normalise_words(question).split()
    only_aspect = all(word in ASPECTS for word in _compound(words))  # `### 시간 복잡도`
    if (len(words) == 1 or only_aspect) and len(context.path) >= 2:
        question = f"{context.path[-2]} — {question}"
    line = heading.line  # the card asks the heading
    if subject := _introduced(p, blocks, index):
        question = f"{undecorated(heading.title)} — {subject}"  # `PDU는 다음과 같다.` + list
        line = blocks[index - 1].start + 1  # … and the lead-in says what it asks
    p.emit(
        CardKind.BASIC,
        question,
        p.markdown(block),
        line,
        context,
        [],
        rule=NAME,
        end=block.end,
    )
    return index + 1


RULE = Rule(
    NAME,
    ("heading", "bullet_list", "ordered_list", "paragraph"),
    claim,
    "a list answering an aspect heading or a bold aspect label (특징, **공통점**, Types)",
)
