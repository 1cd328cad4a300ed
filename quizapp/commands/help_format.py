"""`--help` without typer's `<bool>`/`<str>` type column: flags take no value, and an option
that does take one shows what it is in words (`TEXT`, `INTEGER`, `PATH`, a choice list)."""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption

_option_hint = TyperOption.display_type_rich
_argument_hint = TyperArgument.display_type_rich
_WORDS = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "path": "PATH", "Path": "PATH"}


def _in_words(hint: str | None) -> str | None:
    if hint is None or not (hint.startswith("<") and hint.endswith(">")):
        return hint
    inner = hint[1:-1]
    if "|" in inner:
        # A choice list wraps between choices, never inside one (`susp` / `ended`).
        return " | ".join(inner.split("|"))
    return _WORDS.get(inner, inner.upper())


def _option(self: TyperOption, ctx: Any) -> str | None:
    if self.is_flag or self.count:
        return None
    return _in_words(_option_hint(self, ctx))


def _argument(self: TyperArgument, ctx: Any) -> str | None:
    return _in_words(_argument_hint(self, ctx))


def install() -> None:
    """Replace typer's type column in the rich help (called once by `quizapp.cli`)."""
    TyperOption.display_type_rich = _option  # type: ignore[method-assign]
    TyperArgument.display_type_rich = _argument  # type: ignore[method-assign]
