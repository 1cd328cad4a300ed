"""The note viewer: Textual's MarkdownViewer that never opens a file a link points to.

Textual's viewer follows a clicked link (or image) by reading that path from disk and
showing it: `[x](../../.ssh/config)` in a shared note would display the user's file. Here
links go only where the deck already knows: an anchor in the note, another imported note
(from the deck, not from disk), or a web address handed to the browser.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import Markdown, MarkdownViewer, Tree
from textual.widgets.markdown import MarkdownTableOfContents, TableOfContentsType
from textual.widgets.tree import TreeNode

from quizapp.i18n import tr
from quizapp.notes.links import link_target


class NoteContents(MarkdownTableOfContents):
    """The contents tree, each heading under the nearest heading above it of a lower level.

    Textual's own tree fills a skipped level (`#` then `###`) with an unlabeled node; a note
    written that way is common, so here the `###` simply sits under the `#`.
    """

    def rebuild_table_of_contents(self, table_of_contents: TableOfContentsType) -> None:
        tree = self.query_one(Tree)
        tree.clear()
        stack: list[tuple[int, TreeNode[dict[str, str]]]] = [(0, tree.root)]
        for level, name, block_id in table_of_contents:
            while stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1]
            parent.expand()
            label = Text.assemble((f"H{level} ", "dim"), name)
            node = parent.add(label, {"block_id": block_id}, expand=True, allow_expand=False)
            if stack[-1][0] < level:
                stack.append((level, node))
        self._allow_expand_parents(tree.root)

    def _allow_expand_parents(self, node: TreeNode[dict[str, str]]) -> None:
        for child in node.children:
            child.allow_expand = bool(child.children)
            self._allow_expand_parents(child)


class NoteViewer(MarkdownViewer):
    """A MarkdownViewer for one imported note; links never read the file system."""

    note_path = ""
    """The shown note's path below its root, which relative links start from."""

    def compose(self) -> ComposeResult:
        markdown = Markdown(parser_factory=self._parser_factory, open_links=self._open_links)
        markdown.can_focus = True
        yield markdown
        yield NoteContents(markdown)

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
                f"{message.href}: "
                + tr("노트 밖의 링크는 열지 않습니다", "links outside your notes are not opened"),
                title=tr("열지 않음", "not opened"),
                severity="warning",
            )
