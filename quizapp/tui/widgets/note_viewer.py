"""The note viewer: Textual's MarkdownViewer that never opens a file a link points to.

Textual's viewer follows a clicked link (or image) by reading that path from disk and
showing it: `[x](../../.ssh/config)` in a shared note would display the user's file. Here
links go only where the deck already knows: an anchor in the note, another imported note
(from the deck, not from disk), or a web address handed to the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import Markdown, MarkdownViewer

from quizapp.notes.links import link_target


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
