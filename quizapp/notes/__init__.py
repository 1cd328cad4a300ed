"""Markdown notes → NoteDoc and CardSpec (pure: reads files, never touches the database)."""
