"""How much Markdown the app lays out as rich text, and what it shows instead of more.

Textual's Markdown widget makes one widget per block and lays the document out again as
each batch mounts: time grows with the square of the block count (measured at 100×30:
300 headings 0.7 s, 1,000 headings 5 s, 10,000 headings over 4 minutes, the app frozen).
Real notes have 30–70 top-level blocks; a note past the limit is shown as plain text,
and a card face past it is cut short.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

from quizapp.i18n import tr

MAX_RENDERED_BLOCKS = 800
"""Blocks (headings, paragraphs, list items, quotes, code…) laid out as Markdown at most."""

FACE_PREVIEW_LINES = 60
"""Lines of a too-big card face shown in review; the note holds the rest."""

_BLOCKS = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def block_count(markdown: str) -> int:
    """How many block widgets the Markdown would take (opened blocks and leaf blocks)."""
    return sum(
        1
        for token in _BLOCKS.parse(markdown)
        if token.nesting == 1 or (token.nesting == 0 and token.type != "inline")
    )


def too_big_to_render(markdown: str) -> bool:
    return block_count(markdown) > MAX_RENDERED_BLOCKS


def face_for_review(markdown: str) -> str:
    """A card face as shown in review: whole, or its start and a note that it goes on."""
    if not too_big_to_render(markdown):
        return markdown
    lines = markdown.split("\n")
    head = "\n".join(lines[:FACE_PREVIEW_LINES])
    more = len(lines) - FACE_PREVIEW_LINES
    return f"{head}\n\n---\n\n*… " + tr(
        f"{more:,}줄 더: 카드에 보이기에는 너무 깁니다. `o`로 노트를 엽니다.*",
        f"{more:,} more lines: too long to show on a card; `o` opens the note.*",
    )
