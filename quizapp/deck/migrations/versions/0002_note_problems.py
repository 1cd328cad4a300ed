"""Schema 2: `note.problems_json` (the import problems of each note) and an index on `note.path`.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "note",
        sa.Column("problems_json", sa.Text(), nullable=False, server_default=sa.text("'[]'")),
    )
    op.create_index("ix_note_path", "note", ["path"])
    # Problems are only known once a note is parsed: make the next import parse every file
    # again instead of skipping unchanged ones.
    op.execute("DELETE FROM meta WHERE key = 'import_rules_version'")
