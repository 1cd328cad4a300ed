"""One card shown whole, both faces, over the screen it was opened from."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from quizapp.i18n import tr


class CardScreen(ModalScreen[None]):
    """The card's question and answer as review shows them; `o` opens its note."""

    CSS_PATH = "card.tcss"
    BINDINGS = [
        Binding("escape,enter,q", "dismiss", "Close", key_display="⎋"),
        Binding("o", "open_note", "Note"),
    ]

    def __init__(self, card_id: str) -> None:
        super().__init__()
        self.card_id = card_id
        self.note: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="card-box"):
            yield Static("", id="card-meta")
            yield Markdown("", id="card-front")
            yield Static("", id="card-divider")
            yield Markdown("", id="card-back")

    def on_mount(self) -> None:
        from quizapp.deck.queries import get_card
        from quizapp.quiz.faces import card_faces
        from quizapp.tui.render_limits import face_for_review

        card = get_card(self.app.engine, self.card_id)  # type: ignore[attr-defined]
        if card is None:
            self.dismiss()
            return
        if card.note_id is not None:
            self.note = (card.note_id, card.source_line)
        faces = card_faces(card)
        # A Text, not markup: a source may be `Language/[java] 기초.md`.
        meta = Text(f"{card.id} · {card.kind} · {card.source}", style="dim")
        self.query_one("#card-meta", Static).update(meta)
        self.query_one("#card-front", Markdown).update(face_for_review(faces.front))
        self.query_one("#card-divider", Static).update(f"[dim]{tr('답', 'answer')}[/]")
        self.query_one("#card-back", Markdown).update(face_for_review(faces.back))

    def action_open_note(self) -> None:
        if self.note is not None:
            note_id, line = self.note
            self.dismiss()
            self.app.action_notes(note_id, line)  # type: ignore[attr-defined]
