"""Markdown text → NoteDoc: sections, and card specs for every rule of DESIGN.md "Markdown → cards".

The note is tokenised once with markdown-it; every decision below is made on tokens
(headings, paragraphs, lists, HTML blocks) and on single inline texts, never by scanning
the raw file for structure. Line numbers are the file's own (front matter included).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from quizapp.notes import annotations as notes_annotations
from quizapp.notes.annotations import Annotation, resolve
from quizapp.notes.blocks import QUOTE, Block, Details, Source, Strip, group_details, item_strip
from quizapp.notes.choice import Choice, Entry, entry, leading_options, match_choice
from quizapp.notes.cloze import find_cloze, has_cloze
from quizapp.notes.definitions import split_definition
from quizapp.notes.frontmatter import FrontMatter, read_front_matter
from quizapp.notes.linking import SectionMatcher
from quizapp.notes.model import CardKind, CardSpec, ImportProblem, NoteDoc, Section, Severity
from quizapp.notes.rubric import Rubric, parse_rubric, parse_steps
from quizapp.notes.sanitize import sanitize_note_text
from quizapp.notes.text import (
    clean_title,
    ends_with_question_mark,
    github_slug,
    is_question_list_heading,
    plain_text,
    strip_answer_marker,
    strip_question_marker,
)

ORDERING_PROMPT = "순서대로 나열하세요 (put the steps in order)"
"""Appended to a procedure's heading to make its ordering question."""

_MAX_REPARSES = 20
_LISTS = ("bullet_list", "ordered_list")
_ANSWERED_KINDS = (CardKind.BASIC, CardKind.OPEN)

_MARKDOWN_IT = (
    MarkdownIt("commonmark", {"html": True})
    .enable(["table", "strikethrough"])
    .use(front_matter_plugin)
)


def normalise_source(text: str) -> str:
    """Text as the parser sees it: no BOM, LF line endings, NFC (decomposed Hangul composed)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def parse_note(text: str, path: str, content_hash: str = "") -> NoteDoc:
    """Parse one note's text (pure: no I/O). Problems are collected, never raised.

    Control characters are replaced by visible ones first (`quizapp.notes.sanitize`).
    """
    clean, problems = sanitize_note_text(normalise_source(text), path)
    doc = _NoteParser(clean, path, content_hash).parse()
    doc.problems[:0] = problems
    return doc


class _Line(NamedTuple):
    """One line of a paragraph's inline content and its 1-based line in the file."""

    text: str
    line: int


@dataclass(frozen=True, slots=True)
class _Heading:
    title: str
    level: int
    line: int
    annotations: tuple[Annotation, ...]
    question_list: bool


@dataclass(frozen=True, slots=True)
class _Context:
    """Where a block sits: its section, its nearest heading and inherited annotations."""

    path: tuple[str, ...] = ()
    heading: _Heading | None = None
    section_notes: tuple[Annotation, ...] = ()
    """Annotations on enclosing headings: their tags apply to every card below."""
    inherited: tuple[Annotation, ...] = ()
    """Annotations on enclosing containers (a list, a blockquote): they apply in full."""
    in_list: bool = False


@dataclass(eq=False)
class _Item:
    """A list item: the lines of its first paragraph and the blocks after it."""

    node: SyntaxTreeNode
    lines: list[_Line]
    annotations: list[Annotation]
    line: int
    strips: tuple[Strip, ...]
    """Container prefixes of the item's content (its own indentation included)."""
    rest: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class _NoteParser:
    def __init__(self, text: str, path: str, content_hash: str) -> None:
        self.text = text
        self.path = path
        self.content_hash = content_hash
        self.source = Source(text.split("\n"))
        self.problems: list[ImportProblem] = []
        self.cards: list[CardSpec] = []
        self.front = FrontMatter()
        self._block_notes: dict[int, Annotation] = {}
        self._inline_notes: dict[int, list[Annotation]] = {}
        self._all_notes: list[Annotation] = []
        self._used: set[int] = set()
        self._kind_applied: set[int] = set()
        self._reverse_applied: set[int] = set()
        self._id_groups: dict[int, tuple[str, list[tuple[CardSpec, str | None]]]] = {}
        self._to_link: list[CardSpec] = []
        self._orderings: dict[int, int] = {}
        self._rubrics: dict[int, Rubric] = {}
        self._flows_seen: set[int] = set()

    # -- the whole note ---------------------------------------------------------------

    def parse(self) -> NoteDoc:
        stem = PurePosixPath(self.path).stem
        if not self.text.strip():
            self._warn(None, "empty note: nothing to import")
            return NoteDoc(self.path, stem, self.text, self.content_hash, problems=self.problems)
        tokens = self._tokenize()
        offset = 0
        if tokens and tokens[0].type == "front_matter" and tokens[0].map:
            offset = tokens[0].map[1]
            self.front, problems = read_front_matter(tokens[0].content, 2, self.path)
            self.problems.extend(problems)
        elif _unclosed_front_matter(self.source.lines):
            self._warn(1, "front matter starts here but has no closing --- line; read as text")
        self._collect_annotations(tokens)
        root = SyntaxTreeNode(tokens)
        sections = self._sections(root)
        self._sequence(self._blocks(list(root.children), ()), _Context())
        self._link(sections)
        self._assign_ids()
        self._check_annotations()
        return NoteDoc(
            path=self.path,
            title=self._title(sections, stem),
            markdown="\n".join(self.text.split("\n")[offset:]),
            content_hash=self.content_hash,
            deck=self.front.deck,
            tags=self.front.tags,
            sections=sections,
            cards=self.cards,
            problems=self.problems,
            line_offset=offset,
        )

    def _tokenize(self) -> list[Token]:
        """Tokens of the note; a comment never closed with `-->` is reported and its line ignored.

        Left alone, such a comment would swallow the rest of the note into one HTML block.
        """
        lines = self.source.lines
        for _ in range(_MAX_REPARSES):
            tokens = _MARKDOWN_IT.parse("\n".join(lines))
            broken = next(
                (
                    token
                    for token in tokens
                    if token.type == "html_block"
                    and token.map
                    and token.content.lstrip().startswith("<!--")
                    and "-->" not in token.content
                ),
                None,
            )
            if broken is None or broken.map is None:
                return tokens
            start = broken.map[0]
            self._warn(
                start + 1, "HTML comment is never closed with -->; its first line is ignored"
            )
            lines[start] = ""
        return tokens

    def _title(self, sections: list[Section], stem: str) -> str:
        if self.front.title:
            return self.front.title
        top = next((s for s in sections if s.level == 1), sections[0] if sections else None)
        return top.title if top and top.title else stem

    def _collect_annotations(self, tokens: list[Token]) -> None:
        """Parse every annotation once, hide it from answers, and index it by its token."""
        for token in tokens:
            if token.map is None:
                continue
            start = token.map[0]
            if token.type == "inline":
                self._collect_inline(token, start)
                continue
            if token.type == "html_block" and notes_annotations.is_annotation_comment(
                token.content
            ):
                annotation, problems = notes_annotations.parse_comment(
                    token.content, start + 1, self.path
                )
            elif token.type == "fence" and notes_annotations.is_annotation_fence(token.info):
                annotation, problems = notes_annotations.parse_fence(
                    token.info, token.content, start + 1, self.path
                )
            else:
                continue
            self.problems.extend(problems)
            self._block_notes[id(token)] = annotation
            self._all_notes.append(annotation)
            self.source.hidden.update(range(token.map[0], token.map[1]))

    def _collect_inline(self, token: Token, start: int) -> None:
        found: list[Annotation] = []
        line = start
        for child in token.children or []:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
                continue
            if child.type == "html_inline" and notes_annotations.is_annotation_comment(
                child.content
            ):
                annotation, problems = notes_annotations.parse_comment(
                    child.content, line + 1, self.path
                )
                self.problems.extend(problems)
                self.source.inline_hidden.setdefault(line, []).append(child.content)
                self._all_notes.append(annotation)
                found.append(annotation)
            line += child.content.count("\n")
        if found:
            self._inline_notes[id(token)] = found

    def _sections(self, root: SyntaxTreeNode) -> list[Section]:
        headings = [node for node in root.children if node.type == "heading" and node.map]
        levels = [int(node.tag[1:]) for node in headings]
        ends = _next_at_or_above(levels)
        slugs: dict[str, int] = {}
        stack: list[tuple[int, str]] = []
        sections: list[Section] = []
        for index, node in enumerate(headings):
            level = levels[index]
            start = node.map[0] if node.map else 0
            following = headings[ends[index]] if ends[index] < len(headings) else None
            end = following.map[0] if following and following.map else len(self.source.lines)
            while end > start + 1 and not self.source.lines[end - 1].strip():
                end -= 1
            raw = plain_text(node.children[0].token if node.children else None)
            title = clean_title(raw)
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, title))
            sections.append(
                Section(
                    title=title,
                    level=level,
                    path=tuple(t for _, t in stack),
                    start_line=start + 1,
                    end_line=end,
                    anchor=github_slug(raw, slugs),
                    markdown=self.source.text(start, end, ()),
                )
            )
        return sections

    # -- blocks and sequences ---------------------------------------------------------

    def _blocks(self, nodes: list[SyntaxTreeNode], strips: tuple[Strip, ...]) -> list[Block]:
        """Sibling nodes as blocks, each carrying the annotations written just before it."""
        blocks: list[Block] = []
        pending: list[Annotation] = []
        for item in group_details(nodes):
            if isinstance(item, Details):
                block = Block("details", item.start, item.end, strips, details=item)
            else:
                if item.map is None:
                    continue
                note = self._block_notes.get(id(item.token)) if item.token is not None else None
                if note is not None:
                    pending.append(note)
                    continue
                block = Block(item.type, item.map[0], item.map[1], strips, node=item)
                if block.inline is not None and block.inline.token is not None:
                    block.annotations.extend(self._inline_notes.get(id(block.inline.token), []))
            block.annotations[:0] = pending
            pending = []
            blocks.append(block)
        return blocks

    def _sequence(self, blocks: list[Block], context: _Context) -> None:
        """Make cards from a run of sibling blocks (the note, a blockquote, a list item)."""
        heading_indexes = [n for n, block in enumerate(blocks) if block.kind == "heading"]
        following = _next_at_or_above([blocks[n].level for n in heading_indexes])
        ends = {
            n: heading_indexes[after] if after < len(heading_indexes) else len(blocks)
            for n, after in zip(heading_indexes, following, strict=True)
        }
        stack: list[_Heading] = []
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if block.kind == "heading":
                while stack and stack[-1].level >= block.level:
                    stack.pop()
                here = _within(context, stack)
                end = ends[index]
                if "skip" in resolve(block.annotations).flags:
                    stop = blocks[end].start if end < len(blocks) else len(self.source.lines)
                    self._skip_lines(block.start, stop, block.annotations)
                    index = end
                    continue
                answered = self._heading_card(blocks, index, end, here)
                title = clean_title(plain_text(block.inline.token if block.inline else None))
                # A question heading's annotations belong to its card; what follows its
                # answer inside its section still sits under it.
                stack.append(
                    _Heading(
                        title,
                        block.level,
                        block.start + 1,
                        () if answered is not None else tuple(block.annotations),
                        answered is None and is_question_list_heading(title),
                    )
                )
                index = answered if answered is not None else index + 1
                continue
            index = self._block(blocks, index, _within(context, stack))

    def _skip_lines(self, start: int, stop: int, notes: Sequence[Annotation]) -> None:
        """A skipped section: its annotations count as used (they are skipped too)."""
        self._used.update(id(note) for note in notes)
        self._used.update(id(n) for n in self._all_notes if start < n.line <= stop)

    def _block(self, blocks: list[Block], index: int, context: _Context) -> int:
        """Handle the block at `index`; returns the index of the next unhandled block."""
        block = blocks[index]
        if block.kind == "paragraph":
            return self._paragraph(blocks, index, context)
        if block.kind in _LISTS:
            return self._list(blocks, index, context)
        if block.kind == "details":
            return self._details(blocks, index, context)
        if block.kind == "blockquote" and block.node is not None:
            inner = replace(context, inherited=context.inherited + tuple(block.annotations))
            self._sequence(self._blocks(list(block.node.children), (*block.strips, QUOTE)), inner)
        return index + 1

    # -- questions and answers --------------------------------------------------------

    def _heading_card(
        self, blocks: list[Block], index: int, end: int, context: _Context
    ) -> int | None:
        """A `Q.` heading, or a heading ending in `?` with a body; returns where its answer ends.

        The answer is the section up to `end` (the next heading of the same or a higher
        level), cut short where another question starts.
        """
        block = blocks[index]
        text = self._inline_text(block)
        question = strip_question_marker(text)
        forced = resolve(block.annotations).kind in (*_ANSWERED_KINDS, CardKind.CHOICE)
        if question is None and not forced and not self._is_question_heading(block):
            return None
        stop = next((n for n in range(index + 1, end) if self._starts_question(blocks, n)), end)
        body = blocks[index + 1 : stop]
        if question is None:
            if not (forced or body):
                return None
            question = text
        self._question_and_answer(question, block.start + 1, [], body, context, block.annotations)
        return stop

    def _is_question_heading(self, block: Block) -> bool:
        return block.kind == "heading" and ends_with_question_mark(
            plain_text(block.inline.token if block.inline else None)
        )

    def _paragraph(self, blocks: list[Block], index: int, context: _Context) -> int:
        block = blocks[index]
        lines = self._inline_lines(block)
        if not lines:
            return index + 1
        notes = [*context.inherited, *block.annotations]
        question = strip_question_marker(lines[0].text)
        if question is not None:
            split = next(
                (n for n, line in enumerate(lines[1:], 1) if _opens_answer(line.text)), len(lines)
            )
            question = "\n".join([question, *(line.text for line in lines[1:split])])
            end = self._answer_end(blocks, index + 1)
            self._question_and_answer(
                question, lines[0].line, lines[split:], blocks[index + 1 : end], context, notes
            )
            return end
        consumed = self._unmarked_choice(blocks, index, lines, context, notes)
        if consumed is not None:
            return consumed
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if ends_with_question_mark(lines[-1].text) and _is_label_details(following):
            assert following is not None and following.details is not None
            answer = self._details_body(following.details, following.strips)
            self._emit(CardKind.BASIC, _block_text(lines), answer, lines[0].line, context, notes)
            return index + 2
        self._cloze(_block_text(lines), lines[0].line, context, notes)
        return index + 1

    def _answer_end(self, blocks: list[Block], start: int) -> int:
        """Where a paragraph's or item's answer stops: a heading, a rule, the next question."""
        end = start
        while end < len(blocks) and blocks[end].kind not in ("heading", "hr"):
            if self._starts_question(blocks, end):
                break
            end += 1
        return end

    def _starts_question(self, blocks: list[Block], index: int) -> bool:
        """Whether the block at `index` starts a new card, so an answer before it ends there.

        That is a new question of any form, or an annotated block: an annotation inside an
        answer could apply to nothing, so the author means a new card.
        """
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if block.annotations:
            return True
        if block.kind == "heading":
            return self._is_question_heading(block) or (
                strip_question_marker(self._inline_text(block)) is not None
            )
        if block.kind == "details":
            return block.details is not None and not block.details.is_label
        if block.kind == "paragraph":
            lines = self._inline_lines(block)
            return bool(lines) and (
                strip_question_marker(lines[0].text) is not None
                or (ends_with_question_mark(lines[-1].text) and _is_label_details(following))
                or self._find_unmarked_choice(blocks, index, lines) is not None
            )
        if block.kind in _LISTS and block.node is not None and block.node.children:
            first = self._item_lines(block.node.children[0])
            last = self._item_lines(block.node.children[-1])
            return (bool(first) and strip_question_marker(first[0].text) is not None) or (
                bool(last)
                and ends_with_question_mark(last[-1].text)
                and _is_label_details(following)
            )
        return False

    def _question_and_answer(
        self,
        question: str,
        line: int,
        prefix: list[_Line],
        body: list[Block],
        context: _Context,
        notes: Sequence[Annotation],
    ) -> None:
        """A question whose answer is `prefix` lines then `body` blocks: choice, basic or open."""
        entries, places = self._entries(prefix, body)
        choice = match_choice(entries) if resolve(notes).kind not in _ANSWERED_KINDS else None
        if choice is not None:
            after = _after_answer(choice, places, prefix, body)
            explanation = self._join(after[0], after[1])
            self._choice_card(question, line, choice, explanation, context, notes)
            return
        answer = self._join(prefix, body)
        if len(leading_options(entries)) < 2:  # keep `A) … B) …` options intact
            answer = _strip_leading_answer_marker(answer)
        kind = CardKind.BASIC if answer else CardKind.OPEN
        self._emit(kind, question, answer, line, context, notes)

    def _choice_card(
        self,
        question: str,
        line: int,
        choice: Choice,
        explanation: str,
        context: _Context,
        notes: Sequence[Annotation],
    ) -> None:
        answer = choice.options[choice.correct]
        if explanation:
            answer = f"{answer}\n\n{explanation}"
        extra = {"options": choice.options, "correct": choice.correct}
        self._emit(CardKind.CHOICE, question, answer, line, context, notes, extra)

    def _unmarked_choice(
        self,
        blocks: list[Block],
        index: int,
        lines: list[_Line],
        context: _Context,
        notes: Sequence[Annotation],
    ) -> int | None:
        """A plain paragraph followed by options and an `Answer:` line is a choice question."""
        found = self._find_unmarked_choice(blocks, index, lines)
        if found is None:
            return None
        question, choice, explanation, following = found
        self._choice_card(
            _block_text(question), question[0].line, choice, explanation, context, notes
        )
        return following

    def _find_unmarked_choice(
        self, blocks: list[Block], index: int, lines: list[_Line]
    ) -> tuple[list[_Line], Choice, str, int] | None:
        """(question lines, choice, explanation, next block index) for an unmarked choice.

        Options with labels need the `Answer:` line; a ticked task list alone is enough
        only after a question ending in `?`.
        """
        split = next((n for n, line in enumerate(lines[1:], 1) if entry(line.text).label), None)
        question, prefix = (lines[:split], lines[split:]) if split else (lines, [])
        body = blocks[index + 1 : index + 3]
        entries, places = self._entries(prefix, body)
        choice = match_choice(entries)
        if choice is None:
            return None
        if choice.answer_entry is None and not ends_with_question_mark(question[-1].text):
            return None
        last = choice.answer_entry if choice.answer_entry is not None else len(choice.options) - 1
        last_block = places[last][0]
        explanation_lines = _after_answer(choice, places, prefix, body[: last_block + 1])[0]
        explanation = "\n".join(line.text for line in explanation_lines).strip()
        return question, choice, explanation, index + 1 + (last_block + 1 if last_block >= 0 else 0)

    def _entries(
        self, prefix: list[_Line], body: list[Block]
    ) -> tuple[list[Entry], list[tuple[int, int]]]:
        """Candidate option/answer lines: prefix lines, then the lines and items of two blocks.

        `places` gives, per entry, (block index or -1 for the prefix, position inside it).
        """
        entries = [entry(line.text) for line in prefix]
        places = [(-1, n) for n in range(len(prefix))]
        for number, block in enumerate(body[:2]):
            if block.kind == "paragraph":
                for position, line in enumerate(self._inline_lines(block)):
                    entries.append(entry(line.text))
                    places.append((number, position))
            elif block.kind in _LISTS and block.node is not None:
                for position, item in enumerate(block.node.children):
                    text = " ".join(line.text for line in self._item_lines(item))
                    ordered = item.info if block.kind == "ordered_list" else None
                    entries.append(entry(text, ordered or None))
                    places.append((number, position))
            else:
                break
        return entries, places

    def _details(self, blocks: list[Block], index: int, context: _Context) -> int:
        block = blocks[index]
        details = block.details
        if details is None or details.is_label:
            return index + 1
        notes = [*context.inherited, *block.annotations]
        question = strip_question_marker(details.summary) or details.summary
        answer = self._details_body(details, block.strips)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        consumed = index + 1
        if not answer and _is_label_details(following):
            assert following is not None and following.details is not None
            answer = self._details_body(following.details, following.strips)
            consumed += 1
        answer = _strip_leading_answer_marker(answer)
        kind = CardKind.BASIC if answer else CardKind.OPEN
        self._emit(kind, question, answer, details.line + 1, context, notes)
        return consumed

    # -- lists --------------------------------------------------------------------------

    def _list(self, blocks: list[Block], index: int, context: _Context) -> int:
        block = blocks[index]
        assert block.node is not None
        notes = [*context.inherited, *block.annotations]
        items = [
            self._item(node, block) for node in block.node.children if node.type == "list_item"
        ]
        forced = resolve(notes).kind
        inner = replace(context, inherited=tuple(notes), in_list=True)
        if any(strip_question_marker(item.lines[0].text) for item in items if item.lines):
            self._question_items(items, inner, notes)
            return index + 1
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if items and ends_with_question_mark(items[-1].text) and _is_label_details(following):
            assert following is not None and following.details is not None
            for item in items[:-1]:
                self._item_body(item, inner)
            answer = self._details_body(following.details, following.strips)
            last = items[-1]
            self._emit(
                CardKind.BASIC, last.text, answer, last.line, context, [*notes, *last.annotations]
            )
            return index + 2
        heading = context.heading
        if forced == CardKind.OPEN or (heading and heading.question_list and not context.in_list):
            heading_notes = list(heading.annotations) if heading else []
            self._open_items(items, context, [*heading_notes, *notes])
            return index + 1
        # `kind=ordering` makes the list one ordering card, never definitions as well.
        defined = (
            self._definitions(items, context, notes, forced) if forced != CardKind.ORDERING else []
        )
        self._ordering(block, items, context, notes, forced)
        for item in items:
            if item not in defined:
                self._item_body(item, inner, whole=True)
        return index + 1

    def _item(self, node: SyntaxTreeNode, block: Block) -> _Item:
        strip = item_strip(self.source, node, block.strips)
        children = list(node.children)
        first = children[0] if children and children[0].type == "paragraph" else None
        lines = self._node_lines(first) if first is not None else []
        notes: list[Annotation] = []
        if first is not None and first.children and first.children[0].token is not None:
            notes = list(self._inline_notes.get(id(first.children[0].token), []))
        strips = (*block.strips, strip)
        return _Item(
            node=node,
            lines=lines,
            annotations=notes,
            line=(node.map[0] if node.map else block.start) + 1,
            strips=strips,
            rest=self._blocks(children[1:] if first is not None else children, strips),
        )

    def _item_body(self, item: _Item, context: _Context, whole: bool = False) -> None:
        """Cards inside an item that no list rule used: `whole` includes its first paragraph."""
        if whole:
            self._sequence(self._blocks(list(item.node.children), item.strips), context)
        else:
            self._sequence(item.rest, context)

    def _question_items(
        self, items: list[_Item], context: _Context, notes: list[Annotation]
    ) -> None:
        """`- Q. …` items; the answer is the item's own content or the next `- A. …` item."""
        index = 0
        while index < len(items):
            item = items[index]
            question = strip_question_marker(item.lines[0].text) if item.lines else None
            if question is None:
                if not (item.lines and strip_answer_marker(item.lines[0].text) is not None):
                    self._item_body(item, context, whole=True)
                index += 1
                continue
            split = next(
                (n for n, line in enumerate(item.lines[1:], 1) if _opens_answer(line.text)),
                len(item.lines),
            )
            question = "\n".join([question, *(line.text for line in item.lines[1:split])])
            prefix, rest = item.lines[split:], item.rest
            item_notes = [*notes, *item.annotations]
            following = items[index + 1] if index + 1 < len(items) else None
            if (
                not prefix
                and not rest
                and following is not None
                and following.lines
                and strip_answer_marker(following.lines[0].text) is not None
            ):
                prefix, rest = following.lines, following.rest
                item_notes.extend(following.annotations)
                index += 1
            self._question_and_answer(question, item.line, prefix, rest, context, item_notes)
            index += 1

    def _open_items(self, items: list[_Item], context: _Context, notes: list[Annotation]) -> None:
        """Items under a `질문` / `Questions` heading: open questions linked to the best section."""
        for number, item in enumerate(items, 1):
            text = strip_question_marker(item.text) or item.text.strip()
            if not text:
                continue
            answer = _strip_leading_answer_marker(self._join([], item.rest))
            self._emit(
                CardKind.OPEN,
                text,
                answer,
                item.line,
                context,
                [*notes, *item.annotations],
                part=str(number),
            )

    def _definitions(
        self,
        items: list[_Item],
        context: _Context,
        notes: list[Annotation],
        forced: CardKind | None,
    ) -> list[_Item]:
        """`TERM: definition` items (two or more, all of them); returns the items used."""
        pairs = [
            split_definition(item.text) if item.lines and not has_cloze(item.text) else None
            for item in items
        ]
        found = [(item, pair) for item, pair in zip(items, pairs, strict=True) if pair]
        if forced in (CardKind.DEFINITION, CardKind.REVERSE):
            if not found:
                return []
        elif len(items) < 2 or len(found) != len(items):
            return []
        for number, (item, (term, definition)) in enumerate(found, 1):
            item_notes = [*notes, *item.annotations]
            rest = self._join([], item.rest)
            answer = f"{definition}\n\n{rest}" if rest else definition
            extra = {"term": term}
            # `kind=reverse` asks for the reversed card alone (definition → term).
            if forced != CardKind.REVERSE:
                self._emit(
                    CardKind.DEFINITION,
                    term,
                    answer,
                    item.line,
                    context,
                    item_notes,
                    extra,
                    str(number),
                )
            flagged = [note for note in item_notes if "reverse" in note.flags]
            if self.front.reverse or flagged or forced == CardKind.REVERSE:
                self._reverse_applied.update(id(note) for note in flagged)
                self._emit(
                    CardKind.REVERSE,
                    answer,
                    term,
                    item.line,
                    context,
                    item_notes,
                    dict(extra),
                    f"{number}-reverse",
                )
        return [item for item, _ in found]

    def _ordering(
        self,
        block: Block,
        items: list[_Item],
        context: _Context,
        notes: list[Annotation],
        forced: CardKind | None,
    ) -> None:
        """An ordered list of three or more steps under a heading: put the steps in order."""
        heading = context.heading
        steps = [" ".join(line.text.strip() for line in item.lines) for item in items]
        if forced == CardKind.ORDERING:
            if len(steps) < 2:
                return
        elif (
            block.kind != "ordered_list"
            or len(steps) < 3
            or heading is None
            or context.in_list
            or all(ends_with_question_mark(step) for step in steps)
        ):
            return
        if not all(steps):
            return
        title = (strip_question_marker(heading.title) or heading.title) if heading else ""
        key = heading.line if heading else 0
        count = self._orderings.get(key, 0) + 1
        self._orderings[key] = count
        question = f"{title} — {ORDERING_PROMPT}" if title else ORDERING_PROMPT
        if count > 1:
            question = f"{question} ({count})"
        answer = "\n".join(f"{n}. {step}" for n, step in enumerate(steps, 1))
        heading_notes = list(heading.annotations) if heading else []
        self._emit(
            CardKind.ORDERING,
            question,
            answer,
            block.start + 1,
            context,
            [*heading_notes, *notes],
            {"steps": steps},
        )

    def _cloze(self, text: str, line: int, context: _Context, notes: Sequence[Annotation]) -> None:
        cloze = find_cloze(text)
        if cloze is not None:
            extra = {"clozes": cloze.clozes}
            self._emit(CardKind.CLOZE, cloze.question, cloze.answer, line, context, notes, extra)

    # -- text of blocks -----------------------------------------------------------------

    def _inline_text(self, block: Block) -> str:
        return "\n".join(line.text for line in self._inline_lines(block)).strip()

    def _inline_lines(self, block: Block) -> list[_Line]:
        if block.node is None or block.kind not in ("heading", "paragraph"):
            return []
        return self._node_lines(block.node)

    def _node_lines(self, node: SyntaxTreeNode) -> list[_Line]:
        """The lines of a heading's or paragraph's inline text, without annotation comments."""
        if not node.children or node.children[0].token is None or node.map is None:
            return []
        token = node.children[0].token
        content = token.content
        for annotation_html in (
            child.content
            for child in token.children or []
            if child.type == "html_inline"
            and notes_annotations.is_annotation_comment(child.content)
        ):
            content = content.replace(annotation_html, "")
        lines = [
            _Line(text.strip(), node.map[0] + 1 + n) for n, text in enumerate(content.split("\n"))
        ]
        return [line for line in lines if line.text]

    def _item_lines(self, item: SyntaxTreeNode) -> list[_Line]:
        first = item.children[0] if item.children else None
        return self._node_lines(first) if first is not None and first.type == "paragraph" else []

    def _markdown(self, block: Block) -> str:
        if block.details is not None and block.details.is_label:
            return self._details_body(block.details, block.strips)
        return self.source.text(block.start, block.end, block.strips)

    def _details_body(self, details: Details, strips: tuple[Strip, ...]) -> str:
        parts: list[str] = []
        for part in details.parts:
            if isinstance(part, str):
                parts.append(part)
            elif part.map is not None:
                parts.append(self.source.text(part.map[0], part.map[1], strips))
        return "\n\n".join(part for part in parts if part.strip()).strip()

    def _join(self, prefix: Sequence[_Line], body: Sequence[Block]) -> str:
        parts = ["\n".join(line.text for line in prefix)] if prefix else []
        parts.extend(self._markdown(block) for block in body)
        # Not .strip(): an answer may start with an indented code block.
        return "\n\n".join(part for part in parts if part.strip()).strip("\n").rstrip()

    # -- cards ----------------------------------------------------------------------------

    def _emit(
        self,
        kind: CardKind,
        question: str,
        answer: str,
        line: int,
        context: _Context,
        notes: Sequence[Annotation],
        extra: dict[str, Any] | None = None,
        part: str | None = None,
    ) -> None:
        """Add a card, applying annotations (skip, forced kind, id, tags, block kinds)."""
        resolved = resolve(notes)
        if "skip" in resolved.flags:
            self._used.update(id(note) for note in notes if "skip" in note.flags)
            return
        if resolved.kind in _ANSWERED_KINDS and kind in _ANSWERED_KINDS:
            kind = resolved.kind
        extra = dict(extra or {})
        if resolved.block is not None:
            extra["annotation_kind"] = resolved.block.block_kind
            extra["annotation_body"] = resolved.block.body
            extra["annotation_line"] = resolved.block.line
            if resolved.block.params:
                extra["annotation_params"] = dict(resolved.block.params)
            if resolved.block.block_kind == "rubric":
                extra["rubric"] = self._rubric(resolved.block).to_json()
            elif resolved.block.block_kind == "flow":
                kind = self._flow(resolved.block, kind, extra)
        tags: list[str] = []
        for tag in (
            *self.front.tags,
            *(tag for note in context.section_notes for tag in note.tags),
            *resolved.tags,
        ):
            if tag not in tags:
                tags.append(tag)
        card = CardSpec(
            kind=kind,
            question=question.strip(),
            answer=answer.strip("\n").rstrip(),
            line=line,
            section_path=context.path,
            tags=tuple(tags),
            extra=extra,
        )
        self.cards.append(card)
        self._used.update(id(note) for note in (*notes, *context.section_notes))
        if resolved.kind is not None and resolved.kind == kind:
            self._kind_applied.update(id(note) for note in notes if note.kind == kind)
        if resolved.id_source is not None:
            group = self._id_groups.setdefault(id(resolved.id_source), (resolved.id or "", []))
            group[1].append((card, part))
        if kind == CardKind.OPEN:
            self._to_link.append(card)

    def _rubric(self, note: Annotation) -> Rubric:
        """The annotation's rubric, parsed (and its problems reported) once however many cards."""
        if id(note) not in self._rubrics:
            rubric, problems = parse_rubric(
                note.body,
                note.body_line,
                self.path,
                annotation_line=note.line,
                scenario=note.params.get("scenario"),
                pass_points=note.params.get("pass"),
            )
            self._rubrics[id(note)] = rubric
            self.problems.extend(problems)
        return self._rubrics[id(note)]

    def _flow(self, note: Annotation, kind: CardKind, extra: dict[str, Any]) -> CardKind:
        """Put a flow annotation's scenario, query and steps on a card; a query makes it FLOW.

        The simulator is not consulted here: `quizapp check` resolves the names.
        """
        first = id(note) not in self._flows_seen
        self._flows_seen.add(id(note))
        scenario = note.params.get("scenario")
        query = note.params.get("query")
        if scenario:
            extra["scenario"] = scenario
        elif first:
            self._warn(note.line, "flow annotation needs scenario=NAME (see `quizapp sim`)")
        if "step" in note.params:
            steps = parse_steps(note.params["step"])
            if steps is not None:
                extra["flow_steps"] = list(steps)
            elif first:
                given = note.params["step"]
                self._warn(note.line, f"step= expects numbers like 7 or 15-18 (got {given!r})")
        if not query:
            return kind
        extra["query"] = query
        if kind in _ANSWERED_KINDS:
            return CardKind.FLOW
        if first:
            self._warn(
                note.line,
                "a flow query= needs a question to ask (a Q. heading, paragraph or list item); "
                "kept as a link",
            )
        return kind

    def _link(self, sections: list[Section]) -> None:
        if not self._to_link:
            return
        matcher = SectionMatcher(sections)
        for card in self._to_link:
            found = matcher.best(card.question, card.line)
            if found is None:
                card.extra["linked_section"] = None
                continue
            section = found[0]
            card.extra["linked_section"] = {
                "title": section.title,
                "anchor": section.anchor,
                "line": section.start_line,
            }
            if not card.answer:
                card.answer = section.markdown

    def _assign_ids(self) -> None:
        """Set explicit ids; an id on a block making several cards gets `-1`, `-2`, … per part."""
        for ident, members in self._id_groups.values():
            if len(members) == 1:
                members[0][0].explicit_id = ident
                continue
            for number, (card, part) in enumerate(members, 1):
                card.explicit_id = f"{ident}-{part or number}"
        seen: dict[str, CardSpec] = {}
        for card in self.cards:
            if card.explicit_id is None:
                continue
            if card.explicit_id in seen:
                first = seen[card.explicit_id]
                self._warn(
                    card.line, f"id {card.explicit_id!r} is already used at line {first.line}"
                )
            else:
                seen[card.explicit_id] = card

    def _check_annotations(self) -> None:
        for note in self._all_notes:
            if id(note) not in self._used:
                if "skip" not in note.flags:
                    self._warn(
                        note.line,
                        "annotation applies to no card; put it right before the block it "
                        "annotates (or at the end of a heading or list-item line)",
                    )
            elif note.kind is not None and id(note) not in self._kind_applied:
                self._warn(
                    note.line,
                    f"kind={note.kind} does not fit the block after it; imported as usual",
                )
            elif (
                "reverse" in note.flags
                and not self.front.reverse
                and (id(note) not in self._reverse_applied)
            ):
                self._warn(note.line, "reverse applies only to definition lists (TERM: definition)")

    def _warn(self, line: int | None, message: str) -> None:
        self.problems.append(ImportProblem(self.path, line, message, Severity.WARNING))


# -- small helpers ------------------------------------------------------------------------


def _within(context: _Context, stack: list[_Heading]) -> _Context:
    if not stack:
        return context
    return replace(
        context,
        path=context.path + tuple(h.title for h in stack),
        heading=stack[-1],
        section_notes=context.section_notes + tuple(n for h in stack for n in h.annotations),
    )


def _next_at_or_above(levels: list[int]) -> list[int]:
    """For each heading level, the position of the next heading at the same or a higher level.

    Headings without one get `len(levels)`. One pass with a stack, so huge notes stay linear.
    """
    ends = [len(levels)] * len(levels)
    open_headings: list[int] = []
    for index, level in enumerate(levels):
        while open_headings and levels[open_headings[-1]] >= level:
            ends[open_headings.pop()] = index
        open_headings.append(index)
    return ends


def _unclosed_front_matter(lines: list[str]) -> bool:
    """`---` then a `key: value` line, but markdown-it found no closing `---`."""
    if len(lines) < 2 or lines[0].strip() != "---":
        return False
    key, colon, _ = lines[1].partition(":")
    return bool(colon) and key.replace("-", "_").strip().isidentifier()


def _opens_answer(text: str) -> bool:
    return strip_answer_marker(text) is not None or entry(text).label is not None


def _is_label_details(block: Block | None) -> bool:
    return block is not None and block.details is not None and block.details.is_label


def _block_text(lines: Sequence[_Line]) -> str:
    return "\n".join(line.text for line in lines).strip()


def _strip_leading_answer_marker(answer: str) -> str:
    """Drop `A.`/`A:`/`답:` from the first line, also inside a leading `> ` quote."""
    first, newline, rest = answer.partition("\n")
    if first.startswith(("    ", "\t")):
        return answer  # indented code keeps whatever it says
    text = first.lstrip("> ")
    stripped = strip_answer_marker(text)
    if stripped is None:
        return answer
    if not stripped:
        return rest.strip()
    return f"{first[: len(first) - len(text)]}{stripped}{newline}{rest}"


def _after_answer(
    choice: Choice, places: list[tuple[int, int]], prefix: list[_Line], body: list[Block]
) -> tuple[list[_Line], list[Block]]:
    """The lines and blocks after a choice's answer line (its explanation)."""
    if choice.answer_entry is None:
        last_block, last_position = places[len(choice.options) - 1]
    else:
        last_block, last_position = places[choice.answer_entry]
    if last_block < 0:
        return prefix[last_position + 1 :], list(body)
    return [], list(body[last_block + 1 :])
