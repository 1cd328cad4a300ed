"""A heading that names a term, followed by the paragraph(s) or quote that define it.

The card asks for the heading's term; the answer is the first defining paragraph(s) (at
most two, or one blockquote). Headings that label a part of a note (예시, 코드, 참고, 정리,
References, Example…) define nothing, and the body must read as a definition: a sentence
(Korean `…다.`/`…요.`/`…함`, or English with is/are/means/refers to…), not a list, code,
a link, a question, or a lead-in to what follows (`…는 다음과 같다.`, "…as follows:"). A
`**Definition:**` / `정의:` label in front of the sentence is dropped.

```markdown
### 교착 상태 (Deadlock)
둘 이상의 프로세스가 서로가 가진 자원을 기다리며 영원히 멈춘 상태이다.

## Memoization
> Caching the result of a function call so the same input is never computed twice.
```

A heading over paragraphs that are only arrow chains (`활성 -> 부분 완료 -> 완료`) is asked
as a question whose answer is the chains (a basic card).

A subheading naming an aspect of the heading above it (`#### 단점`, `#### 구현 시 주의점`
under `### 싱글톤 패턴`) asks "싱글톤 패턴 — 단점", answered by the prose under it. A
footnote reference (`…이다.[^1]`) is left out of a definition.

Not a card: `### 예시` followed by a paragraph; `## TCP` followed by a list; the note's
`#` title and its introduction, unless that paragraph names the title as its subject and
defines it (`# 디자인 패턴` + `디자인 패턴은 … 해결책이다.`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from quizapp.notes.blocks import Block
from quizapp.notes.cloze import has_cloze
from quizapp.notes.definitions import split_definition
from quizapp.notes.model import CardKind
from quizapp.notes.rules.base import Context, Rule
from quizapp.notes.rules.colon_paragraph import bold_lead_pairs, bold_term_definition
from quizapp.notes.rules.nested_answer import ASPECT_LABELS
from quizapp.notes.rules.shared import heading_title, starts_question, undecorated
from quizapp.notes.text import (
    clean_title,
    ends_with_question_mark,
    is_question_list_heading,
    lead_in,
    normalise_words,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from quizapp.notes.parser import NoteParser

NAME = "heading_definition"

LABEL_HEADINGS = frozenset(
    """
    예시 예제 코드 참고 참조 정리 요약 결론 출처 링크 목차 개요 소개 서론 본론 배경 들어가며 마치며
    추가 기타 메모 노트 부록 실습 문제 풀이 정답 해설 질문 답변 결과 출력 특징 장점 단점 장단점
    비교 종류 구조 과정 순서 단계 방법 원리 용도 사용 사용법 활용 주의 주의사항 한계 문제점 해결
    해결책 결론적으로 tip tips todo 더보기
    reference references ref refs resource resources source sources link links see also
    example examples code sample samples summary conclusion overview introduction intro notes
    note appendix exercise exercises solution solutions answer answers question questions
    result results output features pros cons advantages disadvantages comparison types
    structure steps process usage use cases background contents toc table of index further
    reading related faq
    """.split()  # noqa: SIM905
)
_MAX_TITLE = 40
_MAX_WORDS = 6
_KOREAN_SENTENCE = re.compile(r"(?:다|요|음|함|임|됨|음|니다|한다|이다|된다|있다|없다)[.!。]?$")
_ENGLISH_DEFINES = re.compile(
    r"\b(?:is|are|was|means|refers?\s+to|describes?|denotes?|lets|allows|provides|"
    r"(?:states|says|holds|shows)\s+that|"
    r"stands\s+for|defines?|consists?\s+of|makes?|keeps?|holds?|runs?|uses?|equals|"
    r"is\s+equal\s+to)\b",
    re.IGNORECASE,
)
_ENGLISH_NOUN_PHRASE = re.compile(
    r"^(?:an?|the)\s+[\w-]+(?:\s+[\w-]+){0,3}\s+(?:that|which|whose|where|used\s+to|used\s+for)\b",
    re.IGNORECASE,
)
"""An English definition as a noun phrase: "A lock that busy-waits instead of sleeping." """
_ENGLISH_SHORT_NOUN_PHRASE = re.compile(
    r"^an?\s+(?!(?:\S+\s+)*?(?:below|above|here|following)\b)[\w-]+(?:\s+[\w-]+){1,6}\.(?:\s|$)",
    re.IGNORECASE,
)
"""A first sentence that is only a short indefinite noun phrase: "A named stream of
records." (not one pointing elsewhere: "A snippet below.")"""
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]?|[IVX]{1,4}\.|[A-Za-z][.)])\s+")
_DEFINING_KINDS = ("paragraph", "blockquote")
_QUOTE = re.compile(r"^ {0,3}> ?", re.MULTILINE)


@lru_cache(maxsize=1024)  # titles such as 정리, 참고, 예시 recur in every note
def term_of(title: str) -> str | None:
    """The term a heading names, or None for a label heading or one too long to be a term."""
    term = _NUMBERING.sub("", undecorated(clean_title(title))).strip(" :：-–—*_")
    words = normalise_words(term)
    if not words or len(term) > _MAX_TITLE or len(words.split()) > _MAX_WORDS:
        return None
    split = words.split()
    if words in LABEL_HEADINGS or split[-1] in LABEL_HEADINGS or split[0] in LABEL_HEADINGS:
        return None
    if ends_with_question_mark(term) or term.endswith((".", "다")) or ":" in term or "：" in term:
        return None
    return term


@lru_cache(maxsize=1024)  # the same label headings (정리, 참고) recur in every note
def _why_no_term(title: str) -> str:
    """Why `term_of` found no term in a heading, in words a user can act on (`--explain`)."""
    if is_question_list_heading(title):
        return f"{title!r} titles the questions listed under it (open cards, rule open_questions)"
    term = _NUMBERING.sub("", undecorated(clean_title(title))).strip(" :：-–—*_")
    words = normalise_words(term).split()
    label = next((w for w in (words[-1:] + words[:1]) if w in LABEL_HEADINGS), None)
    if " ".join(words) in LABEL_HEADINGS or label is not None:
        return f"{title!r} is a section label ({label or term!r}), not a term to define"
    if ends_with_question_mark(term) or term.endswith((".", "다")) or ":" in term:
        return f"{title!r} is a sentence or question, not a term to define"
    return f"{title!r} is too long to be a term (at most {_MAX_WORDS} words)"


def defines(text: str) -> bool:
    """Whether a paragraph reads as a definition (a sentence, not a link, list or question)."""
    text = " ".join(text.split())
    if len(text) < 12 or ends_with_question_mark(text):
        return False
    pair = split_definition(text)
    if pair is not None and len(pair[0].split()) <= _MAX_WORDS:
        return False  # `term: definition`: its own card; a colon late in a sentence is not
    if lead_in(text) is not None:
        return False  # `PDU는 다음과 같다.`, "as follows:": it introduces the next block
    if has_cloze(text) or text.startswith(("[", "![", "<", "http", "```", "출처", "Source")):
        return False
    hangul = sum("가" <= ch <= "힣" for ch in text)
    if hangul >= 4:
        end = text.rstrip(" )*_")
        return bool(_KOREAN_SENTENCE.search(end)) or _korean_noun_definition(end)
    if len(text.split()) < 4:
        return False
    return bool(
        _ENGLISH_DEFINES.search(text)
        or _ENGLISH_NOUN_PHRASE.match(text)
        or _ENGLISH_SHORT_NOUN_PHRASE.match(text)
    )


_NOUN_END = re.compile(r"([가-힣A-Za-z]+)[.。]?$")
_MAX_HEAD_NOUN = 6
_NOT_HEAD_NOUNS = frozenset(
    "참고 링크 출처 그림 사진 예시 예제 코드 아래 위 다음 내용 글 정리".split()  # noqa: SIM905
)


_ADNOMINAL = frozenset(
    "는 은 한 된 인 던 할 될 을 일 운 진 낸 린 킨 른 든 쓴 온 준 본 둔 난 친 긴".split()  # noqa: SIM905
)
"""Last syllables of Korean adnominal forms (`올리는`, `관리하는`, `독립된`, `유일한`, `할`);
nouns that happen to end in ㄴ (부분, 공간, 시간) are not among them."""


def _adnominal(word: str) -> bool:
    """A Korean word in an adnominal form, modifying the noun after it."""
    return len(word) >= 2 and word[-1] in _ADNOMINAL


def _korean_noun_definition(text: str) -> bool:
    """A Korean definition written as a noun phrase: a clause that modifies the final noun
    (`…올리는 방식`, `…늘어나는 현상.`, `…조절하는 것`, `…표현하는 아키텍처 스타일`)."""
    noun = _NOUN_END.search(text)
    words = text.split()
    if noun is None or len(words) < 3:
        return False
    head = noun.group(1)
    if len(head) > _MAX_HEAD_NOUN or head in _NOT_HEAD_NOUNS:
        return False
    return any(_adnominal(word.strip(",*_`")) for word in words[-4:-1])


_ARROW = re.compile(r"\s(?:->|→|=>|⇒)\s")
_MAX_CHAIN_PART_WORDS = 5


def _arrow_chains(p: NoteParser, blocks: list[Block], start: int, end: int) -> int:
    """The index after the paragraphs right under a heading that are only arrow chains
    (`활성 -> 부분 완료 -> 완료`, `DispatcherServlet → HandlerMapping → Controller`)."""
    stop = start
    while stop < end and blocks[stop].kind == "paragraph" and not blocks[stop].annotations:
        lines = p.inline_lines(blocks[stop])
        if not lines or not all(_is_chain(line.text) for line in lines):
            break
        if any(has_cloze(line.text) for line in lines):
            break  # `==SYN_SENT== → ==ESTABLISHED==` hides its states: a cloze card
        stop += 1
    return stop


def _is_chain(text: str) -> bool:
    parts = _ARROW.split(f" {text.strip()} ")
    return len(parts) >= 3 and all(
        part.strip() and len(part.split()) <= _MAX_CHAIN_PART_WORDS for part in parts
    )


_MAX_PARTS = 2
"""A heading's answer is at most its first two prose blocks."""


def _prose_under(p: NoteParser, blocks: list[Block], index: int, context: Context) -> Iterator[int]:
    """The indexes of the prose blocks right under heading `index`, up to the first that is
    not prose, carries an annotation or starts a question; the caller stops at `_MAX_PARTS`."""
    for at in range(index + 1, context.section_end):
        block = blocks[at]
        if block.kind not in _DEFINING_KINDS or block.annotations or starts_question(p, blocks, at):
            return
        yield at


def claim(p: NoteParser, blocks: list[Block], index: int, context: Context) -> int | None:
    block = blocks[index]
    if block.annotations:
        return None
    title = heading_title(block)
    if block.level < 2 and not _title_defined(p, blocks, index, context):
        p.miss(f"{title!r} is the note's title (level 1): its first paragraph introduces the note")
        return None
    aspect = _aspect_of_parent(title, context)
    if aspect is not None:
        return _aspect_card(p, blocks, index, context, aspect)
    term = term_of(title)
    if term is None:
        p.miss(_why_no_term(title))
        return None
    chained = _arrow_chains(p, blocks, index + 1, context.section_end)
    if chained > index + 1:
        p.emit(
            CardKind.BASIC,
            term,
            "\n\n".join(p.markdown(block) for block in blocks[index + 1 : chained]),
            block.start + 1,
            context,
            [],
            rule=NAME,
            end=blocks[chained - 1].end,
        )
        return chained
    stop = index + 1
    parts: list[str] = []
    for at in _prose_under(p, blocks, index, context):
        candidate = blocks[at]
        if candidate.kind == "paragraph" and (
            bold_lead_pairs(lines := p.inline_lines(candidate))
            or bold_term_definition(candidate, lines)
        ):
            break  # its own definitions (rule colon_paragraph), not the heading's
        text = _FOOTNOTE_REF.sub("", p.markdown(candidate))
        plain = text if candidate.kind == "blockquote" else p.inline_text(candidate)
        if not parts:  # `**Definition:** a technique that …`, `정의: …`: the label goes
            text, plain = _DEFINITION_LABEL.sub("", text), _DEFINITION_LABEL.sub("", plain)
        if not defines(_FOOTNOTE_REF.sub("", plain).lstrip("> ")):
            break
        parts.append(_QUOTE.sub("", text) if candidate.kind == "blockquote" else text)
        stop = at + 1
        if candidate.kind == "blockquote" or len(parts) == _MAX_PARTS:
            break
    if not parts:
        p.miss(f"{term!r}: no defining sentence right under the heading")
        return None
    # The first paragraph on one line, as a `term: definition` item would write it.
    parts[0] = " ".join(parts[0].split())
    p.emit(
        CardKind.DEFINITION,
        term,
        "\n\n".join(parts),
        block.start + 1,
        context,
        [],
        {"term": term},
        rule=NAME,
        end=blocks[stop - 1].end,
    )
    return stop


_DEFINITION_LABEL = re.compile(
    r"^(?:\*\*|__)?\s*(?:definition|def|meaning|정의|개념|뜻)\s*"
    r"(?:(?:\*\*|__)\s*[:：]|[:：]\s*(?:\*\*|__)?)\s*",
    re.IGNORECASE,
)
"""A label in front of a definition (`**Definition:**`, `정의:`): not part of it."""
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
"""A footnote reference (`…이진 트리이다.[^bst]`): the note's aside, not the definition."""
_NOT_ASPECTS = frozenset(
    """
    예시 예제 코드 참고 참조 정리 요약 출처 링크 메모 노트
    example examples code sample reference references summary note notes links
    """.split()  # noqa: SIM905
)
"""Label headings that hold no statement about their parent (its example, its sources)."""


def _title_defined(p: NoteParser, blocks: list[Block], index: int, context: Context) -> bool:
    """Whether the note's `#` title is defined by the paragraph under it, which names it as its
    subject (`# 디자인 패턴` + `디자인 패턴은 …해결책이다.`, `# Docker` + "Docker is …"):
    textbook notes open so. An introduction about the note itself is not a definition."""
    term = term_of(heading_title(blocks[index]))
    following = index + 1
    if term is None or following >= context.section_end:
        return False
    if blocks[following].kind != "paragraph" or blocks[following].annotations:
        return False
    text = " ".join(p.inline_text(blocks[following]).split())
    subject = re.match(rf"{re.escape(term)}(?:은|는|이란|란|이|가|\s+(?:is|are|means)\b)", text)
    return subject is not None and defines(text)


def _aspect_of_parent(title: str, context: Context) -> str | None:
    """ "Parent — aspect" for a subheading naming an aspect of the heading above it
    (`#### 단점`, `#### 구현 시 주의점` under `### 싱글톤 패턴`): alone it asks nothing."""
    parent = context.heading
    label = undecorated(clean_title(title)).strip(" :：")
    words = normalise_words(label).split()
    if parent is None or parent.level < 2 or not words or len(words) > _MAX_ASPECT_WORDS:
        return None
    if words[-1] not in ASPECT_LABELS or words[-1] in _NOT_ASPECTS:
        return None
    return f"{undecorated(parent.title)} — {label}"


_MAX_ASPECT_WORDS = 4


def _aspect_card(
    p: NoteParser, blocks: list[Block], index: int, context: Context, question: str
) -> int | None:
    """A basic card for an aspect subheading answered by the prose right under it."""
    stop = index + 1
    parts: list[str] = []
    for at in _prose_under(p, blocks, index, context):
        text = p.inline_text(blocks[at]).strip()
        if len(text) < 8 or text.startswith(("[", "![", "<", "http")):
            break
        parts.append(_QUOTE.sub("", _FOOTNOTE_REF.sub("", p.markdown(blocks[at]))))
        stop = at + 1
        if len(parts) == _MAX_PARTS:
            break
    if not parts:
        p.miss(f"{question!r}: no prose right under the heading")
        return None
    p.emit(
        CardKind.BASIC,
        question,
        "\n\n".join(parts),
        blocks[index].start + 1,
        context,
        [],
        rule=NAME,
        end=blocks[stop - 1].end,
    )
    return stop


RULE = Rule(
    NAME,
    ("heading",),
    claim,
    "a heading naming a term, then the paragraph(s) that define it",
    keeps_heading=True,
)
