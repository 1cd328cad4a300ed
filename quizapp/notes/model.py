"""The nouns of a parsed note: NoteDoc, Section, CardSpec and ImportProblem (plain data)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class CardKind(enum.StrEnum):
    """What kind of card a spec is; spelled the same in code, database, JSON and CLI."""

    BASIC = "basic"
    """A question with an answer (Q/A pairs, question headings, `<details>`)."""
    DEFINITION = "definition"
    """Term → definition, from a `TERM: definition` list."""
    REVERSE = "reverse"
    """Definition → term, made when a note asks for reversed definition cards."""
    ORDERING = "ordering"
    """Put the steps of a procedure in order; `extra["steps"]` holds them."""
    CHOICE = "choice"
    """Author-written multiple choice; `extra["options"]` and `extra["correct"]`."""
    CLOZE = "cloze"
    """Text with hidden parts (`==x==` or `{{c1::x}}`); `extra["clozes"]` lists them."""
    OPEN = "open"
    """An interview question; the answer is the best-matching section or self-graded."""
    FLOW = "flow"
    """A question whose answer the TCP simulator computes.

    `extra["scenario"]` and `extra["query"]` name what to run and what to ask. Any card
    may carry `extra["scenario"]` (and `extra["flow_steps"]`) as a link to the simulator
    without being a flow question; a rubric's parsed points are in `extra["rubric"]`.
    """


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """Something wrong with an input file, reported with its place; never an exception."""

    path: str
    line: int | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        # One problem, one line: a newline in a file name must not forge another.
        path = self.path.replace("\n", "\u240a").replace("\r", "\u240d")
        place = path if self.line is None else f"{path}:{self.line}"
        return f"{place}: {self.severity}: {self.message}"


@dataclass(slots=True)
class Section:
    """A heading and what lies under it up to the next heading of the same or higher level."""

    title: str
    level: int
    path: tuple[str, ...]
    """Titles from the top heading down to this one."""
    start_line: int
    """1-based line of the heading."""
    end_line: int
    """1-based last line of the section (inclusive), nested sections included."""
    anchor: str
    """A slug usable as a link target inside the note (`#3-way-handshake-연결-과정`)."""
    markdown: str
    """The section's own Markdown source, heading included."""


@dataclass(slots=True)
class CardSpec:
    """A card as found in a note, before it meets the database.

    `question` and `answer` are Markdown. `line` is the 1-based line where the card's
    question starts in its file.
    """

    kind: CardKind
    question: str
    answer: str
    line: int
    section_path: tuple[str, ...] = ()
    explicit_id: str | None = None
    tags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    """Kind-specific data: steps, options/correct, clozes, linked_section, rubric, scenario."""
    rule: str = ""
    """The rule of `quizapp.notes.rules` that made the card (`import --explain` shows it)."""
    end_line: int = 0
    """1-based last line the card was made from (0: only `line`)."""


@dataclass(frozen=True, slots=True)
class Unclaimed:
    """A block that made no card, and why (for `quizapp import --explain`)."""

    line: int
    end_line: int
    kind: str
    """The block's markdown-it type (`paragraph`, `bullet_list`, `heading`, `table`, …)."""
    reason: str


@dataclass(slots=True)
class NoteDoc:
    """One Markdown file, parsed."""

    path: str
    """Path relative to the imported folder, with forward slashes."""
    title: str
    markdown: str
    """The whole note as read (decoded, NFC, LF line endings, front matter removed)."""
    content_hash: str
    """SHA-256 of the file's raw bytes, used to skip unchanged files."""
    deck: str | None = None
    """Deck name from front matter, if any."""
    tags: tuple[str, ...] = ()
    sections: list[Section] = field(default_factory=list)
    cards: list[CardSpec] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    line_offset: int = 0
    """Lines of front matter removed before `markdown`; card lines already include it."""
    unclaimed: list[Unclaimed] = field(default_factory=list)
    """Blocks no rule made a card from, with the reason."""
    duplicates: int = 0
    """Cards not made because the note already had the same question."""
