"""Alembic migrations of the deck database (both SQLite and PostgreSQL), shipped in the package.

`quizapp.deck.db.ensure_schema` runs them; revision `000N` is schema version N.
"""
