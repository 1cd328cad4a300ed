"""Find the section of a note that best answers an open question (Korean/English aware).

Titles and questions are reduced to comparable features: Latin words and numbers as
tokens, Hangul as character bigrams (so `사용하는 이유` meets `사용이유`), after splitting
`3way` into `3 way` and `handshake과정` into `handshake 과정`, dropping Korean particles
and the question's boilerplate (`에 대해 설명하세요`, "explain"). The score favours how much
of the question a section's title covers, then its body, then how specific the title is,
with a rapidfuzz ratio to break near-ties.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from rapidfuzz import fuzz

from quizapp.notes.model import Section
from quizapp.notes.text import strip_question_marker

LINK_THRESHOLD = 0.5
"""Below this score a question has no good section and stays self-graded."""

_BOILERPLATE = sorted(
    [
        "에 대해서 설명해 주세요",
        "에 대해 설명해 주세요",
        "에 대해서 설명하세요",
        "에 대해 설명하세요",
        "에 대해 설명하시오",
        "에 대해서",
        "에 대해",
        "에 대한",
        "에 관해서",
        "에 관해",
        "에 관한",
        "설명해 주세요",
        "설명해주세요",
        "설명해 보세요",
        "설명해보세요",
        "설명하세요",
        "설명하시오",
        "설명하라",
        "말해 보세요",
        "말해보세요",
        "말씀해 주세요",
        "무엇인가요",
        "무엇인가",
        "무엇입니까",
        "무엇일까요",
        "무엇인지",
        "어떻게 되나요",
        "어떻게 동작하나요",
        "알고 있나요",
        "아는 대로",
        "있나요",
        "인가요",
        "일까요",
        "할까요",
        "입니까",
    ],
    key=len,
    reverse=True,
)
# Word lists are written as text for readability.
_ENGLISH_STOPWORDS = frozenset(
    """
    a an the of in on at to for and or is are was were be been do does did can could would
    should what which who whom how please explain describe tell me about its it this that
    these those with by from as you your we our into between briefly detail
    """.split()  # noqa: SIM905
)
_PARTICLES = sorted(
    """
    에서는 으로는 에게서 이라는 에서 에게 으로 하는 하고 하여 해서 이란 이라
    라는 란 과 와 을 를 이 가 은 는 의 에 도 로 만
    """.split(),  # noqa: SIM905
    key=len,
    reverse=True,
)
_PARTICLE_SET = frozenset(_PARTICLES)
_PARTICLES_BY_LENGTH = [
    (length, frozenset(p for p in _PARTICLES if len(p) == length))
    for length in sorted({len(p) for p in _PARTICLES}, reverse=True)
]
_ANY_BOILERPLATE = re.compile("|".join(map(re.escape, _BOILERPLATE)))
"""Finds whether a text holds a boilerplate phrase at all (most titles hold none)."""
_WORDS = re.compile(r"[가-힣]+|\d+|[^\W\d_가-힣]+")
"""A word: all Hangul, or all digits, or all other letters.

So `3way` holds the words `3` and `way`, `tcp의` holds `tcp` and `의`, as `_normalise`
splits them: `features` finds them in one pass instead of two substitutions, which cost
~100 µs each over a section's body."""
_URL = re.compile(r"\]\([^)]*\)|https?://\S+")
_BODY_LIMIT = 4000
_SHORTLIST = 64


@dataclass(slots=True)
class _Candidate:
    section: Section
    title: frozenset[str]
    title_source: str
    """The title without its question marker."""
    title_text: str | None = None
    """The normalised title, computed on first use (for the sections scored in full)."""
    body: frozenset[str] | None = None
    """Computed on first use: most sections never share a word with a question."""


@lru_cache(maxsize=4096)  # titles such as 정리, 질문, 참고 recur in every note
def features(text: str) -> frozenset[str]:
    """Comparable features of a title or question (see the module docstring)."""
    return frozenset(_features(_without_noise(text)))


_DIGIT = re.compile(r"\d")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_HANGUL_SYLLABLE = re.compile(r"[가-힣]")
_OTHER_LETTER = re.compile(r"[^\W\d_가-힣]")
_HANGUL_OTHER = re.compile(r"(?<=[가-힣])(?=[^\W\d_가-힣])|(?<=[^\W\d_가-힣])(?=[가-힣])")


def _without_noise(text: str) -> str:
    """Casefolded NFKC text without links and the question's boilerplate."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if "](" in text or "http" in text:  # else `_URL` finds nothing
        text = _URL.sub(" ", text)
    if _ANY_BOILERPLATE.search(text):
        for phrase in _BOILERPLATE:
            text = text.replace(phrase, " ")
    return text


def _normalise(text: str) -> str:
    """`_without_noise`, with digits, Hangul and other letters split into separate words."""
    text = _without_noise(text)
    # Split digits from letters and Hangul from Latin: `3way` → `3 way`, `tcp의` → `tcp 의`.
    # (Each split is tried only when the text has both sides of it.)
    if _DIGIT.search(text):
        text = _DIGIT_LETTER.sub(" ", text)
    if _HANGUL_SYLLABLE.search(text) and _OTHER_LETTER.search(text):
        text = _HANGUL_OTHER.sub(" ", text)
    return text


def _features(text: str) -> list[str]:
    found: list[str] = []
    for word in set(_WORDS.findall(text)):  # bodies repeat their words; features are a set
        # A word starting with a syllable is all Hangul.
        if "가" <= word[0] <= "힣":
            found.extend(_word_features(word, ""))
        else:
            found.extend(_word_features("", word))
    return found


@lru_cache(maxsize=65536)  # words recur across a note and across notes
def _word_features(hangul: str, other: str) -> tuple[str, ...]:
    """One word's features: Hangul as syllable bigrams (particle dropped), others as words."""
    if hangul:
        if hangul in _PARTICLE_SET:
            return ()
        word = _strip_particle(hangul)
        bigrams = tuple(map(str.__add__, word, word[1:]))
        return (word, *bigrams) if len(word) == 1 else bigrams
    if other in _ENGLISH_STOPWORDS:
        return ()
    return (other[:-1] if len(other) > 3 and other.endswith("s") else other,)


def _strip_particle(word: str) -> str:
    """The word without its longest particle ending that leaves at least two syllables."""
    for length, particles in _PARTICLES_BY_LENGTH:
        if len(word) - length >= 2 and word[-length:] in particles:
            return word[:-length]
    return word


class SectionMatcher:
    """Scores open questions against the sections of one note (features computed once).

    Only sections sharing a title feature with the question can reach the threshold (the
    title weighs 0.45 + 0.15 and the rest cannot make up 0.5), so an index on title
    features finds them, and only the `_SHORTLIST` sharing the most are scored in full:
    a huge note with thousands of similar sections stays fast. A note with no more
    sections than that (most) needs no index: each section is checked directly.
    """

    def __init__(self, sections: Sequence[Section], threshold: float = LINK_THRESHOLD) -> None:
        self._candidates = [_candidate(section) for section in sections]
        self._threshold = threshold
        self._index: dict[str, list[int]] = {}
        self._shortlists: dict[frozenset[str], list[int]] = {}
        if len(self._candidates) > _SHORTLIST:
            for number, candidate in enumerate(self._candidates):
                for feature in candidate.title:
                    self._index.setdefault(feature, []).append(number)

    def best(self, question: str, line: int | None = None) -> tuple[Section, float] | None:
        """The best-answering section and its score, or None below the threshold.

        Sections containing `line` (the question's own place, e.g. the `질문` section and
        its ancestors) are never the answer.
        """
        wanted = features(strip_question_marker(question) or question)
        if not wanted:
            return None
        # Each section's ceiling (its score if its body and wording matched perfectly)
        # first; then the sections in falling ceiling order, so that one scored well
        # spares the others their body's features. Ties go to the earlier section.
        ceilings: list[tuple[float, int, float, float]] = []
        for number in self._shortlist(wanted):
            candidate = self._candidates[number]
            section = candidate.section
            if line is not None and section.start_line <= line <= section.end_line:
                continue
            in_title = len(wanted & candidate.title)
            recall_title = in_title / len(wanted)
            precision = in_title / len(candidate.title)
            ceiling = 0.45 * recall_title + 0.25 + 0.15 * precision + 0.15
            if ceiling >= self._threshold:
                ceilings.append((ceiling, number, recall_title, precision))
        ceilings.sort(key=lambda entry: (-entry[0], entry[1]))
        question_text: str | None = None  # normalised when a section is scored in full
        best: tuple[int, float] | None = None
        for ceiling, number, recall_title, precision in ceilings:
            if best is not None and (
                ceiling < best[1] or (ceiling == best[1] and number > best[0])
            ):
                continue
            candidate = self._candidates[number]
            recall_any = 1.0  # a title holding every feature leaves the body nothing to add
            if recall_title < 1.0:
                if candidate.body is None:
                    body = candidate.section.markdown.partition("\n")[2][:_BODY_LIMIT]
                    candidate.body = features(body)
                recall_any = len(wanted & (candidate.title | candidate.body)) / len(wanted)
            if recall_any <= 0.5:
                continue  # "volatile keyword" shares one word of two with "static keyword"
            if candidate.title_text is None:
                candidate.title_text = _normalise(candidate.title_source)
            if question_text is None:
                question_text = _normalise(question)
            similarity = fuzz.token_set_ratio(question_text, candidate.title_text) / 100
            score = 0.45 * recall_title + 0.25 * recall_any + 0.15 * precision + 0.15 * similarity
            if score >= self._threshold and (
                best is None or score > best[1] or (score == best[1] and number < best[0])
            ):
                best = (number, score)
        return None if best is None else (self._candidates[best[0]].section, best[1])

    def _shortlist(self, wanted: frozenset[str]) -> list[int]:
        """Sections sharing the most title features with the question, in note order."""
        if wanted not in self._shortlists:
            if len(self._candidates) <= _SHORTLIST:  # all sharing one make the list
                top = [
                    number
                    for number, candidate in enumerate(self._candidates)
                    if not wanted.isdisjoint(candidate.title)
                ]
            else:
                sharing = chain.from_iterable(self._index.get(f, ()) for f in wanted)
                top = [number for number, _ in Counter(sharing).most_common(_SHORTLIST)]
            self._shortlists[wanted] = sorted(top)
        return self._shortlists[wanted]


def _candidate(section: Section) -> _Candidate:
    title = strip_question_marker(section.title) or section.title
    return _Candidate(section, features(title), title)
