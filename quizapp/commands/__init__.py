"""Subcommands whose logic lives outside `cli.py`, each registered there in a line or two."""
