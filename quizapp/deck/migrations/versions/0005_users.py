"""Schema 5: users. Each user's card state moves from `card` to `cardstate` (user, card);
review logs and quiz runs belong to a user.

The existing states and reviews go to one user, the owner: `QUIZAPP_USER` or the login name
of whoever upgrades (on a single-user SQLite deck, that person).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from quizapp.deck.users import default_user_name

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

STATE_COLUMNS = (
    "fsrs_state",
    "fsrs_step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "leech",
    "suspended",
    "buried_until",
)


def upgrade() -> None:
    op.create_table(
        "deckuser",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    bind.execute(
        sa.text("INSERT INTO deckuser (name, role, created_at) VALUES (:name, 'owner', :now)"),
        {"name": default_user_name(), "now": now},
    )
    owner = bind.execute(sa.text("SELECT id FROM deckuser")).scalar_one()

    op.create_table(
        "cardstate",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.String(), nullable=False),
        sa.Column("fsrs_state", sa.Integer(), nullable=True),
        sa.Column("fsrs_step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("due", sa.DateTime(), nullable=True),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("lapses", sa.Integer(), nullable=False),
        sa.Column("leech", sa.Boolean(), nullable=False),
        sa.Column("suspended", sa.Boolean(), nullable=False),
        sa.Column("buried_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", "card_id"),
        sa.ForeignKeyConstraint(["user_id"], ["deckuser.id"]),
        sa.ForeignKeyConstraint(["card_id"], ["card.id"]),
    )
    op.create_index("ix_cardstate_user_state_due", "cardstate", ["user_id", "fsrs_state", "due"])
    op.create_index("ix_cardstate_card_id", "cardstate", ["card_id"])
    columns = ", ".join(STATE_COLUMNS)
    # Only cards with something to keep: no row means new, not suspended, not buried.
    bind.execute(
        sa.text(
            f"INSERT INTO cardstate (user_id, card_id, {columns}) "
            f"SELECT :owner, id, {columns} FROM card "
            "WHERE fsrs_state IS NOT NULL OR reps > 0 OR suspended OR leech "
            "OR buried_until IS NOT NULL"
        ),
        {"owner": owner},
    )
    # New cards are served in source order per user: walking this index finds the first
    # card the user has not seen without sorting the deck.
    op.create_index("ix_card_source", "card", ["source_path", "source_line"])
    op.drop_index("ix_card_deck_state_due", table_name="card")
    op.drop_index("ix_card_state_due", table_name="card")
    with op.batch_alter_table("card") as batch:
        for column in STATE_COLUMNS:
            batch.drop_column(column)

    for table in ("reviewlog", "quizrun"):
        op.add_column(table, sa.Column("user_id", sa.Integer(), nullable=True))
        bind.execute(sa.text(f"UPDATE {table} SET user_id = :owner"), {"owner": owner})
        with op.batch_alter_table(table) as batch:
            batch.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(f"fk_{table}_user_id", "deckuser", ["user_id"], ["id"])
            batch.create_index(f"ix_{table}_user_id", ["user_id"])
