"""The review session: what to show next, rating through fsrs, undo, bury and suspend.

Time is always passed in (`now`, an aware datetime in the user's zone) so tests can
travel through days. Each rating is written with its log row in one transaction.
A session is one user's: their card states (`CardState`, none for a card they never
touched), their log rows, their daily limits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import fsrs
from sqlalchemy import (
    Integer,
    Row,
    String,
    Table,
    and_,
    bindparam,
    cast,
    literal_column,
    null,
    true,
    tuple_,
    union_all,
)
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import BindParameter, ColumnElement
from sqlmodel import Session, col, func, or_, select

from quizapp.deck.db import reader, writer
from quizapp.deck.dialect import insert_or_lock
from quizapp.deck.models import Card, CardState, Deck, ReviewLog, UTCDateTime
from quizapp.deck.saving import saving
from quizapp.deck.users import NOBODY, current_user, find_user
from quizapp.i18n import tr
from quizapp.srs.deck_settings import DeckSettings, settings_by_deck
from quizapp.srs.rating import RATINGS, Rating
from quizapp.srs.scope import Scope
from quizapp.srs.state import NEW, SchedulingState

LEECH_LAPSES = 8
"""Lapses (Again on a card in review) after which a card is flagged as a leech."""

DAY_ROLLOVER_HOUR = 4
"""A study day starts at 04:00 local time, as in Anki, so late-night reviews count as today."""

LEARN_AHEAD = timedelta(minutes=20)
"""When nothing else is left, learning cards due this soon are shown rather than waited for."""

LEARNING_STATES = (int(fsrs.State.Learning), int(fsrs.State.Relearning))
REVIEW = int(fsrs.State.Review)

QUEUE_LEARNING, QUEUE_REVIEW, QUEUE_NEW = 0, 1, 2
"""Which branch of the queue statement (`Reviewer._queue_statement`) a row comes from."""

CARD_TABLE = Card.__table__  # type: ignore[attr-defined]
assert isinstance(CARD_TABLE, Table)

DEFAULT_NEW_PER_DAY = 20
DEFAULT_REVIEWS_PER_DAY = 200
DEFAULT_RETENTION = 0.9


def day_start(now: datetime, rollover_hour: int = DAY_ROLLOVER_HOUR) -> datetime:
    """The start of the study day containing `now`, in `now`'s own time zone."""
    start = now.replace(hour=rollover_hour, minute=0, second=0, microsecond=0)
    if now < start:
        start -= timedelta(days=1)
    return start


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """Cards left to study today in a scope."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


def _queue_column(queue: int) -> ColumnElement[int]:
    return literal_column(str(queue), Integer).label("queue")


def _card_of(row: Row[Any]) -> Card:
    """The card of a row of the next-card statement (not attached to any session)."""
    values = row._mapping
    return Card(**{column.name: values[column.name] for column in CARD_TABLE.c})


class UndoError(Exception):
    """The last rating cannot be undone (nothing rated, or the card was rated again since)."""


def scheduler_for(settings: DeckSettings | None, enable_fuzzing: bool = True) -> fsrs.Scheduler:
    """The fsrs scheduler with a user's settings of a deck: retention, steps, fitted weights."""
    if settings is None:
        return fsrs.Scheduler(desired_retention=DEFAULT_RETENTION, enable_fuzzing=enable_fuzzing)
    if settings.fsrs_parameters is not None:
        return fsrs.Scheduler(
            parameters=settings.fsrs_parameters,
            desired_retention=settings.desired_retention,
            learning_steps=settings.learning_steps,
            enable_fuzzing=enable_fuzzing,
        )
    return fsrs.Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        enable_fuzzing=enable_fuzzing,
    )


class Reviewer:
    """Serves cards of one scope in review order and records ratings.

    Order: learning cards that are due, then reviews due today, then new cards up to the
    daily limit; learning cards due within `LEARN_AHEAD` fill in when nothing else is left
    (but not the card just rated: seeing it twice in a row teaches nothing).
    Limits: each deck's own when reviewing every deck; the scope deck's for a deck (its
    sub-decks included); the defaults for a note. They, the retention, the steps and the
    fitted weights are the user's own settings of the deck, else the deck's defaults.

    The next card is one statement (one round trip): each queue is a branch of it, an
    indexed walk that stops at its first card. Today's counts for the limits are read once
    a day per session and kept up to date by its own ratings; the statement also counts the
    user's ratings today, so that another session's (a second terminal, the browser) are
    noticed, and the counts read again, before a review or new card is shown past a limit.
    """

    def __init__(
        self,
        engine: Engine,
        scope: Scope | None = None,
        *,
        enable_fuzzing: bool = True,
        user: str | None = None,
    ) -> None:
        """`user` is a user name (default: `QUIZAPP_USER` or the login name), made if new."""
        self.engine = engine
        self.scope = scope or Scope()
        found = find_user(engine, user)
        self.user_name = found.name
        self.user_id = found.id
        """`NOBODY` until the user's first write makes them (reading never writes)."""
        self.enable_fuzzing = enable_fuzzing
        self._reads = reader(engine)
        self._undo_stack: list[int] = []
        self._last_rated: str | None = None
        self._schedulers: dict[int, tuple[fsrs.Scheduler, fsrs.Scheduler]] = {}
        self._done: dict[tuple[int, int | None, int], int] | None = None
        """This user's ratings today by (deck, note, kind before); see `_today`."""
        self._logged = (0, 0)
        """How many rows the user's log holds since the start of `_done_day`, and the sum
        of their ids, as `_done` knows them: the log's own figures differ once another
        session of the user rated or undid (ids are never reused)."""
        self._done_day: datetime | None = None
        self._new_from: tuple[str, int] | None = None
        """Source position (path, line) where the search for a new card starts: every card
        of the scope before it was found seen, suspended, buried or in a deck at its limit
        by this session, so the search does not walk them again (a user who went through
        most of a deck in order has seen tens of thousands). Cleared at the next study day
        and when this session undoes a rating or unsuspends a card; cards imported before
        it while the session is open come in the next session."""
        self._no_new = False
        """No card of the scope from `_new_from` on is new and available (same lifetime):
        the search is not repeated with every card shown."""
        self._queue_statements: dict[tuple[Any, ...], Select[Any]] = {}
        """The next-card statement of each shape (`_queue_statement`), built once."""
        # A filtered session ("review these now") shows exactly these cards, once each.
        self._remaining = list(self.scope.card_ids) if self.scope.card_ids is not None else None
        with Session(engine) as session:
            self._deck_ids = self._resolve_deck_ids(session)
            self._settings = settings_by_deck(session, self.user_id)
            self.new_per_day, self.reviews_per_day = self._limits(session)

    # -- scope -------------------------------------------------------------------------

    def _resolve_deck_ids(self, session: Session) -> list[int] | None:
        if self.scope.deck is None:
            return None
        name = self.scope.deck
        rows = session.exec(
            select(Deck.id).where(or_(Deck.name == name, col(Deck.name).startswith(f"{name}::")))
        ).all()
        return [r for r in rows if r is not None]

    def _limits(self, session: Session) -> tuple[int, int]:
        if self.scope.deck is not None:
            deck_id = session.exec(select(Deck.id).where(Deck.name == self.scope.deck)).first()
            if deck_id is not None and deck_id in self._settings:
                mine = self._settings[deck_id]
                return mine.new_per_day, mine.reviews_per_day
        return DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY

    def _in_scope(self) -> list[ColumnElement[bool]]:
        """Conditions on `Card` (shared by every user)."""
        conditions: list[ColumnElement[bool]] = [
            col(Card.retired).is_(False),
            col(Card.skipped).is_(False),
        ]
        if self._deck_ids is not None:
            conditions.append(col(Card.deck_id).in_(self._deck_ids))
        if self.scope.note_id is not None:
            conditions.append(col(Card.note_id) == self.scope.note_id)
        if self.scope.card_ids is not None:
            conditions.append(col(Card.id).in_(self.scope.card_ids))
        return conditions

    def _mine(self) -> ColumnElement[bool]:
        """Join condition of a card with this user's state of it."""
        return and_(col(CardState.card_id) == Card.id, col(CardState.user_id) == self.user_id)

    def _available(self, now_utc: datetime | BindParameter[datetime]) -> list[ColumnElement[bool]]:
        """Cards in scope this user has not suspended or buried (with `_mine` outer-joined)."""
        return [
            *self._in_scope(),
            or_(col(CardState.suspended).is_(None), col(CardState.suspended).is_(False)),
            or_(col(CardState.buried_until).is_(None), col(CardState.buried_until) <= now_utc),
        ]

    def _started(self, now_utc: datetime) -> Any:
        """Cards this user has seen, with their states, available now."""
        return select(Card).join(CardState, self._mine()).where(*self._available(now_utc))

    def _unseen(
        self, now_utc: datetime | BindParameter[datetime], start: tuple[Any, Any] | None
    ) -> Any:
        """Cards new to this user, available now, from source position `start` on.

        `NOT EXISTS` rather than an outer join: PostgreSQL then walks the cards in source
        order and stops at the first one, instead of joining every card to sort them.
        """
        taken = (
            select(CardState.card_id)
            .where(
                self._mine(),
                or_(
                    col(CardState.fsrs_state).is_not(None),
                    col(CardState.suspended).is_(True),
                    col(CardState.buried_until) > now_utc,
                ),
            )
            .exists()
        )
        query = select(Card).where(*self._in_scope(), ~taken)
        if start is not None:
            query = query.where(tuple_(Card.source_path, Card.source_line) >= tuple_(*start))
        return query

    # -- daily limits ------------------------------------------------------------------

    def _today(self, conn: Connection, now: datetime) -> dict[tuple[int, int | None, int], int]:
        """This user's ratings today by (deck, note, kind before: 0 new … 3 relearning).

        Read once a study day (with the user's deck settings, for the limits) and when
        another session's ratings are noticed, and kept up to date by `rate` and `undo`.
        Today's log rows are found by the (user_id, reviewed_at) index alone, and their
        cards by id after: in one joined query a planner whose statistics say one user wrote
        every review starts from the cards and reads the whole log of a user who has none.
        """
        self._new_day(now)
        if self._done is None:
            # Counted here, not by GROUP BY card_id: SQLite would walk the card_id index
            # over the whole log to group without sorting.
            logged = conn.execute(
                select(ReviewLog.id, ReviewLog.card_id, ReviewLog.kind_before).where(
                    col(ReviewLog.user_id) == self.user_id,
                    col(ReviewLog.reviewed_at) >= day_start(now).astimezone(UTC),
                )
            ).all()
            self._logged = (len(logged), sum(log_id for log_id, _, _ in logged))
            rows = Counter((card_id, kind) for _, card_id, kind in logged)
            places: dict[str, tuple[int, int | None]] = {}
            card_ids = sorted({card_id for card_id, _ in rows})
            for start in range(0, len(card_ids), 500):
                chunk = card_ids[start : start + 500]
                places.update(
                    (card_id, (deck_id, note_id))
                    for card_id, deck_id, note_id in conn.execute(
                        select(Card.id, Card.deck_id, Card.note_id).where(col(Card.id).in_(chunk))
                    )
                )
            done: dict[tuple[int, int | None, int], int] = {}
            for (card_id, kind), n in rows.items():
                if card_id in places:
                    key = (*places[card_id], kind)
                    done[key] = done.get(key, 0) + n
            # Read with the counts: a deck made or a setting changed since shows from here.
            with Session(bind=conn) as session:
                self._settings = settings_by_deck(session, self.user_id)
            self._done = done
        return self._done

    def _logged_since(self, since: datetime | BindParameter[datetime]) -> Select[Any]:
        """The user's log since `since`, as `_logged` counts it (`rated`, `rated_ids`), read
        by the (user_id, reviewed_at) index."""
        return sa_select(
            func.count().label("rated"),
            func.coalesce(func.sum(ReviewLog.id), 0).label("rated_ids"),
        ).where(col(ReviewLog.user_id) == self.user_id, col(ReviewLog.reviewed_at) >= since)

    def _forget_counts_if_stale(self, conn: Connection, now: datetime) -> None:
        """Have today's counts read again if another session of the user rated (or undid)
        since they were read."""
        if self._done is None:
            return
        logged = conn.execute(self._logged_since(day_start(now).astimezone(UTC))).one()
        if tuple(logged) != self._logged:
            self._done = None

    def _done_in_scope(self, conn: Connection, now: datetime, kind: int) -> int:
        """This user's ratings of `kind` today in this session's deck or note."""
        return sum(
            n
            for (deck_id, note_id, done_kind), n in self._today(conn, now).items()
            if done_kind == kind
            and (self._deck_ids is None or deck_id in self._deck_ids)
            and (self.scope.note_id is None or note_id == self.scope.note_id)
        )

    def _new_day(self, now: datetime) -> None:
        """Forget today's counts when `now` is in another study day than they were read in."""
        start = day_start(now)
        if self._done_day != start:
            self._done = None
            self._search_new_from_start()  # buried cards are back
            self._done_day = start

    def _search_new_from_start(self) -> None:
        """Cards before `_new_from` may be new again (an undo, an unsuspended card, a day)."""
        self._new_from = None
        self._no_new = False

    def _count_rating(
        self, card: Card, kind: int, log_id: int, now: datetime | None, step: int
    ) -> None:
        """Keep today's counts in step with a rating at `now` (`step` 1; one from another day
        than the counts' is left out) or the undoing of one of this session's (-1, `now`
        None), whose log row is `log_id`."""
        if self._done is None or (now is not None and self._done_day != day_start(now)):
            return
        key = (card.deck_id, card.note_id, kind)
        self._done[key] = max(0, self._done.get(key, 0) + step)
        rows, ids = self._logged
        self._logged = (rows + step, ids + step * log_id)

    @property
    def _per_deck(self) -> bool:
        """Reviewing every deck: each deck's own limits apply, not one shared limit."""
        return self.scope.deck is None and self.scope.note_id is None

    def _left_by_deck(self, conn: Connection, now: datetime, kind: int) -> dict[int, int]:
        """For each deck, how many more cards of `kind` (0 new, 2 review) its limit allows."""
        done: dict[int, int] = {}
        for (deck_id, _, done_kind), n in self._today(conn, now).items():
            if done_kind == kind:
                done[deck_id] = done.get(deck_id, 0) + n
        left = {}
        for deck_id, mine in self._settings.items():
            limit = mine.new_per_day if kind == NEW else mine.reviews_per_day
            left[deck_id] = max(0, limit - done.get(deck_id, 0))
        return left

    def _new_left(self, conn: Connection, now: datetime) -> int:
        return max(0, self.new_per_day - self._done_in_scope(conn, now, NEW))

    def _reviews_left(self, conn: Connection, now: datetime) -> int:
        return max(0, self.reviews_per_day - self._done_in_scope(conn, now, REVIEW))

    def _closed_decks(self, conn: Connection, now: datetime, kind: int) -> tuple[int, ...] | None:
        """Decks whose limit for `kind` is reached (() for none), or None when no card of
        `kind` may be shown today."""
        if self._per_deck:
            left = self._left_by_deck(conn, now, kind)
            closed = tuple(sorted(deck_id for deck_id, n in left.items() if n == 0))
            return None if len(closed) == len(left) else closed
        room = self._new_left(conn, now) if kind == NEW else self._reviews_left(conn, now)
        return () if room > 0 else None

    # -- the queue ---------------------------------------------------------------------

    def _filtered_cards(self, session: Session) -> list[Card]:
        """The cards of a filtered session still to show, in the order given."""
        assert self._remaining is not None
        rows = session.exec(
            select(Card)
            .outerjoin(CardState, self._mine())
            .where(
                *self._in_scope(),
                or_(col(CardState.suspended).is_(None), col(CardState.suspended).is_(False)),
            )
        ).all()
        by_id = {card.id: card for card in rows}
        return [by_id[card_id] for card_id in self._remaining if card_id in by_id]

    def _states_of(self, session: Session, card_ids: list[str]) -> dict[str, int | None]:
        """This user's fsrs state of each card that has a row (absent: new)."""
        if not card_ids:
            return {}
        rows = session.exec(
            select(CardState.card_id, CardState.fsrs_state).where(
                col(CardState.user_id) == self.user_id, col(CardState.card_id).in_(card_ids)
            )
        ).all()
        return dict(rows)

    def counts(self, now: datetime) -> QueueCounts:
        """How many new, learning and review cards are left today."""
        if self._remaining is not None:
            with Session(self.engine) as session:
                cards = self._filtered_cards(session)
                states = self._states_of(session, [c.id for c in cards])
            learning = sum(1 for c in cards if states.get(c.id) in (1, 3))
            new = sum(1 for c in cards if states.get(c.id) is None)
            return QueueCounts(new=new, learning=learning, review=len(cards) - new - learning)
        self._new_day(now)
        now_utc = now.astimezone(UTC)
        day_end = (day_start(now) + timedelta(days=1)).astimezone(UTC)
        with self._reads.connect() as conn:
            self._forget_counts_if_stale(conn, now)

            def capped(limit: int | None, query: Any) -> int:
                # Counting stops at the daily limit: a deck with 50,000 new cards and a
                # limit of 20 needs 20 rows read, not 50,000.
                if limit == 0:
                    return 0
                rows = query.with_only_columns(col(Card.id)).limit(limit)
                return conn.execute(select(func.count()).select_from(rows.subquery())).scalar_one()

            started = self._started(now_utc).where(col(CardState.due) < day_end)
            learning = capped(None, started.where(col(CardState.fsrs_state).in_((1, 3))))
            due = started.where(col(CardState.fsrs_state) == 2)
            unseen = self._unseen(now_utc, self._new_from)
            if self._per_deck:
                review = sum(
                    capped(left, due.where(col(Card.deck_id) == deck_id))
                    for deck_id, left in self._left_by_deck(conn, now, REVIEW).items()
                )
                new_left: list[tuple[int | None, int]] = [
                    *self._left_by_deck(conn, now, NEW).items()
                ]
            else:
                review = capped(self._reviews_left(conn, now), due)
                new_left = [(None, self._new_left(conn, now))]
            # When the queue found no new card left, the cards are not walked again.
            new = 0
            if not self._no_new:
                new = sum(
                    capped(
                        left,
                        unseen if deck_id is None else unseen.where(col(Card.deck_id) == deck_id),
                    )
                    for deck_id, left in new_left
                )
            return QueueCounts(new=new, learning=learning, review=review)

    def next_card(self, now: datetime) -> Card | None:
        """The card to show now, or None when today's study is done."""
        if self._remaining is not None:
            with Session(self.engine) as session:
                cards = self._filtered_cards(session)
                return cards[0] if cards else None
        self._new_day(now)
        with self._reads.connect() as conn:
            card, counted = self._pick(conn, now)
            if counted:
                return card
            # Another session of this user rated (or undid) since today's counts were read:
            # read them again, and choose again within the limits they leave.
            self._done = None
            return self._pick(conn, now)[0]

    def _pick(self, conn: Connection, now: datetime) -> tuple[Card | None, bool]:
        """The card to show now, and whether today's counts held for it (a learning card,
        which no limit holds back, or the log has no rating today they do not know of)."""
        now_utc = now.astimezone(UTC)
        review = self._closed_decks(conn, now, REVIEW)
        new = None if self._no_new else self._closed_decks(conn, now, NEW)
        if new is not None and self._new_from is None:
            # The first search for a new card walks past every card the user has seen in
            # source order (tens of thousands, for some): not while a card of another
            # queue is there to show.
            learning, others = self._first_cards(conn, now, review, None)
            if others or (learning is not None and learning.due <= now_utc):
                return self._choose(learning, others, now_utc)
        return self._choose(*self._first_cards(conn, now, review, new), now_utc)

    def _first_cards(
        self,
        conn: Connection,
        now: datetime,
        review: tuple[int, ...] | None,
        new: tuple[int, ...] | None,
    ) -> tuple[Row[Any] | None, dict[int, Row[Any]]]:
        """The learning card due first (by `LEARN_AHEAD`), and the first review and new
        card by queue, read by one statement (see `_queue_statement`)."""
        start = self._new_from
        shape = (self.user_id, review, new, start is not None)
        statement = self._queue_statements.get(shape)
        if statement is None:
            statement = self._queue_statements[shape] = self._queue_statement(*shape[1:])
        now_utc = now.astimezone(UTC)
        params = {
            "now": now_utc,
            "until": now_utc + LEARN_AHEAD,
            "day_start": day_start(now).astimezone(UTC),
            "day_end": (day_start(now) + timedelta(days=1)).astimezone(UTC),
            "but": self._last_rated,
            "path": start[0] if start else None,
            "line": start[1] if start else None,
        }
        rows = conn.execute(statement, params).all()
        learning = min(
            (row for row in rows if row.queue == QUEUE_LEARNING),
            key=lambda row: row.due,
            default=None,
        )
        others = {row.queue: row for row in rows if row.queue != QUEUE_LEARNING}
        if new is not None:
            if QUEUE_NEW in others:
                found = others[QUEUE_NEW]
                self._new_from = (found.source_path, found.source_line)
            else:
                self._no_new = True
        return learning, others

    def _choose(
        self, learning: Row[Any] | None, others: dict[int, Row[Any]], now_utc: datetime
    ) -> tuple[Card | None, bool]:
        """Learning cards due first, then reviews, then new cards, then learning cards due
        soon; and whether today's counts held for the card (as `_pick`)."""
        if learning is not None and learning.due <= now_utc:
            return _card_of(learning), True
        chosen = others.get(QUEUE_REVIEW, others.get(QUEUE_NEW))
        if chosen is not None:
            return _card_of(chosen), (chosen.rated, chosen.rated_ids) == self._logged
        return (None if learning is None else _card_of(learning)), True

    def _queue_statement(
        self,
        review: tuple[int, ...] | None,
        new: tuple[int, ...] | None,
        from_position: bool,
    ) -> Select[Any]:
        """The next-card statement: the first card of each queue, all in one round trip.

        Branches, each a walk of an index that stops at its first row: the learning and the
        relearning card due first, by `:until` (cards due within `LEARN_AHEAD` too, other
        than `:but`, the card just rated, unless due now: a walk of (user, state, due)); the
        review due first by `:day_end`, outside the decks in `review` (None: no review
        branch); the first new card in source order, from (`:path`, `:line`) when
        `from_position`, outside the decks in `new` (None: no new branch). With a review or
        new branch, each row also carries the user's log since `:day_start` as `_logged`
        counts it (`rated`, `rated_ids`), read once.
        """
        now = bindparam("now", type_=UTCDateTime())
        columns = [*CARD_TABLE.c]
        branches: list[Select[Any]] = []
        for state in LEARNING_STATES:
            query = (
                sa_select(*columns, _queue_column(QUEUE_LEARNING), col(CardState.due))
                .join(CardState, self._mine())
                .where(
                    *self._available(now),
                    col(CardState.fsrs_state) == state,
                    col(CardState.due) <= bindparam("until", type_=UTCDateTime()),
                    # `:but` is NULL before the session's first rating.
                    or_(
                        col(Card.id).is_distinct_from(bindparam("but", type_=String())),
                        col(CardState.due) <= now,
                    ),
                )
            )
            branches.append(query.order_by(col(CardState.due)))
        if review is not None:
            query = (
                sa_select(*columns, _queue_column(QUEUE_REVIEW), col(CardState.due))
                .join(CardState, self._mine())
                .where(
                    *self._available(now),
                    col(CardState.fsrs_state) == REVIEW,
                    col(CardState.due) < bindparam("day_end", type_=UTCDateTime()),
                )
            )
            if review:
                query = query.where(col(Card.deck_id).not_in(review))
            branches.append(query.order_by(col(CardState.due)))
        if new is not None:
            start = (bindparam("path", type_=String()), bindparam("line", type_=Integer()))
            query = self._unseen(now, start if from_position else None).with_only_columns(
                *columns, _queue_column(QUEUE_NEW), cast(null(), UTCDateTime()).label("due")
            )
            if new:
                query = query.where(col(Card.deck_id).not_in(new))
            branches.append(query.order_by(col(Card.source_path), col(Card.source_line)))
        # Each branch in a subquery of its own: SQLite allows no LIMIT on a UNION's member.
        union = union_all(*(sa_select(*branch.limit(1).subquery().c) for branch in branches))
        if review is None and new is None:
            return sa_select(*union.subquery().c)
        rows = union.subquery()
        # Materialized: read once, not once per branch (SQLite would join it into each).
        logged = (
            self._logged_since(bindparam("day_start", type_=UTCDateTime()))
            .cte("logged")
            .prefix_with("MATERIALIZED")
        )
        return sa_select(*rows.c, *logged.c).join_from(rows, logged, true())

    def state(self, card_id: str) -> SchedulingState:
        """This user's scheduling state of a card (new if never rated)."""
        with Session(self.engine) as session:
            return SchedulingState.of(session.get(CardState, (self.user_id, card_id)))

    def card_state(self, card_id: str) -> CardState | None:
        """This user's row for a card, detached; None for a card they never touched."""
        with Session(self.engine) as session:
            row = session.get(CardState, (self.user_id, card_id))
            if row is not None:
                session.expunge(row)
            return row

    # -- rating ------------------------------------------------------------------------

    def _scheduler(self, session: Session, deck_id: int, *, fuzz: bool = True) -> fsrs.Scheduler:
        """The deck's scheduler; `fuzz=False` gives the interval fsrs aims for, for previews."""
        if deck_id not in self._schedulers:
            if deck_id not in self._settings:  # a deck made since the session started
                self._settings = settings_by_deck(session, self.user_id)
            mine = self._settings.get(deck_id)
            self._schedulers[deck_id] = (
                scheduler_for(mine, self.enable_fuzzing),
                scheduler_for(mine, enable_fuzzing=False),
            )
        fuzzed, exact = self._schedulers[deck_id]
        return fuzzed if fuzz else exact

    def intervals(self, card: Card, now: datetime) -> dict[Rating, timedelta]:
        """How long until the card comes back after each rating, for the rating buttons."""
        now_utc = now.astimezone(UTC)
        with Session(self.engine) as session:
            state = SchedulingState.of(session.get(CardState, (self.user_id, card.id)))
            scheduler = self._scheduler(session, card.deck_id, fuzz=False)
        result = {}
        for rating in RATINGS:
            preview, _ = scheduler.review_card(
                state.to_fsrs(now_utc), fsrs.Rating(int(rating)), now_utc
            )
            result[rating] = preview.due - now_utc
        return result

    def rate(
        self,
        card_id: str,
        rating: Rating | fsrs.Rating,
        now: datetime,
        duration_ms: int | None = None,
    ) -> Card:
        """Record a rating: the card's new state and its log row commit together.

        Raises `NotSaved` when the deck refuses the write.
        """
        now_utc = now.astimezone(UTC)
        rating = fsrs.Rating(int(rating))
        self._ensure_user()
        # Ratings are shared writers: on PostgreSQL they run side by side and lock only the
        # card they change, so two reviewers of one card queue instead of losing an update.
        with saving(), self._writing() as session:
            card = session.get(Card, card_id)
            if card is None:
                raise KeyError(card_id)
            row = self._locked_state(session, card_id)
            before = SchedulingState.of(row)
            scheduler = self._scheduler(session, card.deck_id)
            reviewed, _ = scheduler.review_card(
                before.to_fsrs(now_utc), rating, now_utc, duration_ms
            )
            after = before.after(reviewed, rating, LEECH_LAPSES)
            after.apply_to(row)
            log = ReviewLog(
                user_id=self.user_id,
                card_id=card.id,
                rating=int(rating),
                kind_before=before.kind_code,
                reviewed_at=now_utc,
                duration_ms=duration_ms,
                state_before=before.to_json(),
                state_after=after.to_json(),
                due_before=before.due,
                due_after=after.due,
            )
            session.add(log)
            session.commit()
            assert log.id is not None
            self._undo_stack.append(log.id)
            self._last_rated = card.id
            if self._remaining is not None and card.id in self._remaining:
                self._remaining.remove(card.id)
            self._count_rating(card, before.kind_code, log.id, now, 1)
            session.expunge(card)
            return card

    def _writing(self) -> Session:
        """A session for a rating or its undoing. Its rows stay loaded after the commit:
        reading them back (the new log row's id, the card returned) would cost a locked
        transaction of its own on PostgreSQL."""
        return Session(writer(self.engine, shared=True), expire_on_commit=False)

    def _ensure_user(self) -> None:
        """Make the user on their first write (before the write's own transaction)."""
        if self.user_id == NOBODY:
            self.user_id = current_user(self.engine, self.user_name).id

    def _locked_state(self, session: Session, card_id: str) -> CardState:
        """This user's row for the card, made if missing, locked until the commit.

        Two sessions of the same user on the same card queue here (SQLite: the write lock;
        PostgreSQL: the row lock), so the second starts from the first one's result.
        """
        defaults = {"reps": 0, "lapses": 0, "leech": False, "suspended": False}
        # One round trip: made if missing, locked, and read back (its latest values).
        statement = insert_or_lock(
            session.connection().dialect.name,
            CardState,
            {"user_id": self.user_id, "card_id": card_id, **defaults},
            touch="reps",
        ).returning(CardState)
        row = session.scalars(statement, execution_options={"populate_existing": True}).one()
        return row

    def undo(self) -> Card:
        """Undo the last rating of this session: the card gets its exact previous state back."""
        if not self._undo_stack:
            raise UndoError(tr("되돌릴 평가가 없습니다", "nothing to undo"))
        log_id = self._undo_stack[-1]
        with saving(), self._writing() as session:
            log = session.get(ReviewLog, log_id)
            if log is None:
                self._undo_stack.pop()
                raise UndoError(
                    tr("그 평가는 기록에 더 이상 없습니다", "that rating is no longer in the log")
                )
            row = self._locked_state(session, log.card_id)
            latest = session.exec(
                select(func.max(ReviewLog.id)).where(
                    ReviewLog.card_id == log.card_id, ReviewLog.user_id == self.user_id
                )
            ).one()
            if latest != log.id:
                raise UndoError(
                    tr(
                        "그 뒤에 이 카드를 다시 평가했습니다: 그것부터 되돌리세요",
                        "the card was rated again since; undo that first",
                    )
                )
            card = session.get(Card, log.card_id)
            assert card is not None
            SchedulingState.from_json(log.state_before).apply_to(row)
            kind = log.kind_before
            session.delete(log)
            session.commit()
            self._undo_stack.pop()
            self._last_rated = None
            self._search_new_from_start()  # the card may be new again
            if self._remaining is not None and card.id not in self._remaining:
                self._remaining.insert(0, card.id)
            self._count_rating(card, kind, log_id, None, -1)
            session.expunge(card)
            return card

    @property
    def can_undo(self) -> bool:
        return bool(self._undo_stack)

    # -- bury and suspend --------------------------------------------------------------

    def bury(self, card_id: str, now: datetime) -> None:
        """Hide the card from this user until the next study day."""
        until = (day_start(now) + timedelta(days=1)).astimezone(UTC)
        self._update(card_id, buried_until=until)

    def suspend(self, card_id: str, suspended: bool = True) -> None:
        """Take the card out of this user's reviews until unsuspended."""
        self._update(card_id, suspended=suspended)
        if not suspended:
            self._search_new_from_start()

    def _update(self, card_id: str, **values: object) -> None:
        self._ensure_user()
        with saving(), Session(writer(self.engine, shared=True)) as session:
            if session.get(Card, card_id) is None:
                raise KeyError(card_id)
            row = self._locked_state(session, card_id)
            for name, value in values.items():
                setattr(row, name, value)
            session.commit()


def suspended_cards(engine: Engine, user: str | None = None) -> set[str]:
    """Ids of the cards a user (default: the current one) has suspended."""
    user_id = find_user(engine, user).id
    with Session(engine) as session:
        rows = session.exec(
            select(CardState.card_id).where(
                col(CardState.user_id) == user_id, col(CardState.suspended).is_(True)
            )
        )
        return set(rows)
