"""Handing a note to the user's `$EDITOR` at a line, then importing the file again."""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from textual.app import App, SuspendNotSupported

from quizapp.i18n import tr


def edit_note(app: App[None], engine: object, note_id: int, line: int) -> bool:
    """Open the note in the editor and re-import it; False (with a toast) when it could not be.

    Problems the re-import found are shown as toasts.
    """
    from quizapp.deck.queries import note_file
    from quizapp.errors import NotSaved
    from quizapp.srs.cards import reimport_file

    file = note_file(engine, note_id)  # type: ignore[arg-type]
    if file is None or not Path(file).exists():
        app.notify(tr("노트 파일이 없습니다", "the note's file is gone"), severity="error")
        return False
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        with app.suspend():
            subprocess.run([*shlex.split(editor), f"+{line}", file], check=False)
    except SuspendNotSupported:
        app.notify(
            tr("이 터미널에서는 편집기를 열 수 없습니다", "this terminal cannot open an editor"),
            severity="error",
        )
        return False
    try:
        problems = reimport_file(engine, Path(file), app.clock())  # type: ignore[arg-type, attr-defined]
    except NotSaved as error:
        app.notify(
            f"{tr('고친 노트를 가져오지 못함', 'the edited note was not imported')}: {error}",
            title=tr("저장하지 못함", "not saved"),
            severity="error",
            timeout=10,
        )
        return False
    for problem in problems:
        app.notify(problem, severity="warning")
    return True
