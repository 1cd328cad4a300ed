"""What several rules share: where an answer ends, what it holds, and the choice it may be.

An answer stops where another question starts, whichever rule would read that question;
`starts_question` asks each convention's recogniser, so answers stay consistent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from quizapp.notes.annotations import Annotation, resolve
from quizapp.notes.blocks import Block
from quizapp.notes.choice import Choice, Entry, entry, leading_options, match_choice
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Line
from quizapp.notes.steps import asks_for_steps, emit_steps, numbered_steps
from quizapp.notes.text import (
    ends_with_question_mark,
    is_question_list_heading,
    looks_like_question,
    plain_text,
    strip_answer_marker,
    strip_question_marker,
)

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

ANSWERED_KINDS = (CardKind.BASIC, CardKind.OPEN)
LISTS = ("bullet_list", "ordered_list")
_QUESTION_CODE = ("fence", "code_block", "table")
"""Blocks that belong to a choice question when they sit between it and its options."""


_DECORATION = re.compile(
    r"^(?:[\u2600-\u27bf\U0001f000-\U0001faff\u200d\ufe0f]|:[a-z0-9_+\-]+:)+\s*"
)


@lru_cache(maxsize=1024)  # several rules read each heading of a note (small: a note at a time)
def undecorated(title: str) -> str:
    """A heading's words without the emoji an author puts in front (`## 📌 Virtual DOM`)."""
    return _DECORATION.sub("", title.strip())


def heading_title(block: Block) -> str:
    return plain_text(block.inline.token if block.inline else None)


def is_question_heading(block: Block) -> bool:
    """A heading ending in `?`, or worded as a question (`…란`, `…차이`, "What is…")."""
    if block.kind != "heading":
        return False
    title = undecorated(heading_title(block))
    return ends_with_question_mark(title) or looks_like_question(title)


_BOLD_QUESTION = re.compile(r"^(\*\*|__)[^*_][^*_]*?[?？]\s*\1$")


def is_bold_question(text: str) -> bool:
    """A line that is only `**…?**` (rule `bold_question`)."""
    return _BOLD_QUESTION.match(text.strip()) is not None


def opens_answer(text: str) -> bool:
    return strip_answer_marker(text) is not None or entry(text).label is not None


def is_label_details(block: Block | None) -> bool:
    return block is not None and block.details is not None and block.details.is_label


def block_text(lines: Sequence[Line]) -> str:
    return "\n".join(line.text for line in lines).strip()


def block_end(blocks: Sequence[Block], stop: int, fallback: int) -> int:
    """1-based last line of the blocks before `stop` (for a card's line range)."""
    return blocks[stop - 1].end if stop > 0 and stop <= len(blocks) else fallback


_ANSWER_LABEL = re.compile(
    r"^(?:\*\*|__)(?:답변|답|정답|해설|answer|a)\s*[:：.]?(?:\*\*|__)\s*[:：]?$", re.I
)
"""A first line that only labels the answer (`**답변**`, `**Answer:**`)."""


def strip_leading_answer_marker(answer: str) -> str:
    """Drop `A.`/`A:`/`답:` from the first line, also inside a leading `> ` quote, and a
    first line that is only a bold answer label (`**답변**`)."""
    first, newline, rest = answer.partition("\n")
    if first.startswith(("    ", "\t")):
        return answer  # indented code keeps whatever it says
    text = first.lstrip("> ")
    if _ANSWER_LABEL.match(text.strip()):
        return rest.strip()
    stripped = strip_answer_marker(text)
    if stripped is None:
        return answer
    if not stripped:
        return rest.strip()
    return f"{first[: len(first) - len(text)]}{stripped}{newline}{rest}"


def after_answer(
    choice: Choice, places: list[tuple[int, int]], prefix: list[Line], body: list[Block]
) -> tuple[list[Line], list[Block]]:
    """The lines and blocks after a choice's answer line (its explanation)."""
    if choice.answer_entry is None:
        last_block, last_position = places[len(choice.options) - 1]
    else:
        last_block, last_position = places[choice.answer_entry]
    if last_block < 0:
        return prefix[last_position + 1 :], list(body)
    return [], list(body[last_block + 1 :])


def answer_end(p: NoteParser, blocks: list[Block], start: int) -> int:
    """Where a paragraph's or item's answer stops: a heading, a rule, the next question."""
    end = start
    while end < len(blocks) and blocks[end].kind not in ("heading", "hr"):
        if starts_question(p, blocks, end):
            break
        end += 1
    return end


_LABEL_LINE = re.compile(r"^(?:\*\*|__)?([^*_]+?)(?:\*\*|__)?\s*[:：]?$")


def follow_up_label(p: NoteParser, block: Block, following: Block | None) -> bool:
    """A paragraph that only labels the questions listed after it (`**꼬리 질문**`,
    "Follow-up questions:"): the answer before it ends, and the list is open cards."""
    if block.kind != "paragraph" or following is None or following.kind not in LISTS:
        return False
    lines = p.inline_lines(block)
    match = _LABEL_LINE.match(lines[0].text.strip()) if len(lines) == 1 else None
    return match is not None and is_question_list_heading(match.group(1))


def starts_question(p: NoteParser, blocks: list[Block], index: int) -> bool:
    """Whether the block at `index` starts a new card, so an answer before it ends there.

    That is a new question of any form, or an annotated block: an annotation inside an
    answer could apply to nothing, so the author means a new card.
    """
    block = blocks[index]
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    if block.annotations:
        return True
    if block.kind == "heading":
        return is_question_heading(block) or (
            strip_question_marker(p.inline_text(block)) is not None
        )
    if block.kind == "details":
        return block.details is not None and not block.details.is_label
    if block.kind == "paragraph":
        lines = p.inline_lines(block)
        return bool(lines) and (
            strip_question_marker(lines[0].text) is not None
            or follow_up_label(p, block, following)
            or is_bold_question(lines[0].text)
            or (ends_with_question_mark(lines[-1].text) and is_label_details(following))
            or find_unmarked_choice(p, blocks, index, lines) is not None
        )
    if block.kind in LISTS and block.node is not None and block.node.children:
        first = p.item_lines(block.node.children[0])
        last = p.item_lines(block.node.children[-1])
        return (bool(first) and strip_question_marker(first[0].text) is not None) or (
            bool(last) and ends_with_question_mark(last[-1].text) and is_label_details(following)
        )
    return False


def question_and_answer(
    p: NoteParser,
    question: str,
    line: int,
    prefix: list[Line],
    body: list[Block],
    context: Context,
    notes: Sequence[Annotation],
    *,
    rule: str,
    end: int,
) -> None:
    """A question whose answer is `prefix` lines then `body` blocks: choice, basic or open.

    Code or a table between the question and its options belongs to the question ("What
    does this print?").
    """
    forced_answer = resolve(notes).kind in ANSWERED_KINDS
    lead = 0
    if not prefix:
        while lead < len(body) and body[lead].kind in _QUESTION_CODE:
            lead += 1
    own: list[Entry] = []  # the entries of the answer as it stands (skip 0, looked at first)
    for skip in dict.fromkeys((0, lead)):
        entries, places = collect_entries(p, prefix, body[skip:])
        if not skip:
            own = entries
        choice = match_choice(entries) if not forced_answer else None
        if choice is None:
            continue
        shown = [question, *(p.markdown(block) for block in body[:skip])]
        after = after_answer(choice, places, prefix, body[skip:])
        explanation = p.join(after[0], after[1])
        inside = details_explanation(p, choice, places, body[skip:])
        explanation = "\n\n".join(part for part in (inside, explanation) if part)
        choice_card(p, "\n\n".join(shown), line, choice, explanation, context, notes, rule, end)
        return
    answer = p.join(prefix, body)
    if len(leading_options(own)) < 2:  # keep `A) … B) …` options intact
        answer = strip_leading_answer_marker(answer)
    if is_placeholder(answer):
        answer = ""
    if procedure_card(p, question, answer, line, context, notes, rule=rule, end=end):
        return
    kind = CardKind.BASIC if answer else CardKind.OPEN
    p.emit(kind, question, answer, line, context, notes, rule=rule, end=end)


def procedure_card(
    p: NoteParser,
    question: str,
    answer: str,
    line: int,
    context: Context,
    notes: Sequence[Annotation],
    *,
    rule: str,
    end: int,
) -> bool:
    """An ordering card for a question that asks how something happens and is answered only
    by numbered steps ("What happens when you type a URL?", `…과정을 설명하시오`); whether
    it made one. An annotation that sets the kind wins."""
    steps = numbered_steps(answer)
    if steps is None or resolve(notes).kind is not None or not asks_for_steps(question, steps):
        return False
    emit_steps(p, question, steps, line, context, notes, heading_line=line, rule=rule, end=end)
    return True


_PLACEHOLDER = re.compile(
    r"^[\s*_()\[\]>-]*(?:(?:답변?|정답|내용)?\s*(?:작성|추가|정리)\s*(?:예정|중)|"
    r"(?:답변?|내용)\s*없음|todo|tbd|tba|wip|coming soon|to be (?:written|added|done)|"
    r"answer (?:coming|to come)|n/a)[\s*_()\[\].!…:-]*$",
    re.IGNORECASE,
)


def is_placeholder(answer: str) -> bool:
    """Whether an answer only says it is not written yet (`_(답변 작성 예정)_`, "TODO",
    "TBD"): the question is open, never a card that teaches "TODO" as its answer."""
    return bool(answer) and _PLACEHOLDER.match(answer.strip()) is not None


def choice_card(
    p: NoteParser,
    question: str,
    line: int,
    choice: Choice,
    explanation: str,
    context: Context,
    notes: Sequence[Annotation],
    rule: str,
    end: int,
) -> None:
    answer = choice.options[choice.correct]
    if explanation:
        answer = f"{answer}\n\n{explanation}"
    extra = {"options": choice.options, "correct": choice.correct}
    p.emit(CardKind.CHOICE, question, answer, line, context, notes, extra, rule=rule, end=end)


def find_unmarked_choice(
    p: NoteParser, blocks: list[Block], index: int, lines: list[Line]
) -> tuple[list[Line], list[Block], Choice, str, int] | None:
    """(question lines, code shown with them, choice, explanation, next block index).

    Options with labels need the `Answer:` line; a ticked task list alone is enough only
    after a question ending in `?`. Code blocks or a table right after the question are
    part of it.
    """
    split = next((n for n, line in enumerate(lines[1:], 1) if entry(line.text).label), None)
    question, prefix = (lines[:split], lines[split:]) if split else (lines, [])
    lead = 0
    if not prefix:
        while (
            lead < 2
            and index + 1 + lead < len(blocks)
            and blocks[index + 1 + lead].kind in _QUESTION_CODE
        ):
            lead += 1
    for skip in dict.fromkeys((0, lead)):
        start = index + 1 + skip
        body = blocks[start : start + 2]
        entries, places = collect_entries(p, prefix, body)
        choice = match_choice(entries)
        if choice is None:
            continue
        if choice.answer_entry is None and not ends_with_question_mark(question[-1].text):
            continue
        last = choice.answer_entry if choice.answer_entry is not None else len(choice.options) - 1
        last_block = places[last][0]
        explanation_lines = after_answer(choice, places, prefix, body[: last_block + 1])[0]
        explanation = "\n".join(line.text for line in explanation_lines).strip()
        shown = blocks[index + 1 : start]
        following = start + (last_block + 1 if last_block >= 0 else 0)
        return question, shown, choice, explanation, following
    return None


def collect_entries(
    p: NoteParser, prefix: list[Line], body: list[Block]
) -> tuple[list[Entry], list[tuple[int, int]]]:
    """Candidate option/answer lines: prefix lines, then the lines and items of two blocks.

    `places` gives, per entry, (block index or -1 for the prefix, position inside it).
    A choice is read from the leading options and the one entry after them (its answer
    line), so the entries stop there: most blocks looked at hold no options, and their
    later lines and items are never classified.
    """
    entries: list[Entry] = []
    places: list[tuple[int, int]] = []
    for place, found in _candidate_entries(p, prefix, body):
        entries.append(found)
        places.append(place)
        if len(leading_options(entries)) < len(entries):
            break  # the options (if any) ended: nothing after can change the choice
    return entries, places


def _candidate_entries(
    p: NoteParser, prefix: list[Line], body: list[Block]
) -> Iterator[tuple[tuple[int, int], Entry]]:
    """Each candidate line or item with its place, classified when reached."""
    for position, line in enumerate(prefix):
        yield (-1, position), entry(line.text)
    for number, block in enumerate(body[:2]):
        if block.kind == "paragraph":
            for position, line in enumerate(p.inline_lines(block)):
                yield (number, position), entry(line.text)
        elif block.kind in LISTS and block.node is not None:
            for position, item in enumerate(block.node.children):
                text = " ".join(line.text for line in p.item_lines(item))
                ordered = item.info if block.kind == "ordered_list" else None
                yield (number, position), entry(text, ordered or None, item=True)
        elif is_label_details(block) and number > 0:
            # Options, then `<details><summary>Answer</summary>#### Answer: C …</details>`.
            for position, line in enumerate(details_lines(p, block)):
                if line.strip():
                    yield (number, position), entry(_HEADING_MARK.sub("", line))
        else:
            break


_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+")


def details_lines(p: NoteParser, block: Block) -> list[str]:
    """The lines of a `<details>` block's content as Markdown."""
    assert block.details is not None
    return p.details_body(block.details, block.strips).split("\n")


def details_explanation(
    p: NoteParser, choice: Choice, places: list[tuple[int, int]], body: list[Block]
) -> str:
    """What follows the answer line when it sits inside a label-only `<details>`."""
    if choice.answer_entry is None:
        return ""
    number, position = places[choice.answer_entry]
    if number < 0 or body[number].kind != "details":
        return ""
    return "\n".join(details_lines(p, body[number])[position + 1 :]).strip()
