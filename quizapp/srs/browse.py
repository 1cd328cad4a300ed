"""The card browser's question: which cards match a search, in what order, in what state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_
from sqlalchemy.engine import Engine
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, func, or_, select

from quizapp.deck.models import Card, Deck, source_label
from quizapp.deck.models import CardState as UserState
from quizapp.errors import UnknownDeck, UnknownTag
from quizapp.srs.library_model import CardQuery, CardSort, CardState
from quizapp.srs.reviewer import day_start


@dataclass(frozen=True, slots=True)
class CardRow:
    """One card as the browser lists it."""

    id: str
    deck: str
    kind: str
    question: str
    answer: str
    source_path: str
    source_line: int
    note_id: int | None
    tags: tuple[str, ...]
    states: tuple[CardState, ...]
    due: datetime | None
    reps: int
    lapses: int

    @property
    def source(self) -> str:
        return source_label(self.source_path, self.source_line)

    @property
    def state(self) -> CardState:
        """The state that matters most to the user, for the browser's state column."""
        return self.states[0]


def card_states(card: Card, mine: UserState | None, now: datetime) -> tuple[CardState, ...]:
    """Every state the card is in for a user (`mine`: their row, None for a card new to
    them), the one that decides whether it is shown first."""
    now_utc = now.astimezone(UTC)
    day_end = (day_start(now) + timedelta(days=1)).astimezone(UTC)
    states: list[CardState] = []
    if card.retired:
        states.append(CardState.RETIRED)
    if card.skipped:
        states.append(CardState.SKIPPED)
    if mine is not None and mine.suspended:
        states.append(CardState.SUSPENDED)
    if mine is not None and mine.buried_until is not None and mine.buried_until > now_utc:
        states.append(CardState.BURIED)
    if mine is None or mine.fsrs_state is None:
        states.append(CardState.NEW)
    elif mine.fsrs_state in (1, 3):
        states.append(CardState.LEARNING)
    elif mine.due is not None and mine.due < day_end:
        states.append(CardState.DUE)
    else:
        states.append(CardState.REVIEW)
    if mine is not None and mine.leech:
        states.append(CardState.LEECH)
    return tuple(states)


def deck_ids(session: Session, deck: str) -> list[int]:
    """The deck and its sub-decks (`A` covers `A::B`); raises `UnknownDeck`."""
    rows = [
        r
        for r in session.exec(
            select(Deck.id).where(or_(Deck.name == deck, col(Deck.name).startswith(f"{deck}::")))
        ).all()
        if r is not None
    ]
    if not rows:
        raise UnknownDeck(deck)
    return rows


def check_scope(engine: Engine, deck: str | None = None, tag: str | None = None) -> None:
    """Raise `UnknownDeck` or `UnknownTag` when the deck or tag names nothing in the database."""
    with Session(engine) as session:
        if deck is not None:
            deck_ids(session, deck)
        if tag is not None:
            padded = " " + col(Card.tags) + " "
            found = session.exec(
                select(Card.id).where(padded.contains(f" {tag.lower()} ")).limit(1)
            ).first()
            if found is None:
                raise UnknownTag(tag)


def _state_condition(state: CardState, now: datetime) -> list[ColumnElement[bool]]:
    now_utc = now.astimezone(UTC)
    day_end = (day_start(now) + timedelta(days=1)).astimezone(UTC)
    not_buried = or_(col(UserState.buried_until).is_(None), col(UserState.buried_until) <= now_utc)
    not_suspended = or_(col(UserState.suspended).is_(None), col(UserState.suspended).is_(False))
    studied = [not_suspended, col(Card.skipped).is_(False), not_buried]
    match state:
        case CardState.RETIRED:
            return [col(Card.retired).is_(True)]
        case CardState.SKIPPED:
            return [col(Card.skipped).is_(True)]
        case CardState.SUSPENDED:
            return [col(UserState.suspended).is_(True)]
        case CardState.BURIED:
            return [col(UserState.buried_until) > now_utc]
        case CardState.LEECH:
            return [col(UserState.leech).is_(True)]
        case CardState.NEW:
            return [*studied, col(UserState.fsrs_state).is_(None)]
        case CardState.LEARNING:
            return [*studied, col(UserState.fsrs_state).in_((1, 3))]
        case CardState.DUE:
            return [*studied, col(UserState.fsrs_state) == 2, col(UserState.due) < day_end]
        case CardState.REVIEW:
            return [*studied, col(UserState.fsrs_state) == 2, col(UserState.due) >= day_end]


_SORT_COLUMNS = {
    CardSort.SOURCE: (col(Card.source_path), col(Card.source_line)),
    CardSort.DUE: (col(UserState.due), col(Card.source_path), col(Card.source_line)),
    CardSort.LAPSES: (
        func.coalesce(col(UserState.lapses), 0),
        col(Card.source_path),
        col(Card.source_line),
    ),
    CardSort.REVIEWS: (
        func.coalesce(col(UserState.reps), 0),
        col(Card.source_path),
        col(Card.source_line),
    ),
    CardSort.QUESTION: (col(Card.question),),
    CardSort.DECK: (col(Deck.name), col(Card.source_path), col(Card.source_line)),
}


def search_cards(
    engine: Engine, query: CardQuery, now: datetime, user: str | None = None
) -> list[CardRow]:
    """The cards matching `query`, in the states of one user (default: the current one);
    retired cards only when asked for by state.

    Raises `UnknownDeck`/`UnknownTag` when the search names a deck or tag that is not there.
    """
    from quizapp.deck.users import find_user

    check_scope(engine, query.deck, query.tag)
    user_id = find_user(engine, user).id
    with Session(engine) as session:
        statement = (
            select(Card, Deck.name, UserState)
            .join(Deck, col(Deck.id) == Card.deck_id)
            .outerjoin(
                UserState,
                and_(col(UserState.card_id) == Card.id, col(UserState.user_id) == user_id),
            )
        )
        if query.deck is not None:
            statement = statement.where(col(Card.deck_id).in_(deck_ids(session, query.deck)))
        if query.tag:
            statement = statement.where(
                (" " + col(Card.tags) + " ").contains(f" {query.tag.lower()} ")
            )
        if query.kind:
            statement = statement.where(Card.kind == query.kind)
        if query.state is not CardState.RETIRED:
            statement = statement.where(col(Card.retired).is_(False))
        if query.state is not None:
            statement = statement.where(*_state_condition(query.state, now))
        for word in query.text.split():
            statement = statement.where(
                or_(
                    col(Card.question).icontains(word, autoescape=True),
                    col(Card.answer).icontains(word, autoescape=True),
                    col(Card.source_path).icontains(word, autoescape=True),
                    col(Card.id) == word,
                )
            )
        columns = _SORT_COLUMNS[query.sort]
        order = [c.desc() for c in columns] if query.descending else list(columns)
        statement = statement.order_by(*order)
        return [_row(card, name, mine, now) for card, name, mine in session.exec(statement).all()]


def _row(card: Card, deck: str, mine: UserState | None, now: datetime) -> CardRow:
    return CardRow(
        id=card.id,
        deck=deck,
        kind=card.kind,
        question=card.question,
        answer=card.answer,
        source_path=card.source_path,
        source_line=card.source_line,
        note_id=card.note_id,
        tags=tuple(card.tag_list),
        states=card_states(card, mine, now),
        due=mine.due if mine is not None else None,
        reps=mine.reps if mine is not None else 0,
        lapses=mine.lapses if mine is not None else 0,
    )
