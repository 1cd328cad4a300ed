"""Export the deck from the app: pick a format, name the file, watch the progress bar."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, ProgressBar, RadioButton, RadioSet, Static

from quizapp.export import ExportFormat
from quizapp.i18n import tr

DEFAULT_STEM = "quizapp-deck"


def _labels() -> dict[ExportFormat, str]:
    return {
        ExportFormat.apkg: tr("Anki 패키지 (.apkg)", "Anki package (.apkg)"),
        ExportFormat.csv: tr("CSV (Anki 텍스트 가져오기)", "CSV (Anki text import)"),
        ExportFormat.tsv: tr("TSV (Anki 텍스트 가져오기)", "TSV (Anki text import)"),
        ExportFormat.md: tr("Markdown 노트 (폴더)", "Markdown notes (folder)"),
        ExportFormat.json: tr("JSON 백업", "JSON backup"),
    }


def default_name(fmt: ExportFormat) -> str:
    return DEFAULT_STEM + fmt.suffix


class ExportScreen(ModalScreen[Path | None]):
    """A dialog that exports the whole deck; dismisses with the path written (None if not)."""

    CSS_PATH = "export.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder or Path.cwd()
        self.format = ExportFormat.apkg
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(tr("덱 내보내기", "Export the deck"), classes="title")
            with RadioSet(id="formats"):
                for fmt, label in _labels().items():
                    yield RadioButton(
                        label, value=fmt is self.format, name=fmt.value, id=f"format-{fmt.value}"
                    )
            yield Label(
                tr("파일 이름 (Enter: 내보내기)", "file name (Enter to export)"), classes="muted"
            )
            yield Input(str(self.folder / default_name(self.format)), id="path")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="status", markup=False)

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#path", Input).focus()

    @on(RadioSet.Changed, "#formats")
    def _format_changed(self, event: RadioSet.Changed) -> None:
        new = ExportFormat(event.pressed.name)
        field = self.query_one("#path", Input)
        typed = Path(field.value)
        # Keep what the user typed; only swap the ending that the old format gave it.
        old_suffix = self.format.suffix
        stem = typed.name.removesuffix(old_suffix) if old_suffix else typed.name
        field.value = str(typed.with_name(stem + new.suffix))
        self.format = new

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        if self.running or not event.value.strip():
            return
        self.running = True
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)
        self.query_one("#status", Static).update(tr("내보내는 중…", "exporting…"))
        self.export(Path(event.value.strip()).expanduser(), self.format)

    @work(thread=True, exclusive=True, group="export")
    def export(self, path: Path, fmt: ExportFormat) -> None:
        from quizapp.export import export_deck

        bar = self.query_one("#progress", ProgressBar)

        def advance(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, total=total, progress=done)

        try:
            result = export_deck(
                self.app.engine,  # type: ignore[attr-defined]
                fmt,
                path,
                now=self.app.clock(),  # type: ignore[attr-defined]
                progress=advance,
            )
        except (OSError, ValueError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        message = tr(f"카드 {result.cards}장", f"{result.cards} cards") + f" → {result.path}"
        if result.problems:
            count, first = len(result.problems), result.problems[0]
            message += tr(
                f" (경고 {count}개, 첫째: {first})", f" ({count} warnings, first: {first})"
            )
        self.app.call_from_thread(self._done, result.path, message, bool(result.problems))

    def _failed(self, reason: str) -> None:
        self.running = False
        self.query_one("#progress", ProgressBar).display = False
        self.query_one("#status", Static).update(f"{tr('실패', 'failed')}: {reason}")

    def _done(self, path: Path, message: str, warned: bool) -> None:
        self.app.notify(
            f"{tr('내보냄', 'exported')} {message}", severity="warning" if warned else "information"
        )
        self.dismiss(path)

    def action_cancel(self) -> None:
        if not self.running:
            self.dismiss(None)
