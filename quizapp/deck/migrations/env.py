"""Alembic environment: migrations run on the connection `quizapp.deck.db` hands over.

The caller owns the transaction (and, on PostgreSQL, the schema lock), so every revision of
one upgrade commits or rolls back together.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=None,
    # SQLite cannot drop or retype a column in place: batch operations copy the table.
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
