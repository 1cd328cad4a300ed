"""Steps of a procedure: whether a numbered list reads as steps, whether a question asks for
them, and the ordering card they make.

Shared by rule `ordering` (a numbered list under a heading) and by the rules that read a
question and its answer (`question_heading`, `qa_marker`, `bold_question`,
`details_question`): "How does X work?" / "…과정을 설명하시오" answered only by numbered steps
is an ordering card, whichever convention wrote the question. Only text is looked at here:
the steps are the items the rules already hold (or the lines of an answer already built).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from quizapp.notes.annotations import Annotation
from quizapp.notes.model import CardKind
from quizapp.notes.text import clean_title, normalise_words, strip_question_marker

if TYPE_CHECKING:
    from quizapp.notes.parser import NoteParser
    from quizapp.notes.rules.base import Context

ORDERING_PROMPT = "순서대로 나열하세요 (put the steps in order)"
"""Appended to a procedure's heading to make its ordering question."""

_STEP_HEADING = re.compile(
    r"과정|순서|단계|절차|흐름|동작|처리|진행|수행|설정|설치|생성|연결|종료|핸드\s*셰이크|handshake|"
    r"생명\s*주기|라이프\s*사이클|"
    r"step|process|procedure|flow|how|lifecycle|life cycle|sequence|algorithm|workflow|"
    r"setup|install|build|deploy|startup|shutdown|open|close|열기|닫기",
    re.IGNORECASE,
)
_NOT_STEPS_HEADING = re.compile(
    r"종류|특징|장점|단점|원칙|목차|유형|분류|문제|연습|예시|예제|참고|질문|정리|요약|구성\s*요소|기준|"
    r"규칙|\b(?:types?|kinds?|features?|principles?|contents|toc|exercises?|problems?|examples?|"
    r"references?|questions?|summary|pros|cons|criteria|rules?)\b",
    re.IGNORECASE,
)
_STEP_WORDS = re.compile(
    r"(?:단계|step|phase|stage|한다|된다|보낸다|받는다|만든다|연다|닫는다|기다린다|응답한다|전송|요청|응답|수신|송신|확인|생성|"
    r"호출|실행|반환|저장|읽|쓴다|바꾼다|늘린다|줄인다|시작|종료|이동|전달|->|→|=>|then|after|"
    r"next|finally|send|sends|receive|receives|reply|replies|open|opens|close|closes|call|"
    r"calls|return|returns|create|creates|write|writes|read|reads|wait|waits|start|starts|"
    r"bind|listen|accept|connect|run|install|build|set|check|load|parse|locks?|unlocks?|puts?|"
    r"takes?|signals?|pushe?s?|pops?|acquires?|releases?|notif(?:y|ies)|stores?|assigns?|"
    r"pulls?|validates?|sends|넣는다|꺼낸다|잠근다|푼다|깨운다|알린다|"
    # short verbs of algorithms and loops, whole words only (`go` is in "algorithm")
    r"\b(?:go(?:es)?|repeat|insert|add|remove|delete|compare|move|update|compute|find|swap|"
    r"append|copy|copies|fetch|visit|until|otherwise)s?\b)",
    re.IGNORECASE,
)
_STATE = re.compile(r"\b[A-Z]{2,}(?:_[A-Z0-9]+)+\b|\b(?:SYN|ACK|FIN|RST)\b")

_HOW = re.compile(r"^(?:how\s+(?:to\s+|an?\s+|the\s+)?\w|what happens\b)|어떻게", re.IGNORECASE)
"""A question that asks how something is done or what happens: answered by steps, if any."""
_ASKS_STEPS = re.compile(
    r"(?:과정|순서|절차|단계|흐름)(?:은|는|을|를|이|가|에\s*대해서?)?\s*"
    r"(?:설명\s*(?:하시오|하세요|해\s*(?:주세요|보세요))|말해\s*(?:주세요|보세요)|알려\s*주세요|"
    r"어떻게\s*되나요|무엇인가요)?$"
)
"""Korean wordings that ask for the steps themselves: `…과정`, `…과정을 설명하시오`,
`…순서는`, `…절차를 말해 주세요`."""
_NUMBERING = re.compile(r"^\d{1,3}[.)]\s+")
_NUMBERED_LINE = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")


def reads_as_steps(title: str, steps: Sequence[str]) -> bool:
    """Whether a numbered list under `title` is a procedure (see rule `ordering`)."""
    words = normalise_words(title)
    if _NOT_STEPS_HEADING.search(words) and not _STEP_HEADING.search(words):
        return False
    if _STEP_HEADING.search(title):
        return True
    stepped = sum(bool(_STEP_WORDS.search(step) or _STATE.search(step)) for step in steps)
    return stepped * 3 >= len(steps) * 2


def asks_for_steps(question: str, steps: Sequence[str]) -> bool:
    """Whether `question` answered by the numbered `steps` asks for a procedure.

    `…과정(을 설명하시오)`, `…순서는`: the wording says so. "How …", "What happens when …",
    `…어떻게 …`: only when the items read as steps too ("How do you choose a database?" over
    a list of criteria is not a procedure).
    """
    title = clean_title(strip_question_marker(question) or question).rstrip(" .:?？")
    title = _NUMBERING.sub("", title)  # `<summary>1. What happens when …</summary>`
    if _ASKS_STEPS.search(title):
        return True
    return _HOW.search(title) is not None and reads_as_steps("", steps)


def numbered_steps(answer: str) -> list[str] | None:
    """The steps of an answer that is only a numbered list (`1.` … `n.`, n ≥ 3, one line
    each, counted from 1), else None."""
    if not answer[:1].isdigit():
        return None  # most answers: no list first
    steps: list[str] = []
    for line in answer.split("\n"):
        if not line.strip():
            continue
        match = _NUMBERED_LINE.match(line)
        if match is None or int(match.group(1)) != len(steps) + 1:
            return None
        steps.append(match.group(2).strip())
    return steps if len(steps) >= 3 else None


def emit_steps(
    p: NoteParser,
    title: str,
    steps: Sequence[str],
    line: int,
    context: Context,
    notes: Sequence[Annotation],
    *,
    heading_line: int,
    rule: str,
    end: int,
) -> None:
    """The ordering card of `steps`, asked as "title — put the steps in order"; a second
    procedure of the same section is numbered "(2)"."""
    question = f"{title} — {ORDERING_PROMPT}" if title else ORDERING_PROMPT
    count = p.next_ordering(heading_line)
    if count > 1:
        question = f"{question} ({count})"
    answer = "\n".join(f"{n}. {step}" for n, step in enumerate(steps, 1))
    p.emit(
        CardKind.ORDERING,
        question,
        answer,
        line,
        context,
        notes,
        {"steps": list(steps)},
        rule=rule,
        end=end,
    )
