"""Answer folding: the spellings of one answer that count as the same answer.

`fold("CLOSE-WAIT 상태로")` and `fold("close_wait")` give the same key. In order:

1. Markdown to plain text, Unicode NFKC (full-width letters, compatibility jamo), casefold.
2. TCP state names in any spelling become one token (`FIN-WAIT-1` = `FIN_WAIT_1` =
   `fin wait 1` → `fin_wait_1`; `SYN-RCVD` → `syn_received`), then flag pairs
   (`SYN+ACK` = `SYN/ACK` = `syn ack` = `SYNACK` → `syn+ack`). A comma never joins flags:
   `FIN, ACK` is two segments.
3. Punctuation becomes space; letters and Hangul are split where the script changes
   (`CLOSE_WAIT로` → `close_wait`, `로`).
4. Korean particles and endings are dropped from the end of Hangul words (`데이터가` →
   `데이터`), a lone particle or copula is dropped (`이다`), and so are the filler words in
   `FILLER` (`상태`, `state`, `the`).

The key joins the tokens without spaces, so spacing never matters (`3 way` = `3way`).
States, flags and numbers are *exact tokens*: fuzzy matching never lets `FIN_WAIT_1`
pass for `FIN_WAIT_2` or `2분` for `3분`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt

from quizapp.notes.text import plain_text

_SEP = r"[\s_\-]*"
_STATES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])"), token)
    for pattern, token in (
        (rf"syn{_SEP}sent", "syn_sent"),
        (rf"syn{_SEP}(?:received|rcvd|recvd|recv|rcv)", "syn_received"),
        (rf"fin{_SEP}wait{_SEP}(?:1|one)", "fin_wait_1"),
        (rf"fin{_SEP}wait{_SEP}(?:2|two)", "fin_wait_2"),
        (rf"close{_SEP}wait", "close_wait"),
        (rf"last{_SEP}ack", "last_ack"),
        (rf"time{_SEP}wait", "time_wait"),
        (r"estab(?:lished)?", "established"),
    )
)
STATE_TOKENS = frozenset(
    (
        "closed",
        "listen",
        "syn_sent",
        "syn_received",
        "established",
        "fin_wait_1",
        "fin_wait_2",
        "close_wait",
        "closing",
        "last_ack",
        "time_wait",
    )
)
_JOIN = r"\s*[+/&\-]?\s*"
_FLAG_PAIRS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"(?<![a-z0-9_+]){pattern}(?![a-z0-9_])"), token)
    for pattern, token in (
        (rf"syn{_JOIN}ack", "syn+ack"),
        (r"ack\s*[+/&]\s*syn", "syn+ack"),
        (rf"fin{_JOIN}ack", "fin+ack"),
        (r"ack\s*[+/&]\s*fin", "fin+ack"),
        (rf"rst{_JOIN}ack", "rst+ack"),
        (r"ack\s*[+/&]\s*rst", "rst+ack"),
    )
)
FLAG_TOKENS = frozenset(("syn", "ack", "fin", "rst", "psh", "urg", "syn+ack", "fin+ack", "rst+ack"))

PARTICLES: tuple[str, ...] = tuple(
    sorted(
        """
        에서는 으로는 에게서 이라는 이라고 라는 라고 에서 으로 에게 한테 까지 부터 처럼 보다
        이다 입니다 이에요 예요 이고 이며 하고 이랑 랑 은 는 이 가 을 를 에 로 와 과 의 도 만
        요 야
        """.split(),  # noqa: SIM905
        key=len,
        reverse=True,
    )
)
"""Endings dropped from Hangul words, longest first."""

FILLER = frozenset(
    """
    상태 된다 됨 됩니다 돼요 됐다 이다 입니다 임 것 거 state the a an is
    """.split()  # noqa: SIM905
)
"""Words that never change what an answer says (`CLOSE_WAIT 상태가 된다` = `CLOSE_WAIT`)."""

_HANGUL_CHARS = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"
_HANGUL = re.compile(f"[{_HANGUL_CHARS}]")
_TOKEN = re.compile(f"[{_HANGUL_CHARS}]+|(?:[^\\W{_HANGUL_CHARS}]|\\+)+")
_WORD_CHARS = re.compile(r"[^\w+]+")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_INLINE = MarkdownIt("commonmark", {"html": True})


@dataclass(frozen=True, slots=True)
class Folded:
    """An answer after folding."""

    tokens: tuple[str, ...]

    @property
    def key(self) -> str:
        """The tokens joined without spaces: equal keys mean equal answers."""
        return "".join(self.tokens)

    @property
    def stem_key(self) -> str:
        """The key with one-syllable stems stripped too (`쪽이` → `쪽`)."""
        return "".join(strip_particle(t, min_stem=1) for t in self.tokens)

    @property
    def exact(self) -> Counter[str]:
        """States, flags and numbers, which must match exactly (with their counts)."""
        return Counter(t for t in self.tokens if is_exact_token(t))

    @property
    def loose_key(self) -> str:
        """The key without exact tokens: what fuzzy matching compares."""
        return "".join(t for t in self.tokens if not is_exact_token(t))

    def __bool__(self) -> bool:
        return bool(self.tokens)


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def is_exact_token(token: str) -> bool:
    return token in STATE_TOKENS or token in FLAG_TOKENS or bool(_NUMBER.match(token))


@lru_cache(maxsize=4096)
def markdown_plain(text: str) -> str:
    """Inline Markdown → the text a reader sees (emphasis, code marks, links, HTML removed)."""
    if not any(ch in text for ch in "*_`[<=!\\"):
        return text
    lines = [plain_text(tok) for tok in _INLINE.parse(text) if tok.type == "inline"]
    plain = " ".join(line for line in lines if line)
    return plain.replace("==", "") if "==" in plain else plain


def canonical_text(text: str) -> str:
    """Steps 1–2: plain, NFKC, casefolded, TCP states and flag pairs spelled one way."""
    text = unicodedata.normalize("NFKC", markdown_plain(text)).casefold()
    for pattern, token in _STATES:
        text = pattern.sub(token, text)
    for pattern, token in _FLAG_PAIRS:
        text = pattern.sub(token, text)
    return text


def strip_particle(word: str, min_stem: int = 2) -> str:
    """`데이터가` → `데이터`; a word left shorter than `min_stem` syllables keeps its ending.

    Folding keeps one-syllable stems whole (`차이` is a word, not `차` + `이`); grading
    tries `min_stem=1` on both sides as well, so `쪽이` still matches `쪽`.
    """
    if not _HANGUL.match(word):
        return word
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= min_stem:
            return word[: -len(particle)]
    return word


@lru_cache(maxsize=4096)
def fold(text: str) -> Folded:
    """Fold an answer (see the module docstring)."""
    tokens: list[str] = []
    for chunk in _WORD_CHARS.split(canonical_text(text)):
        for token in _split_scripts(chunk):
            if _HANGUL.match(token):
                if token in PARTICLES:
                    continue
                token = strip_particle(token)
            if token and token not in FILLER and token != "+":
                tokens.append(token)
    return Folded(tuple(tokens))


def _split_scripts(chunk: str) -> list[str]:
    """`close_wait로` → [`close_wait`, `로`]; `syn+ack` stays one token."""
    if not chunk:
        return []
    if not _HANGUL.search(chunk):
        return [chunk]
    return _TOKEN.findall(chunk)
