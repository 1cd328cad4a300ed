"""The card browser's nouns as plain data (no database imports: the CLI and TUI load them
at start-up)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from quizapp.i18n import tr


class CardAction(StrEnum):
    """The verbs of `quizapp card VERB ID…` and of the card browser."""

    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"
    BURY = "bury"
    UNBURY = "unbury"
    SKIP = "skip"
    UNSKIP = "unskip"
    RESET = "reset"


class CardState(StrEnum):
    """What the browser filters by; a card has one main state and may be several at once
    (a suspended leech is both)."""

    NEW = "new"
    LEARNING = "learning"
    DUE = "due"
    REVIEW = "review"
    """Reviewed, not due today."""
    SUSPENDED = "suspended"
    BURIED = "buried"
    LEECH = "leech"
    RETIRED = "retired"
    SKIPPED = "skipped"


class CardSort(StrEnum):
    SOURCE = "source"
    DUE = "due"
    LAPSES = "lapses"
    REVIEWS = "reviews"
    QUESTION = "question"
    DECK = "deck"


@dataclass(frozen=True, slots=True)
class CardQuery:
    """A search in the card browser or `quizapp cards`; every field narrows it."""

    text: str = ""
    """Words that must all appear in the question, the answer or the source path."""
    deck: str | None = None
    tag: str | None = None
    kind: str | None = None
    state: CardState | None = None
    sort: CardSort = CardSort.SOURCE
    descending: bool = False


class SearchError(ValueError):
    """A search the browser cannot read; the message names the word."""


def parse_search(text: str) -> CardQuery:
    """The browser's search box: words to find, plus `deck:`, `tag:`, `kind:`, `state:`,
    `sort:` (a trailing `-` reverses it); quote a name with spaces: `deck:"My deck"`."""
    import shlex

    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise SearchError(
            tr(f"따옴표가 닫히지 않았습니다: {text!r}", f"unbalanced quote in {text!r}")
        ) from exc
    fields: dict[str, str] = {}
    free: list[str] = []
    for word in words:
        key, sep, value = word.partition(":")
        if sep and key.lower() in ("deck", "tag", "kind", "state", "sort") and value:
            fields[key.lower()] = value
        else:
            free.append(word)
    state = None
    if "state" in fields:
        try:
            state = CardState(fields["state"].lower())
        except ValueError as exc:
            known = ", ".join(s.value for s in CardState)
            raise SearchError(
                tr(
                    f"state:{fields['state']} — 다음 중 하나: {known}",
                    f"state:{fields['state']} is not one of {known}",
                )
            ) from exc
    sort, descending = CardSort.SOURCE, False
    if "sort" in fields:
        name = fields["sort"].lower()
        descending = name.endswith("-")
        try:
            sort = CardSort(name.rstrip("-"))
        except ValueError as exc:
            known = ", ".join(s.value for s in CardSort)
            raise SearchError(
                tr(
                    f"sort:{fields['sort']} — 다음 중 하나: {known}",
                    f"sort:{fields['sort']} is not one of {known}",
                )
            ) from exc
    return CardQuery(
        text=" ".join(free),
        deck=fields.get("deck"),
        tag=fields.get("tag"),
        kind=fields.get("kind"),
        state=state,
        sort=sort,
        descending=descending,
    )
