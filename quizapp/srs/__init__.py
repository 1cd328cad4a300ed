"""Spaced-repetition scheduling over the fsrs package: queue, limits, undo, leeches."""
