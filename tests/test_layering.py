"""The package's layers, enforced by reading every module's imports (type-only ones too).

notes → deck → srs/quiz/tcp/export → tui: each layer imports only from below it. The TUI
never touches the database driver or the scheduler's library; the deck layer never reaches
up into the quiz or the scheduler; Textual lives only in the TUI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "quizapp"


def imports_of(path: Path, root: Path = PACKAGE.parent) -> set[str]:
    """Every module `path` imports, anywhere in the file (functions and TYPE_CHECKING too);
    a relative import (`from ..quiz import flow`) is named in full (`quizapp.quiz.flow`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            package = path.relative_to(root).parts[:-1]
            base = ".".join(package[: len(package) - node.level + 1])
            if node.module:
                found.add(f"{base}.{node.module}")
            else:
                found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def modules(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def offending(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return [
        f"{path.relative_to(PACKAGE.parent)} imports {name}"
        for path in modules(folder)
        for name in sorted(imports_of(path))
        if any(name == f or name.startswith(f + ".") for f in forbidden)
    ]


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("tui", ("fsrs", "sqlalchemy", "sqlmodel")),
        ("deck", ("quizapp.quiz", "quizapp.srs", "quizapp.tui", "quizapp.export", "textual")),
        ("notes", ("quizapp.deck", "quizapp.srs", "quizapp.quiz", "quizapp.tui", "textual")),
        ("srs", ("quizapp.quiz", "quizapp.tui", "quizapp.export", "textual")),
        ("quiz", ("quizapp.tui", "textual")),
        ("export", ("quizapp.tui", "textual")),
    ],
)
def test_layer_imports_only_from_below(folder: str, forbidden: tuple[str, ...]) -> None:
    assert offending(folder, forbidden) == []


def test_the_check_sees_an_import_hidden_in_a_function(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from sqlalchemy.exc import DBAPIError\n", encoding="utf-8")
    assert "sqlalchemy.exc" in imports_of(module)


def test_the_check_sees_a_relative_import(tmp_path: Path) -> None:
    module = tmp_path / "quizapp" / "deck" / "m.py"
    module.parent.mkdir(parents=True)
    module.write_text("from ..quiz import flow\nfrom . import db\n", encoding="utf-8")
    assert imports_of(module, tmp_path) == {"quizapp.quiz", "quizapp.deck.db"}


def test_card_faces_live_in_the_quiz_layer_not_the_deck() -> None:
    assert not (PACKAGE / "deck" / "faces.py").exists()
    assert (PACKAGE / "quiz" / "faces.py").exists()
