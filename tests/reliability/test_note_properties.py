"""Property: any note — text, Markdown structure, hostile characters — imports and renders.

2,000 generated notes go through the real import (file → parser → deck) and each card's
faces are rendered as Markdown by Rich into a colour terminal. Nothing may raise, the
deck may hold no terminal control character, and the rendered output may hold no escape
but Rich's own styling.
"""

from __future__ import annotations

import io
import itertools
import json
import re
from dataclasses import astuple
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.markdown import Markdown
from sqlmodel import Session, select

from quizapp.deck.db import open_database
from quizapp.deck.models import Card, Note
from quizapp.deck.sync import import_paths
from quizapp.quiz.faces import card_faces
from tests.conftest import T0

CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"] + ["\x7f"]
CONTROLS += [chr(c) for c in range(0x80, 0xA0)]
BIDI = list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
UNSAFE = frozenset(CONTROLS + BIDI)
ESCAPES = [
    "\x1b[31m",
    "\x1b[0m",
    "\x1b[2J",
    "\x1b[6n",
    "\x1b]0;제목\x07",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x1bP+q544e\x1b\\",
    "\x9b1;31m",
]
SNIPPETS = [
    "**굵게**",
    "`코드`",
    "[비밀](../../etc/passwd)",
    "![그림](/etc/shadow)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "==빈칸==",
    "{{c1::숨김}}",
    "<br>",
    "List<String>",
    "<stdio.h>",
    ":question:",
    "👩\u200d💻",
    "SYN(synchronize : 연결 요청)",
]
# Mostly from a fixed alphabet (cheap to draw, and where the bugs are: Hangul, decomposed
# jamo, Markdown punctuation, controls), the rest any character at all.
ALPHABET = [chr(c) for c in range(0xAC00, 0xAC00 + 400, 7)] + ["\u1100", "\u1161", "\u11ab"]
ALPHABET += list("abcXYZ019 *_`[]()<>#!|:-=~{}\\.?") + CONTROLS + BIDI
characters = st.one_of(
    st.sampled_from(ALPHABET), st.characters(codec="utf-8", exclude_characters="\r")
)
words = st.text(characters, min_size=1, max_size=20)
inline = st.lists(
    st.one_of(words, st.sampled_from(ESCAPES + SNIPPETS)), min_size=1, max_size=4
).map(" ".join)


@st.composite
def blocks(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 11))
    line = draw(inline)
    if kind == 0:
        return "#" * draw(st.integers(1, 6)) + " " + line + draw(st.sampled_from(["", "?"]))
    if kind == 1:
        return f"#### Q. {line}\n\nA. {draw(inline)}"
    if kind == 2:
        items = draw(st.lists(st.tuples(words, inline), min_size=2, max_size=3))
        return "\n".join(f"- {term}: {text}" for term, text in items)
    if kind == 3:
        steps = draw(st.lists(inline, min_size=3, max_size=4))
        return f"## {line}\n\n" + "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))
    if kind == 4:
        asks = draw(st.lists(inline, min_size=1, max_size=3))
        return "### 면접 질문\n\n" + "\n".join(f"- {a}?" for a in asks)
    if kind == 5:
        return f"<details><summary>{line}</summary>\n\n{draw(inline)}\n\n</details>"
    if kind == 6:
        options = draw(st.lists(words, min_size=2, max_size=4))
        listed = "\n".join(f"{'ABCD'[i]}) {o}" for i, o in enumerate(options))
        return f"{line}?\n\n{listed}\n\n정답: {draw(st.sampled_from('AB'))}"
    if kind == 7:
        return f"```{draw(st.sampled_from(['', 'python', 'c']))}\n{line}\n```"
    if kind == 8:
        return "\n".join("> " * d + draw(inline) for d in range(1, draw(st.integers(1, 4)) + 1))
    if kind == 9:
        return "\n".join("  " * d + f"- {draw(inline)}" for d in range(draw(st.integers(1, 8))))
    if kind == 10:
        return f"| {line} | 값 |\n|---|---|\n| {draw(inline)} | {draw(words)} |"
    return line


@st.composite
def notes(draw: st.DrawFn) -> str:
    body = "\n\n".join(draw(st.lists(blocks(), min_size=1, max_size=4)))
    if draw(st.booleans()):
        body = f"---\ndeck: {draw(words)}\ntags: [{draw(words)}]\n---\n{body}"
    return body.replace("\n", "\r\n") if draw(st.booleans()) else body


SGR = re.compile(r"\x1b\[[0-9;]*m")
OSC8 = re.compile(r"\x1b\]8;[^\x07\x1b]*;[^\x07\x1b]*\x1b\\")
"""Rich's hyperlinks; the URL comes from the note, so it must be free of controls too."""


def assert_only_styling(rendered: str) -> None:
    rest = OSC8.sub("", SGR.sub("", rendered))
    assert not UNSAFE & set(rest), repr(rendered)


def test_any_note_imports_and_its_cards_render_without_terminal_controls(tmp_path: Path):
    engine = open_database("sqlite://")
    folder = tmp_path / "notes"
    folder.mkdir()
    numbers = itertools.count()
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=80, color_system="truecolor")

    @settings(
        max_examples=2000,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(notes())
    def imports_and_renders(text: str) -> None:
        file = folder / f"note{next(numbers)}.md"
        file.write_bytes(text.encode("utf-8", "surrogatepass"))
        import_paths(engine, [file], now=T0)
        with Session(engine) as session:
            note = session.exec(select(Note).where(Note.path == file.name)).first()
            cards = session.exec(select(Card).where(Card.note_id == note.id)).all() if note else []
        stored = [card.question + card.answer + card.extra_json + card.tags for card in cards]
        if note is not None:
            stored.append(note.title + note.markdown + note.problems_json)
        assert not UNSAFE & set("".join(stored))
        # Every face of the note in one document: one render per note keeps examples cheap.
        faces = [face for card in cards for face in astuple(card_faces(card))]
        screen.seek(0)
        screen.truncate()
        console.print(Markdown("\n\n---\n\n".join(faces)))
        assert_only_styling(screen.getvalue())
        json.loads(note.problems_json if note else "[]")

    imports_and_renders()
