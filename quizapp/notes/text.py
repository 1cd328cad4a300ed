"""Recognisers for one piece of inline text: question/answer markers, labels, titles, slugs.

Structure always comes from markdown-it tokens; the regular expressions here only look at
a single heading, paragraph line or list-item text that the tokens already isolated.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from markdown_it.token import Token

_EMPHASIS = r"(?:\*\*|__)"
# Emoji and `:shortcode:` decorations that authors put in front of a marker (`:question: Q.`).
_DECORATION = r"(?::[a-z0-9_+\-]+:\s*|[\u2600-\u27bf\U0001f000-\U0001faff\u200d\ufe0f]\s*)*"

_QUESTION_MARKER = re.compile(
    rf"^\s*{_DECORATION}(?P<open>{_EMPHASIS})?\s*"
    r"(?:Q(?:uestion)?\s*\d{0,3}\s*[.:)．：]|질문\s*\d{0,3}\s*[.:)：])"
    # Closing emphasis only after an opening one: `Q. **굵게**` keeps its bold.
    rf"(?(open)\s*(?P<close>{_EMPHASIS})?)\s*",
    re.IGNORECASE,
)
_ANSWER_MARKER = re.compile(
    rf"^\s*(?P<open>{_EMPHASIS})?\s*"
    r"(?:A(?:nswer)?\s*\d{0,3}\s*[.:)．：]|(?:정답|답변|답)\s*[.:)：])"
    rf"(?(open)\s*(?P<close>{_EMPHASIS})?)\s*",
    re.IGNORECASE,
)


def _after_marker(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip()
    opener = match.group("open")
    # `**Q. question**`: the bold opened before the marker closes at the end of the text.
    if opener and not match.group("close") and rest.endswith(opener):
        rest = rest[: -len(opener)].rstrip()
    return rest


@lru_cache(maxsize=1024)  # several rules ask about each line of a note (small: a note at a time)
def strip_question_marker(text: str) -> str | None:
    """The question after a leading `Q.`/`Q1)`/`**Q.**`/`질문:` marker, or None without one.

    A marker followed by nothing (`### 질문:`) is not a question either.
    """
    if "Q" not in text and "q" not in text and "질문" not in text:
        return None  # every marker holds one of them (asked of most lines, most lack them)
    rest = _after_marker(_QUESTION_MARKER, text)
    return rest or None


def strip_answer_marker(text: str) -> str | None:
    """The text after a leading `A.`/`A:`/`A)`/`답:` marker ("" if nothing follows), or None."""
    if "A" not in text and "a" not in text and "답" not in text:
        return None  # every marker holds one of them
    return _after_marker(_ANSWER_MARKER, text)


def ends_with_question_mark(text: str) -> bool:
    """True for `…?` and the full-width `…？`, ignoring closing emphasis and spaces."""
    return text.rstrip().rstrip("*_ ").endswith(("?", "？"))


_NOT_WORD = re.compile(r"(?:[^\w\s]|_)+")


@lru_cache(maxsize=65536)  # the same questions and titles are keyed many times per import
def normalise_words(text: str) -> str:
    """Casefolded letters, digits and single spaces only; for matching headings and labels."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r":[a-z0-9_+\-]+:", " ", text)
    # `\w` is `str.isalnum()` or `_`, `\s` is `str.isspace()`: all else becomes a space.
    text = _NOT_WORD.sub(" ", text)
    return " ".join(text.split())


_QUESTION_LIST_HEADING = re.compile(
    r"^(?:(?:면접|예상|기술|확인|복습|연습|추가|꼬리|핵심|주요|단골|기출|실제|자주|아직|다시|남은|받은|받았던|"
    r"나온|나왔던|나오는|들었던|묻는|모르는|헷갈리는|못\s*푼|답\s*못한|답하지\s*못한)\s*)*"
    r"질문\s*(?:들|목록|리스트|모음)?$"
    r"|^(?:(?:interview|review|practice|self|check|study|sample|possible|follow|up|expected|"
    r"common|key|technical|open|unanswered|unsolved|remaining|more|further|additional|extra|"
    r"bonus|tricky|harder|frequently|asked|pending|my)\s+)*questions?"
    r"(?:\s+(?:to|for)\s+(?:review|practice|revise|study|answer|revisit)"
    # the reader's own to answer: "Questions I still need to answer", "Questions I was asked"
    r"|\s+(?:that\s+)?(?:i|we)\s+(?:\w+\s+){0,3}?(?:answer|review|study|revisit|research|asked)"
    r"|\s+(?:left|still)\s+(?:open|unanswered|to\s+answer))?$"
)


@lru_cache(maxsize=1024)  # titles such as 질문, 정리, 참고 recur in every note
def is_question_list_heading(title: str) -> bool:
    """`질문`, `면접 질문`, `예상 질문`, `받았던 질문`, `답하지 못한 질문`, `Questions`, `Interview
    questions`, `Questions to review`, `Open questions`, "Questions I still need to answer", and
    close variants (not "Questions to ask", `회사에 할 질문`: the reader asks those, not
    answers them)."""
    words = re.sub(r"^\d+\s+", "", normalise_words(title))
    return bool(_QUESTION_LIST_HEADING.match(words))


_LABEL_WORDS = frozenset(
    """
    answer answers solution solutions code example examples show hide more less click tap to
    see view expand collapse details detail hint hints result results output explanation the
    here 정답 답 답변 해답 풀이 코드 예제 예시 더보기 보기 펼치기 접기 자세히 설명
    결과 출력 힌트 클릭 확인 열기
    """.split()  # noqa: SIM905
)


def is_label_summary(summary: str) -> bool:
    """A `<summary>` that only labels what it hides (`Answer`, `정답`, "show more"): no question."""
    if ends_with_question_mark(summary):
        return False
    words = normalise_words(summary).split()
    words = [word for word in words if not word.isdigit()]
    return bool(words) and all(word in _LABEL_WORDS for word in words)


_LEADING_BULLET = re.compile(r"^(?:[-*+•·▶▸►]\s+)+")


@lru_cache(maxsize=1024)  # several rules clean each heading of a note (small: a note at a time)
def clean_title(text: str) -> str:
    """A heading's text without the decorative bullet some notes put first (`### - 데이터 통신`)."""
    return _LEADING_BULLET.sub("", " ".join(text.split()))


_INLINE_MARKUP = re.compile(r"[\\`*_~\[<&\n]")
"""The characters that can start inline markup in CommonMark (+ strikethrough): escapes,
code, emphasis, links and images, autolinks and HTML, entities, line breaks. Inline text
without any of them is one text token."""


_MARKUP_BESIDES_UNDERSCORE = re.compile(r"[\\`*~\[<&\n]")
_UNDERSCORES = re.compile(r"_+")


def _is_plain(content: str) -> bool:
    """Whether inline text parses to its own characters: no markup character at all, or
    only underscores inside words (`SYN_SENT`, `max_line_length`): a `_` run with a letter or
    digit on both sides can neither open nor close emphasis (CommonMark's flanking rules)."""
    if not _INLINE_MARKUP.search(content):
        return True
    if _MARKUP_BESIDES_UNDERSCORE.search(content):
        return False
    end = len(content)
    return all(
        run.start() > 0
        and run.end() < end
        and content[run.start() - 1].isalnum()
        and content[run.end()].isalnum()
        for run in _UNDERSCORES.finditer(content)
    )


def plain_text(inline: Token | None) -> str:
    """The visible text of an inline token: emphasis, links and HTML markup removed."""
    if inline is None:
        return ""
    if _is_plain(inline.content):
        return inline.content  # most headings: their inline tokens need not be parsed
    return "".join(_plain_parts(inline.children or []))


def _plain_parts(tokens: Iterable[Token]) -> Iterable[str]:
    for token in tokens:
        if token.type in ("text", "code_inline"):
            yield token.content
        elif token.type in ("softbreak", "hardbreak"):
            yield " "
        elif token.type == "image":
            yield from _plain_parts(token.children or [])


_NOT_IN_SLUG = re.compile(r"[^\w\- ]")
r"""What a slug drops: all but letters, digits (`\w`: `str.isalnum()`, and `_`), `-` and space."""


def github_slug(text: str, seen: dict[str, int]) -> str:
    """The anchor GitHub gives a heading with this text; repeats get `-1`, `-2`, … like GitHub.

    `seen` carries the counts between headings of one note.
    """
    slug = _NOT_IN_SLUG.sub("", text.strip().lower())
    slug = slug.replace(" ", "-")
    count = seen.get(slug, 0)
    seen[slug] = count + 1
    return slug if count == 0 else f"{slug}-{count}"


_QUESTION_ENDING = re.compile(
    r"(?:(?<=\S)\s*(?:이)?란|이유|차이\s*점?|설명\s*(?:하시오|하세요|해\s*주세요|해\s*보세요)|"
    r"말해\s*(?:주세요|보세요)|무엇\s*(?:인가요|인가|입니까|일까요)|방법|과정|동작\s*원리)$"
)
_QUESTION_START = re.compile(
    r"^(?:what|why|how|when|which|who|explain|describe|compare|difference(?:s)?\s+between|"
    r"what's)\b",
    re.IGNORECASE,
)
_VERSUS = re.compile(r"\S\s+(?:vs\.?|versus|VS\.?)\s+\S")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}[.)]|[A-Za-z][.)])\s+")
PROCEDURE_ENDINGS = ("방법", "과정", "동작 원리", "동작원리")
"""Question endings that also title a procedure (a numbered list of steps under them)."""


@lru_cache(maxsize=1024)  # titles such as 질문, 정리, 참고 recur in every note
def looks_like_question(title: str) -> bool:
    """A title worded as a question without `?`: `…란`, `…이유`, `…차이(점)`, `A vs B`,
    `…설명하시오`, `…무엇인가요`, `…방법`/`…과정`, "What is…", "Explain…", "Difference between…".
    """
    text = _NUMBERING.sub("", clean_title(title)).strip().rstrip(".:：*_ ")
    if not text or len(text) > 120:
        return False
    return bool(
        _QUESTION_ENDING.search(text) or _QUESTION_START.match(text) or _VERSUS.search(text)
    )


_LEAD_IN = re.compile(
    r"^(?P<ko>.+?)(?:은|는|이|가)\s*(?:다음과|아래와)\s*같(?:다|습니다|아요)[.:：]?$"
    r"|^(?:(?:the|here\s+are\s+the)\s+)?(?P<en>.+?)\s+(?:is|are)\s+"
    r"(?:as\s+follows|listed\s+below|the\s+following)[.:]?$"
    r"|^(?:(?:다음은|아래는)\s+)?.*(?:다음과\s*같|아래와\s*같|as\s+follows|the\s+following)\S*\s*[.:：]?$"
    r"|^.*[:：]$",
    re.IGNORECASE,
)


def lead_in(text: str) -> str | None:
    """What a paragraph introducing the block after it names (`계층별 PDU는 다음과 같다.` →
    "계층별 PDU", "The layers are as follows:" → "layers"); "" for a lead-in naming nothing
    (`예를 들면 다음과 같다.`, "For example:"); None for a paragraph that is no lead-in."""
    if len(text) > 120 or not (
        text.rstrip().endswith((":", "：")) or "같" in text or "follow" in text or "below" in text
    ):
        return None  # most paragraphs: no lead-in wording at all
    text = " ".join(text.split())
    match = _LEAD_IN.match(text)
    if match is None:
        return None
    subject = (match.group("ko") or match.group("en") or "").strip(" *_")
    return subject if 0 < len(subject) <= 40 else ""
