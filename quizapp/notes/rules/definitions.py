"""Definition lists: two or more items, every one `TERM: definition`.

```markdown
- SYN(synchronize : 연결 요청): 연결을 요청하는 플래그
- **ACK**: 받았다고 알려 주는 플래그

- Idempotent: calling it twice has the same effect as calling it once
- Pure function: output depends only on input, with no side effects
```

A term bullet may also put its definition after a hard line break (a trailing backslash,
as below, or two trailing spaces) when the term is bold or ends in a colon, and is at most
four words:

```markdown
- **기본키(Primary Key)**\\
  각 행을 유일하게 식별하는 키
- Spinlock:\\
  a lock that busy-waits instead of sleeping
```

An HTML list counts too: `<ul><li><b>New</b>: being created</li>…</ul>`, and so does an
HTML description list, `<dl><dt>HEAD</dt><dd>the commit checked out</dd>…</dl>`.
In a list made only of such items, the term may be plain (`- 필터(Filter)` + line break).
A list whose every item is `TERM — definition` (an em or en dash between spaces) is a
definition list too: `- **S**ingle responsibility — a class has one reason to change`.
A definition card needs a real term. A numbered list of `TERM: step` items under a
procedure heading also makes the ordering card (rule `ordering`'s test decides).
Not definitions (left to the other rules, usually `nested_answer` under the parent):
label words as terms (장점, 단점, 사용, 특징, 예시,
Pros, Cons, Example…), arrows (`A -> B`), and sentences before the colon. Nor are mappings
(three or more items whose values are one word each: `전송 계층: 세그먼트`, `HTTPS: 443`)
or the fields of something (items under a heading ending in columns, fields, 필드, 컬럼):
rule `label_list` makes them one card under their heading.
`reverse: true` front matter or a `reverse` annotation adds definition → term cards.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import TYPE_CHECKING

from quizapp.notes.annotations import resolve
from quizapp.notes.blocks import Block
from quizapp.notes.cloze import has_cloze
from quizapp.notes.definitions import split_dash_definition, split_definition
from quizapp.notes.html import answer_markdown, visible_text
from quizapp.notes.model import CardKind
from quizapp.notes.rules import ordering
from quizapp.notes.rules.base import Context, Item, Rule
from quizapp.notes.text import normalise_words

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "definitions"

LABEL_TERMS = frozenset(
    """
    장점 단점 사용 사용처 용도 특징 예시 예 예제 개념 정의 목적 이유 원인 결과 해결 해결책 방법 방식
    주의 주의점 참고 비고 설명 의미 역할 기능 동작 문제 문제점 한계 효과 단위 종류 구성 차이 비교
    장단점 배경 출처 결론 요약 정리 tip note notes
    pros cons pro con advantage advantages disadvantage disadvantages use uses usage example
    examples e g eg feature features purpose reason result results problem solution meaning
    role effect summary definition concept why how when where what
    best worst average 최선 최악 평균
    """.split()  # noqa: SIM905
)
_ARROW = re.compile(r"->|→|=>|⇒|<-|←")
_MAX_TERM_WORDS = 6
_TAG = re.compile(r"<[^<>]*>")
_BREAK_TERM = re.compile(
    r"^(?:(?P<wrap>\*\*|__)(?P<bold>[^*_].*?)(?P=wrap)\s*[:：]?|(?P<plain>[^*_].*?)\s*[:：])\s*\\?$"
)
"""The first line of a term bullet whose definition follows a hard line break."""
_MAX_BREAK_TERM_WORDS = 4
_SENTENCE_END = re.compile(r"(?:다|요|니다|함|음|임)[.!]?$|[.!?。:：]$")
_GLOSS = re.compile(r"[(（\[][^)）\]]*[)）\]]")


def real_term(term: str, text: str) -> bool:
    """A definition's term: not a label word, not an arrow chain, not a sentence."""
    if "<" in term:  # `<b>` is no term
        term = _TAG.sub(" ", term)
    if "(" in term or "（" in term or "[" in term:
        term = _GLOSS.sub(" ", term)
    words = normalise_words(term).split()
    if not words or len(words) > _MAX_TERM_WORDS:
        return False
    if all(word in LABEL_TERMS for word in words):
        return False
    return not _ARROW.search(text)


_MIN_VALUE_ITEMS = 3
_FIELD_HEADINGS = frozenset("columns column fields field 컬럼 칼럼 필드 열 항목".split())  # noqa: SIM905


_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_DIGIT = re.compile(r"\d")
_MAX_READING_WORDS = 2


def is_reading(value: str) -> bool:
    """A value that reads a number off something (`load average: 0.52, 0.58`, `up: 14 days,
    3:12`, `Mem: 7.7G`): digits and at most two words — nothing that explains a term."""
    if _DIGIT.search(value) is None:
        return False
    words = _LETTER_WORD.finditer(value)  # count no further than one past the limit
    return next(islice(words, _MAX_READING_WORDS, None), None) is None


def _values_not_definitions(pairs: list[tuple[str, str]], context: Context) -> str | None:
    """Why `TERM: value` items are a mapping under their heading rather than definitions.

    Every value a single word (`전송 계층: 세그먼트`, `HTTPS: 443`): each item is one fact
    about the heading's subject (the PDU, the port), which alone would ask nothing. Items
    under a heading naming columns or fields (`ps aux output columns`, `TCP 헤더 필드`) name
    parts of the heading's subject. Both make one card under the heading (rule `label_list`).
    Values that are all numbers or measurements (a tool's output: `load average: 0.52`) define
    nothing either.
    """
    if len(pairs) >= _MIN_VALUE_ITEMS and all(len(value.split()) == 1 for _, value in pairs):
        return "every value is one word: a mapping under the heading, not definitions"
    if all(is_reading(value) for _, value in pairs):
        return "every value is a number or measurement (output read off a tool), not a definition"
    heading = context.heading
    words = normalise_words(heading.title).split() if heading is not None else []
    if words and words[-1] in _FIELD_HEADINGS:
        return f"items under {heading.title!r} name its fields, not terms to define"
    return None


def definition_of(item: Item, strict: bool = True) -> tuple[str, str] | None:
    """An item's (term, definition); `strict` (no `kind=` annotation) also needs a real term."""
    if not item.lines or has_cloze(item.text):
        return None
    pair = split_definition(item.text) or hard_break_definition(item)
    if pair is None or (strict and not real_term(pair[0], item.text)):
        return None
    return pair


def hard_break_definition(item: Item, plain: bool = False) -> tuple[str, str] | None:
    """`- **TERM**` or `- TERM:` ending in a hard line break (two spaces or `\\`), the
    definition on the line(s) after it: (term, definition). `plain` also takes a term with
    neither bold nor colon (`- 필터(Filter)`), for a list made only of such items."""
    if len(item.lines) < 2 or not _hard_break_after_first_line(item):
        return None
    match = _BREAK_TERM.match(item.lines[0].text)
    if match is not None:
        term = (match.group("bold") or match.group("plain") or "").strip()
    elif plain and not _SENTENCE_END.search(item.lines[0].text.rstrip(" \\")):
        term = item.lines[0].text.rstrip(" \\").strip()
    else:
        return None
    definition = " ".join(line.text for line in item.lines[1:]).strip()
    if not term or not definition or ":" in term or "：" in term:
        return None
    if len(_GLOSS.sub(" ", term).split()) > _MAX_BREAK_TERM_WORDS:
        return None  # `This is what I learned today:` introduces, it names nothing
    return term, definition


def _hard_break_after_first_line(item: Item) -> bool:
    paragraph = item.node.children[0] if item.node.children else None
    inline = paragraph.children[0] if paragraph is not None and paragraph.children else None
    if inline is None or inline.token is None:
        return False
    breaks = (c for c in inline.token.children or [] if c.type in ("softbreak", "hardbreak"))
    first = next(breaks, None)
    return first is not None and first.type == "hardbreak"


_HTML_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+(\S.*)$")


def html_list(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    """An HTML `<ul>`/`<ol>` block whose every `<li>` is `<b>TERM</b>: definition`.

    The block converts to a Markdown list (`- **New**: …`); each card's line is the source
    line where its term appears.
    """
    block = blocks[index]
    source_text = p.source.text(block.start, block.end, block.strips)
    if block.annotations:
        return None
    if "<dt" in source_text:
        return _description_list(p, blocks, index, context, source_text)
    if "<li" not in source_text:
        return None
    lines = [line for line in p.markdown(block).splitlines() if line.strip()]
    matches = [_HTML_ITEM.match(line) for line in lines]
    pairs = [split_definition(match.group(1)) if match else None for match in matches]
    found = [
        pair for pair, match in zip(pairs, matches, strict=True)
        if pair is not None and match is not None and real_term(pair[0], match.group(1))
    ]  # fmt: skip
    if len(lines) < 2 or len(found) != len(lines):
        return None
    if (reason := _values_not_definitions(found, context)) is not None:
        p.miss(reason)
        return None
    source = [p.source.text(n, n + 1, block.strips) for n in range(block.start, block.end)]
    at = 0
    located: list[tuple[str, str, int]] = []
    for term, definition in found:
        plain = _TAG.sub("", term).strip("*_ ")
        at = next((n for n in range(at, len(source)) if plain in _TAG.sub("", source[n])), at)
        located.append((term, definition, at))
    _emit_html_definitions(p, block, context, located)
    return index + 1


def _emit_html_definitions(
    p: NoteParser, block: Block, context: Context, located: list[tuple[str, str, int]]
) -> None:
    """One definition card per (term, definition, line offset in the block) of an HTML list."""
    for number, (term, definition, offset) in enumerate(located, 1):
        line = block.start + 1 + offset
        p.emit(
            CardKind.DEFINITION,
            term,
            definition,
            line,
            context,
            list(block.annotations),
            {"term": term},
            str(number),
            rule=NAME,
            end=line,
        )


_DT_DD = re.compile(r"<dt\b[^>]*>(.*?)</dt\s*>\s*<dd\b[^>]*>(.*?)</dd\s*>", re.I | re.S)


def _description_list(
    p: NoteParser, blocks: list[Block], index: int, context: Context, source: str
) -> int | None:
    """An HTML `<dl>`: each `<dt>TERM</dt><dd>definition</dd>` is a definition card, at the
    line of its term (two or more, every term real)."""
    block = blocks[index]
    pairs: list[tuple[str, str, int]] = []
    for match in _DT_DD.finditer(source):
        term = visible_text(match.group(1))
        definition = answer_markdown(match.group(2).strip()).strip()
        pairs.append((term, definition, source.count("\n", 0, match.start())))
    if len(pairs) < 2 or not all(t and d and real_term(t, t) for t, d, _ in pairs):
        return None
    _emit_html_definitions(p, block, context, pairs)
    return index + 1


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    if block.kind == "html_block":
        return html_list(p, blocks, index, context)
    notes = [*context.inherited, *block.annotations]
    forced = resolve(notes).kind
    if forced == CardKind.ORDERING:
        return None
    items = p.items(block)
    strict = forced not in (CardKind.DEFINITION, CardKind.REVERSE)
    pairs: list[tuple[str, str] | None] = []
    for item in items:
        pairs.append(definition_of(item, strict))
        if strict and pairs[-1] is None:
            break  # unannotated, every item must be one: the others need not be read
    if len(items) >= 2 and not all(pairs):
        # `- 필터(Filter)` + line break + definition, for every item: plain terms.
        broken = [hard_break_definition(item, plain=True) for item in items]
        if all(
            pair is not None and real_term(pair[0], item.text)
            for item, pair in zip(items, broken, strict=True)
        ):
            pairs = broken
    if len(items) >= 2 and not all(pairs):
        # `- **S**ingle responsibility — one reason to change`, for every item: dashes.
        dashed = [split_dash_definition(item.text) for item in items]
        if all(
            pair is not None and real_term(pair[0], item.text)
            for item, pair in zip(items, dashed, strict=True)
        ):
            pairs = dashed
    found = [(item, pair) for item, pair in zip(items, pairs, strict=False) if pair]
    if forced in (CardKind.DEFINITION, CardKind.REVERSE):
        if not found:
            return None
    elif len(items) < 2 or len(found) != len(items):
        if len(items) >= 2 and any(split_definition(item.text) for item in items if item.lines):
            p.miss("colon items that are labels, arrows or sentences are not definitions")
        return None
    elif (reason := _values_not_definitions([pair for _, pair in found], context)) is not None:
        p.miss(reason)
        return None
    inner = context.inheriting(tuple(notes), in_list=True)
    for number, (item, (term, definition)) in enumerate(found, 1):
        item_notes = [*notes, *item.annotations]
        rest = p.join([], item.rest)
        answer = f"{definition}\n\n{rest}" if rest else definition
        extra = {"term": term}
        # `kind=reverse` asks for the reversed card alone (definition → term).
        if forced != CardKind.REVERSE:
            p.emit(
                CardKind.DEFINITION,
                term,
                answer,
                item.line,
                context,
                item_notes,
                extra,
                str(number),
                rule=NAME,
                end=item.end,
            )
        flagged = [note for note in item_notes if "reverse" in note.flags]
        if p.front.reverse or flagged or forced == CardKind.REVERSE:
            p.reverse_applied(flagged)
            p.emit(
                CardKind.REVERSE,
                answer,
                term,
                item.line,
                context,
                item_notes,
                dict(extra),
                f"{number}-reverse",
                rule=NAME,
                end=item.end,
            )
    if forced is None and block.kind == "ordered_list":
        # A numbered list of `TERM: step` items is a definition list and a procedure at once.
        ordering.emit_ordering(p, block, items, context, notes, forced, rule=NAME)
    defined = {id(item) for item, _ in found}
    for item in items:
        if id(item) not in defined:
            p.item_body(item, inner, whole=True)
    return index + 1


RULE = Rule(
    NAME,
    ("bullet_list", "ordered_list", "html_block"),
    claim,
    "a list (Markdown or HTML <li>) of TERM: definition items",
)
