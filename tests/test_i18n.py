"""One UI language: `--lang`, else QUIZAPP_LANG, else the locale; every label follows it."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from quizapp import exit_codes, i18n
from quizapp.cli import app
from quizapp.tui.labels import label


@pytest.fixture(autouse=True)
def restore():
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"QUIZAPP_LANG": "ko", "LANG": "en_US.UTF-8"}, "ko"),
        ({"QUIZAPP_LANG": "EN", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LC_ALL": "en_GB.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
        ({"QUIZAPP_LANG": "fr", "LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_comes_from_the_environment_then_the_locale(environ, expected) -> None:
    assert i18n.detect_language(environ) == expected


def test_lang_flag_sets_the_language_of_the_app(monkeypatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr("quizapp.cli._run_app", lambda *a, **k: seen.append(i18n.language()))
    runner = CliRunner()
    assert runner.invoke(app, ["--lang", "ko"]).exit_code == 0
    assert runner.invoke(app, ["--lang", "en"]).exit_code == 0
    assert seen == ["ko", "en"]
    bad = runner.invoke(app, ["--lang", "fr"])
    assert bad.exit_code == exit_codes.USAGE and "ko or en" in bad.stderr


def test_key_labels_translate_both_ways() -> None:
    i18n.set_language("ko")
    assert label("Suspend") == "보류" and label("Review these") == "이것들 복습"
    i18n.set_language("en")
    assert label("보류") == "Suspend" and label("Suspend") == "Suspend"


def test_each_korean_label_maps_back_to_one_english_label() -> None:
    from quizapp.tui.labels import ENGLISH, KOREAN

    assert len(ENGLISH) == len(KOREAN)


LANGUAGE_NEUTRAL = {"한/En"}
"""Key descriptions that read the same in both languages."""


def test_every_key_shown_in_a_footer_has_a_korean_label() -> None:
    import importlib
    import pkgutil

    from textual.binding import Binding
    from textual.dom import DOMNode

    import quizapp.tui
    from quizapp.tui.labels import KOREAN

    for module in pkgutil.walk_packages(quizapp.tui.__path__, "quizapp.tui."):
        importlib.import_module(module.name)
    missing = set()
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not cls.__module__.startswith("quizapp."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            shown = isinstance(binding, Binding) and binding.show and binding.description
            if shown and binding.description not in {*KOREAN, *LANGUAGE_NEUTRAL}:
                missing.add(f"{cls.__name__}: {binding.description}")
    assert not missing
