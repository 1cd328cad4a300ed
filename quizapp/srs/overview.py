"""What the home screen shows: each deck's new / learning / due counts and today's progress."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, or_, select

from quizapp.deck.db import count_if
from quizapp.deck.models import Card, CardState, Deck, ReviewLog
from quizapp.srs.deck_settings import settings_by_deck
from quizapp.srs.overview_model import DeckCounts, TodayProgress
from quizapp.srs.reviewer import day_start
from quizapp.srs.state import NEW


def deck_tree(engine: Engine, now: datetime, user: str | None = None) -> list[DeckCounts]:
    """Decks nested by `::`, each with the cards it and its sub-decks hold today for one
    user (default: the current one).

    New counts respect the user's daily limit of each deck (their own setting, else the
    deck's), less the new cards already started today.
    """
    from quizapp.deck.users import find_user

    now_utc = now.astimezone(UTC)
    day_end = (day_start(now) + timedelta(days=1)).astimezone(UTC)
    start = day_start(now).astimezone(UTC)
    user_id = find_user(engine, user).id
    with Session(engine) as session:
        decks = list(session.exec(select(Deck).order_by(col(Deck.name))))
        settings = settings_by_deck(session, user_id)
        live = and_(
            col(Card.skipped).is_(False),
            or_(col(CardState.suspended).is_(None), col(CardState.suspended).is_(False)),
            or_(col(CardState.buried_until).is_(None), col(CardState.buried_until) <= now_utc),
        )
        mine = and_(col(CardState.card_id) == Card.id, col(CardState.user_id) == user_id)
        # One pass over the cards for every count (a large deck's home screen waited on four).
        rows = session.exec(
            select(
                Card.deck_id,
                func.count(),
                count_if(live & col(CardState.fsrs_state).is_(None)),
                count_if(
                    live & col(CardState.fsrs_state).in_((1, 3)) & (col(CardState.due) < day_end)
                ),
                count_if(live & (col(CardState.fsrs_state) == 2) & (col(CardState.due) < day_end)),
            )
            .outerjoin(CardState, mine)
            .where(col(Card.retired).is_(False))
            .group_by(Card.deck_id)
        ).all()
        total = {deck_id: n for deck_id, n, *_ in rows}
        new = {deck_id: n for deck_id, _, n, _, _ in rows}
        learning = {deck_id: n for deck_id, _, _, n, _ in rows}
        due = {deck_id: n for deck_id, *_, n in rows}
        # Grouped here, not in SQL: a GROUP BY deck led SQLite (without statistics) to walk
        # every card and look up its logs (1.6 s on 100,000 cards) instead of reading
        # today's few logs by (user, time) first.
        new_today = Counter(
            session.exec(
                select(Card.deck_id)
                .select_from(ReviewLog)
                .join(Card, col(ReviewLog.card_id) == Card.id)
                .where(
                    col(ReviewLog.reviewed_at) >= start,
                    ReviewLog.kind_before == NEW,
                    col(ReviewLog.user_id) == user_id,
                )
            ).all()
        )

    nodes: dict[str, DeckCounts] = {}
    roots: list[DeckCounts] = []
    for deck in decks:
        assert deck.id is not None
        waiting = new.get(deck.id, 0)
        mine = settings[deck.id]
        node = DeckCounts(
            name=deck.name,
            new=min(waiting, max(0, mine.new_per_day - new_today.get(deck.id, 0))),
            new_waiting=waiting,
            new_per_day=mine.new_per_day,
            new_today=new_today.get(deck.id, 0),
            reviews_per_day=mine.reviews_per_day,
            due_waiting=due.get(deck.id, 0),
            learning=learning.get(deck.id, 0),
            due=min(due.get(deck.id, 0), mine.reviews_per_day),
            total=total.get(deck.id, 0),
        )
        nodes[deck.name] = node

    def parent_of(name: str) -> str | None:
        return name.rsplit("::", 1)[0] if "::" in name else None

    def attach(node: DeckCounts) -> None:
        parent_name = parent_of(node.name)
        if parent_name is None:
            roots.append(node)
            return
        if parent_name not in nodes:
            # A sub-deck whose parent holds no cards of its own: the parent still appears.
            nodes[parent_name] = DeckCounts(name=parent_name)
            attach(nodes[parent_name])
        nodes[parent_name].children.append(node)

    for name in sorted(nodes):
        attach(nodes[name])
    for root in roots:
        _sum_children(root)
    return roots


def _sum_children(node: DeckCounts) -> None:
    for child in node.children:
        _sum_children(child)
        node.new += child.new
        node.learning += child.learning
        node.due += child.due
        node.total += child.total
        node.new_waiting += child.new_waiting
        node.due_waiting += child.due_waiting


def today_progress(engine: Engine, now: datetime, user: str | None = None) -> TodayProgress:
    """What one user (default: the current one) studied today."""
    from quizapp.deck.users import find_user

    start = day_start(now).astimezone(UTC)
    user_id = find_user(engine, user).id
    with Session(engine) as session:
        reviewed, new_learned, again, millis = session.exec(
            select(
                func.count(),
                count_if(col(ReviewLog.kind_before) == NEW),
                count_if(col(ReviewLog.rating) == 1),
                func.coalesce(func.sum(ReviewLog.duration_ms), 0),
            ).where(col(ReviewLog.reviewed_at) >= start, col(ReviewLog.user_id) == user_id)
        ).one()
    return TodayProgress(int(reviewed), int(new_learned), int(again), float(millis) / 1000)
