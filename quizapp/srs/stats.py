"""Study statistics: reviews per day, retention over time, the due forecast, weakest cards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from quizapp.deck.db import count_if
from quizapp.deck.dialect import study_day
from quizapp.deck.models import Card, CardState, Deck, Note, ReviewLog
from quizapp.srs.browse import deck_ids
from quizapp.srs.reviewer import DAY_ROLLOVER_HOUR, day_start


@dataclass(frozen=True)
class DayCount:
    day: date
    count: int


@dataclass(frozen=True)
class DayRetention:
    day: date
    reviews: int
    passed: int

    @property
    def retention(self) -> float:
        return self.passed / self.reviews if self.reviews else 0.0


@dataclass(frozen=True)
class WeakCard:
    card_id: str
    question: str
    source: str
    lapses: int
    reviews: int
    again: int


@dataclass(frozen=True)
class WeakNote:
    note_id: int
    title: str
    path: str
    reviews: int
    again: int

    @property
    def again_rate(self) -> float:
        return self.again / self.reviews if self.reviews else 0.0


@dataclass(frozen=True)
class Stats:
    reviews_per_day: list[DayCount]
    retention: list[DayRetention]
    forecast: list[DayCount]
    weakest_cards: list[WeakCard]
    weakest_notes: list[WeakNote]
    total_cards: int
    total_reviews: int


def _study_day_sql(column: object, now: datetime) -> study_day:
    """SQL for the local study day (`YYYY-MM-DD`) of a stored UTC time, rollover included."""
    offset = now.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60) - DAY_ROLLOVER_HOUR * 60
    return study_day(column, minutes)


def _days(now: datetime, back: int, forward: int) -> list[date]:
    today = day_start(now).date()
    return [today + timedelta(days=d) for d in range(-back, forward)]


def collect_stats(
    engine: Engine,
    now: datetime,
    days: int = 30,
    weakest: int = 10,
    user: str | None = None,
) -> Stats:
    """Everything the stats screen and `quizapp stats` show for one user (default: the
    current one), in a few grouped queries."""
    from quizapp.deck.users import find_user

    since = (day_start(now) - timedelta(days=days - 1)).astimezone(UTC)
    until = (day_start(now) + timedelta(days=days)).astimezone(UTC)
    user_id = find_user(engine, user).id
    mine = col(ReviewLog.user_id) == user_id
    with Session(engine) as session:
        day = _study_day_sql(ReviewLog.reviewed_at, now)
        rows = session.exec(
            select(
                day,
                func.count(),
                count_if(col(ReviewLog.rating) > 1),
                count_if(col(ReviewLog.kind_before) == 2),
                count_if((col(ReviewLog.kind_before) == 2) & (col(ReviewLog.rating) > 1)),
            )
            .where(col(ReviewLog.reviewed_at) >= since, mine)
            .group_by(day)
        ).all()
        per_day = {
            date.fromisoformat(d): (n, mature, mature_passed)
            for d, n, _p, mature, mature_passed in rows
        }

        due_day = _study_day_sql(CardState.due, now)
        due_rows = session.exec(
            select(due_day, func.count())
            .join(Card, col(Card.id) == CardState.card_id)
            .where(
                col(CardState.user_id) == user_id,
                col(Card.retired).is_(False),
                col(CardState.suspended).is_(False),
                col(CardState.fsrs_state).is_not(None),
                col(CardState.due) < until,
            )
            .group_by(due_day)
        ).all()
        today = day_start(now).date()
        forecast_counts: dict[date, int] = {}
        for d, n in due_rows:
            # Overdue cards are due today.
            key = max(date.fromisoformat(d), today)
            forecast_counts[key] = forecast_counts.get(key, 0) + n

        again = count_if(col(ReviewLog.rating) == 1)
        lapses = func.max(col(CardState.lapses))
        card_rows = session.exec(
            select(Card, func.count(col(ReviewLog.id)), again, lapses)
            .join(ReviewLog, col(ReviewLog.card_id) == Card.id)
            .join(
                CardState,
                (col(CardState.card_id) == Card.id) & (col(CardState.user_id) == user_id),
            )
            .where(col(Card.retired).is_(False), mine)
            .group_by(col(Card.id))
            .having(again > 0)
            .order_by(lapses.desc(), again.desc())
            .limit(weakest)
        ).all()
        note_rows = session.exec(
            select(Note.id, Note.title, Note.path, func.count(col(ReviewLog.id)), again)
            .join(Card, col(Card.note_id) == Note.id)
            .join(ReviewLog, col(ReviewLog.card_id) == Card.id)
            .where(mine)
            .group_by(col(Note.id))
            .having(again > 0)
            .order_by((again * 1.0 / func.count(col(ReviewLog.id))).desc())
            .limit(weakest)
        ).all()
        total_cards = session.exec(
            select(func.count()).select_from(Card).where(col(Card.retired).is_(False))
        ).one()
        total_reviews = session.exec(select(func.count()).select_from(ReviewLog).where(mine)).one()

    past = _days(now, days - 1, 1)
    return Stats(
        reviews_per_day=[DayCount(d, per_day.get(d, (0, 0, 0))[0]) for d in past],
        retention=[
            DayRetention(d, int(per_day[d][1] or 0), int(per_day[d][2] or 0))
            for d in past
            if d in per_day and per_day[d][1]
        ],
        forecast=[DayCount(d, forecast_counts.get(d, 0)) for d in _days(now, 0, days)],
        weakest_cards=[
            WeakCard(card.id, card.question, card.source, int(lapse or 0), int(n), int(a))
            for card, n, a, lapse in card_rows
        ],
        weakest_notes=[WeakNote(i, t, p, int(n), int(a)) for i, t, p, n, a in note_rows],
        total_cards=int(total_cards),
        total_reviews=int(total_reviews),
    )


def deck_names(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(Deck.name).order_by(col(Deck.name))))


def deck_summary(
    engine: Engine, now: datetime, deck: str | None = None, user: str | None = None
) -> dict[str, int]:
    """`reviews_today`, `due` (reviews and learning due by the end of the study day), `new`
    and `cards` of one deck with its sub-decks, or of every deck, for one user (default: the
    current one); for `stats --format json`.

    Counts are before daily limits: what is waiting, not what today's session will show.
    Suspended, skipped and buried cards are not counted as due or new.
    """
    from quizapp.deck.users import find_user

    now_utc = now.astimezone(UTC)
    day_end = (day_start(now) + timedelta(days=1)).astimezone(UTC)
    start = day_start(now).astimezone(UTC)
    user_id = find_user(engine, user).id
    with Session(engine) as session:
        live = [col(Card.retired).is_(False)]
        if deck is not None:
            live.append(col(Card.deck_id).in_(deck_ids(session, deck)))
        studied = (
            (col(CardState.suspended).is_(None) | col(CardState.suspended).is_(False))
            & col(Card.skipped).is_(False)
            & (col(CardState.buried_until).is_(None) | (col(CardState.buried_until) <= now_utc))
        )
        cards, new, due = session.exec(
            select(
                func.count(),
                count_if(studied & col(CardState.fsrs_state).is_(None)),
                count_if(
                    studied
                    & col(CardState.fsrs_state).is_not(None)
                    & (col(CardState.due) < day_end)
                ),
            )
            .select_from(Card)
            .outerjoin(
                CardState,
                (col(CardState.card_id) == Card.id) & (col(CardState.user_id) == user_id),
            )
            .where(*live)
        ).one()
        reviews = (
            select(func.count())
            .select_from(ReviewLog)
            .join(Card, col(Card.id) == ReviewLog.card_id)
        )
        reviews = reviews.where(
            col(ReviewLog.reviewed_at) >= start, col(ReviewLog.user_id) == user_id
        )
        if deck is not None:
            reviews = reviews.where(col(Card.deck_id).in_(deck_ids(session, deck)))
        reviews_today = session.exec(reviews).one()
    return {
        "reviews_today": int(reviews_today),
        "due": int(due),
        "new": int(new),
        "cards": int(cards),
    }


def stats_json(engine: Engine, now: datetime, user: str | None = None) -> dict[str, object]:
    """The whole deck's summary, then each deck's (sub-decks included in their parent)."""
    return {
        **deck_summary(engine, now, user=user),
        "decks": {name: deck_summary(engine, now, name, user=user) for name in deck_names(engine)},
    }
