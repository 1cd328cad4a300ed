"""Figures per user for a study group: today's numbers for one user, and a table for all.

`quizapp stats --format json` prints `user_figures`; `--all-users` prints `group_table`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from rich.cells import cell_len
from sqlalchemy import and_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, or_, select

from quizapp.deck.db import count_if
from quizapp.deck.dialect import study_day
from quizapp.deck.models import Card, CardState, ReviewLog
from quizapp.deck.users import find_user, list_users
from quizapp.srs.reviewer import DAY_ROLLOVER_HOUR, day_start

RETENTION_DAYS = 30
"""Retention is the share of reviews not answered Again over this many days."""


@dataclass(frozen=True, slots=True)
class UserFigures:
    """One user's deck today (`due` includes learning cards due before the day ends)."""

    user: str
    role: str
    reviews_today: int
    due: int
    new: int
    cards: int

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def user_figures(engine: Engine, now: datetime, user: str | None = None) -> UserFigures:
    found = find_user(engine, user)
    start = day_start(now).astimezone(UTC)
    day_end = (day_start(now) + timedelta(days=1)).astimezone(UTC)
    mine = and_(col(CardState.card_id) == Card.id, col(CardState.user_id) == found.id)
    live = [
        col(Card.retired).is_(False),
        col(Card.skipped).is_(False),
        or_(col(CardState.suspended).is_(None), col(CardState.suspended).is_(False)),
    ]
    with Session(engine) as session:
        reviews_today = session.exec(
            select(func.count())
            .select_from(ReviewLog)
            .where(col(ReviewLog.user_id) == found.id, col(ReviewLog.reviewed_at) >= start)
        ).one()
        due, new = session.exec(
            select(
                count_if(col(CardState.fsrs_state).is_not(None) & (col(CardState.due) < day_end)),
                count_if(col(CardState.fsrs_state).is_(None)),
            )
            .select_from(Card)
            .outerjoin(CardState, mine)
            .where(*live)
        ).one()
        total = session.exec(
            select(func.count()).select_from(Card).where(col(Card.retired).is_(False))
        ).one()
    return UserFigures(found.name, found.role, int(reviews_today), int(due), int(new), int(total))


@dataclass(frozen=True, slots=True)
class GroupRow:
    user: str
    role: str
    reviews: int
    """All the user's ratings."""
    retention: float | None
    """Share of the last `RETENTION_DAYS` days' ratings that were not Again; None if none."""
    streak: int
    """Study days in a row with at least one rating, up to today (or yesterday)."""


def group_table(engine: Engine, now: datetime) -> list[GroupRow]:
    offset = now.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60) - DAY_ROLLOVER_HOUR * 60
    day = study_day(ReviewLog.reviewed_at, minutes)
    since = (day_start(now) - timedelta(days=RETENTION_DAYS - 1)).astimezone(UTC)
    today = day_start(now).date()
    rows = []
    with Session(engine) as session:
        for user in list_users(engine):
            mine = col(ReviewLog.user_id) == user.id
            total = session.exec(select(func.count()).select_from(ReviewLog).where(mine)).one()
            recent, passed = session.exec(
                select(func.count(), count_if(col(ReviewLog.rating) > 1)).where(
                    mine, col(ReviewLog.reviewed_at) >= since
                )
            ).one()
            days = {
                date.fromisoformat(d)
                for d in session.exec(select(day).where(mine).group_by(day)).all()
            }
            rows.append(
                GroupRow(
                    user.name,
                    user.role,
                    int(total),
                    int(passed) / int(recent) if recent else None,
                    _streak(days, today),
                )
            )
    return rows


def _streak(days: set[date], today: date) -> int:
    """Days in a row ending today, or yesterday when today has no rating yet."""
    current = today if today in days else today - timedelta(days=1)
    streak = 0
    while current in days:
        streak += 1
        current -= timedelta(days=1)
    return streak


def print_group_stats(engine: Engine, now: datetime, all_users: bool, output_format: str) -> str:
    """The text `quizapp stats` prints for `--format json` and/or `--all-users`."""
    if not all_users:
        return json.dumps(user_figures(engine, now).to_json(), ensure_ascii=False) + "\n"
    rows = group_table(engine, now)
    if output_format == "json":
        return json.dumps([asdict(row) for row in rows], ensure_ascii=False, indent=2) + "\n"
    # Korean names take two columns a character: pad by terminal cells, not characters.
    width = max([len("user"), *(cell_len(row.user) for row in rows)])
    lines = ["user" + " " * (width - 4) + "  role    reviews  retention  streak"]
    for row in rows:
        kept = f"{row.retention:.0%}" if row.retention is not None else "–"
        name = row.user + " " * (width - cell_len(row.user))
        lines.append(f"{name}  {row.role:<6}  {row.reviews:>7}  {kept:>9}  {row.streak:>6}")
    return "\n".join(lines) + "\n"
