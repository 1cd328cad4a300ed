"""Markdown text → NoteDoc: the engine that runs the card rules of `quizapp.notes.rules`.

The note is tokenised once with markdown-it; the engine groups the tokens into sibling
blocks (the note, a blockquote, a list item), and offers each block to the rules of its
kind in their priority order (`quizapp.notes.rules.RULES`). The first rule that claims a
block emits its cards; a claimed block is never offered to another rule. Blocks that no
rule claims are recorded with the reason, for `quizapp import --explain`. Line numbers are
the file's own (front matter included).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath
from typing import Any

from markdown_it.token import Token

from quizapp.notes import annotations as notes_annotations
from quizapp.notes.annotations import Annotation, resolve
from quizapp.notes.blocks import QUOTE, Block, Details, Source, Strip, group_details, item_strip
from quizapp.notes.frontmatter import FrontMatter, read_front_matter
from quizapp.notes.html import (
    answer_markdown,
    clean_answer,
    convert_html_blocks,
    has_html,
    inline_html,
    remove_struck,
    strip_navigation,
)
from quizapp.notes.keys import question_key
from quizapp.notes.linking import SectionMatcher
from quizapp.notes.model import (
    CardKind,
    CardSpec,
    ImportProblem,
    NoteDoc,
    Section,
    Severity,
    Unclaimed,
)
from quizapp.notes.rubric import Rubric, parse_rubric, parse_steps
from quizapp.notes.rules import HEADING_RULES, ITEM_RULES, RULES_BY_KIND
from quizapp.notes.rules.base import Context, Heading, Item, Line, Rule
from quizapp.notes.rules.ordering import ORDERING_PROMPT
from quizapp.notes.sanitize import sanitize_note_text
from quizapp.notes.text import clean_title, github_slug, is_question_list_heading, plain_text
from quizapp.notes.tree import MARKDOWN_IT, Node, build_tree, tokenize

__all__ = ["ORDERING_PROMPT", "NoteParser", "normalise_source", "parse_note"]

_MAX_REPARSES = 20
_ANSWERED_KINDS = (CardKind.BASIC, CardKind.OPEN)
_ASKING = (CardKind.BASIC, CardKind.OPEN, CardKind.CHOICE)
"""Kinds whose question must hold words (a term may be a number: `| 404 | Not Found |`)."""


def normalise_source(text: str) -> str:
    """Text as the parser sees it: no BOM, LF line endings, NFC (decomposed Hangul composed)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def parse_note(text: str, path: str, content_hash: str = "") -> NoteDoc:
    """Parse one note's text (pure: no I/O). Problems are collected, never raised.

    Control characters are replaced by visible ones first (`quizapp.notes.sanitize`).
    """
    clean, problems = sanitize_note_text(normalise_source(text), path)
    doc = NoteParser(clean, path, content_hash).parse()
    doc.problems[:0] = problems
    return doc


class NoteParser:
    """The engine and the toolkit rules use: block text, answers, and `emit` for cards."""

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
        self.unclaimed: list[Unclaimed] = []
        self._reasons: list[str] = []
        self.duplicates = 0
        self._heading_rule: Rule | None = None
        self._top: list[Block] = []
        self._lines: dict[int, list[Line]] = {}
        self._with_id: set[int] = set()
        self._items: dict[int, list[Item]] = {}
        self._titles: dict[int, str] = {}
        """Section titles by their heading node's id (`sequence` titles the same headings)."""

    # -- the whole note ---------------------------------------------------------------

    def parse(self) -> NoteDoc:
        if not self.text.strip():
            self.warn(None, "empty note: nothing to import")
            stem = PurePosixPath(self.path).stem
            return NoteDoc(self.path, stem, self.text, self.content_hash, problems=self.problems)
        tokens = self._tokenize()
        offset = 0
        if tokens and tokens[0].type == "front_matter" and tokens[0].map:
            offset = tokens[0].map[1]
            self.front, problems = read_front_matter(tokens[0].content, 2, self.path)
            self.problems.extend(problems)
        elif _unclosed_front_matter(self.source.lines):
            self.warn(1, "front matter starts here but has no closing --- line; read as text")
        if notes_annotations.may_hold_annotations(self.text):
            self._collect_annotations(tokens)
        top = build_tree(tokens)
        sections = self._sections(top)
        self._top = self.blocks(top, ())
        self.sequence(self._top, Context())
        self._drop_duplicates()
        self._link(sections)
        self._assign_ids()
        self._check_annotations()
        return NoteDoc(
            path=self.path,
            title=self._title(sections),
            markdown="\n".join(self.text.split("\n")[offset:]) if offset else self.text,
            content_hash=self.content_hash,
            deck=self.front.deck,
            tags=self.front.tags,
            sections=sections,
            cards=self.cards,
            problems=self.problems,
            line_offset=offset,
            unclaimed=self.unclaimed,
            duplicates=self.duplicates,
        )

    def _drop_duplicates(self) -> None:
        """A card whose kind and question repeat an earlier card of this note is made once
        (unless it carries an id annotation, as exported decks do)."""
        seen: dict[tuple[CardKind, str], CardSpec] = {}
        kept: list[CardSpec] = []
        for card in self.cards:
            key = (card.kind, question_key(card.question))
            first = seen.get(key)
            # An id annotation asks for this card: it is never a duplicate to drop.
            if (
                first is None
                or card.kind == CardKind.CLOZE
                or not key[1]
                or id(card) in self._with_id
            ):
                seen.setdefault(key, card)
                kept.append(card)
                continue
            self.duplicates += 1
            self.warn(
                card.line,
                f"duplicate of the card at line {first.line} ({first.rule}); made once",
            )
        self.cards[:] = kept

    def _tokenize(self) -> list[Token]:
        """Tokens of the note; a comment never closed with `-->` is reported and its line ignored.

        Left alone, such a comment would swallow the rest of the note into one HTML block.
        """
        lines = self.source.lines
        text = self.text
        for _ in range(_MAX_REPARSES):
            tokens = tokenize(text)
            if "<!--" not in text:
                return tokens  # no comment at all (most notes), so none left open
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
            self.warn(start + 1, "HTML comment is never closed with -->; its first line is ignored")
            lines[start] = ""
            text = "\n".join(lines)
        return tokens

    def _title(self, sections: list[Section]) -> str:
        if self.front.title:
            return self.front.title
        top = next((s for s in sections if s.level == 1), sections[0] if sections else None)
        return top.title if top and top.title else PurePosixPath(self.path).stem

    def _collect_annotations(self, tokens: list[Token]) -> None:
        """Parse every annotation once, hide it from answers, and index it by its token."""
        for token in tokens:
            if token.map is None:
                continue
            start = token.map[0]
            if token.type == "inline":
                if "<!--" in token.content:  # else it holds no annotation: not parsed now
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

    def _sections(self, top: list[Node]) -> list[Section]:
        headings = [node for node in top if node.type == "heading" and node.map]
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
            title = self._titles[id(node)] = clean_title(raw)
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

    def blocks(self, nodes: list[Node], strips: tuple[Strip, ...]) -> list[Block]:
        """Sibling nodes as blocks, each carrying the annotations written just before it."""
        blocks: list[Block] = []
        pending: list[Annotation] = []
        block_notes, inline_notes = self._block_notes, self._inline_notes  # mostly empty
        for item in group_details(nodes):
            if isinstance(item, Details):
                block = Block("details", item.start, item.end, strips, details=item)
            else:
                if item.map is None:
                    continue
                note = block_notes.get(id(item.token)) if block_notes and item.token else None
                if note is not None:
                    pending.append(note)
                    continue
                block = Block(item.type, item.map[0], item.map[1], strips, node=item)
                inline = block.inline if inline_notes else None
                if inline is not None and inline.token is not None:
                    block.annotations.extend(inline_notes.get(id(inline.token), []))
            if pending:
                block.annotations[:0] = pending
                pending = []
            blocks.append(block)
        return blocks

    def sequence(self, blocks: list[Block], context: Context) -> None:
        """Make cards from a run of sibling blocks (the note, a blockquote, a list item)."""
        heading_indexes = [n for n, block in enumerate(blocks) if block.kind == "heading"]
        following = _next_at_or_above([blocks[n].level for n in heading_indexes])
        ends = {
            n: heading_indexes[after] if after < len(heading_indexes) else len(blocks)
            for n, after in zip(heading_indexes, following, strict=True)
        }
        stack: list[Heading] = []
        # `within[n]`: the context under `stack[: n + 1]` (each made from the one before)
        within: list[Context] = []
        inside = context  # the context under the whole stack
        index = 0
        while index < len(blocks):
            block = blocks[index]
            if block.kind != "heading":
                index = self._offer(blocks, index, inside, self._block)
                continue
            while stack and stack[-1].level >= block.level:
                stack.pop()
                within.pop()
            here = within[-1] if within else context
            end = ends[index]
            if "skip" in resolve(block.annotations).flags:
                stop = blocks[end].start if end < len(blocks) else len(self.source.lines)
                self._skip_lines(block.start, stop, block.annotations)
                index = end
                continue
            self._heading_rule = None
            after = self._offer(blocks, index, here.ending_at(end), self._heading)
            title = self._titles.get(id(block.node))
            if title is None:  # a heading inside a list or a quote: no section of its own
                title = clean_title(plain_text(block.inline.token if block.inline else None))
            question = self._heading_rule is not None and not self._heading_rule.keeps_heading
            # A question heading's annotations belong to its card; what follows its
            # answer inside its section still sits under it.
            heading = Heading(
                title,
                block.level,
                block.start + 1,
                () if question else tuple(block.annotations),
                not question and is_question_list_heading(title),
            )
            stack.append(heading)
            inside = _under(here, heading, context)
            within.append(inside)
            index = after

    def _heading(self, blocks: list[Block], index: int, context: Context) -> int:
        """Offer a heading to the heading rules; remembers which one claimed it."""
        for rule in HEADING_RULES:
            claimed = self.run_rule(rule, blocks, index, context, blocks[index].start + 1)
            if claimed is not None:
                self._heading_rule = rule
                return claimed
        return index + 1

    def _offer(
        self,
        blocks: list[Block],
        index: int,
        context: Context,
        run: Callable[[list[Block], int, Context], int],
    ) -> int:
        """Run `run` on a block; a block that made no card is recorded with the reasons why."""
        before = len(self.cards)
        saved, self._reasons = self._reasons, []
        mark = len(self.unclaimed)
        after = run(blocks, index, context)
        block = blocks[index]
        if len(self.cards) == before and block.kind in _EXPLAINED:
            del self.unclaimed[mark:]  # what is inside it is part of the same story
            last = blocks[max(after, index + 1) - 1]
            if block.kind == "heading":
                last = block
            reason = "; ".join(dict.fromkeys(self._reasons)) or _EXPLAINED[block.kind]
            end = max(self.trim(last.end), block.start + 1)
            self.unclaimed.append(Unclaimed(block.start + 1, end, block.kind, reason))
        self._reasons = saved
        return after

    def _skip_lines(self, start: int, stop: int, notes: Sequence[Annotation]) -> None:
        """A skipped section: its annotations count as used (they are skipped too)."""
        self._used.update(id(note) for note in notes)
        self._used.update(id(n) for n in self._all_notes if start < n.line <= stop)

    def _block(self, blocks: list[Block], index: int, context: Context) -> int:
        """Offer the block at `index` to its rules; returns the index after what was claimed."""
        block = blocks[index]
        if block.kind == "blockquote" and block.node is not None:
            inner = context.inheriting(context.inherited + tuple(block.annotations))
            self.sequence(self.blocks(list(block.node.children), (*block.strips, QUOTE)), inner)
            return index + 1
        for rule in RULES_BY_KIND.get(block.kind, ()):
            claimed = self.run_rule(rule, blocks, index, context, block.start + 1)
            if claimed is not None:
                return claimed
        if block.kind in ("bullet_list", "ordered_list"):
            self.list_items(block, context)
        return index + 1

    def list_items(self, block: Block, context: Context) -> None:
        """A list no list rule claimed: each item goes to the item rules, else to its blocks."""
        notes = [*context.inherited, *block.annotations]
        items = self.items(block)
        inner = context.inheriting(tuple(notes), in_list=True)
        index = 0
        while index < len(items):
            for rule in ITEM_RULES:
                claimed = self.run_rule(rule, items, index, inner, items[index].line)
                if claimed is not None:
                    index = claimed
                    break
            else:
                self.item_body(items[index], inner, whole=True)
                index += 1

    def items(self, block: Block) -> list[Item]:
        """The items of a list block (built once; several rules look at the same list)."""
        assert block.node is not None
        cached = self._items.get(id(block.node))
        if cached is None:
            children = block.node.children
            cached = [self.item(node, block) for node in children if node.type == "list_item"]
            self._items[id(block.node)] = cached
        return cached

    def item(self, node: Node, block: Block) -> Item:
        strip = item_strip(self.source, node, block.strips)
        children = list(node.children)
        first = children[0] if children and children[0].type == "paragraph" else None
        lines = self.node_lines(first) if first is not None else []
        notes: list[Annotation] = []
        if (
            self._inline_notes  # most notes have no annotation
            and first is not None
            and first.children
            and first.children[0].token is not None
        ):
            notes = list(self._inline_notes.get(id(first.children[0].token), []))
        strips = (*block.strips, strip)
        after = children[1:] if first is not None else children
        return Item(
            node=node,
            lines=lines,
            annotations=notes,
            line=(node.map[0] if node.map else block.start) + 1,
            strips=strips,
            rest=self.blocks(after, strips) if after else [],
        )

    def item_body(self, item: Item, context: Context, whole: bool = False) -> None:
        """Cards inside an item that no list rule used: `whole` includes its first paragraph."""
        if whole:
            self.sequence(self.blocks(list(item.node.children), item.strips), context)
        else:
            self.sequence(item.rest, context)

    def run_rule(
        self, rule: Rule, blocks: list[Any], index: int, context: Context, line: int
    ) -> int | None:
        """Run one rule on a block; a rule that fails is reported at the block's line.

        The cards it made before failing are withdrawn, and the block goes to the next rule,
        so the rest of the note still imports.
        """
        cards = len(self.cards)
        mark = len(self.unclaimed)
        try:
            claimed = rule.claim(self, blocks, index, context)
            if claimed is not None and len(self.cards) > cards:
                del self.unclaimed[mark:]  # blocks inside a claim are part of its cards
            return claimed
        except Exception as error:  # a bug in one rule must not lose the rest of the note
            del self.cards[cards:]
            self.problems.append(
                ImportProblem(
                    self.path,
                    line,
                    f"rule {rule.name} failed on this block ({type(error).__name__}: {error}); "
                    "the block was read by the other rules",
                )
            )
            return None

    def next_ordering(self, heading_line: int) -> int:
        """How many procedures the section at `heading_line` has, counting this one."""
        self._orderings[heading_line] = self._orderings.get(heading_line, 0) + 1
        return self._orderings[heading_line]

    def reverse_applied(self, notes: Sequence[Annotation]) -> None:
        """`reverse` annotations that made reversed cards (the others are reported)."""
        self._reverse_applied.update(id(note) for note in notes)

    def trim(self, end: int) -> int:
        """A 1-based last line moved up past blank lines (block ranges include them)."""
        lines = self.source.lines
        while end > 1 and end <= len(lines) and not lines[end - 1].strip():
            end -= 1
        return end

    def miss(self, reason: str) -> None:
        """A rule looked at the current block and declined it, for `import --explain`."""
        self._reasons.append(reason)

    # -- text of blocks -----------------------------------------------------------------

    def inline_text(self, block: Block) -> str:
        inline, node = block.inline, block.node
        if block.kind == "heading" and inline is not None and inline.token is not None:
            content = inline.token.content
            if "\n" not in content and "<!--" not in content and node and node.map is not None:
                return content.strip()  # one line without comments: what its lines join to
        return "\n".join(line.text for line in self.inline_lines(block)).strip()

    def inline_lines(self, block: Block) -> list[Line]:
        if block.node is None or block.kind not in ("heading", "paragraph"):
            return []
        return self.node_lines(block.node)

    def node_lines(self, node: Node) -> list[Line]:
        """The lines of a heading's or paragraph's inline text, without annotation comments.

        Several rules ask for the same node's lines: they are computed once (do not mutate).
        """
        cached = self._lines.get(id(node))
        if cached is None:
            cached = self._lines[id(node)] = self._node_lines(node)
        return cached

    def _node_lines(self, node: Node) -> list[Line]:
        if not node.children or node.children[0].token is None or node.map is None:
            return []
        token = node.children[0].token
        content = token.content
        if "<!--" in content:  # else no annotation comment (and no inline parse needed)
            for child in token.children or []:
                if child.type == "html_inline" and notes_annotations.is_annotation_comment(
                    child.content
                ):
                    content = content.replace(child.content, "")
        first = node.map[0] + 1
        stripped = enumerate(text.strip() for text in content.split("\n"))
        return [Line(text, first + n) for n, text in stripped if text]

    def item_lines(self, item: Node) -> list[Line]:
        first = item.children[0] if item.children else None
        return self.node_lines(first) if first is not None and first.type == "paragraph" else []

    def markdown(self, block: Block) -> str:
        """A block of an answer as Markdown: HTML converted, navigation dropped."""
        if block.details is not None:
            body = self.details_body(block.details, block.strips)
            if block.details.is_label:
                return body
            summary = answer_markdown(block.details.summary)
            return f"**{summary}**\n\n{body}".strip() if summary else body
        text = self.source.text(block.start, block.end, block.strips)
        if block.kind in _HTML_KINDS:
            return answer_markdown(text)
        if block.kind == "paragraph":
            return inline_html(text) if _has_inline_html(block) else strip_navigation(text)
        if block.kind in ("bullet_list", "ordered_list", "blockquote") and has_html(text):
            text = convert_html_blocks(text, MARKDOWN_IT.parse)
            return inline_html(text)
        return text

    def details_body(self, details: Details, strips: tuple[Strip, ...]) -> str:
        """The content of a `<details>` as Markdown (its HTML parts converted)."""
        parts: list[str] = []
        for part in details.parts:
            if isinstance(part, str):
                parts.append(answer_markdown(part))
            elif part.map is not None:
                parts.append(self.markdown(self._part_block(part, strips)))
        return "\n\n".join(part for part in parts if part.strip()).strip()

    def _part_block(self, node: Node, strips: tuple[Strip, ...]) -> Block:
        assert node.map is not None
        return Block(node.type, node.map[0], node.map[1], strips, node=node)

    def join(self, prefix: Sequence[Line], body: Sequence[Block]) -> str:
        parts = ["\n".join(line.text for line in prefix)] if prefix else []
        parts.extend(self.markdown(block) for block in body)
        # Not .strip(): an answer may start with an indented code block.
        return "\n\n".join(part for part in parts if part.strip()).strip("\n").rstrip()

    # -- cards ----------------------------------------------------------------------------

    def emit(
        self,
        kind: CardKind,
        question: str,
        answer: str,
        line: int,
        context: Context,
        notes: Sequence[Annotation],
        extra: dict[str, Any] | None = None,
        part: str | None = None,
        *,
        rule: str,
        end: int | None = None,
    ) -> None:
        """Add a card made by `rule` from lines `line`..`end`, applying annotations.

        Annotations may skip the card, force its kind, give its id, tags and block kinds.
        A basic card whose answer is empty is an open card: it never shows an empty back.
        """
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
        tags = self.front.tags
        if context.section_notes or resolved.tags:
            tags = (
                *tags,
                *(tag for note in context.section_notes for tag in note.tags),
                *resolved.tags,
            )
        answer = answer.strip("\n").rstrip()
        # A cloze's answer is its question revealed: both keep the author's text as it is.
        if kind != CardKind.CLOZE and has_html(answer):
            answer = clean_answer(answer, MARKDOWN_IT.parse).strip("\n").rstrip()
        if kind != CardKind.CLOZE:
            answer = remove_struck(answer).rstrip()
        if kind in _ASKING and not any(map(str.isalpha, question)):
            self.miss(f"{question[:20]!r} asks nothing (no words)")
            return
        blank = not answer.strip()
        if blank and kind not in (CardKind.BASIC, CardKind.OPEN, CardKind.FLOW):
            self.miss(f"{kind} card for {question[:40]!r} would have an empty answer")
            return
        if kind == CardKind.BASIC and blank and resolved.kind != CardKind.BASIC:
            kind = CardKind.OPEN
        card = CardSpec(
            kind=kind,
            question=question.strip(),
            answer=answer,
            line=line,
            section_path=context.path,
            tags=tuple(dict.fromkeys(tags)),  # each once, in order
            extra=extra,
            rule=rule,
            end_line=max(self.trim(end or line), line),
        )
        self.cards.append(card)
        if notes or context.section_notes:
            self._used.update(id(note) for note in (*notes, *context.section_notes))
        if resolved.kind is not None and resolved.kind == kind:
            self._kind_applied.update(id(note) for note in notes if note.kind == kind)
        if resolved.id_source is not None:
            self._with_id.add(id(card))
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
            self.warn(note.line, "flow annotation needs scenario=NAME (see `quizapp sim`)")
        if "step" in note.params:
            steps = parse_steps(note.params["step"])
            if steps is not None:
                extra["flow_steps"] = list(steps)
            elif first:
                given = note.params["step"]
                self.warn(note.line, f"step= expects numbers like 7 or 15-18 (got {given!r})")
        if not query:
            return kind
        extra["query"] = query
        if kind in _ANSWERED_KINDS:
            return CardKind.FLOW
        if first:
            self.warn(
                note.line,
                "a flow query= needs a question to ask (a Q. heading, paragraph or list item); "
                "kept as a link",
            )
        return kind

    def _link(self, sections: list[Section]) -> None:
        if not self._to_link:
            return
        matcher = SectionMatcher(sections)
        anchors = {section.anchor.casefold(): section for section in sections}
        for card in self._to_link:
            named = anchors.get(str(card.extra.pop("answer_anchor", "")).casefold())
            found = (named, 1.0) if named is not None else matcher.best(card.question, card.line)
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
                card.answer = self._section_answer(section)

    def _section_answer(self, section: Section) -> str:
        """A linked section as an answer: its blocks as Markdown (HTML converted)."""
        first, last = section.start_line - 1, section.end_line
        # A list's span may end on the blank line after it, past the section's last line.
        answer = self.join([], [b for b in self._top if first <= b.start < last])
        return clean_answer(answer, MARKDOWN_IT.parse) if has_html(answer) else answer

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
                self.warn(
                    card.line, f"id {card.explicit_id!r} is already used at line {first.line}"
                )
            else:
                seen[card.explicit_id] = card

    def _check_annotations(self) -> None:
        for note in self._all_notes:
            if id(note) not in self._used:
                if "skip" not in note.flags:
                    self.warn(
                        note.line,
                        "annotation applies to no card; put it right before the block it "
                        "annotates (or at the end of a heading or list-item line)",
                    )
            elif note.kind is not None and id(note) not in self._kind_applied:
                self.warn(
                    note.line,
                    f"kind={note.kind} does not fit the block after it; imported as usual",
                )
            elif (
                "reverse" in note.flags
                and not self.front.reverse
                and (id(note) not in self._reverse_applied)
            ):
                self.warn(note.line, "reverse applies only to definition lists (TERM: definition)")

    def warn(self, line: int | None, message: str) -> None:
        self.problems.append(ImportProblem(self.path, line, message, Severity.WARNING))


_HTML_KINDS = ("html_block",)


def _has_inline_html(block: Block) -> bool:
    inline = block.inline
    if inline is None or inline.token is None or "<" not in inline.token.content:
        return False
    return any(
        child.type == "html_inline" and not notes_annotations.is_annotation_comment(child.content)
        for child in inline.token.children or []
    )


_EXPLAINED = {
    "heading": "a section title: not a question (no ?, Q. or question ending), "
    "and no paragraph under it defines it",
    "paragraph": "plain text: not a marked question, a `term: definition` line, "
    "a cloze or a choice question",
    "bullet_list": "a list whose items are not questions, definitions, "
    "terms with nested answers or procedure steps",
    "ordered_list": "a numbered list that is neither questions, definitions nor a procedure",
    "table": "a table whose first column does not name terms",
    "details": "a label-only <details> with no question before it",
    "html_block": "HTML that is not a <details> question",
    "fence": "code: part of the note body, in no card",
    "code_block": "code: part of the note body, in no card",
}
"""Why a block of each kind made no card, when no rule said more."""


# -- small helpers ------------------------------------------------------------------------


def _under(parent: Context, heading: Heading, outer: Context) -> Context:
    """The context below `heading`, in a section whose context is `parent` (within `outer`,
    the context of the whole sequence): its path and section annotations extend the parent's."""
    return Context(
        (*parent.path, heading.title),
        heading,
        parent.section_notes + heading.annotations,
        outer.inherited,
        outer.in_list,
        outer.section_end,
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
