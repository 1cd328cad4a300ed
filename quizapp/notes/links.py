"""Where a link or image in a note leads, decided from its text alone (never by reading).

Used wherever a note's links are followed or its media gathered: a link may name an
anchor, a web address, or a path inside the notes folder; anything else — a path that
climbs out of the folder, an absolute path, another scheme — is refused.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

WEB_SCHEMES = frozenset({"http", "https", "mailto"})


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """Where a link leads: `anchor`, `web`, `note` (a path below the notes root) or
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
