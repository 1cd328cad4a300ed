"""A footer that shows and hides its keys instead of rebuilding itself.

Textual's Footer removes and mounts all of its keys whenever the screen's bindings are
refreshed, even when the same keys come back. The review screen refreshes them for every
card ("␣ Show" leaves once the answer is shown and returns with the next card), and the
footer was rebuilt twice per rating: in a profile of `bench/review_keys.py` about a tenth
of the event loop's work from the rating key to the next card. Here a refresh that
only hides keys, shows keys built earlier, or enables/disables them changes those keys in
place; anything else (a key never built, a new label) rebuilds as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

KeyId = tuple[str, str, str]
"""A footer key as it is drawn: key, action, description."""


class SteadyFooter(Footer):
    """Footer whose keys are kept across binding refreshes when they can be."""

    _built: frozenset[KeyId] | None = None
    """The keys of the last rebuild, or None before the first one with bindings ready."""

    def _shown_keys(self) -> dict[KeyId, bool] | None:
        """The keys the footer would draw now, with whether each is enabled; None when the
        bindings use groups (drawn with a shared label, which is left to Textual)."""
        shown: dict[KeyId, bool] = {}
        actions: set[str] = set()
        for _, binding, enabled, _ in self.screen.active_bindings.values():
            if not binding.show or binding.action in actions:
                continue  # Footer draws one key per action: the first one bound
            if binding.group is not None:
                return None
            actions.add(binding.action)
            shown[(binding.key, binding.action, binding.description)] = enabled
        return shown

    def compose(self) -> ComposeResult:
        shown = self._shown_keys() if self._bindings_ready else None
        self._built = frozenset(shown) if shown is not None else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if (
            self._built is not None
            and screen.app.app_focus
            and self.is_attached
            and screen is self.screen
        ):
            shown = self._shown_keys()
            if shown is not None and shown.keys() <= self._built:
                self._show_only(shown)
                return
        super().bindings_changed(screen)

    def _show_only(self, shown: dict[KeyId, bool]) -> None:
        for key in self.query(FooterKey):
            if key.has_class("-command-palette"):
                continue
            enabled = shown.get((key.key, key.action, key.description))
            key.display = enabled is not None
            if enabled is not None and key._disabled == enabled:
                # FooterKey keeps its state in `_disabled` (a click on a disabled key rings
                # the bell) and draws it with the `-disabled` class.
                key._disabled = not enabled
                key.set_class(not enabled, "-disabled")
