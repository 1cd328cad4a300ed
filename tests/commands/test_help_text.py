"""Help text is shown as written: Rich markup must not eat `[...]` (issue 13).

`pip install 'quizapp[serve]'` used to show as `pip install 'quizapp'` in `--help`, because
Typer reads docstrings and option help as Rich markup. Every command's and option's help,
as the user sees it, must keep every bracketed word its source has.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

import pytest
import typer.main

from quizapp.cli import CardFormat, app
from quizapp.export import ExportFormat
from quizapp.srs.library_model import CardSort, CardState
from tests.commands.cli import run

BRACKETED = re.compile(r"\S*\[[^\]\s]+\]\S*")


def _commands() -> list[tuple[list[str], Any]]:
    """(words that open its help, command) for every command and sub-command."""
    found: list[tuple[list[str], Any]] = []
    stack: list[tuple[list[str], Any]] = [([], typer.main.get_command(app))]
    while stack:
        words, command = stack.pop()
        found.append((words, command))
        for name, sub in getattr(command, "commands", {}).items():
            stack.append(([*words, name], sub))
    return found


def _texts(command: Any) -> list[str]:
    """The help a command's source gives: its own and its options' and arguments'."""
    texts = [command.help or ""]
    texts += [getattr(param, "help", None) or "" for param in command.params]
    # A docstring escapes `[` for Rich as `\[`; the user must see `[`.
    return [text.replace("\\[", "[") for text in texts]


COMMANDS = _commands()


@pytest.mark.parametrize(
    ("words", "command"), COMMANDS, ids=[" ".join(w) or "quizapp" for w, _ in COMMANDS]
)
def test_help_keeps_every_bracketed_word(words: list[str], command: Any) -> None:
    shown = " ".join(run(*words, "--help").output.split())
    for text in _texts(command):
        for word in BRACKETED.findall(text):
            assert word in shown, f"{' '.join(words)} --help lost {word!r}"


def test_the_extras_named_in_help_show_intact() -> None:
    assert "pip install 'quizapp[serve]'" in " ".join(run("serve", "--help").output.split())
    assert "pip install 'quizapp[optimizer]'" in " ".join(run("optimize", "--help").output.split())


@pytest.mark.parametrize(
    ("words", "command"), COMMANDS, ids=[" ".join(w) or "quizapp" for w, _ in COMMANDS]
)
def test_help_names_types_in_words(words: list[str], command: Any) -> None:
    """Issue 14: `--help` showed typer's `<bool>`/`<str>` type column."""
    assert not re.search(r"<(bool|str|int|float|path)>", run(*words, "--help").output)


@pytest.mark.parametrize(
    ("words", "choices"),
    [
        (["cards"], [*CardState, *CardSort, *CardFormat]),
        (["export"], list(ExportFormat)),
    ],
)
def test_a_choice_list_wraps_between_choices_never_inside_one(
    words: list[str], choices: list[StrEnum]
) -> None:
    """`--state new|learning|due|review|susp` / `ended|…` broke a choice in two."""
    flat = " ".join(run(*words, "--help").output.replace("│", " ").split())
    for choice in choices:
        assert re.search(rf"(^|[ |]){re.escape(choice.value)}($|[ |])", flat), choice
