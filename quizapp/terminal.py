"""The one exit for text the CLI writes: every character of data made visible on the way out.

Text reaches the terminal from notes, backups, Anki packages, file names and error
messages, after all their decoding (YAML, JSON, HTML entities). `SafeConsole` is the Rich
console the CLI prints through; it replaces control characters (ESC, C1, bidi overrides)
in every piece of text Rich renders — table cells, markup, tracebacks of our own messages —
and only then adds Rich's own styling codes. So no field can send an escape sequence to
the terminal, whichever way it was printed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.segment import Segment

from quizapp.notes.sanitize import visible

_JSON_UNSAFE = {
    code: f"\\u{code:04x}"
    for code in (*range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
"""What `json.dumps` leaves raw but a terminal may act on: DEL, C1 controls, bidi controls."""


class SafeConsole(Console):
    """A Rich console whose rendered text has every control character made visible.

    Rich turns what is printed into segments, then segments into the string written out
    (`_render_buffer`, also what Textual calls). Text segments pass through `visible`
    there; control segments (cursor moves of a progress bar) are Rich's own and stay.
    Emoji codes are off: `:100:` in a user's value (`--delay 3:100`, a file name) is text,
    not 💯.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("emoji", False)
        super().__init__(*args, **kwargs)

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(visible(segment.text), segment.style)
            for segment in buffer
        )


def json_for_terminal(data: Any, **kwargs: Any) -> str:
    """`json.dumps(data, ensure_ascii=False)` with C1 controls, DEL and bidi controls written
    as `\\u` escapes: the same JSON to a program, nothing a terminal acts on."""
    return json.dumps(data, ensure_ascii=False, **kwargs).translate(_JSON_UNSAFE)


def cut_end(text: str, cells: int) -> str:
    """`text` in at most `cells` terminal cells, cut on the right with an ellipsis (wide
    Hangul counts two cells); runs of whitespace become one space first."""
    text = " ".join(text.split())
    if cell_len(text) <= cells:
        return text
    return set_cell_size(text, max(0, cells - 1)).rstrip() + "…"


def cut_start(text: str, cells: int) -> str:
    """`text` in at most `cells` cells, cut on the left: for a path (`…/tcp.md:12`), whose
    end — the file and its line — is what finds it again."""
    if cell_len(text) <= cells:
        return text
    return "…" + set_cell_size(text[::-1], max(0, cells - 1))[::-1].lstrip()
