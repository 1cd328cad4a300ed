"""SQLModel tables, engine and sessions, import sync and schema upgrades."""
