"""Export to CSV or TSV that Anki's text importer takes as it is: one row per card.

The header lines are the ones Anki writes in its own exports (`#separator:`, `#html:true`,
`#guid column:` …), so Anki knows the format without asking; `#columns:` names the
columns, and Anki maps `Front` and `Back` onto the note type's fields of those names.
Fields are HTML with the notes' own HTML escaped; the GUIDs are those of the .apkg
export, so importing both never duplicates a card. Anki's text import brings no media:
the images are copied into a `<name>.media` folder beside the file, to be put into
Anki's `collection.media` by hand. The words the app adds to a face (`무엇인가요?`, the
ordering prompt) are in the card's own language, not the UI's (`quiz.faces.card_language`).
"""

from __future__ import annotations

import csv
import shutil
from html import escape
from pathlib import Path

from quizapp.export.apkg import anki_tags, note_guid
from quizapp.export.atomic import atomic_text
from quizapp.export.render import FieldRenderer
from quizapp.export.selection import ExportCard, ExportProgress, ExportResult, report
from quizapp.quiz.faces import card_faces, card_language

COLUMNS = ("GUID", "Deck", "Front", "Back", "Source", "Tags")


def header(separator: str) -> str:
    name = "tab" if separator == "\t" else "comma"
    return (
        f"#separator:{name}\n"
        "#html:true\n"
        "#guid column:1\n"
        "#deck column:2\n"
        "#tags column:6\n"
        f"#columns:{separator.join(COLUMNS)}\n"
    )


def export_csv(
    cards: list[ExportCard],
    out: Path,
    *,
    separator: str = ",",
    progress: ExportProgress | None = None,
) -> ExportResult:
    """Write `cards` to `out` as CSV (`separator` ",") or TSV ("\\t")."""
    renderer = FieldRenderer()
    decks: set[str] = set()
    with atomic_text(out) as handle:
        handle.write(header(separator))
        # Quoting every field keeps a GUID that starts with `#` from reading as a comment.
        writer = csv.writer(handle, delimiter=separator, lineterminator="\n", quoting=csv.QUOTE_ALL)
        for done, item in enumerate(cards, 1):
            faces = card_faces(item.card, card_language(item.card))
            place = item.place
            decks.add(item.deck)
            writer.writerow(
                (
                    note_guid(item.card.id),
                    item.deck,
                    renderer.html(faces.front, place),
                    renderer.html(faces.back, place),
                    escape(item.card.source),
                    " ".join(anki_tags(item)),
                )
            )
            report(progress, done, len(cards))
    files = [out]
    if renderer.media.files:
        media_dir = out.with_name(f"{out.stem}.media")
        media_dir.mkdir(exist_ok=True)
        for name, file in renderer.media.files.items():
            shutil.copyfile(file, media_dir / name)
        files.append(media_dir)
    return ExportResult(
        path=out,
        cards=len(cards),
        decks=len(decks),
        media=len(renderer.media.files),
        files=files,
        problems=renderer.problems,
    )
