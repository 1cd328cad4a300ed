"""A deck's study settings as a dialog: new cards a day, maximum reviews, retention, steps.

They are the current user's own; an owner may instead save them as the deck's defaults, which
every user follows where they set nothing of their own.
"""

from __future__ import annotations

import asyncio

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from quizapp.i18n import tr


class DeckSettingsScreen(ModalScreen[bool]):
    """Edits the current user's settings of one deck; dismissed with True once saved."""

    CSS_PATH = "deck_settings.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel", key_display="⎋"),
    ]

    def __init__(self, deck: str) -> None:
        super().__init__()
        self.deck = deck
        self._loaded: dict[str, object] = {}
        """The values shown when the dialog opened: only changed ones are saved."""

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-box") as box:
            # A Text: a border title is markup otherwise, and a deck name is data.
            box.border_title = Text(tr(f"{self.deck} 설정", f"{self.deck} settings"))
            with Grid(id="settings-grid"):
                yield Label(tr("하루 새 카드", "New cards a day"))
                yield Input(id="new-per-day", type="integer")
                yield Label(tr("하루 최대 복습", "Maximum reviews a day"))
                yield Input(id="max-reviews", type="integer")
                yield Label(tr("목표 기억률", "Desired retention"))
                yield Input(id="retention", type="number")
                yield Label(tr("학습 단계", "Learning steps"))
                yield Input(id="steps", placeholder="1m 10m")
            yield Static("", id="settings-source")
            yield Checkbox(
                tr("덱 기본값으로 저장 (모든 사용자)", "Save as the deck's defaults (everyone)"),
                id="as-default",
            )
            yield Static("", id="settings-error")
            yield Static(
                tr(
                    "기억률 0.70–0.99: 높을수록 복습이 잦아집니다. 단계 예: 1m 10m 1h",
                    "Retention 0.70–0.99: higher means more reviews. Steps like 1m 10m 1h",
                ),
                id="settings-help",
            )
            with Horizontal(id="settings-buttons"):
                yield Button(tr("저장", "Save"), id="save", variant="primary")
                yield Button(tr("취소", "Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="settings")
    async def load(self) -> None:
        from quizapp.deck.users import find_user
        from quizapp.errors import UnknownDeck
        from quizapp.srs.deck_settings import format_steps, get_deck_settings

        engine = self.app.engine  # type: ignore[attr-defined]
        self.query_one("#as-default", Checkbox).display = False
        try:
            settings = await asyncio.to_thread(get_deck_settings, engine, self.deck)
            user = await asyncio.to_thread(find_user, engine)
        except UnknownDeck:
            self.query_one("#settings-error", Static).update(
                tr(
                    f"{self.deck}: 카드가 있는 하위 덱에서 설정하세요",
                    f"{self.deck}: set this on a sub-deck that holds cards",
                )
            )
            self.query_one("#save", Button).disabled = True
            return
        self.query_one("#new-per-day", Input).value = str(settings.new_per_day)
        self.query_one("#max-reviews", Input).value = str(settings.reviews_per_day)
        self.query_one("#retention", Input).value = f"{settings.desired_retention:.2f}"
        self.query_one("#steps", Input).value = format_steps(settings.learning_steps)
        self._loaded = self._values()
        names = {
            "new_per_day": tr("하루 새 카드", "new cards"),
            "reviews_per_day": tr("최대 복습", "maximum reviews"),
            "desired_retention": tr("기억률", "retention"),
            "learning_steps": tr("학습 단계", "steps"),
        }
        own = ", ".join(names[n] for n in names if n in settings.own)
        who = escape(user.name)
        self.query_one("#settings-source", Static).update(
            tr(f"{who}의 설정 · 직접 정한 값: {own}", f"{who}'s settings · own: {own}")
            if own
            else tr(f"{who}의 설정 · 모두 덱 기본값", f"{who}'s settings · all deck defaults")
        )
        self.query_one("#as-default", Checkbox).display = user.role == "owner"
        self.query_one("#new-per-day", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(False)

    def _number(self, widget_id: str, kind: type[int] | type[float], name: str) -> int | float:
        text = self.query_one(f"#{widget_id}", Input).value.strip()
        try:
            return kind(text)
        except ValueError:
            raise ValueError(
                tr(f"{name}: 숫자가 아닙니다 ({text!r})", f"{name}: not a number ({text!r})")
            ) from None

    def _values(self) -> dict[str, object]:
        """The dialog's values; raises ValueError or SettingError naming a bad one."""
        from quizapp.srs.deck_settings import parse_steps

        return {
            "new_per_day": int(self._number("new-per-day", int, tr("하루 새 카드", "new cards"))),
            "reviews_per_day": int(
                self._number("max-reviews", int, tr("최대 복습", "maximum reviews"))
            ),
            "desired_retention": float(self._number("retention", float, tr("기억률", "retention"))),
            "learning_steps": parse_steps(self.query_one("#steps", Input).value),
        }

    @work(exclusive=True, group="settings")
    async def action_save(self) -> None:
        from quizapp.deck.users import PermissionDenied
        from quizapp.errors import NotSaved
        from quizapp.srs.deck_settings import SettingError, set_deck_settings

        error = self.query_one("#settings-error", Static)
        as_default = self.query_one("#as-default", Checkbox).value
        try:
            # Only what was changed becomes the user's own: the rest keeps following the
            # deck's defaults (and an owner's later change of them).
            changed = {k: v for k, v in self._values().items() if self._loaded.get(k) != v}
            await asyncio.to_thread(
                set_deck_settings,
                self.app.engine,  # type: ignore[attr-defined]
                self.deck,
                default=as_default,
                **changed,  # type: ignore[arg-type]
            )
        except (ValueError, SettingError, NotSaved, PermissionDenied) as exc:
            error.update(Text(str(exc), style="bold red"))
            return
        self.notify(tr(f"{self.deck} 설정을 저장했습니다", f"{self.deck}: settings saved"))
        self.dismiss(True)
