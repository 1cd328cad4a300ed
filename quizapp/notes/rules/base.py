"""What every rule works with: lines, list items, the context a block sits in, the Rule record.

A rule is a small recogniser: given the sibling blocks of a sequence (the note, a blockquote,
a list item) and the index of one block, it either claims that block — and maybe some after
it — emitting cards through the parser, and returns the index of the first block it did
not claim; or it returns None and the next rule in priority order gets the block. A claimed
block is never offered to another rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from quizapp.notes.annotations import Annotation
from quizapp.notes.blocks import Block, Strip
from quizapp.notes.tree import Node

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser


class Line(NamedTuple):
    """One line of a paragraph's inline content and its 1-based line in the file."""

    text: str
    line: int


# Heading and Context are named tuples, not frozen dataclasses: one is made for every
# heading and block, and a frozen dataclass takes ~3x as long to build (bench/import.py).
class Heading(NamedTuple):
    """A heading above the block being read."""

    title: str
    level: int
    line: int
    annotations: tuple[Annotation, ...]
    question_list: bool


class Context(NamedTuple):
    """Where a block sits: its section, its nearest heading and inherited annotations."""

    path: tuple[str, ...] = ()
    heading: Heading | None = None
    section_notes: tuple[Annotation, ...] = ()
    """Annotations on enclosing headings: their tags apply to every card below."""
    inherited: tuple[Annotation, ...] = ()
    """Annotations on enclosing containers (a list, a blockquote): they apply in full."""
    in_list: bool = False
    section_end: int = 0
    """For a heading rule: the index of the block after the heading's section."""

    def ending_at(self, section_end: int) -> Context:
        """This context for a heading whose section ends before block `section_end`."""
        return Context(
            self.path, self.heading, self.section_notes, self.inherited, self.in_list, section_end
        )

    def inheriting(self, inherited: tuple[Annotation, ...], in_list: bool | None = None) -> Context:
        """This context inside a container whose annotations (with the outer ones) apply."""
        return Context(
            self.path,
            self.heading,
            self.section_notes,
            inherited,
            self.in_list if in_list is None else in_list,
            self.section_end,
        )


@dataclass(eq=False)
class Item:
    """A list item: the lines of its first paragraph and the blocks after it."""

    node: Node
    lines: list[Line]
    annotations: list[Annotation]
    line: int
    strips: tuple[Strip, ...]
    """Container prefixes of the item's content (its own indentation included)."""
    rest: list[Block] = field(default_factory=list)

    @cached_property  # rules read it again and again; `lines` never changes
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def end(self) -> int:
        """1-based last line of the item."""
        return self.node.map[1] if self.node.map else self.line


Claim = Callable[["NoteParser", Any, int, Context], "int | None"]
"""(parser, sibling blocks or list items, index, context) → index after what it claimed, or None."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One convention: its name (shown by `import --explain`), the block kinds it reads."""

    name: str
    kinds: tuple[str, ...]
    claim: Claim
    summary: str
    """One line for `docs/content-format.md` and `--explain`."""
    keeps_heading: bool = False
    """A heading rule whose heading still titles the section after its card (not a question)."""
