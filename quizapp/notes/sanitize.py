"""Control characters out of note text, so nothing in a note can drive the user's terminal.

Terminals act on escape sequences wherever they appear in the output: a note holding
`ESC ] 52 ; c ; …` would set the clipboard, `ESC ] 0 ; …` the window title, `ESC [ 31 m`
the colours — and neither Rich nor Textual removes them from text. So they are replaced
when a note is read, before it is parsed, and every consumer (TUI, CLI, exports) gets
clean text. Each character is replaced by one visible character, so line and column
numbers stay those of the file.
"""

from __future__ import annotations

import re
import unicodedata

from quizapp.notes.model import ImportProblem, Severity

MAX_LINES_REPORTED = 10
"""Lines with control characters reported one by one; the rest are counted in one problem."""

_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder what the user sees (Trojan Source)."""


def _replacement(char: str) -> str | None:
    """The visible stand-in for a character that must not reach a terminal, else None."""
    code = ord(char)
    if char in "\t\n":
        return None
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode control picture: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0x80 <= code <= 0x9F or char in _BIDI_CONTROLS:
        return "\ufffd"  # C1 controls (0x9B is a one-byte CSI) have no picture
    return None


_SURROGATES = range(0xD800, 0xE000)
"""Lone surrogates: no character at all. JSON can spell them (`"\\udc9b"`) and Python keeps
bytes that are not UTF-8 as them; no terminal can show one and the database refuses to
store one (UnicodeEncodeError)."""

# A translation table over every character that needs replacing (below U+2070, and the
# surrogates).
_TABLE = {
    code: replacement
    for code in range(0x2070)
    if (replacement := _replacement(chr(code))) is not None
} | dict.fromkeys(_SURROGATES, "\ufffd")


_ANY = re.compile(
    "["
    + "".join(re.escape(chr(code)) for code in _TABLE if code not in _SURROGATES)
    + "\ud800-\udfff]"
)
"""Finds a character to replace: `str.translate` with a dict costs ~0.2 µs per character,
so text without any (nearly every note) is returned as it is after one regex search."""


def visible(text: str) -> str:
    """`text` with every control character (but tab and newline) replaced by a visible one."""
    return text.translate(_TABLE) if _ANY.search(text) else text


def has_undecodable_bytes(text: str) -> bool:
    """Whether `text` (a file name or argument from the OS) holds bytes that are not UTF-8:
    Python keeps each as a lone surrogate U+DC80–U+DCFF, which no database column stores."""
    return any("\udc80" <= char <= "\udcff" for char in text)


def undecodable_as_replacement(text: str) -> str:
    """`text` from the OS with its bytes that are not UTF-8 shown as U+FFFD."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


_ONE_LINE = {**_TABLE, ord("\n"): "\u240a", ord("\t"): "\u2409", ord("\r"): "\u240d"}


def one_line(text: str) -> str:
    """`visible(text)` that also shows newlines and tabs as `␊` and `␉`: for names and
    paths, where a newline would let a file name forge a line of output."""
    return text.translate(_ONE_LINE)


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    if not name:
        name = {0x1B: "ESCAPE", 0x07: "BELL", 0x7F: "DELETE"}.get(ord(char), "control")
    return f"U+{ord(char):04X} {name}"


def sanitize_note_text(text: str, path: str) -> tuple[str, list[ImportProblem]]:
    """The note's text made safe to show, and a warning for each line that had to change."""
    clean = visible(text)
    if clean == text:
        return text, []
    problems: list[ImportProblem] = []
    changed_lines = 0
    for number, (before, after) in enumerate(
        zip(text.split("\n"), clean.split("\n"), strict=True), 1
    ):
        if before == after:
            continue
        changed_lines += 1
        if changed_lines > MAX_LINES_REPORTED:
            continue
        found = sorted({c for c, d in zip(before, after, strict=True) if c != d})
        names = ", ".join(_describe(c) for c in found)
        message = f"control characters shown as placeholders ({names})"
        problems.append(ImportProblem(path, number, message, Severity.WARNING))
    if changed_lines > MAX_LINES_REPORTED:
        more = changed_lines - MAX_LINES_REPORTED
        message = f"control characters on {more} more lines, shown as placeholders"
        problems.append(ImportProblem(path, None, message, Severity.WARNING))
    return clean, problems
