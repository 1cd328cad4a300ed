"""Numbered multiple-choice questions whose answers are given together in an answer key.

Exam-style notes number their questions, put each question's options in a nested quote (or
list), and give the answers once after the questions: `정답: 1-③, 2-①`, `Answers: 1. b
2. d`, or a `정답` / `Answers` label followed by a numbered list. Each question with options
and a key entry becomes a multiple-choice card; code or a table between a question and its
options is part of the question.

````markdown
1. 다음 중 선점형 스케줄링 기법은?
   > ① FCFS
   > ② Round Robin

2. What does the following print?

   ```js
   console.log([1, 2].length);
   ```

   > a. 1
   > b. 2

정답: 1-②, 2-b
````

Not cards: numbered questions with options but no key entry for them (left to the other
rules), and a key that names no option of its question.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from quizapp.notes.blocks import QUOTE, Block
from quizapp.notes.choice import entry, leading_options, match_choice
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Item, Rule
from quizapp.notes.rules.shared import block_text, collect_entries, heading_title
from quizapp.notes.text import normalise_words

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "answer_key"

_KEY_LABEL = re.compile(
    r"^\s*(?:\*\*|__)?\s*(?:answer\s+key|answers?|solutions?|정답(?:\s*및\s*해설)?|답|해답|"
    r"빠른\s*정답)\s*(?:\*\*|__)?\s*[:：]?\s*(?:\*\*|__)?\s*",
    re.IGNORECASE,
)
_PAIR = re.compile(r"(\d{1,3})\s*(?:[.):=→-]|번)\s*\(?([A-Ha-h1-9①-⑨])\)?(?![\w])")
_KEY_HEADINGS = frozenset(
    ["정답", "답", "해답", "정답 및 해설", "answers", "answer", "answer key", "solutions"]
)
_QUESTION_EXTRAS = ("fence", "code_block", "table")
_OPTION_HOLDERS = ("blockquote", "paragraph", "bullet_list", "ordered_list")
_MAX_LOOKAHEAD = 40


def key_pairs(text: str) -> dict[int, str]:
    """`정답: 1-③, 2-①` / `Answers: 1. b 2. d` → {1: '③', 2: '①'}; {} for any other text."""
    label = _KEY_LABEL.match(text)
    if not label:
        return {}
    rest = text[label.end() :]
    pairs = {int(number): value for number, value in _PAIR.findall(rest)}
    # Everything after the label must be pairs: `정답: 1번 문제는 어렵다` is no key.
    leftover = _PAIR.sub(" ", rest).strip(" ,;/|*_\n\t")
    return pairs if pairs and not leftover else {}


def find_key(p: NoteParser, blocks: list[Block], start: int) -> tuple[dict[int, str], int] | None:
    """The answer key after `start`: (number → label, index of the block after the key).

    Looks through the rest of the section; a heading ends the search unless it only says
    `정답` / `Answers`, whose numbered list (`1. b`) is then the key.
    """
    keyed_heading = False
    for index in range(start, min(len(blocks), start + _MAX_LOOKAHEAD)):
        block = blocks[index]
        if block.kind == "heading":
            if normalise_words(heading_title(block)) not in _KEY_HEADINGS:
                return None
            keyed_heading = True
            continue
        if block.kind == "paragraph":
            text = block_text(p.inline_lines(block))
            pairs = key_pairs(text)
            if pairs:
                return pairs, index + 1
            if _KEY_LABEL.fullmatch(text) and index + 1 < len(blocks):
                keyed_heading = True  # `**정답**` on its own, the list follows
            continue
        if block.kind == "ordered_list" and keyed_heading:
            pairs = _list_key(p, block)
            if pairs:
                return pairs, index + 1
    return None


def _list_key(p: NoteParser, block: Block) -> dict[int, str]:
    """A numbered list whose items are only option labels (`1. b`, `2. ③`)."""
    start = int(block.node.attrs.get("start", 1)) if block.node is not None else 1
    pairs: dict[int, str] = {}
    for offset, item in enumerate(p.items(block)):
        value = item.text.strip().strip("()*_ ")
        if not re.fullmatch(r"[A-Ha-h1-9①-⑨](?:[.)]\s.*)?", value, re.DOTALL):
            return {}
        pairs[start + offset] = value[0]
    return pairs


def _choice_of(p: NoteParser, item: Item, label: str) -> tuple[list[Block], list[str], int] | None:
    """(code shown with the question, options, correct index) for a keyed question item."""
    rest = item.rest
    lead = 0
    while lead < len(rest) and rest[lead].kind in _QUESTION_EXTRAS:
        lead += 1
    if lead >= len(rest) or rest[lead].kind not in _OPTION_HOLDERS:
        return None
    holder = rest[lead]
    inner = [holder]
    if holder.kind == "blockquote" and holder.node is not None:
        inner = p.blocks(list(holder.node.children), (*holder.strips, QUOTE))
    entries, _ = collect_entries(p, [], inner)
    options = leading_options(entries)
    if len(options) < 2:
        return None
    choice = match_choice([*options, entry(f"Answer: {label}")])
    if choice is None:
        return None
    return rest[:lead], choice.options, choice.correct


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    if block.kind != "ordered_list" or block.node is None:
        return None
    items = p.items(block)
    if not any(item.rest for item in items):
        return None
    found = find_key(p, blocks, index + 1)
    if found is None:
        return None
    pairs, after_key = found
    first = int(block.node.attrs.get("start", 1))
    notes = [*context.inherited, *block.annotations]
    made = 0
    for offset, item in enumerate(items):
        label = pairs.get(first + offset)
        picked = _choice_of(p, item, label) if label and item.lines else None
        if picked is None:
            continue
        shown, options, correct = picked
        question = "\n\n".join([block_text(item.lines), *(p.markdown(b) for b in shown)])
        p.emit(
            CardKind.CHOICE,
            question,
            options[correct],
            item.line,
            context,
            [*notes, *item.annotations],
            {"options": options, "correct": correct},
            part=str(first + offset),
            rule=NAME,
            end=item.end,
        )
        made += 1
    if not made:
        p.miss("numbered questions with an answer key, but no options the key names")
        return None
    # The key is used up when it follows the questions directly.
    return after_key if after_key == index + 2 else index + 1


RULE = Rule(
    NAME,
    ("ordered_list",),
    claim,
    "numbered questions with options, answered by a separate key (정답: 1-③, 2-①)",
)
