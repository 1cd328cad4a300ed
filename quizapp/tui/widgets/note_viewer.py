"""The note viewer: Textual's MarkdownViewer that never opens a file a link points to.

Textual's viewer follows a clicked link (or image) by reading that path from disk and
showing it: `[x](../../.ssh/config)` in a shared note would display the user's file. Here
links go only where the deck already knows: an anchor in the note, another imported note
(from the deck, not from disk), or a web address handed to the browser.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from textual.message import Message
from textual.widgets import Markdown, MarkdownViewer

WEB_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a clicked link leads: `anchor`, `web`, `note` (a path below the notes root) or
    `refused` (a file outside the notes, an absolute path, another scheme)."""

    kind: str
    value: str
    anchor: str = ""


def link_target(href: str, note_path: str) -> LinkTarget:
    """Classify a link in the note at `note_path` (relative to its root), without any I/O."""
    parts = urlsplit(href)
    if parts.scheme.lower() in WEB_SCHEMES:
        return LinkTarget("web", href)
    if parts.scheme or parts.netloc:
        return LinkTarget("refused", href)  # file:, javascript:, data:, //host/…
    path = unquote(parts.path)
    if not path:
        return LinkTarget("anchor", parts.fragment)
    if path.startswith("/"):
        return LinkTarget("refused", href)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(note_path), path))
    if target == ".." or target.startswith("../"):
        return LinkTarget("refused", href)
    return LinkTarget("note", target, parts.fragment)


class NoteViewer(MarkdownViewer):
    """A MarkdownViewer for one imported note; links never read the file system."""

    note_path = ""
    """The shown note's path below its root, which relative links start from."""

    @dataclass
    class NoteLinkClicked(Message):
        """A link to another note (`path` below the notes root), for the screen to open."""

        path: str
        anchor: str

    async def _on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
        # Replaces MarkdownViewer's handler (prevent_default stops the base class's one).
        message.prevent_default()
        message.stop()
        target = link_target(message.href, self.note_path)
        if target.kind == "anchor":
            self.document.goto_anchor(target.value)
        elif target.kind == "web":
            self.app.open_url(target.value)
        elif target.kind == "note":
            self.post_message(self.NoteLinkClicked(target.value, target.anchor))
        else:
            self.notify(
                f"{message.href}: links outside your notes are not opened",
                title="열지 않음 · not opened",
                severity="warning",
            )
