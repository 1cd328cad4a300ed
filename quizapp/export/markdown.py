"""Export to Markdown in our content format: one file per deck that imports back unchanged.

Every card is written as the block the parser turns into that kind, with an annotation
carrying its id, kind and tags, so `quizapp import` of the file gives the same cards with
the same ids:

- basic, open and anything else: a one-item list `- Q. question` with the answer nested
  in the item (an item's content may hold headings, code and tables, unlike a paragraph's);
- multiple choice: the same, with the options and an `Answer:` line under the question;
- definition: `- TERM: definition` (`kind=reverse` for the reversed card alone);
- ordering: a heading with the procedure's title over a numbered list (`kind=ordering`);
- cloze: the paragraph with `{{cN::hidden::hint}}` markers.

Images the cards show are copied beside the files (see `_Images`).

What does not come back: where a card sat in its note (`section_path`, the section an open
question links to are those of the deck file) and the `(2)` of a second procedure under
one heading whose first one was not exported.
"""

from __future__ import annotations

import json
import math
import posixpath
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from quizapp.deck.images import may_hold_images
from quizapp.deck.models import Card
from quizapp.export.atomic import copy_file, write_text
from quizapp.export.render import MediaSet, Place, image_sources, is_remote, resolve_image
from quizapp.export.selection import ExportCard, ExportProgress, ExportResult, report
from quizapp.notes.definitions import split_definition
from quizapp.notes.model import CardKind, ImportProblem, Severity
from quizapp.notes.parser import ORDERING_PROMPT
from quizapp.notes.reader import MAX_NOTE_BYTES
from quizapp.notes.sanitize import visible

_ORDERING_SUFFIX = f" — {ORDERING_PROMPT}"
_NUMBERED = re.compile(r"^(?P<question>.*) \((?P<n>\d+)\)$", re.DOTALL)
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\u2400-\u2426\ufffd]+')
MAX_NAME_BYTES = 120
"""A deck file name's stem at most: room for `-NN.md` and a `.part` suffix under 255 bytes."""
_LETTERS = "ABCDEFGH"


@dataclass(frozen=True, slots=True)
class MarkdownCard:
    """What the writer needs of a card: plain data, so the Anki importer can use it too."""

    id: str
    kind: str
    question: str
    answer: str
    tags: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, card: Card) -> MarkdownCard:
        return cls(card.id, card.kind, card.question, card.answer, tuple(card.tag_list), card.extra)


def cloze_source(question: str, answer: str, clozes: list[dict[str, Any]]) -> str | None:
    """The cloze text with `{{cN::hidden::hint}}` markers, rebuilt from a card, or None.

    Walks the question (with `[...]` blanks) and the answer (hidden parts filled in) side
    by side; None when they do not line up.
    """
    out: list[str] = []
    q = a = 0
    for cloze in clozes:
        hint = cloze.get("hint")
        blank = f"[{hint}]" if hint else "[...]"
        hidden = str(cloze.get("text", ""))
        found = question.find(blank, q)
        while found >= 0:
            between = question[q:found]
            if answer.startswith(between, a) and answer.startswith(hidden, a + len(between)):
                break
            found = question.find(blank, found + 1)
        if found < 0:
            return None
        between = question[q:found]
        tail = f"::{hint}}}}}" if hint else "}}"
        out.append(f"{between}{{{{c{cloze.get('index', 1)}::{hidden}{tail}")
        q = found + len(blank)
        a += len(between) + len(hidden)
    if not clozes or question[q:] != answer[a:]:
        return None
    out.append(question[q:])
    return "".join(out)


def _annotation(card: MarkdownCard, kind: str) -> str:
    """The `<!-- quizapp: … -->` line (or fenced block) that carries id, kind, tags, rubric."""
    extra = card.extra
    words: list[str] = []
    block_kind = extra.get("annotation_kind")
    if block_kind:
        words.append(str(block_kind))
    words += [f"id={card.id}", f"kind={kind}"]
    if card.tags:
        words.append(f"tags={shlex.quote(','.join(card.tags))}")
    params = extra.get("annotation_params") or {}
    words += [f"{key}={shlex.quote(str(value))}" for key, value in params.items()]
    first = " ".join(words)
    body = str(extra.get("annotation_body") or "") if block_kind else ""
    if "-->" in body:
        fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", body)), default=0) + 1)
        return f"{fence}quizapp {first}\n{body}\n{fence}"
    if body:
        return f"<!-- quizapp: {first}\n{body}\n-->"
    return f"<!-- quizapp: {first} -->"


def _indent(text: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))


def _one_paragraph(text: str) -> str:
    """Text that stays one paragraph: blank lines would end it (and start the answer)."""
    lines = [line.strip() for line in text.strip().split("\n")]
    return "\n".join(line for line in lines if line)


def _question_item(question: str, body: str) -> str:
    lines = _one_paragraph(question).split("\n")
    out = "- Q. " + "\n".join([lines[0], *(_indent(line, 2) for line in lines[1:])])
    if body.strip():
        out += "\n\n" + _indent(body.strip("\n"), 2)
    return out


def _choice_block(card: MarkdownCard) -> str | None:
    options = [str(option) for option in card.extra.get("options") or []]
    correct = card.extra.get("correct")
    if not options or not isinstance(correct, int) or not 0 <= correct < len(options):
        return None
    labels = _LETTERS if len(options) <= len(_LETTERS) else "123456789"
    lines = [f"{labels[n]}) {option}" for n, option in enumerate(options)]
    lines.append(f"Answer: {labels[correct]}")
    explanation = card.answer.removeprefix(options[correct]).strip("\n")
    item = _question_item(card.question + "\n" + "\n".join(lines), "")
    if explanation:
        item += "\n\n" + _indent(explanation, 2)
    return item


def _definition_block(term: str, answer: str) -> str:
    definition, _, rest = answer.partition("\n\n")
    item = f"- {term}: {' '.join(definition.split())}"
    if rest.strip():
        item += "\n\n" + _indent(rest.strip("\n"), 2)
    return item


@dataclass
class _Writer:
    """Builds one deck file, remembering the last procedure heading written."""

    parts: list[str] = field(default_factory=list)
    headless: list[str] = field(default_factory=list)
    """Procedures with no heading above them: they must come before every heading."""
    last_title: str | None = None
    last_number: int = 0

    def add(self, card: MarkdownCard) -> None:
        kind = card.kind
        block: str | None = None
        if kind == CardKind.ORDERING and card.extra.get("steps"):
            self._ordering(card)
            return
        if kind == CardKind.CHOICE:
            block = _choice_block(card)
        elif kind in (CardKind.DEFINITION, CardKind.REVERSE):
            term = str(card.extra.get("term") or "")
            if term:
                answer = card.answer if kind == CardKind.DEFINITION else card.question
                # `TERM: definition`, unless the importer would read no definition in it
                # (a term ending `…:6` makes the shortcode `:6:`): then `**TERM**: …`.
                block = next(
                    (
                        written
                        for written in (
                            _definition_block(term, answer),
                            _definition_block(f"**{term}**", answer),
                        )
                        if split_definition(written.split("\n", 1)[0].removeprefix("- "))
                    ),
                    None,
                )
                if block is None:  # as its question, rather than lost
                    kind = CardKind.BASIC
        elif kind == CardKind.CLOZE:
            block = cloze_source(card.question, card.answer, card.extra.get("clozes") or [])
            if block is not None:
                block = _one_paragraph(block)
        if block is None:
            kind = kind if kind != CardKind.CHOICE else CardKind.BASIC
            block = _question_item(card.question, card.answer)
        self.parts.append(f"{_annotation(card, kind)}\n{block}")

    def _ordering(self, card: MarkdownCard) -> None:
        question, number = card.question, 1
        numbered = _NUMBERED.match(question)
        if numbered and numbered.group("question").endswith(_ORDERING_SUFFIX):
            question, number = numbered.group("question"), int(numbered.group("n"))
        title = question.removesuffix(_ORDERING_SUFFIX) if question != ORDERING_PROMPT else ""
        steps = "\n".join(
            f"{n}. {str(step).replace(chr(10), ' ')}"
            for n, step in enumerate(card.extra["steps"], 1)
        )
        block = f"{_annotation(card, CardKind.ORDERING)}\n{steps}"
        if not title:
            self.headless.append(block)
            return
        if not (title == self.last_title and number == self.last_number + 1):
            self.parts.append(f"## {title}")
        self.parts.append(block)
        self.last_title, self.last_number = title, number


def deck_markdown(deck: str, cards: Iterable[MarkdownCard]) -> str:
    """One deck as a note file: front matter naming the deck, then every card's block."""
    writer = _Writer()
    for card in cards:
        writer.add(card)
    # JSON strings are valid YAML and keep any deck name intact.
    front = f"---\ndeck: {json.dumps(deck, ensure_ascii=False)}\n---\n"
    return front + "\n\n".join([*writer.headless, *writer.parts, _END]) + "\n"


_END = "<!-- end of the exported cards -->"
"""Closes the last list: an item the user appends below starts a list of its own, instead of
joining the last card's list and taking its id annotation from it."""


FILE_BUDGET = MAX_NOTE_BYTES // 2
"""A deck file stays well under what the importer reads; a larger deck is split in parts."""


def deck_parts(deck: str, cards: list[MarkdownCard]) -> list[str]:
    """The deck's Markdown, in as few files as keep each within `FILE_BUDGET`."""
    text = deck_markdown(deck, cards)
    count = math.ceil(len(text.encode()) / FILE_BUDGET)
    if count <= 1:
        return [text]
    size = math.ceil(len(cards) / count)
    return [deck_markdown(deck, cards[i : i + size]) for i in range(0, len(cards), size)]


def deck_file_name(deck: str, taken: set[str]) -> str:
    """A file name for a deck (`네트워크::TCP` → `네트워크--TCP.md`), unique among `taken`.

    Cut to `MAX_NAME_BYTES` of UTF-8 (file systems allow 255 bytes; 100 Hangul are 300).
    """
    base = _UNSAFE_NAME.sub("_", visible(deck).replace("::", "--")).strip(". ")
    base = base.encode()[:MAX_NAME_BYTES].decode(errors="ignore").strip(". ") or "deck"
    name, n = f"{base}.md", 1
    while name.casefold() in taken:
        n += 1
        name = f"{base}-{n}.md"
    taken.add(name.casefold())
    return name


@dataclass
class _Images:
    """Copies the images cards show next to the deck files, under the same relative path
    when it stays in the export folder and is free, else under `media/` (and the card's
    reference is rewritten). Images outside a note's content folder are reported, never read.
    """

    folder: Path
    copied: dict[str, Path] = field(default_factory=dict)
    """Path below `folder` → the file copied there."""
    media: MediaSet = field(default_factory=MediaSet)
    problems: list[ImportProblem] = field(default_factory=list)
    _reported: set[tuple[str, str]] = field(default_factory=set)

    def card(self, item: ExportCard) -> MarkdownCard:
        card = MarkdownCard.of(item.card)
        texts = {"question": card.question, "answer": card.answer}
        for name, text in texts.items():
            for src in image_sources(text) if may_hold_images(text) else ():
                if is_remote(src):
                    continue
                target = self._copy(src, item.place)
                if target is not None and target != src:
                    for form in {src, unquote(src)}:
                        text = text.replace(f"]({form}", f"]({target}")
                        text = text.replace(f'src="{form}"', f'src="{target}"')
            texts[name] = text
        return replace(card, **texts)

    def _copy(self, src: str, place: Place) -> str | None:
        found = resolve_image(src, place)
        if isinstance(found, str):
            key = (f"{place.source}:{place.line}", found)
            if key not in self._reported:
                self._reported.add(key)
                self.problems.append(
                    ImportProblem(place.source, place.line, found, Severity.WARNING)
                )
            return None
        wanted = posixpath.normpath(unquote(src))
        if wanted.startswith("..") or posixpath.isabs(wanted):
            wanted = f"media/{self.media.add(found)}"
        held = self.copied.get(wanted)
        if held is not None and held != found:
            wanted = f"media/{self.media.add(found)}"
            held = self.copied.get(wanted)
        if held is None:
            target = self.folder / wanted
            target.parent.mkdir(parents=True, exist_ok=True)
            copy_file(found, target)
            self.copied[wanted] = found
        return wanted


def export_markdown(
    cards: list[ExportCard], out: Path, *, progress: ExportProgress | None = None
) -> ExportResult:
    """Write one Markdown file per deck into the folder `out` (or to `out` itself if it is a
    `.md` file and the cards are all of one deck), with the images the cards show."""
    images = _Images(out.parent if out.suffix.lower() == ".md" else out)
    by_deck: dict[str, list[MarkdownCard]] = {}
    for done, item in enumerate(cards, 1):
        by_deck.setdefault(item.deck, []).append(images.card(item))
        report(progress, done, len(cards))
    files: list[Path] = []
    if out.suffix.lower() == ".md":
        if len(by_deck) > 1:
            raise ValueError(
                f"{len(by_deck)} decks need a folder, one file each; "
                "give a folder to -o or choose one deck with --deck"
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        for deck, deck_cards in by_deck.items():
            text = deck_markdown(deck, deck_cards)
            if len(text.encode()) > FILE_BUDGET:
                images.problems.append(
                    ImportProblem(
                        str(out),
                        None,
                        f"{len(deck_cards)} cards make a file over the importer's limit of "
                        f"{MAX_NOTE_BYTES // 1024 // 1024} MiB; export to a folder to split it",
                        Severity.WARNING,
                    )
                )
            write_text(out, text)
            files.append(out)
    else:
        out.mkdir(parents=True, exist_ok=True)
        taken: set[str] = set()
        for deck, deck_cards in by_deck.items():
            for part in deck_parts(deck, deck_cards):
                target = out / deck_file_name(deck, taken)
                write_text(target, part)
                files.append(target)
    return ExportResult(
        path=out,
        cards=len(cards),
        decks=len(by_deck),
        media=len(images.copied),
        files=files,
        problems=images.problems,
    )
