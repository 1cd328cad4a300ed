"""Deck export: one module per format (apkg, csv/tsv, md, json) and import from Anki."""
