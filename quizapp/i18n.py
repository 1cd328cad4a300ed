"""The one UI language setting (Korean or English) and the helper every label goes through.

Chosen by `--lang`, else `QUIZAPP_LANG`, else the locale (`LANG`/`LC_ALL`/`LC_MESSAGES`
starting with `ko` → Korean), else English. Texts are written in place as pairs,
`tr("다음", "Next")`, so a screen reads the same in both languages and nothing drifts apart.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Literal

Language = Literal["ko", "en"]
LANGUAGES: tuple[Language, ...] = ("ko", "en")
LANG_ENV_VAR = "QUIZAPP_LANG"

_current: Language = "en"


def detect_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language to use when `--lang` is not given."""
    env = os.environ if environ is None else environ
    chosen = env.get(LANG_ENV_VAR, "").strip().lower()
    if chosen in LANGUAGES:
        return chosen  # type: ignore[return-value]
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def set_language(language: Language) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (known: ko, en)")
    _current = language


def language() -> Language:
    return _current


def tr(ko: str, en: str) -> str:
    """The text in the UI language."""
    return ko if _current == "ko" else en


set_language(detect_language())
