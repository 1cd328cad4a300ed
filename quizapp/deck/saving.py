"""Writes the deck refused, as quizapp's own `NotSaved` (screens never see driver errors)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError

from quizapp.errors import NotSaved


@contextmanager
def saving() -> Iterator[None]:
    """Run a write; the database driver's error comes out as `NotSaved` with its reason."""
    try:
        yield
    except DBAPIError as error:
        raise NotSaved(str(error.orig)) from error
