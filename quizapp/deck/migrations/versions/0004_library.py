"""Schema 4: `source` (folders imported on this machine), `card.skipped`, `deck.learning_steps`.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("bundled", sa.Boolean(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=True),
        sa.Column("last_synced_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("path"),
    )
    op.add_column(
        "card", sa.Column("skipped", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.add_column("deck", sa.Column("learning_steps", sa.Text(), nullable=True))
    # A deck that already has notes recorded none of its folders: start-up adopts them once
    # (`quizapp.deck.library.adopt_note_roots`). A new deck has no notes here.
    op.execute(
        "INSERT INTO meta (key, value) SELECT 'note_roots_unrecorded', '1' "
        "WHERE EXISTS (SELECT 1 FROM note)"
    )
