"""Markdown notes → NoteDoc and CardSpec (pure: reads files, never touches the database)."""

from quizapp.notes.keys import find_duplicate_questions, question_key
from quizapp.notes.model import CardKind, CardSpec, ImportProblem, NoteDoc, Section, Severity
from quizapp.notes.parser import parse_note
from quizapp.notes.reader import MAX_NOTE_BYTES, decode_note_bytes, iter_note_files, read_note

__all__ = [
    "MAX_NOTE_BYTES",
    "CardKind",
    "CardSpec",
    "ImportProblem",
    "NoteDoc",
    "Section",
    "Severity",
    "decode_note_bytes",
    "find_duplicate_questions",
    "iter_note_files",
    "parse_note",
    "question_key",
    "read_note",
]
