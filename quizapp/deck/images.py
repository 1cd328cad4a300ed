"""The images a note or card shows, resolved to files — only files inside the deck's sources.

A note is shared text: `![](../../.ssh/id_rsa.png)` or a symlink out of the folder must not
make the app read a file the user never imported. Web images are not downloaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from sqlalchemy.engine import Engine
from sqlmodel import Session

from quizapp.deck.models import Note
from quizapp.deck.sources import source_containing

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp"})
MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""Bigger files are not decoded: a terminal shows a few hundred pixels at most."""

_PARSER = MarkdownIt("commonmark", {"html": True})
_HTML_IMG = re.compile(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']+)["'][^>]*>""", re.IGNORECASE)
_HTML_ALT = re.compile(r"""\balt\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class NoteImage:
    """One image reference: the file to show, or why it is not shown."""

    alt: str
    src: str
    path: Path | None
    problem: str | None = None


def may_hold_images(text: str) -> bool:
    """Whether `text` may show an image (`![…]` or `<img>`): most card faces do not, and
    are then neither parsed nor looked up."""
    return "![" in text or "<img" in text.lower()


def image_refs(markdown: str) -> list[tuple[str, str]]:
    """(alt text, src) of every image in the Markdown, Markdown and HTML `<img>` alike."""
    found: list[tuple[str, str]] = []

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            if token.type == "image":
                found.append((token.content, str(token.attrs.get("src", ""))))
            elif token.type in ("html_block", "html_inline"):
                for tag in _HTML_IMG.finditer(token.content):
                    alt = _HTML_ALT.search(tag.group(0))
                    found.append((alt.group(1) if alt else "", tag.group(1)))
            if token.children:
                walk(token.children)

    walk(_PARSER.parse(markdown))
    return found


def resolve_images(session: Session, note_file: Path, markdown: str) -> list[NoteImage]:
    """Each image of `markdown` (written in `note_file`) as a file inside a source, or not."""
    images = []
    for alt, src in image_refs(markdown):
        images.append(_resolve(session, note_file, alt, src))
    return images


def _resolve(session: Session, note_file: Path, alt: str, src: str) -> NoteImage:
    if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.IGNORECASE):
        return NoteImage(alt, src, None, "web images are not downloaded")
    relative = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if not relative:
        return NoteImage(alt, src, None, "no file named")
    candidate = note_file.parent / relative
    if source_containing(session, candidate) is None:
        return NoteImage(alt, src, None, "outside the imported folders")
    path = candidate.resolve()
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        return NoteImage(alt, src, None, "not an image file")
    if not path.is_file():
        return NoteImage(alt, src, None, "file not found")
    if path.stat().st_size > MAX_IMAGE_BYTES:
        return NoteImage(alt, src, None, "too large to show")
    return NoteImage(alt, src, path)


def note_images(engine: Engine, note_id: int, markdown: str | None = None) -> list[NoteImage]:
    """The images of a note (or of `markdown` written in it, a card's faces)."""
    with Session(engine) as session:
        note = session.get(Note, note_id)
        if note is None:
            return []
        text = note.markdown if markdown is None else markdown
        return resolve_images(session, Path(note.file_path), text)
