"""The users of a deck: who is studying (`--user` / `QUIZAPP_USER` / the login name), and roles.

Notes and cards are shared; each user has their own card states, review log and quiz history.
A user is made on first use: the first user of a deck is its owner, later ones are members
until an owner makes them editors. Roles are enforced here, by the app; on PostgreSQL the
database's own grants can enforce them too (README, "Study groups").
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from quizapp.deck.db import writer
from quizapp.deck.models import ROLES, User, utcnow

USER_ENV = "QUIZAPP_USER"
EDITING_ROLES = frozenset({"owner", "editor"})
"""Roles that may import or change notes, restore backups and change deck settings."""


class PermissionDenied(Exception):
    """The user's role does not allow what was asked."""


def default_user_name(environ: Mapping[str, str] | None = None) -> str:
    """`QUIZAPP_USER`, else the login name."""
    env = os.environ if environ is None else environ
    name = env.get(USER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "me"


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    name: str
    role: str

    @property
    def may_edit(self) -> bool:
        return self.role in EDITING_ROLES


def _info(user: User) -> UserInfo:
    assert user.id is not None
    return UserInfo(user.id, user.name, user.role)


NOBODY = -1
"""The id readers use for a user not made yet: no state, no reviews."""


def find_user(engine: Engine, name: str | None = None) -> UserInfo:
    """The user called `name` (default: `default_user_name()`) without making them: a user
    new to the deck reads as a member with id `NOBODY`, so readers never write."""
    name = name or default_user_name()
    with Session(engine) as session:
        user = session.exec(select(User).where(User.name == name)).first()
        return _info(user) if user is not None else UserInfo(NOBODY, name, "member")


def current_user(engine: Engine, name: str | None = None) -> UserInfo:
    """The user called `name` (default: `default_user_name()`), made on first use."""
    found = find_user(engine, name)
    if found.id != NOBODY:
        return found
    name = found.name
    # The exclusive writer makes two processes creating the same user queue, not collide.
    with Session(writer(engine)) as session:
        user = session.exec(select(User).where(User.name == name)).first()
        if user is None:
            first = session.exec(select(func.count()).select_from(User)).one() == 0
            user = User(name=name, role="owner" if first else "member", created_at=utcnow())
            session.add(user)
            session.commit()
            session.refresh(user)
        return _info(user)


def require_editor(engine: Engine, name: str | None = None, action: str = "change notes") -> None:
    """Raise PermissionDenied unless the user is an owner or an editor of the deck."""
    user = current_user(engine, name)
    if not user.may_edit:
        raise PermissionDenied(
            f"{user.name} is a member of this deck and may not {action}; "
            "an owner can run `quizapp users role NAME editor`"
        )


def list_users(engine: Engine) -> list[UserInfo]:
    with Session(engine) as session:
        return [_info(u) for u in session.exec(select(User).order_by(col(User.name)))]


def set_role(engine: Engine, acting: str | None, name: str, role: str) -> UserInfo:
    """Give `name` a role (made if new); only an owner may, and a deck keeps one owner."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    me = current_user(engine, acting)
    if me.role != "owner":
        raise PermissionDenied(f"{me.name} is not an owner of this deck and may not set roles")
    with Session(writer(engine)) as session:
        user = session.exec(select(User).where(User.name == name)).first()
        if user is None:
            user = User(name=name, role=role, created_at=utcnow())
            session.add(user)
        else:
            if user.role == "owner" and role != "owner":
                owners = session.exec(
                    select(func.count()).select_from(User).where(User.role == "owner")
                ).one()
                if owners == 1:
                    raise PermissionDenied(f"{name} is the deck's only owner")
            user.role = role
        session.commit()
        session.refresh(user)
        return _info(user)
