"""The deck a note goes to is named by its folders, worked out once per folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.deck.sync import _folders


@pytest.mark.parametrize(
    "path",
    [
        "a.md",
        "tcp/00001.md",
        "네트워크/전송 계층/tcp.md",
        "a//b.md",
        "./a/b.md",
        "a/./b.md",
        "../a.md",
        "/abs/x.md",
        "/x.md",
        "a/b/c/d.md",
    ],
)
def test_folders_are_the_parent_parts_of_the_path(path: str) -> None:
    assert _folders(path) == Path(path).parent.parts
    assert _folders(path) == Path(path).parent.parts  # memoised: the same again
