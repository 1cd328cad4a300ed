"""Reading a written answer: sentences, clauses, lemmas, negation and predicates (ko/en).

An answer is cut into sentences (`.`, `!`, `?`, `;`, `:`, new lines) and each sentence
into clauses: at commas and slashes; in Korean after a connective ending (`-어서`,
`-지만`, `-면`, `-아니라`, …) unless an auxiliary or a particle follows it (`남아 있다`,
`남아서가 아니라`); in English before a conjunction (`because`, `so`, `but`, `if`, …).
`-고` and `and` join two predicates into one clause, which share its subject.

Lemmas put the two languages in one space:

- Korean words go through the morphological analyser Kiwi (`kiwipiepy`, its model ships
  as the `kiwipiepy-model` package): verbs and adjectives become their dictionary form
  (`보낸다`, `보내고`, `보내야` → `보내다`), nouns lose their particles (`데이터가` → `데이터`).
- English words are stemmed by the Snowball English stemmer (`closes` → `close`), with
  the irregular verbs an answer uses mapped to their base (`sent` → `send`).
- TCP states are one lemma each, `state:time_wait`, never words: `LAST_ACK` is not
  `last` + `ACK`. Flags are `flag:ack`, `flag:syn+ack`; numbers `num:240`.

Every clause counts its negations (`not`, `n't`, `never`, `no`; `않다`, `없다`, `안`, `못`)
— not those inside a modifier (`원하지 않는 연결`) or a purpose (`오인되지 않게`) — and
knows whether it denies what it says (`아니다`, `관계없다`, `nothing to do with`, `it is
not because`). It knows whether it has a finite predicate, and how much grammatical glue
(particles, endings, function words) holds its words together: a list of terms has none.

Loading Kiwi takes about three seconds (`bench/quiz.py`); `load_analyser()` does it once
per process, and the TUI calls it in a worker thread.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

from quizapp.quiz.fold import markdown_plain


def _split(words: str) -> list[str]:
    return words.split()


# -- tokens ---------------------------------------------------------------------------------

_SEP = r"[\s_\-]*"
_STATE_PATTERNS: tuple[tuple[str, str], ...] = (
    (rf"syn{_SEP}sent", "syn_sent"),
    (rf"syn{_SEP}(?:received|rcvd|recvd|recv|rcv)", "syn_received"),
    (rf"fin{_SEP}wait{_SEP}(?:1|one)", "fin_wait_1"),
    (rf"fin{_SEP}wait{_SEP}(?:2|two)", "fin_wait_2"),
    (rf"close{_SEP}wait", "close_wait"),
    (r"last[\s_\-]+ack", "last_ack"),
    (rf"time{_SEP}wait", "time_wait"),
    (r"established", "established"),
    (r"listen", "listen"),
    (r"closing", "closing"),
    (r"closed", "closed"),
)
_STATE_RE = re.compile(
    "|".join(f"(?P<s{i}>{p})" for i, (p, _) in enumerate(_STATE_PATTERNS)), re.IGNORECASE
)
_STATE_NAMES = tuple(name for _, name in _STATE_PATTERNS)
_UPPER_ONLY = frozenset(("listen", "closing", "closed", "established", "last_ack"))
"""States that are also English words: only written as a state (upper case, or `LAST_ACK`
with its underscore) do they count as one; `the last ack` and `closed` are words."""

_FLAG_RE = re.compile(
    r"(?P<pair>(?:syn|fin|rst)\s*[+/&]?\s*ack|ack\s*[+/&]\s*(?:syn|fin|rst))"
    r"|(?P<one>syn|ack|fin|rst|psh|urg)",
    re.IGNORECASE,
)
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9']*|\d+(?:\.\d+)*")
_EN_VERB_BY_PLACE = re.compile(
    r"(?<=[a-z0-9] )[a-z]+(?:[^s\s]s|ed)(?= (?:a|an|the|its|their|his|her|our|my|your|every|each|"
    r"no|one|two|all|some|any|this|that|these|those|it|them|him|me|us)\b)",
    re.IGNORECASE,
)
"""`connection costs a handshake`: a word ending in -s or -ed between a word and a
determiner is a verb, whether or not the verb list knows it."""
_EN_NEW_SUBJECT = re.compile(
    r"\b(?:and|or)\s+(?=(?:the|a|an|its|their|his|her|this|that|these|those|it|they|he|she|"
    r"we|you|i)\b(?:\s+[\w'’()\-]+){0,4}?\s+(?:is|are|was|were|has|have|had|can|could|may|"
    r"might|must|will|would|should|does|do|did)\b)",
    re.IGNORECASE,
)
"""`… is encrypted with the public key and the symmetric key is only used to sign`: an
`and` followed by a subject of its own and its verb starts a new clause; `sends its SYN
and its ACK in one segment` stays one."""
_EN_COORDINATORS = frozenset(("and", "or"))
_EN_CONDITIONS = frozenset(("if", "when", "onc", "once"))
_EN_RELATIVES = frozenset(("that", "which", "who"))
_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+")
_PIECE = re.compile(
    r"(?P<hangul>[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]+)"
    r"|(?P<latin>[A-Za-z0-9][A-Za-z0-9_'’+/&\-]*(?:\.\d+)*)"
    r"|(?P<stop>[.!?;:。\n]+)"
    r"|(?P<comma>[,，、·/]+)"
)

EN_NEGATIONS = frozenset(
    _split(
        """
        not no never nothing none nor neither without cannot can't won't don't doesn't
        didn't isn't aren't wasn't weren't shouldn't wouldn't couldn't mustn't hasn't
        haven't hadn't needn't
        """
    )
)
KO_NEGATIONS = frozenset(("않다", "없다", "못하다"))
KO_DENIALS = frozenset(("아니다", "관계없다", "상관없다", "무관"))
"""Korean words that deny what the clause says (`X 때문이 아니다`, `X와는 관계없다`)."""
_EN_DENIAL = re.compile(
    r"\b(?:nothing\s+to\s+do\s+with|not\s+(?:because|why|due|the\s+reason|about|related)"
    r"|(?:is|are|was|were|'s)\s*n[o']t\s+(?:because|why|due|the\s+reason)"
    r"|(?:has|have)\s+nothing|irrelevant|unrelated)\b",
    re.IGNORECASE,
)
"""English wordings that deny a reason rather than state a negative fact."""

EN_AUX = frozenset(
    _split(
        """
        is are was were be been being am has have had do does did can could may might must
        will would shall should cannot can't won't don't doesn't didn't isn't aren't wasn't
        weren't it's that's there's let's needs need
        """
    )
)
_EN_VERBS = _split(
    """
protect protects protected cause causes caused show shows showed give gives gave put puts
become becomes became see sees saw read reads write writes wrote bring brings brought
say says said lets clean cleans flush flushes flushed answer answers happen happens
send sends sent receive receives received close closes closed wait waits waited stay stays
stayed keep keeps kept arrive arrives arrived lose loses lost drop drops dropped resend
resends retransmit retransmits retransmitted acknowledge acknowledges acknowledged answer
answers answered reply replies replied know knows knew learn learns learned confirm confirms
confirmed enter enters entered go goes went move moves moved leave leaves return returns
returned open opens opened finish finishes finished end ends ended linger lingers lingered
hold holds held carry carries carried combine combines combined merge merges merged ride
rides rode piggyback piggybacks fit fits take takes took mistake mistakes mistaken treat
treats treated accept accepts accepted reject rejects rejected reuse reuses reused die dies
died expire expires expired disappear disappears disappeared call calls called let lets make
makes made allow allows allowed ensure ensures ensured guarantee guarantees guaranteed
prevent prevents prevented avoid avoids avoided stop stops stopped come comes came want
wants wanted mean means meant happen happens happened get gets got remain remains remained
survive survives survived delay delays delayed tell tells told use uses used require
requires required cover covers covered shut shuts need needs needed exist exists existed
reach reaches reached travel travels traveled get gets fail fails failed error errors
respond responds responded corrupt corrupts corrupted mix mixes mixed confuse confuses
confused belong belongs belonged sit sits sat verify verifies verified agree agrees agreed
establish establishes ensure keeps still enable enables enabled disable disables disabled
set sets turn turns turned restart restarts restarted bind binds encrypt encrypts encrypted
decrypt decrypts decrypted derive derives derived share shares shared sign signs signed
exchange exchanges exchanged negotiate negotiates negotiated refuse refuses refused
    """
)

EN_FILLER = frozenset(
    _split(
        """
        the a an of to in on at for by with from and or but so that this these those it its
        their there then than as is are was were be been being am do does did has have had
        which who what when while because since also just only can could may might must will
        would shall should i you we they he she them us me my your our his her
        """
    )
)
"""English words that never carry a point's meaning on their own."""

_IRREGULAR = {
    "sent": "send",
    "lost": "lose",
    "knew": "know",
    "known": "know",
    "kept": "keep",
    "came": "come",
    "went": "go",
    "gone": "go",
    "took": "take",
    "taken": "take",
    "got": "get",
    "made": "make",
    "held": "hold",
    "told": "tell",
    "rode": "ride",
    "ridden": "ride",
    "meant": "mean",
    "sat": "sit",
    "left": "leave",
    "began": "begin",
    "begun": "begin",
    "broke": "break",
    "broken": "break",
    "cannot": "can",
    "can't": "can",
    "won't": "will",
}

_COMPARATIVES = {
    f"{base}{end}": base
    for base in _split(
        "slow fast quick cheap long short old new small weak strong light hard high low"
    )
    for end in ("er", "est")
} | {
    "heavier": "heavy",
    "heaviest": "heavy",
    "easier": "easy",
    "safer": "safe",
    "costlier": "costly",
    "bigger": "big",
}
"""`much slower` says `slow`: the Snowball stemmer keeps comparatives as they are. `later`
and `earlier` are left alone: they speak of order, not of being late."""

_KO_CONTENT = frozenset(_split("NNG NNP NNB NR NP XR XSN XPN MM MAG SL SN SH"))
_KO_NEGATING_PREFIXES = frozenset(("비", "무", "불", "미"))
_KO_JOINABLE = frozenset(_split("NNG NNP NNB XPN XSN MM XR"))
_KO_CONTENT_PARTICLES = frozenset(("만", "마다", "별로", "부터"))
"""Particles that carry meaning (`ACK만`, `방향마다`, `ACK부터` = the ACK first): kept as
words."""
_KO_PREDICATE = frozenset(("VV", "VA", "VX", "VCP", "VCN", "XSV", "XSA"))
_KO_FINITE_ENDINGS = frozenset(("EF", "EC", "ETN"))
_KO_CLAUSE_ENDINGS = frozenset(
    _split(
        """
        어서 아서 여서 서 니까 으니까 니 으니 므로 으므로 지만 는데 은데 ㄴ데 ᆫ데 는데도 면 으면 라
        며 으며 면서 으면서 기에 어야 아야 려고 으려고 다가 자 다면 ᆫ다면 는다면 라면
        """
    )
)
_KO_INNER_ENDINGS = frozenset(_split("게 도록 고 어도 아도 여도 더라도"))
"""Endings after which a negation is not the clause's: `오인되지 않게`, `원하지 않고`, `없어도`."""
_KO_CHAINING = frozenset(_split("어서 아서 여서 서 면 으면 다면 ᆫ다면 는다면 라면"))
"""Connective endings that run one event on into the next clause (`도착해서 열린다`,
`예측할 수 있으면 끼워 넣을 수 있다`). A hypothetical `-다면` is a clause of its own like
`-면`: `데이터가 남아 있다면 바로 닫을 수 없다` says the data is left, and its main
clause's negation is not the condition's."""
_KO_NO_SPLIT_AFTER = ("VX", "J", "VCN", "VCP", "EP", "XS")
"""A connective ending followed by one of these tags is not a clause boundary."""
_EN_CLAUSE_WORDS = frozenset(
    _split(
        """
        because since so but although though whereas while unless hence thus therefore which
        when if
        """
    )
)


@dataclass(frozen=True, slots=True)
class Token:
    """One lemma of a clause, and where its surface text is in the answer."""

    lemma: str
    start: int
    end: int
    negation: bool = False
    """A plain negation of the clause's predicate (`not`, `않다`); one inside a modifier
    (`원하지 않는 연결`) or a purpose complement (`오인되지 않게`) is not one."""
    denial: bool = False
    """Denies what the clause says (`아니다`, `관계없다`)."""
    predicate: bool = False
    """A finite verb: a Korean predicate with a final or connective ending, an English
    auxiliary or verb form."""
    glue: bool = False
    """Grammar rather than content: a Korean particle or ending, an English function word."""


@dataclass(slots=True)
class Clause:
    """The smallest stretch of an answer that says one thing."""

    text: str
    start: int
    sentence: int
    """Index of the sentence it belongs to."""
    tokens: list[Token] = field(default_factory=list)
    fragment: int = 0
    """Index of the comma-separated piece of its sentence it is in."""
    carried: bool = False
    """A clause next to it only said `it is not` / `그게 아니라` / `그런 게 아니다`: this
    clause is denied."""
    chained: bool = False
    """Ends in `-어서`/`-면` and runs on into the next clause (`중복 SYN이 늦게 도착해서 원치
    않는 연결이 열린다`), or is an English condition before its main clause (`If the last
    ACK is lost, …`): one event told in two clauses."""
    purpose: bool = False
    """An English result or purpose clause of prevention (`so an attacker cannot predict
    it`): its negation says what is prevented, it does not deny the danger. Korean says
    this with `-지 못하게`/`-지 않도록`, which never count as negations."""

    @property
    def lemmas(self) -> frozenset[str]:
        return frozenset(t.lemma for t in self.tokens)

    @property
    def sequence(self) -> list[str]:
        """The lemmas in the order written."""
        return [t.lemma for t in self.tokens]

    @property
    def negations(self) -> int:
        return sum(t.negation for t in self.tokens)

    @property
    def denied(self) -> bool:
        """The clause denies what it says (`X 때문이 아니다`, `it is not because X`)."""
        return (
            self.carried or any(t.denial for t in self.tokens) or bool(_EN_DENIAL.search(self.text))
        )

    @property
    def has_predicate(self) -> bool:
        return any(t.predicate for t in self.tokens)

    @property
    def content(self) -> list[Token]:
        return [
            t
            for t in self.tokens
            if not (t.negation or t.denial or t.glue)
            and t.lemma not in EN_FILLER
            and t.lemma != "not"
        ]

    @property
    def glue(self) -> int:
        return sum(t.glue for t in self.tokens)


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str
    clauses: tuple[Clause, ...]

    def chains(self) -> list[tuple[Clause, Clause, Clause]]:
        """(first, second, both as one clause) for each `-어서` clause and the clause it
        runs on into."""
        joined = []
        for first, second in zip(self.clauses, self.clauses[1:], strict=False):
            if first.chained and second.sentence == first.sentence:
                end = second.start + len(second.text)
                both = Clause(
                    self.text[first.start : end],
                    first.start,
                    first.sentence,
                    [*first.tokens, *second.tokens],
                    fragment=first.fragment,
                    carried=first.carried or second.carried,
                )
                joined.append((first, second, both))
        return joined

    def sentences(self) -> list[list[Clause]]:
        grouped: dict[int, list[Clause]] = {}
        for clause in self.clauses:
            grouped.setdefault(clause.sentence, []).append(clause)
        return list(grouped.values())


class Analyser:
    """Kiwi plus the English stemmer; build one with `load_analyser()`."""

    def __init__(self) -> None:
        from kiwipiepy import Kiwi

        self._kiwi = Kiwi()
        self._stemmer = snowballstemmer.stemmer("english")
        self._lock = threading.Lock()
        self._verbs = frozenset(self.stem(w) for w in _EN_VERBS)
        # Kiwi loads part of its model on the first sentence: do it now, not while grading.
        self._kiwi.tokenize("서버는 보낼 데이터가 남아 있어서 ACK만 먼저 보낸다.")

    def stem(self, word: str) -> str:
        """An English word's lemma (`closes` → `close`, `sent` → `send`)."""
        word = word.casefold().replace("’", "'")
        if word in _IRREGULAR:
            return _IRREGULAR[word]
        return str(self._stemmer.stemWord(_COMPARATIVES.get(word, word)))

    def lemmas(self, text: str) -> list[Token]:
        """The tokens of a short phrase (a rubric synonym), all clauses together."""
        return [t for clause in self.analyse(text).clauses for t in clause.tokens]

    def analyse(self, text: str) -> Analysis:
        """Sentences, clauses and lemmas of `text` (see the module docstring)."""
        return self._analyse(normalise(text))

    @lru_cache(maxsize=4096)  # noqa: B019 - one analyser per process, kept for its life
    def _analyse(self, text: str) -> Analysis:
        if _HANGUL.search(text):
            with self._lock:  # one Kiwi, shared by the TUI's worker threads
                morphs = self._kiwi.tokenize(text)
        else:
            morphs = []
        builder = _ClauseBuilder(text)
        builder.verbs_at = {m.start() for m in _EN_VERB_BY_PLACE.finditer(text)}
        builder.new_subject_at = {m.start() for m in _EN_NEW_SUBJECT.finditer(text)}
        korean = [(m.start, m.start + m.len, m.form, m.tag.split("-")[0]) for m in morphs]
        k = 0
        for piece in _PIECE.finditer(text):
            kind = piece.lastgroup
            if kind == "stop":
                builder.end_sentence()
            elif kind == "comma":
                builder.comma()
            elif kind == "latin":
                self._latin(piece.group(), piece.start(), builder)
            elif kind == "hangul":
                while k < len(korean) and korean[k][0] < piece.start():
                    k += 1
                first = k
                while k < len(korean) and korean[k][0] < piece.end():
                    k += 1
                _hangul(korean, first, k, builder)
        return Analysis(text, tuple(builder.finish()))

    def _latin(self, word: str, start: int, builder: _ClauseBuilder) -> None:
        end = start + len(word)
        state = _state_token(word)
        if state is not None:
            builder.add(Token(f"state:{state}", start, end))
            return
        flag = _flag_token(word)
        if flag is not None:
            builder.add(Token(f"flag:{flag}", start, end))
            return
        for match in _LATIN.finditer(word):
            part, at = match.group(), start + match.start()
            lower = part.casefold().replace("’", "'")
            span = (at, at + len(part))
            if lower[0].isdigit():
                builder.add(Token(f"num:{lower}", *span))
                continue
            if lower in _FLAG_WORDS or (lower.endswith("s") and lower[:-1] in _FLAG_WORDS):
                lower = lower.removesuffix("s") if lower not in _FLAG_WORDS else lower
                builder.add(Token(f"flag:{lower}", *span))
                continue
            if lower in _EN_CLAUSE_WORDS and part == word:
                builder.english_boundary()  # `SO_REUSEADDR` holds no `so`
            elif lower in _EN_COORDINATORS and at in builder.new_subject_at:
                builder.english_boundary()
            stem = self.stem(lower)
            predicate = (
                lower in EN_AUX
                or (stem in self._verbs and (lower not in _NOT_VERBS or builder.opens_sentence))
                or at in builder.verbs_at
            )
            if lower in EN_NEGATIONS or lower.endswith("n't"):
                base = lower if lower in _IRREGULAR else lower.removesuffix("n't")
                if base not in EN_NEGATIONS and base:
                    builder.add(Token(self.stem(base), *span, predicate=True))
                # `a socket that no longer exists`: the negation of a relative clause
                # describes a thing; it does not negate the clause.
                relative = builder.after_relative()
                builder.add(Token("not", *span, negation=not relative, predicate=lower in EN_AUX))
                continue
            glue = lower in EN_FILLER or lower in _EN_GLUE
            builder.add(Token(stem, *span, predicate=predicate, glue=glue))


def _state_token(word: str) -> str | None:
    """The state a Latin word names, or None (`closed` and `last ack` are words)."""
    word = word.rstrip("'’")
    if word.casefold().endswith("'s"):
        word = word[:-2]
    match = _STATE_RE.fullmatch(word)
    if match is None:
        return None
    name = _STATE_NAMES[int(str(match.lastgroup)[1:])]
    if name == "last_ack":
        return name if "_" in word or (word.isupper() and "-" in word) else None
    if name in _UPPER_ONLY and not word.isupper():
        return None
    return name


def _flag_token(word: str) -> str | None:
    """`SYN+ACK`, `SYN/ACK`, `synack`, `ACK` → the flags, ACK last; None for other words."""
    match = _FLAG_RE.fullmatch(word)
    if match is None:
        return None
    flags = re.findall(r"syn|ack|fin|rst|psh|urg", word.casefold())
    return "+".join(sorted(set(flags), key=lambda f: (f == "ack", f)))


def _hangul(
    morphs: list[tuple[int, int, str, str]], first: int, last: int, builder: _ClauseBuilder
) -> None:
    """Add the morphemes `first` to `last` (one Hangul run) of the answer to its clauses.

    Two content morphemes written together also count as the word they make (`한`+`쪽`
    is `한쪽`, `재`+`전송` is `재전송`): the analyser splits compounds one way in one
    sentence and another way in the next.
    """
    for i in range(first + 1, last):
        (s0, e0, f0, t0), (s1, e1, f1, t1) = morphs[i - 1], morphs[i]
        if e0 == s1 and t0 in _KO_JOINABLE and t1 in _KO_JOINABLE:
            builder.pending.append(Token(f0 + f1, s0, e1))
    for i in range(first, last):
        start, end, form, tag = morphs[i]
        after = [m[3] for m in morphs[i + 1 : i + 3]]
        after_forms = [m[2] for m in morphs[i + 1 : i + 3]]
        nxt = after[0] if after else ""
        if tag in _KO_PREDICATE:
            lemma = "아니다" if tag == "VCN" else form + "다"
            finite = any(t in _KO_FINITE_ENDINGS for t in after)
            # `원하지 않는 연결` (a modifier), `오인되지 않게` (a purpose), `보내지 않고 묶어
            # 보낸다` (the first of two predicates): not the clause's negation.
            # `X가 없어도` (even without X): the negation is the concession's own.
            inner = "ETM" in after[:1] or any(f in _KO_INNER_ENDINGS for f in after_forms[:1])
            negation = (lemma in KO_NEGATIONS or lemma == "못하다") and not inner
            denial = lemma in KO_DENIALS and "ETM" not in after[:1]
            builder.add(
                Token(lemma, start, end, negation=negation, denial=denial, predicate=finite)
            )
        elif tag in _KO_CONTENT:
            if (
                i > first
                and morphs[i - 1][2] in _KO_NEGATING_PREFIXES
                and morphs[i - 1][1] == start
            ):
                continue  # `비정상` is not `정상`: only the compound counts
            lemma = _KO_SPELLING.get(form, form)
            # `못 보낸 응답`: the negation belongs to a modifier, not to the clause.
            negation = tag == "MAG" and form in ("안", "못") and "ETM" not in after[1:2]
            builder.add(Token(lemma, start, end, negation=negation, denial=form in KO_DENIALS))
            bare = _particle_left_on(form) if tag in ("NNG", "NNP") else None
            if bare is not None:
                builder.add(Token(bare, start, end - len(form) + len(bare)))
        elif tag.startswith("J") and form in _KO_CONTENT_PARTICLES:
            builder.add(Token(form, start, end))
        elif tag.startswith(("J", "E")):
            builder.add(Token(f"~{form}", start, end, glue=True))
            # `2MSL이면` (a noun and the copula) says "at 2MSL", no condition of its own.
            adverbial = form in ("면", "으면") and i > first and morphs[i - 1][3] == "VCP"
            if (tag == "EF" or (tag == "EC" and form in _KO_CLAUSE_ENDINGS)) and not (
                nxt.startswith(_KO_NO_SPLIT_AFTER) or adverbial
            ):
                builder.end_clause(chained=tag == "EC" and form in _KO_CHAINING)


_FLAG_WORDS = frozenset(("syn", "ack", "fin", "rst", "psh", "urg"))
_EN_GLUE = frozenset(
    _split(
        """
        into onto about over under also before after out up down off with without until again
        just even very too not no never per each both all any some same other own such
        where how why what whether plus
        """
    )
)
"""Function words counted as glue besides `EN_FILLER` (which are glue too)."""
_KO_SPELLING = {"에크": "ack", "핀": "fin"}
_KO_LEFT_ON = (
    "으로",
    "에서",
    "에게",
    "가",
    "이",
    "는",
    "은",
    "를",
    "을",
    "의",
    "에",
    "로",
    "와",
    "과",
    "도",
)
"""Particles Kiwi sometimes leaves on a loanword it does not know in that sentence
(`옛 세그먼트가 같은 포트로` → one noun `세그먼트가`, another `포트로`)."""


def _particle_left_on(form: str) -> str | None:
    """The noun without the particle Kiwi left on it, or None.

    At least two syllables must remain, so `도로` and `경로` are never cut; the noun as
    tagged is kept as well.
    """
    for particle in _KO_LEFT_ON:
        bare = form.removesuffix(particle)
        if bare != form and len(bare) >= 2:
            return bare
    return None


_EN_PURPOSE = re.compile(
    r"(?:so(?:\s+that)?|in\s+order\s+that)\s+(?:\S+\s+){0,4}?"
    r"(?:cannot|can't|can\s+not|won't|couldn't|wouldn't|will\s+not|could\s+not)\b",
    re.IGNORECASE,
)
_POINTING_BACK = frozenset(
    _split("그런 그렇다 그것 그거 그 것 거 이유 때문 이것 이런 reason why case so the one")
)
"""What a clause that only points back at the one before is made of (`그런 것`)."""
_NOT_VERBS = frozenset(
    _split("still close end error data left wait delay delayed use set exchange share sign turn")
)
"""Words of the verb list that are nouns or adjectives as often: no predicate alone,
unless they open a sentence as an imperative (`Set SO_REUSEADDR before bind()`)."""


class _ClauseBuilder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.clauses: list[Clause] = []
        self.sentence = 0
        self.fragment = 0
        self._open: Clause | None = None
        self.verbs_at: set[int] = set()
        """Where English words stand that their place shows to be verbs."""
        self.new_subject_at: set[int] = set()
        """Where an English `and`/`or` starts a clause with a subject of its own."""
        self.pending: list[Token] = []
        """Compound words waiting for the clause their first morpheme lands in."""

    def add(self, token: Token) -> None:
        if self._open is None:
            self._open = Clause("", token.start, self.sentence, fragment=self.fragment)
            self.clauses.append(self._open)
        self._open.tokens.append(token)
        while self.pending and self.pending[0].start <= token.start:
            compound = self.pending.pop(0)
            if compound.start == token.start:
                self._open.tokens.append(compound)

    def end_clause(self, *, chained: bool = False) -> None:
        if self._open is not None:
            self._open.chained = chained
        self._open = None

    def comma(self) -> None:
        self.fragment += 1
        self._open = None

    def after_relative(self) -> bool:
        """The open clause ends in a relative pronoun after a noun, perhaps with an
        auxiliary (`a socket that`, `data which is`): not `means that`, `so that`."""
        tokens = self._open.tokens if self._open else []
        for back in (1, 2):
            if len(tokens) > back and tokens[-back].lemma in _EN_RELATIVES:
                before = tokens[-back - 1]
                return not (before.predicate or before.lemma in ("so", "such", "now"))
        return False

    @property
    def opens_sentence(self) -> bool:
        """Nothing of the current sentence has been added yet."""
        return not self.clauses or self.clauses[-1].sentence != self.sentence

    def english_boundary(self) -> None:
        self._open = None

    def end_sentence(self) -> None:
        self._open = None
        self.sentence += 1
        self.fragment = 0

    def finish(self) -> list[Clause]:
        kept = [c for c in self.clauses if any(not t.lemma.startswith("~") for t in c.tokens)]
        for i, clause in enumerate(kept):
            clause.start = clause.tokens[0].start
            clause.text = self.text[clause.start : clause.tokens[-1].end]
            clause.purpose = bool(_EN_PURPOSE.match(clause.text)) and clause.negations == 1
            # `If the last ACK is lost, …`: an English condition runs on into its main
            # clause, as a Korean `-면` does.
            # `각자 번호를 알리고, 확인을 받는다`: a comma after `-고` does not split what
            # `-고` alone keeps in one clause.
            if clause.tokens[-1].lemma == "~고" and i + 1 < len(kept):
                clause.chained = clause.chained or kept[i + 1].sentence == clause.sentence
            if clause.tokens[0].lemma in _EN_CONDITIONS and i + 1 < len(kept):
                clause.chained = clause.chained or kept[i + 1].sentence == clause.sentence
            # `서버에 데이터가 남아서 그런 게 아니다`: a denial that only points back
            # (`그런 것`, `that is not why`) denies the clause before it.
            if (
                i > 0
                and kept[i - 1].sentence == clause.sentence
                and clause.denied
                and not clause.carried
                and {t.lemma for t in clause.content} <= _POINTING_BACK
            ):
                kept[i - 1].carried = True
            # `it is not` / `그게 아니라` alone: what it denies is the next clause.
            if (
                i + 1 < len(kept)
                and kept[i + 1].sentence == clause.sentence
                and (clause.negations or clause.denied)
                and not clause.content
            ):
                kept[i + 1].carried = True
        return kept


def normalise(text: str) -> str:
    """Markdown to plain text, NFKC; line breaks kept (they end sentences)."""
    plain = "\n".join(markdown_plain(line) for line in text.split("\n"))
    return unicodedata.normalize("NFKC", plain)


_ANALYSER: Analyser | None = None
_LOADING = threading.Lock()


def load_analyser() -> Analyser:
    """The process's analyser, loaded on first use (seconds: call it off the event loop)."""
    global _ANALYSER
    with _LOADING:
        if _ANALYSER is None:
            _ANALYSER = Analyser()
        return _ANALYSER
