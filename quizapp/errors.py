"""quizapp's own errors: names not in the deck, writes refused (callers show them; no SQL types)."""

from __future__ import annotations


class UnknownDeck(LookupError):
    """A deck name that is not in the database."""


class UnknownTag(LookupError):
    """A tag no card carries."""


class UnknownCards(LookupError):
    """Card ids that are not in the deck; nothing was changed."""

    def __init__(self, ids: list[str]) -> None:
        super().__init__(", ".join(ids))
        self.ids = ids


class NotSaved(Exception):
    """The deck refused a write (read-only, disk full, locked too long); the reason is the
    message. Raised instead of the database driver's own error, so screens need not know it."""
