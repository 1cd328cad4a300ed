"""One UI language: no text of the app is written in both languages at once (issue 14).

The export dialog said "내보내는 중 · exporting…" and a card too long to show ended in
"줄 더 · more lines": both at once, whichever language the user chose. Every Korean
string in `quizapp/tui` must be one side of a choice made by the language setting:
an argument of `tr(korean, english)` (or the simulator's `say`), a `(korean, english)`
pair, the Korean side of a table keyed by the English text, or the "ko" entry of a
table by language.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from quizapp.i18n import set_language
from quizapp.tui.render_limits import FACE_PREVIEW_LINES, face_for_review

TUI = Path(__file__).resolve().parents[2] / "quizapp" / "tui"
HANGUL = re.compile("[\uac00-\ud7a3]")
CHOOSERS = {"tr", "say", "_say"}
BOTH_ON_PURPOSE = {"한/En"}
"""The simulator's key that switches its narration language names both."""


def _is_english(node: ast.AST | None) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and not HANGUL.search(node.value)
    )


def _chosen(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether the Korean text `node` is shown only when the language is Korean."""
    parent = parents.get(node)
    if isinstance(parent, ast.Expr):  # a docstring
        return True
    if isinstance(parent, ast.Tuple) and len(parent.elts) == 2 and _is_english(parent.elts[1]):
        return True
    if isinstance(parent, ast.Dict) and node in parent.values:
        return _is_english(parent.keys[parent.values.index(node)])
    if isinstance(parent, ast.IfExp):
        return _is_english(parent.orelse)
    # A table by language: {"ko": (…), "en": (…)}.
    value = parent if isinstance(parent, ast.Tuple) else node
    table = parents.get(value)
    if isinstance(table, ast.Dict) and value in table.values:
        key = table.keys[table.values.index(value)]
        if isinstance(key, ast.Constant) and key.value == "ko":
            return True
    while parent is not None:
        if isinstance(parent, ast.Call):
            func = parent.func
            name = getattr(func, "id", None) or getattr(func, "attr", "")
            if name in CHOOSERS:
                return True
        parent = parents.get(parent)
    return False


def mixed(source: str) -> list[tuple[int, str]]:
    """(line, text) of every Korean string in `source` shown whatever the language."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and HANGUL.search(node.value)
        and node.value not in BOTH_ON_PURPOSE
        and not _chosen(node, parents)
    ]


def test_every_korean_string_of_the_tui_follows_the_language() -> None:
    found = [
        f"{path.relative_to(TUI.parent.parent)}:{line}: {text!r}"
        for path in sorted(TUI.rglob("*.py"))
        for line, text in mixed(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_the_check_finds_a_label_in_both_languages() -> None:
    assert mixed('status.update("내보내는 중 · exporting…")') == [(1, "내보내는 중 · exporting…")]
    assert mixed('status.update(tr("내보내는 중…", "exporting…"))') == []


def test_a_face_cut_short_says_so_in_one_language() -> None:
    face = "\n".join(f"- 항목 {i}" for i in range(FACE_PREVIEW_LINES + 50))
    set_language("ko")
    try:
        korean = face_for_review("#\n" * 20_000 + face)
    finally:
        set_language("en")
    english = face_for_review("#\n" * 20_000 + face)
    assert "줄 더" in korean and "more lines" not in korean
    assert "more lines" in english and "줄 더" not in english
