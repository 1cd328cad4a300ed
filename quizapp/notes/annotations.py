"""Parse `<!-- quizapp … -->` annotations (ids, tags, flags, forced kinds, multi-line blocks).

An annotation is an HTML comment (invisible on GitHub) or a fenced block whose info
string starts with `quizapp`. Its first line holds `key=value` pairs and bare flags; an
optional block kind (`rubric`, `flow`) may come first, and then the lines after the first
one are the annotation's body, kept verbatim for the part of the app that understands
that kind. New kinds are added to `BLOCK_KINDS`; new card-level keys to `KEYS`.
"""

from __future__ import annotations

import re
import shlex
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from quizapp.notes.model import CardKind, ImportProblem, Severity


@dataclass(frozen=True, slots=True)
class BlockKind:
    """A multi-line annotation kind and the extra keys its first line may carry."""

    name: str
    keys: frozenset[str] = frozenset()


BLOCK_KINDS: dict[str, BlockKind] = {
    "rubric": BlockKind("rubric", frozenset({"scenario", "pass"})),
    "flow": BlockKind("flow", frozenset({"scenario", "query", "step"})),
}
"""Kinds whose body or parameters other packages interpret (quiz rubrics, flow questions)."""

KEYS = frozenset({"id", "tags", "kind"})
FLAGS = frozenset({"reverse", "skip"})

_COMMENT_START = re.compile(r"^\s*<!--\s*quizapp(?=[\s:]|-->)\s*:?", re.IGNORECASE)
_FENCE_INFO = re.compile(r"^quizapp(?=[\s:]|$)\s*:?", re.IGNORECASE)
_ID = re.compile(r"^[\w.:/\-]+$")


@dataclass(slots=True, eq=False)
class Annotation:
    """One annotation as written; compared by identity so each can be tracked as used."""

    line: int
    """1-based line of the comment's `<!--` (or the fence's opening line)."""
    id: str | None = None
    tags: tuple[str, ...] = ()
    kind: CardKind | None = None
    """`kind=…`: the card kind the author forces on the block."""
    flags: frozenset[str] = frozenset()
    block_kind: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    """Values of the block kind's own keys (`scenario`, `query`)."""
    body: str = ""
    body_line: int = 0
    """1-based line of the body's first line (after the blank lines `body` drops)."""


_NAME = re.compile("quizapp", re.IGNORECASE)


def may_hold_annotations(text: str) -> bool:
    """False for a note that holds no annotation: it never names `quizapp` (most notes)."""
    return _NAME.search(text) is not None


def is_annotation_comment(html: str) -> bool:
    """Whether an HTML block or inline HTML is a quizapp annotation comment."""
    return _COMMENT_START.match(html) is not None


def is_annotation_fence(info: str) -> bool:
    return _FENCE_INFO.match(info.strip()) is not None


def parse_comment(html: str, line: int, path: str) -> tuple[Annotation, list[ImportProblem]]:
    """Parse `<!-- quizapp[:] first line [\\n body …] -->` starting on 1-based `line`."""
    match = _COMMENT_START.match(html)
    text = html[match.end() :] if match else html
    end = text.find("-->")
    problems: list[ImportProblem] = []
    if end < 0:
        problems.append(_warning(path, line, "annotation is not closed with -->"))
    else:
        text = text[:end]
    first, _, body = text.partition("\n")
    annotation, more = _parse(first, body, line, path)
    return annotation, problems + more


def parse_fence(
    info: str, content: str, line: int, path: str
) -> tuple[Annotation, list[ImportProblem]]:
    """Parse a fenced annotation: the info string after `quizapp` is the first line."""
    match = _FENCE_INFO.match(info.strip())
    first = info.strip()[match.end() :] if match else info
    return _parse(first, content, line, path)


def _parse(first: str, body: str, line: int, path: str) -> tuple[Annotation, list[ImportProblem]]:
    problems: list[ImportProblem] = []
    dedented = textwrap.dedent(body)
    leading = len(dedented) - len(dedented.lstrip("\n"))
    annotation = Annotation(line=line, body=dedented.strip("\n"), body_line=line + 1 + leading)
    try:
        words = shlex.split(first)
    except ValueError:
        problems.append(
            _warning(path, line, f"annotation has an unbalanced quote: {first.strip()!r}")
        )
        words = first.split()
    flags: set[str] = set()
    seen: set[str] = set()
    for word in words:
        key, has_value, value = word.partition("=")
        key = key.strip().lower()
        if not has_value:
            if key in BLOCK_KINDS and annotation.block_kind is None:
                annotation.block_kind = key
            elif key in FLAGS:
                flags.add(key)
            elif key in KEYS:
                problems.append(
                    _warning(path, line, f"annotation key {key!r} needs a value ({key}=…)")
                )
            else:
                known = ", ".join(sorted(FLAGS | set(BLOCK_KINDS)))
                problems.append(
                    _warning(path, line, f"unknown annotation flag {key!r} (known: {known})")
                )
            continue
        if key in seen:
            problems.append(
                _warning(path, line, f"annotation key {key!r} given twice; the last wins")
            )
        seen.add(key)
        problem = _set_key(annotation, key, value.strip())
        if problem:
            problems.append(_warning(path, line, problem))
    annotation.flags = frozenset(flags)
    if not words and not annotation.body:
        problems.append(_warning(path, line, "empty annotation does nothing"))
    return annotation, problems


def _set_key(annotation: Annotation, key: str, value: str) -> str | None:
    """Store one `key=value`; returns a problem message instead when it is not valid."""
    if key == "id":
        if not _ID.match(value):
            return f"annotation id {value!r} must be letters, digits and - _ . : / (no spaces)"
        annotation.id = value
    elif key == "tags":
        annotation.tags = split_tags(value)
        if not annotation.tags:
            return "annotation tags= is empty"
    elif key == "kind":
        try:
            annotation.kind = CardKind(value.lower())
        except ValueError:
            known = ", ".join(kind.value for kind in CardKind)
            return f"unknown card kind {value!r} (known: {known})"
    elif annotation.block_kind and key in BLOCK_KINDS[annotation.block_kind].keys:
        annotation.params[key] = value
    else:
        extra = BLOCK_KINDS[annotation.block_kind].keys if annotation.block_kind else frozenset()
        known = ", ".join(sorted(KEYS | extra))
        return f"unknown annotation key {key!r} (known: {known})"
    return None


def split_tags(value: str) -> tuple[str, ...]:
    """Tags from `a,b` or `a, b c`: commas or spaces separate; a leading `#` is dropped."""
    tags: list[str] = []
    for raw in re.split(r"[,\s]+", value):
        tag = raw.strip().lstrip("#")
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a list of annotations (least to most specific) means for one card."""

    id: str | None = None
    id_source: Annotation | None = None
    tags: tuple[str, ...] = ()
    kind: CardKind | None = None
    flags: frozenset[str] = frozenset()
    block: Annotation | None = None
    """The most specific annotation with a block kind (its body and params go to the card)."""


def resolve(annotations: Sequence[Annotation]) -> Resolved:
    """Combine annotations: tags and flags add up; for the rest the most specific wins."""
    if not annotations:
        return _NOTHING  # most blocks carry none
    ident: Annotation | None = None
    kind: CardKind | None = None
    block: Annotation | None = None
    tags: list[str] = []
    flags: set[str] = set()
    for annotation in annotations:
        if annotation.id is not None:
            ident = annotation
        if annotation.kind is not None:
            kind = annotation.kind
        if annotation.block_kind is not None:
            block = annotation
        tags.extend(tag for tag in annotation.tags if tag not in tags)
        flags |= annotation.flags
    return Resolved(
        id=ident.id if ident else None,
        id_source=ident,
        tags=tuple(tags),
        kind=kind,
        flags=frozenset(flags),
        block=block,
    )


_NOTHING = Resolved()


def _warning(path: str, line: int, message: str) -> ImportProblem:
    return ImportProblem(path, line, message, Severity.WARNING)
