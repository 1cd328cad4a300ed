"""A list item whose nested items are its answer: a term, `X란`, a bold label or a question.

```markdown
- 교착 상태란
  - 둘 이상의 프로세스가 서로의 자원을 기다리며 멈춘 상태
- **방어 방법**
  - 입력을 검증한다
  - 쿼리에 파라미터를 바인딩한다
- Why use connection pooling?
  - Opening a connection costs a round trip and memory
- 임계 구역이란?
  공유 자원에 접근하는 코드 영역이다.
- What is a race condition?
  The result depends on the order the threads happen to run in.
```

A question bullet may also carry its answer on its own next line(s), joined by an ordinary
line break (the question mark ends the question).

One basic card per parent: a question or `X란` asks itself; a term asks for itself;
a label (개념, 특징, 장점, 방어 방법, Pros…, or any short bold phrase that names nothing:
`**주의할 점**`) is asked as "heading — label" — a bold acronym or CamelCase name (`**XSS**`,
`**SQL Injection**`) is a term and asks for itself — and so is a
phrase ending in an aspect word that does not name the heading (`롤백 규칙` under
`## @Transactional`, "Eviction policy"). Parents that are
sentences, and nested lists made only of questions, are not cards; colon items that are
aspects of the parent (`장점: …`, `단점: …`) are part of its answer. A parent that only
names the terms its `TERM: definition` children define (`- 커밋과 롤백` over `- 커밋: …`,
`- 롤백: …`) leaves them their own definition cards.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizapp.notes.blocks import Block
from quizapp.notes.definitions import split_definition
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Item, Rule
from quizapp.notes.rules.definitions import LABEL_TERMS, real_term
from quizapp.notes.rules.shared import LISTS
from quizapp.notes.text import ends_with_question_mark, looks_like_question, normalise_words

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "nested_answer"
ASPECT_LABELS = LABEL_TERMS | frozenset(
    [
        "방어",
        "대응",
        "해결",
        "방안",
        "개선",
        "특성",
        "원리",
        "동작",
        "과정",
        "구조",
        "사용법",
        "사용",
        "이유",
        "종류",
        "용도",
        "목적",
        "장점",
        "단점",
        "주의점",
        "drawbacks",
        "caveats",
        "pitfalls",
        "limitations",
    ]
)
_BOLD = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*[:：]?$")
_NAME = re.compile(r"\b[A-Z][A-Z0-9]+\b|[a-z][A-Z]")
"""An acronym or a CamelCase name (`XSS`, `SQL Injection`, `HashMap`): a bold parent with one
is a term asked for itself, never a label asked under the heading ("웹 취약점 — XSS")."""
_SENTENCE_END = re.compile(r"(?:다|요|니다|함|음|임)[.!]?$|\.$")
_MAX_PARENT = 60
_MAX_QUESTION = 200
_MAX_WORDS = 8


def under_heading(label: str, context: Context) -> str | None:
    """ "heading — label" for a title that only names an aspect of the heading above it.

    That is a title of label words (개념, 장점, 해결 방법, Pros…), possibly with words of the
    heading itself (`주입 방법` under `DI(의존성 주입)`): alone it would ask nothing.
    """
    heading = context.heading.title if context.heading else ""
    words = normalise_words(label).split()
    if not heading or not words or not any(word in ASPECT_LABELS for word in words):
        return None
    own = set(normalise_words(heading).split())
    if all(word in ASPECT_LABELS or word in own for word in words):
        return f"{heading} — {label}"
    return None


def parent_question(item: Item, context: Context) -> tuple[str, CardKind] | None:
    """(question, kind) for a parent item, or None when it is not a term, label or question."""
    if len(item.lines) != 1:
        return None
    text = item.lines[0].text.strip()
    bold = _BOLD.match(text)
    label = (bold.group(1) if bold else text).strip().rstrip(":：").strip()
    asks = ends_with_question_mark(label)
    if not label or len(label) > (_MAX_QUESTION if asks else _MAX_PARENT):
        return None
    words = normalise_words(label).split()
    if not words:
        return None
    if all(word in ASPECT_LABELS for word in words) or (
        bold and len(words) <= 3 and not ends_with_question_mark(label) and not _NAME.search(label)
    ):
        heading = context.heading.title if context.heading else ""
        return (f"{heading} — {label}" if heading else label), CardKind.BASIC
    if asks:
        return label, CardKind.BASIC
    if looks_like_question(label):  # `주입 방법` under `DI(의존성 주입)`
        return under_heading(label, context) or label, CardKind.BASIC
    if len(words) > _MAX_WORDS or _SENTENCE_END.search(label):
        return None
    if len(words) <= 4 and not text.endswith((":", "：")) and "`" not in label[:1]:
        return under_heading(label, context) or _aspect_of_heading(label, context), CardKind.BASIC
    return None


def _asks(first: str) -> bool:
    """A bullet's first line that is a whole question (`…란?`, "Why …?"), not a sentence that
    happens to wrap onto the next line."""
    return ends_with_question_mark(first) and len(first) <= _MAX_QUESTION


_GLOSS = re.compile(r"[(（][^)）]*[)）]")


def _names_its_definitions(parent: str, children: list[Item]) -> bool:
    """`- 커밋과 롤백` over `- 커밋(COMMIT): …` and `- 롤백(ROLLBACK): …`: the parent only
    names the terms its two or more `TERM: definition` children define."""
    if len(children) < 2 or ends_with_question_mark(parent):
        return False
    named = normalise_words(_GLOSS.sub(" ", parent))
    for child in children:
        pair = split_definition(child.text) if len(child.lines) == 1 else None
        if pair is None or child.rest or not real_term(pair[0], child.text):
            return False
        words = normalise_words(_GLOSS.sub(" ", pair[0])).split()
        if not words or not all(word in named for word in words):
            return False
    return True


_ASPECT_HEADS = ASPECT_LABELS | frozenset(
    """
    규칙 전략 정책 옵션 설정 조건 기준 주의사항
    rules rule policy strategy options settings
    """.split()  # noqa: SIM905
)


def _aspect_of_heading(label: str, context: Context) -> str:
    """`롤백 규칙` under `## @Transactional`: a phrase ending in an aspect word (규칙, 전략,
    방법, rules…) names a part of the heading's subject, so it is asked under the heading."""
    heading = context.heading.title if context.heading else ""
    words = normalise_words(label).split()
    if heading and len(words) >= 2 and words[-1] in _ASPECT_HEADS:
        own = set(normalise_words(heading).split())
        if not own & set(words):
            return f"{heading} — {label}"
    return label


def is_outline(p: NoteParser, block: Block, context: Context) -> bool:
    """A list whose every item is a term, label or question answered by its nested list."""
    if block.kind not in LISTS or block.node is None or block.annotations:
        return False
    items = p.items(block)
    return bool(items) and all(
        item.rest and item.rest[0].kind in LISTS and parent_question(item, context) is not None
        for item in items
    )


def claim(p: NoteParser, items: list[Item], index: int, context: Context) -> int | None:
    item = items[index]
    if len(item.lines) > 1 and not item.annotations and _asks(item.lines[0].text):
        # `- 임계 구역이란?` + its answer on the item's next line(s)
        answer = p.join(item.lines[1:], item.rest)
        if answer.strip():
            question = item.lines[0].text.strip()
            p.emit(
                CardKind.BASIC, question, answer, item.line, context, [], rule=NAME, end=item.end
            )
            return index + 1
    if not item.rest or item.rest[0].kind not in LISTS or item.annotations:
        return None
    found = parent_question(item, context)
    if found is None:
        return None
    question, kind = found
    children = p.items(item.rest[0])
    if children and all(ends_with_question_mark(child.text) for child in children):
        p.miss(f"{question!r}: the nested items are questions, not an answer")
        return None
    if kind == CardKind.BASIC and _names_its_definitions(item.text, children):
        p.miss(f"{question!r} names the terms its nested items define: each is a card")
        return None
    answer = p.join([], item.rest)
    if not answer.strip():
        return None
    p.emit(kind, question, answer, item.line, context, [], rule=NAME, end=item.end)
    return index + 1


RULE = Rule(NAME, ("list_item",), claim, "a term, label or question whose nested items answer it")
