"""Schema 6: each user's own study settings of a deck, and the review log indexed by user
and time.

`userdecksettings` (user, deck) overrides the deck's settings column by column; the deck's
columns stay as the defaults. Fitted FSRS parameters were fitted to the reviews of the
deck's one user before schema 5, so they move to the first owner's row.

Daily limits count one user's ratings since the start of the day: (user_id, reviewed_at)
finds them directly. It replaces the index on user_id alone (its prefix) and the one on
`kind_before`, which only four values share and which misled SQLite's planner into
scanning the whole log for a user with no reviews.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "userdecksettings",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("deck_id", sa.Integer(), nullable=False),
        sa.Column("new_per_day", sa.Integer(), nullable=True),
        sa.Column("reviews_per_day", sa.Integer(), nullable=True),
        sa.Column("desired_retention", sa.Float(), nullable=True),
        sa.Column("learning_steps", sa.Text(), nullable=True),
        sa.Column("fsrs_parameters", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", "deck_id"),
        sa.ForeignKeyConstraint(["user_id"], ["deckuser.id"]),
        sa.ForeignKeyConstraint(["deck_id"], ["deck.id"]),
    )
    bind = op.get_bind()
    owner = bind.execute(
        sa.text("SELECT min(id) FROM deckuser WHERE role = 'owner'")
    ).scalar_one_or_none()
    if owner is not None:
        bind.execute(
            sa.text(
                "INSERT INTO userdecksettings (user_id, deck_id, fsrs_parameters) "
                "SELECT :owner, id, fsrs_parameters FROM deck WHERE fsrs_parameters IS NOT NULL"
            ),
            {"owner": owner},
        )
        bind.execute(sa.text("UPDATE deck SET fsrs_parameters = NULL"))

    op.create_index("ix_reviewlog_user_reviewed", "reviewlog", ["user_id", "reviewed_at"])
    op.drop_index("ix_reviewlog_user_id", table_name="reviewlog")
    op.drop_index("ix_reviewlog_kind_before", table_name="reviewlog")
