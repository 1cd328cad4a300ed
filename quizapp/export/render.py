"""Card Markdown → HTML for Anki fields: raw HTML made inert, images resolved to media files.

Notes are untrusted input (issue 7): any HTML an author wrote is escaped and shows as text,
except `<br>` and `<img>`, which are rebuilt from scratch rather than passed through. An
image is copied as media only when its file lies inside the note's content folder once
symlinks are resolved, and that folder inside a source (`select_cards` hands on no folder
otherwise); `../`, absolute paths and links out of the folder are reported and left out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from quizapp.notes.model import ImportProblem, Severity

_MARKUP = r"\\`*_\[\]<>!&|~=#\"\t\n\r\x00"
"""Characters Markdown (or HTML escaping) may act on anywhere in a line."""
_PLAIN = re.compile(rf"^(?![\s\d\-+])[^{_MARKUP}]*(?<!\s)\Z")
"""One line with nothing Markdown reads as markup, not starting like a list or code block:
its HTML is known without parsing (most Korean questions look like this)."""
_SOURCES = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_BR = re.compile(r"^<\s*/?\s*br\s*/?\s*>$", re.IGNORECASE)
_REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)
_DATA_IMAGE = re.compile(r"^data:image/(?:png|gif|jpeg|webp);", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Place:
    """Where a piece of Markdown comes from: for resolving images and naming problems."""

    root: str | None
    """The note's content folder; None for a card with no note (nothing can be read)."""
    note_path: str | None
    """The note's path below `root`, forward slashes."""
    source: str
    """The note's path as the card names it (`Card.source_path`), for problems."""
    line: int | None
    no_root: str = "the card has no note folder to read images from"
    """Why `root` is None (a card with no note, a note outside every source)."""


@dataclass
class MediaSet:
    """Image files to ship with an export, by the name they get in the export."""

    files: dict[str, Path] = field(default_factory=dict)
    _names: dict[Path, str] = field(default_factory=dict)

    def add(self, file: Path) -> str:
        """The export name of `file`: its own name plus a hash of its bytes, so two different
        `images/a.png` of two notes never overwrite each other in Anki's flat media folder."""
        name = self._names.get(file)
        if name is None:
            digest = hashlib.sha1(file.read_bytes(), usedforsecurity=False).hexdigest()[:8]
            name = f"{file.stem}-{digest}{file.suffix.lower()}"
            self._names[file] = name
            self.files[name] = file
        return name


def resolve_image(src: str, place: Place) -> Path | str:
    """The file a local image reference names, or why it may not be read.

    Returns the resolved path when it is a file inside the note's content folder;
    otherwise the reason as a string.
    """
    if place.root is None or place.note_path is None:
        return place.no_root
    target = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if not target:
        return "empty image path"
    if target.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", target):
        return f"absolute image path {target!r} is outside the content folder: skipped"
    if re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*:", target):
        return f"image {target!r} is not a file in the content folder: skipped"
    root = Path(place.root).resolve()
    note_dir = (Path(place.root) / PurePosixPath(place.note_path)).parent
    try:
        resolved = (note_dir / target).resolve()
    except (OSError, RuntimeError):
        return f"image {target!r} cannot be resolved: skipped"
    if not resolved.is_relative_to(root):
        return f"image {target!r} is outside the content folder: skipped"
    if not resolved.is_file():
        return f"image {target!r} not found"
    return resolved


def is_remote(src: str) -> bool:
    """An image that is a link (http, protocol-relative) or inline data: nothing to copy."""
    return bool(_REMOTE.match(src) or _DATA_IMAGE.match(src))


def image_sources(markdown: str) -> list[str]:
    """The `src` of every image in `markdown`: `![…](src)` and `<img src=…>` alike."""
    sources: list[str] = []
    stack = list(reversed(_SOURCES.parse(markdown)))
    while stack:
        token = stack.pop()
        if token.type == "image":
            sources.append(str(token.attrGet("src") or ""))
        elif token.type in ("html_inline", "html_block"):
            tag = _single_tag(token.content.strip())
            if tag is not None and tag[0] == "img" and tag[1].get("src"):
                sources.append(str(tag[1]["src"]))
        stack.extend(reversed(token.children or []))
    return [src.strip() for src in sources if src.strip()]


class FieldRenderer:
    """Renders card Markdown to Anki-safe HTML and collects the media it needs."""

    def __init__(self, media: MediaSet | None = None) -> None:
        self.media = media if media is not None else MediaSet()
        self.problems: list[ImportProblem] = []
        self._reported: set[tuple[str, str]] = set()
        md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
        # markdown-it binds a rule to its renderer as `self`; these close over the renderer
        # of fields instead.
        for name, rule in (
            ("html_inline", self._render_html),
            ("html_block", self._render_html_block),
            ("image", self._render_image),
        ):
            md.add_render_rule(name, _unbound(rule))
        self._md = md
        self._place = Place(None, None, "", None)

    def html(self, markdown: str, place: Place) -> str:
        """The HTML of `markdown`; problems (skipped images) are added to `self.problems`."""
        if not markdown.strip():
            return ""
        if _PLAIN.match(markdown):
            return f"<p>{markdown}</p>"
        self._place = place
        return self._md.render(markdown).strip()

    def inline(self, markdown: str, place: Place) -> str:
        """HTML of one line of Markdown (a step, an option): no paragraph around it."""
        self._place = place
        return self._md.renderInline(markdown).strip()

    # -- render rules -------------------------------------------------------------------

    def _render_html(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return self._safe_html(tokens[idx].content)

    def _render_html_block(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        content = tokens[idx].content
        if content.lstrip().startswith("<!--"):
            return ""
        return f"<p>{self._safe_html(content.strip())}</p>\n"

    def _render_image(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        token = tokens[idx]
        alt = self._md.renderer.renderInlineAsText(token.children or [], options, env)
        return self._image(str(token.attrGet("src") or ""), alt)

    def _safe_html(self, html: str) -> str:
        """Raw HTML from a note: `<br>` and `<img>` are rebuilt, everything else is text."""
        if _BR.match(html.strip()):
            return "<br>"
        tag = _single_tag(html)
        if tag is not None and tag[0] == "img":
            attrs = tag[1]
            return self._image(attrs.get("src") or "", attrs.get("alt") or "")
        return escape(html)

    def _image(self, src: str, alt: str) -> str:
        src = src.strip()
        if is_remote(src):
            return f'<img src="{escape(src)}" alt="{escape(alt)}">'
        found = resolve_image(src, self._place)
        if isinstance(found, str):
            self._report(found)
            return f"[{escape(alt)}]" if alt else ""
        name = self.media.add(found)
        return f'<img src="{escape(name)}" alt="{escape(alt)}">'

    def _report(self, message: str) -> None:
        key = (self._place.source, message)
        if key in self._reported:
            return
        self._reported.add(key)
        place = self._place
        self.problems.append(ImportProblem(place.source, place.line, message, Severity.WARNING))


Rule = Callable[[Sequence[Token], int, OptionsDict, EnvType], str]


def _unbound(rule: Rule) -> Callable[..., str]:
    def render(
        _renderer: object, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
    ) -> str:
        return rule(tokens, idx, options, env)

    return render


class _OneTag(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.other = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.other = True

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.other = True

    def handle_comment(self, data: str) -> None:
        self.other = True


def _single_tag(html: str) -> tuple[str, dict[str, Any]] | None:
    """`(name, attributes)` when `html` is exactly one start tag, else None."""
    parser = _OneTag()
    parser.feed(html)
    parser.close()
    if parser.other or len(parser.tags) != 1:
        return None
    return parser.tags[0]
