"""Widgets of the Textual app, grouped by the screen area they serve."""
