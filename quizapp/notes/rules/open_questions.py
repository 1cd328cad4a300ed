"""Interview questions: the items of a list under a `질문` / `Questions` heading are open cards.

So are the items of a `Review` / `Quiz` / `복습` / `확인 문제` list when every one is a
question, and of a list after a paragraph that only labels it (`**꼬리 질문**`, "Follow-up
questions:"). An open card is answered from the note: it links to the section that best
answers it (`quizapp.notes.linking`), and is self-graded when no section fits. A link to
a heading of the same note at the end of the item (`([답](#udp는-언제-쓰나))`) names the
answering section outright, for answers worded too differently to be found; it is not
part of the question.

```markdown
### 면접 질문
1. TCP 3-way handshake 과정에 대해 설명하세요
2. What happens when a SYN is lost? ([see](#syn-retransmission))
```
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from quizapp.notes.annotations import resolve
from quizapp.notes.blocks import Block
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.rules.shared import follow_up_label, strip_leading_answer_marker
from quizapp.notes.text import (
    ends_with_question_mark,
    looks_like_question,
    normalise_words,
    strip_question_marker,
)

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser

NAME = "open_questions"
_ANSWER_LINK = re.compile(r"\s*\(?\[[^\]]*\]\(#([^)\s]+)\)\)?\s*$")


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    notes = [*context.inherited, *block.annotations]
    heading = context.heading
    if not (
        resolve(notes).kind == CardKind.OPEN
        or (heading and heading.question_list and not context.in_list)
        or (heading and not context.in_list and _review_of_questions(p, heading.title, block))
        or (index > 0 and not context.in_list and follow_up_label(p, blocks[index - 1], block))
    ):
        return None
    heading_notes = list(heading.annotations) if heading else []
    for number, item in enumerate(p.items(block), 1):
        text = strip_question_marker(item.text) or item.text.strip()
        extra: dict[str, str] = {}
        link = _ANSWER_LINK.search(text)
        if link and text[: link.start()].strip():
            text = text[: link.start()].rstrip()
            extra["answer_anchor"] = unquote(link.group(1))
        if not text:
            continue
        answer = strip_leading_answer_marker(p.join([], item.rest))
        p.emit(
            CardKind.OPEN,
            text,
            answer,
            item.line,
            context,
            [*heading_notes, *notes, *item.annotations],
            extra,
            part=str(number),
            rule=NAME,
            end=item.end,
        )
    return index + 1


_REVIEW = re.compile(
    r"^(?:chapter\s+)?(?:review|self\s+check|check\s+your\s+understanding|quiz|recap|"
    r"복습|확인\s*문제|셀프\s*체크|점검|퀴즈)$"
)


def _review_of_questions(p: NoteParser, title: str, block: Block) -> bool:
    """`## Review` / `### 복습` over a list whose every item is a question: the reader's
    questions to answer (a review list of statements is not)."""
    if not _REVIEW.match(normalise_words(title)):
        return False
    texts = [item.text.strip() for item in p.items(block)]
    return bool(texts) and all(
        ends_with_question_mark(text) or looks_like_question(text) for text in texts
    )


RULE = Rule(NAME, ("bullet_list", "ordered_list"), claim, "items under a 질문 / Questions heading")
