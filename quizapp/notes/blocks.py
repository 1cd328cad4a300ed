"""Sibling blocks of a note with their source lines: `<details>` grouping and Markdown slicing.

markdown-it splits `<details><summary>Q</summary> … </details>` into HTML blocks around
ordinary Markdown whenever the author leaves blank lines inside; `group_details` puts the
pieces back together. `Source` turns a block back into its Markdown text, removing the
container prefixes (`> `, list indentation) of where it sits and any annotations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import NamedTuple

from quizapp.notes.annotations import Annotation
from quizapp.notes.text import is_label_summary
from quizapp.notes.tree import Node


class Strip(NamedTuple):
    """One container a block sits in: a blockquote (`indent` None) or a list item."""

    indent: int | None
    first_line: int
    """0-based line of the list item's marker (that line loses the marker, not spaces)."""


QUOTE = Strip(None, -1)
_QUOTE_PREFIX = re.compile(r"^ {0,3}> ?")


@dataclass(eq=False)
class Details:
    """A `<details>` element: its summary text and its content, HTML and Markdown parts in order."""

    summary: str
    line: int
    """0-based line of the `<summary>` (or of `<details>` when it has none)."""
    start: int
    end: int
    parts: list[str | Node] = field(default_factory=list)

    @property
    def is_label(self) -> bool:
        """Only a label (`정답`, "show more"): it holds an answer, it does not ask a question."""
        return not self.summary.strip() or is_label_summary(self.summary)


@dataclass(eq=False, slots=True)
class Block:
    """One block in a sequence of siblings, with the annotations that apply to it."""

    kind: str
    """The markdown-it node type (`paragraph`, `heading`, `bullet_list`, …) or `details`."""
    start: int
    end: int
    """0-based line range [start, end) in the note."""
    strips: tuple[Strip, ...]
    node: Node | None = None
    details: Details | None = None
    annotations: list[Annotation] = field(default_factory=list)
    # Set once from `kind` and `node` (neither changes): the rules ask for them on every block.
    level: int = field(init=False, default=0)
    """A heading's level (1–6); 0 for anything else."""
    inline: Node | None = field(init=False, default=None)
    """The inline content of a heading or paragraph."""

    def __post_init__(self) -> None:
        node = self.node
        if node is None or self.kind not in ("heading", "paragraph"):
            return
        if self.kind == "heading":
            self.level = int(node.tag[1:])
        if node.children:
            self.inline = node.children[0]


class Source:
    """The note's lines, able to give back any block as standalone Markdown."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.hidden: set[int] = set()
        """0-based lines taken by annotation comments or fences (never shown in answers)."""
        self.inline_hidden: dict[int, list[str]] = {}
        """Annotation comments written at the end of a line, by 0-based line."""

    def text(self, start: int, end: int, strips: tuple[Strip, ...]) -> str:
        if not strips and not self.hidden and not self.inline_hidden:
            # Top-level text of a note without annotations: the lines as they are.
            return "\n".join(self.lines[max(start, 0) : max(end, 0)]).strip("\n")
        out: list[str] = []
        for number in range(max(start, 0), min(end, len(self.lines))):
            if number in self.hidden:
                continue
            line = self.lines[number]
            for raw in self.inline_hidden.get(number, ()):
                line = line.replace(raw, "").rstrip()
            out.append(_strip_containers(line, number, strips))
        return "\n".join(out).strip("\n")


def _strip_containers(line: str, number: int, strips: tuple[Strip, ...]) -> str:
    for strip in strips:
        if strip.indent is None:
            line = _QUOTE_PREFIX.sub("", line, count=1)
            continue
        line = line.expandtabs(4)
        if number == strip.first_line:
            line = line[strip.indent :]
        else:
            spaces = len(line) - len(line.lstrip(" "))
            line = line[min(spaces, strip.indent) :]
    return line


_ITEM_PREFIX = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])(?:[ \t]{1,4}|$)")


def item_strip(source: Source, item: Node, outer: tuple[Strip, ...]) -> Strip:
    """The container prefix of a list item: its marker width, measured on its first line."""
    first = item.map[0] if item.map else 0
    line = source.lines[first] if first < len(source.lines) else ""
    line = _strip_containers(line, first, outer).expandtabs(4)
    match = _ITEM_PREFIX.match(line)
    return Strip(len(match.group(0)) if match else 2, first)


def group_details(nodes: list[Node]) -> list[Node | Details]:
    """The sibling nodes with each `<details>…</details>` (maybe spread over blocks) as one item.

    A `<details>` that is never closed runs to the end of the siblings; stray closing tags
    are ignored.
    """
    out: list[Node | Details] = []
    current: _OpenDetails | None = None
    for node in nodes:
        if current is None and node.type != "html_block":
            out.append(node)  # most blocks: no HTML, no open <details>
            continue
        content = node.content if node.type == "html_block" else ""
        lowered = content.lower()
        if not any(
            tag in lowered for tag in ("<details", "</details", "<summary", "</summary")
        ) or (current is None and "<details" not in lowered):
            if current is None:
                out.append(node)
            else:
                current.details.parts.append(node)
                current.details.end = max(current.details.end, node.map[1] if node.map else 0)
            continue
        base = node.map[0] if node.map else 0
        scanner = _TagScanner(content)
        cursor = 0  # start of the raw HTML not yet given to a part
        for event in scanner.events:
            if current is None:
                if event.kind == "start" and event.tag == "details":
                    current = _OpenDetails(
                        Details(summary="", line=base + event.line, start=base + event.line, end=0)
                    )
                    cursor = event.end
                continue
            if event.kind == "start" and event.tag == "details":
                current.depth += 1
            elif event.kind == "end" and event.tag == "details":
                current.depth -= 1
                if current.depth == 0:
                    _add_raw(current, content[cursor : event.start])
                    current.details.end = base + event.line + 1
                    out.append(current.details)
                    current = None
                    cursor = event.end
            elif current.depth == 1 and not current.summary_done:
                if event.kind == "start" and event.tag == "summary":
                    current.in_summary = True
                    current.details.line = base + event.line
                elif event.kind == "end" and event.tag == "summary":
                    current.in_summary = False
                    current.summary_done = True
                    current.details.summary = " ".join(current.summary_text.split())
                    cursor = event.end
                elif event.kind == "data" and current.in_summary:
                    if not current.summary_text.strip() and event.text.strip():
                        # The card's line is where the summary's words start.
                        lead = event.text[: len(event.text) - len(event.text.lstrip())]
                        current.details.line = base + event.line + lead.count("\n")
                    current.summary_text += event.text
        if current is not None:
            if current.in_summary:
                current.details.summary = " ".join(current.summary_text.split())
            else:
                _add_raw(current, content[cursor:])
            current.details.end = max(current.details.end, node.map[1] if node.map else 0)
    if current is not None:
        out.append(current.details)
    return out


@dataclass(eq=False)
class _OpenDetails:
    details: Details
    depth: int = 1
    in_summary: bool = False
    summary_done: bool = False
    summary_text: str = ""


def _add_raw(current: _OpenDetails, raw: str) -> None:
    if raw.strip():
        current.details.parts.append(raw.strip())


class _Event(NamedTuple):
    kind: str  # start, end or data
    tag: str
    start: int
    end: int
    line: int
    """0-based line of the event inside the scanned HTML."""
    text: str = ""


class _TagScanner(HTMLParser):
    """Finds `<details>`/`<summary>` tags and text in one HTML block, with their offsets."""

    _TAGS = frozenset({"details", "summary"})
    _BREAKS = frozenset({"br", "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self._html = html
        self._line_starts = [0]
        self._line_starts.extend(i + 1 for i, ch in enumerate(html) if ch == "\n")
        self.events: list[_Event] = []
        self.feed(html)
        self.close()

    def _where(self) -> tuple[int, int]:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column, line - 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BREAKS:  # `<summary>TCP<br>UDP</summary>` reads "TCP UDP"
            start, line = self._where()
            self.events.append(_Event("data", "", start, start, line, " "))
        if tag in self._TAGS:
            start, line = self._where()
            text = self.get_starttag_text() or ""
            self.events.append(_Event("start", tag, start, start + len(text), line))

    def handle_endtag(self, tag: str) -> None:
        if tag in self._BREAKS:
            start, line = self._where()
            self.events.append(_Event("data", "", start, start, line, " "))
        if tag in self._TAGS:
            start, line = self._where()
            close = self._html.find(">", start)
            self.events.append(_Event("end", tag, start, close + 1 if close >= 0 else start, line))

    def handle_data(self, data: str) -> None:
        start, line = self._where()
        self.events.append(_Event("data", "", start, start, line, data))
