"""Tables whose rows describe named things: one card per row, or per row and column.

A two-column table whose first column names a term, command or API (a cheat sheet) makes
one card per row (an HTML `<table>` too, read as its Markdown conversion): the name → its
description. A comparison table (three or more columns) makes one card per row and column
header, asked as "name — aspect" (`TCP — 연결 방식`): the names are the first column, or
the header row when its first cell is empty or says 구분/항목/비교/Aspect/Feature — unless
the heading names the rows and no header cell (`## TCP와 UDP` over `| 구분 | 연결 방식 |
속도 |`).

```markdown
| 명령어 | 설명 |
|---|---|
| `git stash` | 커밋하지 않은 변경을 잠시 치워 둔다 |
| `git rebase` | 커밋들을 다른 기준 위에 다시 쌓는다 |

| 구분 | TCP | UDP |
|---|---|---|
| 연결 방식 | 연결형 | 비연결형 |
| Reliability | retransmits lost segments | none |
```

In a two-column classification table (first header 분류/구분/종류/category/type) each row
names a class of the second column's thing: `| 분류 | 패턴 |` + `| 생성 | 싱글톤, 빌더 |` asks
"생성 패턴".

A table whose value columns are only the cases of a cost (`| 연산 | 평균 | 최악 |`, Best /
Worst) under a heading naming its subject (`### 해시 테이블의 시간 복잡도`) answers that
heading as a whole: its rows name no subject of their own ("검색 — 평균" would not say of
what). Under a bare `## 시간 복잡도` the rows are the subjects ("퀵 정렬 — 평균").

A table whose every value is a mark (O/X, ✓/✗, Yes/No) is a matrix: one card per name,
asked with the table's topic (its first header cell, or the heading), the marks listed by
aspect ("protected — 접근 제어자" → "- 같은 패키지: O …").

Numbers name rows when they are codes (`| Port | Protocol |` + `| 22 | SSH |`, status codes
under `| Code | Meaning |`), never when they only count rows (`| No. | Question |` + `| 1 | … |`).
Not cards: a table under an example heading (`### 예시`, "Example": sample data), tables of
numbers only, tables whose first column holds sentences or repeated
values, and tables of fewer than two rows.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it.tree import SyntaxTreeNode

from quizapp.notes.blocks import Block
from quizapp.notes.html import answer_markdown
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.text import normalise_words

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "table_rows"
_MAX_NAME = 40
_ASPECT_HEADERS = frozenset(
    [
        "구분",
        "항목",
        "비교",
        "기준",
        "특징",
        "aspect",
        "feature",
        "features",
        "criteria",
        "property",
    ]
)
_MEANING_HEADERS = frozenset(
    """meaning description name message status reason 설명 의미 뜻 이름 메시지 상태 이유""".split()  # noqa: SIM905
)
_EXAMPLE = frozenset("예시 예제 예 사례 example examples sample samples demo".split())  # noqa: SIM905
"""Headings over example data (`### 예시` + `| 학생 | 수강 과목 |`): its rows are no terms."""
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1")
_NUMBER = re.compile(r"^[\d\s.,%()+-]+$")


def cells(row: SyntaxTreeNode) -> list[str]:
    """The Markdown of each cell of a table row."""
    out: list[str] = []
    for cell in row.children:
        inline = cell.children[0] if cell.children else None
        text = inline.content if inline is not None else ""
        out.append(answer_markdown(text.strip()).strip() if _has_html(inline) else text.strip())
    return out


def _has_html(inline: SyntaxTreeNode | None) -> bool:
    """HTML in a cell's text; `<pid>` inside a code span is the command's placeholder."""
    return inline is not None and any(child.type == "html_inline" for child in inline.children)


def _rows(node: SyntaxTreeNode, line: int) -> tuple[list[str], list[list[str]], list[int]]:
    """A Markdown table's header cells, body rows and each body row's 1-based line."""
    header: list[str] = []
    body: list[list[str]] = []
    for part in node.children:
        for row in part.children:
            if part.type == "thead":
                header = cells(row)
            else:
                body.append(cells(row))
    return header, body, [line + 2 + number for number in range(len(body))]


_PIPE = re.compile(r"(?<!\\)\|")
_TR = re.compile(r"<tr\b", re.IGNORECASE)


def _html_table(p: NoteParser, block: Block) -> tuple[list[str], list[list[str]], list[int]] | None:
    """An HTML `<table>` block read as its Markdown conversion (the rows of a cheat sheet
    written in HTML), with each body row's line in the file."""
    source = p.source.text(block.start, block.end, block.strips)
    if "<table" not in source.lower():
        return None
    lines = [line.strip() for line in p.markdown(block).split("\n") if line.strip()]
    if len(lines) < 3 or not all(line.startswith("|") for line in lines):
        return None  # not one plain table (text around it, or nested blocks)
    if set(lines[1]) - set("|-: "):
        return None

    def split(line: str) -> list[str]:
        return [cell.strip().replace("\\|", "|") for cell in _PIPE.split(line)[1:-1]]

    header, rows = split(lines[0]), [split(line) for line in lines[2:]]
    starts = [match.start() for match in _TR.finditer(source)]
    skip = len(starts) - len(rows)  # the header's own `<tr>`, if it has one
    row_lines = [
        block.start + 1 + source.count("\n", 0, starts[skip + number])
        if 0 <= skip + number < len(starts)
        else block.start + 1
        for number in range(len(rows))
    ]
    return header, rows, row_lines


def _names(values: list[str], numbers: bool = False) -> bool:
    """Whether values name things: short, distinct, not sentences (numbers only if allowed),
    and plain text (no HTML, no image)."""
    if any("<" in _CODE_SPAN.sub("", value) or "![" in value for value in values):
        return False
    words = [normalise_words(value) for value in values]
    if any(not word for word in words) or len(set(words)) != len(words):
        return False
    return all(
        len(value) <= _MAX_NAME
        and (numbers or not _NUMBER.match(value))
        and not value.endswith((".", "다"))
        for value in values
    )


_INTEGER = re.compile(r"^\d{1,6}$")


def _codes(first: list[str], rows: list[list[str]]) -> bool:
    """Whole numbers that are codes (ports, status codes, signal numbers), not a row count:
    they do not run 1, 2, 3 …, and the next column is words, not more numbers."""
    if not all(_INTEGER.match(value) for value in first):
        return False
    numbers = [int(value) for value in first]
    if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
        return False  # `| No. | Question |`, `| 1 | … |`: numbering, not names
    return all(len(row) > 1 and any(ch.isalpha() for ch in row[1]) for row in rows)


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    if block.annotations:
        return None
    if block.kind == "html_block":
        parsed = _html_table(p, block)
    else:
        parsed = _rows(block.node, block.start + 1) if block.node is not None else None
    if parsed is None:
        return None
    heading_words = normalise_words(_heading(context)).split()
    if heading_words and all(word in _EXAMPLE or word.isdigit() for word in heading_words):
        p.miss("a table under an example heading holds example data, not terms")
        return None
    header, rows, row_lines = parsed
    width = len(header)
    if width < 2 or len(rows) < 2:
        p.miss("a table needs two columns and two rows to make cards")
        return None
    first = [row[0] for row in rows]
    # Numbers name rows (status codes, ports) when the next column says what they mean,
    # or when they are no mere row count (`| Port | Protocol |` + `| 22 | SSH |`).
    numbers = normalise_words(header[1]) in _MEANING_HEADERS or _codes(first, rows)
    aspect_first = not header[0].strip() or normalise_words(header[0]) in _ASPECT_HEADERS
    if aspect_first and width > 2 and _heading_names_rows(context, first, header[1:]):
        aspect_first = False
    if not _names(first, numbers) or (width > 2 and aspect_first and not _names(header[1:])):
        p.miss("the first column does not name terms (numbers, sentences or repeats)")
        return None
    line = block.start + 1
    heading = _heading(context)
    if width > 2 and heading and _cases_only(header[1:]) and not _cases_heading(heading):
        # `| 연산 | 평균 | 최악 |` under `### 해시 테이블의 시간 복잡도`: "검색 — 평균" would lose
        # the subject, which only the heading names; the table answers the heading. (Under
        # a bare `## 시간 복잡도` the rows are the subjects: "퀵 정렬 — 평균".)
        p.emit(
            CardKind.BASIC,
            heading,
            p.markdown(block),
            context.heading.line,
            context,
            [],
            rule=NAME,
            end=block.end,
        )
        return index + 1
    if width > 2 and _marks_only(rows):
        topic = ("" if aspect_first else header[0].strip()) or _heading(context)
        made = _mark_rows(p, header, rows, aspect_first, topic, line, row_lines, context)
        return index + 1 if made else None
    made = 0
    for number, row in enumerate(rows):
        row_line = row_lines[number]
        if width == 2:
            if row[1].strip():
                _card(p, _class_name(row[0], header), row[1], row_line, context)
                made += 1
            continue
        for column in range(1, width):
            value = row[column].strip() if column < len(row) else ""
            if not value or value in ("-", "—"):
                continue
            name, aspect = (header[column], row[0]) if aspect_first else (row[0], header[column])
            _card(p, f"{name} — {aspect}", value, row_line, context)
            made += 1
    return index + 1 if made else None


def _heading_names_rows(context: Context, first: list[str], across: list[str]) -> bool:
    """`## TCP와 UDP` over `| 구분 | 연결 방식 | 속도 |` and rows `| TCP | … |`: a 구분 (or
    empty) corner says nothing about which way the table runs, but the heading names the
    things compared; when it names the rows and none of the header cells, the rows are the
    things and the header their aspects ("TCP — 연결 방식", never "연결 방식 — TCP")."""
    if context.heading is None:
        return False
    title = normalise_words(context.heading.title)
    return all(normalise_words(name) in title for name in first) and not any(
        normalise_words(name) in title for name in across
    )


_CLASS_HEADERS = frozenset("분류 구분 종류 유형 category type kind".split())  # noqa: SIM905


def _class_name(name: str, header: list[str]) -> str:
    """A row of a classification table (`| 분류 | 패턴 |`, `| 생성 | 싱글톤, 빌더 |`) names a
    class of the second column's thing: "생성 패턴", never the bare "생성"."""
    kind = header[1].strip()
    if normalise_words(header[0]) not in _CLASS_HEADERS or not kind:
        return name
    if normalise_words(kind) in _MEANING_HEADERS or len(normalise_words(kind).split()) > 1:
        return name
    return f"{name} {kind}"


_CASES = frozenset(
    "best worst average amortized 최선 최악 평균 분할상환 best case worst case average case".split()  # noqa: SIM905
)
_COMPLEXITY = frozenset("시간 공간 복잡도 time space complexity 성능 performance".split())  # noqa: SIM905


def _cases_only(columns: list[str]) -> bool:
    """Column headers that are only the cases of a cost (평균, 최악, Best, Worst case)."""
    words = [normalise_words(column).split() for column in columns]
    return all(column and all(word in _CASES for word in column) for column in words)


def _cases_heading(title: str) -> bool:
    """A heading that only names the cost (`시간 복잡도`, "Complexity"), not its subject."""
    words = normalise_words(title).split()
    return bool(words) and all(word in _COMPLEXITY for word in words)


_MARKS = frozenset("o x ○ ◯ ● × ✕ ✓ ✔ ✗ ✘ ❌ ⭕ △ ▲ y n yes no 예 아니오 - —".split())  # noqa: SIM905


def _marks_only(rows: list[list[str]]) -> bool:
    """Every value cell is a mark (O/X, ✓/✗, Yes/No…): the table is a matrix."""
    values = [cell.strip("*_ ").casefold() for row in rows for cell in row[1:]]
    return bool(values) and all(value in _MARKS for value in values if value)


def _heading(context: Context) -> str:
    return context.heading.title if context.heading is not None else ""


def _mark_rows(
    p: NoteParser,
    header: list[str],
    rows: list[list[str]],
    aspect_first: bool,
    topic: str,
    line: int,
    row_lines: list[int],
    context: Context,
) -> int:
    """One card per name of an O/X matrix, its marks listed by aspect (a lone "O" answers
    nothing a reader can tell apart from the next card); returns how many it made."""
    made = 0
    if aspect_first:  # names across the top: one card per column
        names = [(header[column], column, line) for column in range(1, len(header))]
    else:
        names = [(row[0], number, row_lines[number]) for number, row in enumerate(rows)]
    for name, position, card_line in names:
        if aspect_first:
            pairs = [(row[0], row[position] if position < len(row) else "") for row in rows]
        else:
            row = rows[position]
            pairs = [(header[c], row[c] if c < len(row) else "") for c in range(1, len(header))]
        answer = "\n".join(f"- {aspect}: {mark.strip()}" for aspect, mark in pairs if mark.strip())
        if not answer:
            continue
        _card(p, f"{name} — {topic}" if topic else name, answer, card_line, context)
        made += 1
    return made


def _card(p: NoteParser, question: str, answer: str, line: int, context: Context) -> None:
    p.emit(
        CardKind.DEFINITION,
        question,
        answer,
        line,
        context,
        [],
        {"term": question},
        rule=NAME,
        end=line,
    )


RULE = Rule(
    NAME,
    ("table", "html_block"),
    claim,
    "term | description rows (Markdown or HTML); comparison tables per cell",
)
