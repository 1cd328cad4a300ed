"""SQLModel tables of the deck database: decks, notes, cards, the review log and metadata."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlmodel import Field, SQLModel

SCHEMA_VERSION = 6
"""Bumped whenever a table changes, with a new Alembic revision `000N` in
`quizapp/deck/migrations/versions/` that upgrades older databases in place.

1 → 2: `note.problems_json`, the problems found when the note was last imported, and an
index on `note.path`.
2 → 3: the quiz tables `quizrun` and `quizanswer`.
3 → 4: `source` (folders imported on this machine), `card.skipped`, `deck.learning_steps`.
4 → 5: users. `deckuser`; each user's scheduling state of a card moves from `card` to
`cardstate` (user, card); `reviewlog.user_id` and `quizrun.user_id`. The existing
reviews and states belong to the user who upgrades (the owner).
5 → 6: `userdecksettings`, each user's own study settings of a deck (the `deck` columns
become the defaults the owner sets); fitted FSRS parameters move to the owner's row. The
review log is indexed by (user, review time) for today's counts, instead of by user alone
and by `kind_before`.
"""


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out; stored naive because SQLite has no zones."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utc_column(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(default=None, sa_column=Column(UTCDateTime(), nullable=nullable, index=index))


def utcnow() -> datetime:
    return datetime.now(UTC)


class Meta(SQLModel, table=True):
    """Key/value facts about the database file itself (schema version, parser version)."""

    key: str = Field(primary_key=True)
    value: str


class Deck(SQLModel, table=True):
    """A named deck; `::` in the name nests decks (`네트워크::TCP`), as in Anki.

    Its study settings are the defaults, set by an owner; each user may override them
    (`UserDeckSettings`).
    """

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.9
    fsrs_parameters: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    """JSON list of FSRS weights for users who have fitted none; None means the package
    defaults."""
    learning_steps: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    """JSON list of learning step lengths in seconds; None means the fsrs package defaults."""


class Source(SQLModel, table=True):
    """A folder (or single file) of notes the user imported into this database on this machine.

    Sources are what the app syncs at start-up, and the only places a note's images and links
    or an export's media may be read from. They are recorded by `import` here, never taken
    from a backup or a package, so a restored file cannot widen what quizapp reads.
    """

    id: int | None = Field(default=None, primary_key=True)
    path: str = Field(unique=True)
    """Absolute, resolved path."""
    bundled: bool = False
    """The notes shipped with quizapp (`content/`), imported into a new default deck."""
    added_at: datetime | None = utc_column()
    last_synced_at: datetime | None = utc_column()


class Note(SQLModel, table=True):
    """One imported Markdown file; kept (retired) when its file disappears."""

    __table_args__ = (
        UniqueConstraint("file_path", name="uq_note_file_path"),
        # A note new to the deck is looked up by its relative path (a moved folder).
        Index("ix_note_path", "path"),
    )

    id: int | None = Field(default=None, primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", index=True)
    file_path: str
    """Absolute path of the file when last imported."""
    root: str
    """Absolute path of the folder it was imported from."""
    path: str
    """Path relative to `root`, forward slashes: what users see in `file:line`."""
    title: str
    markdown: str = Field(sa_column=Column(Text, nullable=False))
    sections_json: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    content_hash: str
    tags: str = ""
    retired: bool = False
    imported_at: datetime | None = utc_column()
    # Last, where schema 2's ALTER TABLE put it in upgraded files.
    problems_json: str = Field(
        default="[]", sa_column=Column(Text, nullable=False, server_default=text("'[]'"))
    )
    """JSON list of the import problems in this file: `{"line", "message", "severity"}`."""


class Card(SQLModel, table=True):
    """A card: its content and where it comes from, shared by every user of the deck.

    Each user's scheduling state of it is a `CardState` row (none until the user first
    rates, buries or suspends it).
    """

    __table_args__ = (
        Index("ix_card_note_key", "note_id", "question_key"),
        # New cards come in source order (`Reviewer.next_card`).
        Index("ix_card_source", "source_path", "source_line"),
    )

    id: str = Field(primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", index=True)
    note_id: int | None = Field(default=None, foreign_key="note.id", index=True)
    kind: str
    question: str = Field(sa_column=Column(Text, nullable=False))
    answer: str = Field(sa_column=Column(Text, nullable=False))
    question_key: str
    extra_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    source_path: str = ""
    source_line: int = 0
    tags: str = ""
    """Space-separated tags, lower case."""
    explicit_id: bool = False
    retired: bool = False
    retired_at: datetime | None = utc_column()
    created_at: datetime | None = utc_column()
    updated_at: datetime | None = utc_column()

    # Last, where schema 4's ALTER TABLE put it in upgraded files.
    skipped: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    """The user never wants this card: kept across re-imports, never shown, reversible."""

    @property
    def extra(self) -> dict[str, Any]:
        return json.loads(self.extra_json)

    @property
    def tag_list(self) -> list[str]:
        return self.tags.split()

    @property
    def source(self) -> str:
        return source_label(self.source_path, self.source_line)


def source_label(path: str, line: int | None) -> str:
    """`file.md:12`; a card restored from a backup may know no line (0): `file.md`."""
    return f"{path}:{line}" if line and line > 0 else path


ROLES = ("owner", "editor", "member")
"""What a user may do: an owner and editors import and change notes and deck settings;
a member reviews and quizzes. The first user of a deck is its owner."""


class User(SQLModel, table=True):
    """A person studying the deck: their own schedule, review log and quiz history."""

    __tablename__ = "deckuser"  # `user` is a reserved word in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    role: str = "member"
    """One of `ROLES`."""
    created_at: datetime | None = utc_column()


class CardState(SQLModel, table=True):
    """One user's scheduling state of one card (the fields of `fsrs.Card`, plus bury/suspend).

    `fsrs_state` is None for a card the user never rated; no row at all means the same.
    """

    __table_args__ = (
        # The review queue asks by user and state, ordered by due date.
        Index("ix_cardstate_user_state_due", "user_id", "fsrs_state", "due"),
        Index("ix_cardstate_card_id", "card_id"),
    )

    user_id: int = Field(foreign_key="deckuser.id", primary_key=True)
    card_id: str = Field(foreign_key="card.id", primary_key=True)
    fsrs_state: int | None = None
    fsrs_step: int | None = None
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = utc_column()
    last_review: datetime | None = utc_column()
    reps: int = 0
    lapses: int = 0
    leech: bool = False
    suspended: bool = False
    buried_until: datetime | None = utc_column()


class UserDeckSettings(SQLModel, table=True):
    """One user's own study settings of one deck; a None column falls back to the deck's.

    No row at all means the user follows every default of the deck.
    """

    user_id: int = Field(foreign_key="deckuser.id", primary_key=True)
    deck_id: int = Field(foreign_key="deck.id", primary_key=True)
    new_per_day: int | None = None
    reviews_per_day: int | None = None
    desired_retention: float | None = None
    learning_steps: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    """JSON list of learning step lengths in seconds."""
    fsrs_parameters: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    """JSON list of FSRS weights fitted to this user's own reviews (`quizapp optimize`)."""


class ReviewLog(SQLModel, table=True):
    """One rating of one card, with the scheduling state before and after it.

    Enough to replay a card's history and to fit FSRS parameters to the user's own reviews.
    """

    __table_args__ = (
        # Daily limits count one user's ratings since the start of the study day.
        Index("ix_reviewlog_user_reviewed", "user_id", "reviewed_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    card_id: str = Field(foreign_key="card.id", index=True)
    rating: int
    """1 Again, 2 Hard, 3 Good, 4 Easy (fsrs.Rating)."""
    kind_before: int = 0
    """What the card was before this rating: 0 new, 1 learning, 2 review, 3 relearning.

    Kept as a column so daily limits count today's new cards and reviews without JSON.
    """
    reviewed_at: datetime | None = utc_column(nullable=False, index=True)
    duration_ms: int | None = None
    state_before: str = Field(sa_column=Column(Text, nullable=False))
    """JSON of the scheduling fields before the rating."""
    state_after: str = Field(sa_column=Column(Text, nullable=False))
    due_before: datetime | None = utc_column()
    due_after: datetime | None = utc_column()
    user_id: int = Field(foreign_key="deckuser.id")
    """Whose rating this is."""


class QuizRun(SQLModel, table=True):
    """One quiz session: what it covered and how it went (totals are kept up to date)."""

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime | None = utc_column(nullable=False, index=True)
    finished_at: datetime | None = utc_column()
    scope: str = ""
    """What was asked, for people: `deck 네트워크 · tag tcp`, or `all decks`."""
    kinds: str = ""
    """Space-separated question kinds chosen; empty for a mixed quiz."""
    profile: str = "rfc"
    """The simulator profile flow questions were computed under."""
    time_limit_s: int | None = None
    planned: int = 0
    """Questions drawn for the session."""
    answered: int = 0
    correct: int = 0
    score: float = 0.0
    """Sum of the answers' scores (partial credit included)."""
    user_id: int = Field(foreign_key="deckuser.id", index=True)
    """Whose quiz this was."""


class QuizAnswer(SQLModel, table=True):
    """One answered quiz question: what was given, the verdict, and how long it took."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="quizrun.id", index=True)
    card_id: str = Field(foreign_key="card.id", index=True)
    position: int
    """1-based place of the question in its session."""
    kind: str
    given: str = Field(sa_column=Column(Text, nullable=False))
    expected: str = Field(sa_column=Column(Text, nullable=False))
    correct: bool
    score: float
    self_graded: bool = False
    detail_json: str = Field(default="{}", sa_column=Column(Text, nullable=False))
    """Kind-specific detail: rubric points hit and missed, fuzzy similarity, flow profile."""
    answered_at: datetime | None = utc_column(nullable=False)
    duration_ms: int | None = None
    fed_to_review: bool = False
    """The wrong answer was also rated Again in spaced repetition."""
