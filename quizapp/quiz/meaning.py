"""Grading a written answer by meaning: which rubric points one clause makes, which it denies.

A point is **made** when one clause of the answer (`quizapp.quiz.analyser`) carries it:

- one of its wordings (`ko:`/`en:` lines and the point's own two labels) is in the
  clause, every content word of it, compared as lemmas (`보낸다` = `보내다`, `closes` =
  `close`, `TIME_WAIT` only as the state);
- or one of its `means:` lines is: each ` + `-joined group has a word in the clause
  (`데이터, data + 남다, remaining, left` is made by `data is still left to send`); a
  phrase of a group (`한 방향`, `one direction`) needs its words in its order, so `양방향을
  한 번에` is not `한 방향`.

A negation a wording holds is matched by count, not spelling (`도착하지 못` is made by
`도착하지 못하면`). A clause that names no party speaks of the one named before it (`it
may have unsent bytes` after `the server …`; a Korean clause without a subject), and a
Korean `-어서`/`-면` clause runs on into the next one as one event (`중복 SYN이 늦게
도착해서 원치 않는 연결이 열린다`).

A clause that matches a point but denies it (`it is not because …`, `X 때문이 아니다`,
`관계없다`, or `그런 게 아니다` after it), or negates it when the point itself says nothing
negative (`the server has no data left`), **denies** the point; a purpose of prevention
(`so an attacker cannot predict it`) does not. A condition (`ACK가 유실되면`, `If the
last ACK is lost`) does not make a point that its own main clause denies (`… FIN에 ACK를
다시 보내지 않는다`). A clause the simulator refutes
(`quizapp.quiz.claims`) makes no point. A point whose wording puts two things in an order
(`the ACK leaves at once and the FIN later`, `X before Y`, `먼저 … 나중에`) is denied by a
clause that matches it but puts them the other way round (`_stated_order`).

Only clauses of explanations count: a sentence without a finite predicate (`remaining
data.`) makes no point, nor do the items of a bare list of terms (`data left,
half-close, ACK first, FIN later`). An answer that is mostly such a list is **stuffed**
and fails with a message saying so.

Verdict: stuffed → fail; a denial or a contradiction → at most partial (partial when
enough points are made anyway, else fail); otherwise pass with `rubric.needed` points,
partial with fewer but some, fail with none.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from quizapp.i18n import tr
from quizapp.notes.rubric import Rubric, RubricPoint
from quizapp.quiz.analyser import EN_FILLER, Analyser, Analysis, Clause, Token
from quizapp.quiz.claims import Contradiction, check_claims
from quizapp.quiz.flow import link_steps

LIST_ITEMS = 3
"""This many predicate-less comma-separated items in one sentence make it a term list."""
GLUELESS_WORDS = 5
GLUE_SHARE = {"ko": 0.3, "en": 0.15}
"""A sentence of at least `GLUELESS_WORDS` content words with fewer particles and endings
(Korean) or function words (English) than this share of them is a string of keywords,
not a sentence. Korean prose carries a particle or an ending on nearly every word;
technical English runs to long noun phrases, hence the lower share."""
SCORES = {"pass": 1.0, "partial": 0.5, "fail": 0.0}


def stuffed_message() -> str:
    """What a list of terms handed in as an explanation is told, in the UI language."""
    return tr(
        "설명이 아니라 용어 나열입니다: 무엇이 왜 그런지 문장으로 쓰세요",
        "this is a list of terms, not an explanation: say in sentences what happens and why",
    )


class Grade(enum.StrEnum):
    PASS = "pass"
    PARTIAL = "partial"
    FAIL = "fail"

    @property
    def score(self) -> float:
        return SCORES[self.value]


class Status(enum.StrEnum):
    MADE = "made"
    MISSED = "missed"
    DENIED = "denied"


@dataclass(frozen=True, slots=True)
class PointGrade:
    point: RubricPoint
    status: Status
    clause: str | None
    """The clause that made or denied the point."""
    matched: str | None
    """The wording or meaning line that matched."""
    step: int | None
    """The simulator step that proves the point (the first one its links name)."""

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "point": self.point.label(lang),
            "status": self.status.value,
            "clause": self.clause,
            "step": self.step,
        }


@dataclass(frozen=True, slots=True)
class MeaningResult:
    rubric: Rubric
    points: tuple[PointGrade, ...]
    contradictions: tuple[Contradiction, ...]
    stuffed: str | None
    """Why the answer is no explanation, when it is none."""
    grade: Grade

    @property
    def score(self) -> float:
        return self.grade.score

    def with_status(self, status: Status) -> tuple[PointGrade, ...]:
        return tuple(p for p in self.points if p.status is status)

    @property
    def made(self) -> tuple[PointGrade, ...]:
        return self.with_status(Status.MADE)

    @property
    def missed(self) -> tuple[PointGrade, ...]:
        return self.with_status(Status.MISSED)

    @property
    def denied(self) -> tuple[PointGrade, ...]:
        return self.with_status(Status.DENIED)


# -- patterns -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Words:
    text: str
    order: tuple[str, ...]
    """The lemmas in the order written."""
    negations: int
    """Negations the wording itself holds (`알 수 없다`, `never reaches`)."""

    @property
    def lemmas(self) -> frozenset[str]:
        return frozenset(self.order)


@dataclass(frozen=True, slots=True)
class _Pattern:
    wordings: tuple[_Words, ...]
    meanings: tuple[tuple[str, tuple[tuple[_Words, ...], ...]], ...]
    """(line as written, groups of alternatives)."""
    negative: frozenset[str]
    """The languages (`ko`, `en`) whose label of the point says something negative (`알 수
    없다`, `must not be taken …`): a negation in a clause of that language may be the
    point's own. `느려서 많은 데이터에 맞지 않는다` is negative, `too slow for bulk data`
    is not, so `asymmetric crypto is not slower` denies the point."""

    def negative_for(self, clause: Clause) -> bool:
        korean = any(t.lemma.startswith("~") for t in clause.tokens)
        return ("ko" if korean else "en") in self.negative

    order: tuple[str, str] | None = None
    """(what comes first, what comes then) when the point's wording states an order (`the
    ACK leaves at once and the FIN later`): a clause stating the reverse denies it."""


_PATTERNS: dict[tuple[int, RubricPoint], _Pattern] = {}


_ARTICLES = frozenset(("the", "a", "an"))


def _words(analyser: Analyser, text: str) -> _Words:
    """The lemmas of a wording, without Korean particles and endings or English articles.

    Its negations are counted, not kept as words: `도착하지 못` is written with the adverb
    `못` and answered with the auxiliary `못하다`, `never reach` as `doesn't reach`.
    """
    tokens = [t for t in analyser.lemmas(text) if not t.lemma.startswith("~")]
    content = [t for t in tokens if t.lemma not in _ARTICLES]
    order = tuple(t.lemma for t in content if not t.negation)
    return _Words(text, order, sum(t.negation for t in content))


def _spellings(words: _Words) -> tuple[_Words, ...]:
    """A compound as the analyser may read it in an answer: whole (`한쪽`) or in its parts
    (`한`, `쪽`). Written alone, `한쪽` yields both; in a sentence, often only one."""
    order = words.order
    at = next(
        (i for i in range(1, len(order) - 1) if order[i] == order[i - 1] + order[i + 1]), None
    )
    if at is None:
        return (words,)
    whole = (*order[: at - 1], order[at], *order[at + 2 :])
    parts = (*order[:at], *order[at + 1 :])
    return tuple(
        v for o in (whole, parts) for v in _spellings(_Words(words.text, o, words.negations))
    )


def _pattern(analyser: Analyser, point: RubricPoint) -> _Pattern:
    key = (id(analyser), point)
    found = _PATTERNS.get(key)
    if found is not None:
        return found
    texts = dict.fromkeys((*point.synonyms, point.ko, point.en))
    wordings = tuple(
        v for t in texts if t and (w := _words(analyser, t)).order for v in _spellings(w)
    )
    meanings = []
    for line in point.meanings:
        groups = tuple(
            tuple(
                v
                for alt in group.split(",")
                if (w := _words(analyser, alt.strip())).order or w.negations
                for v in _spellings(w)
            )
            for group in line.split(" + ")
        )
        if groups and all(groups):
            meanings.append((line, groups))
    # Negative is a label whose negated clause carries the point itself (`서버는 자기 ISN이
    # 도착했는지 알 수 없다`), not one negating something beside it (`느려서 많은 데이터에
    # 맞지 않는다`: being slow is the point).
    plain = _Pattern(wordings, tuple(meanings), frozenset())
    said = {
        lang: any(
            (c.negations % 2 or c.denied) and _match(plain, c) is not None
            for c in analyser.analyse(text).clauses
        )
        for lang, text in (("ko", point.ko), ("en", point.en))
        if text
    }
    # A point labelled in one language only is as negative in the other.
    negative = frozenset(lang for lang in ("ko", "en") if said.get(lang, any(said.values())))
    cues = _order_cues(analyser)
    orders = {
        order
        for text in texts
        if text
        for clause in analyser.analyse(text).clauses
        if (order := _stated_order(clause.tokens, cues)) is not None
    }
    # Its wordings must agree on one order; a point that states none has none.
    order = next(iter(orders)) if len(orders) == 1 else None
    found = _Pattern(wordings, tuple(meanings), negative, order)
    _PATTERNS[key] = found
    return found


_EARLY, _LATE, _LEFT_FIRST, _LEFT_LAST = "early", "late", "left first", "left last"
_ORDER_WORDS = {
    _EARLY: "먼저 우선 바로 즉시 일단 부터 first firstly immediately earlier initially",
    _LATE: "나중 이후 then later afterwards afterward finally",
    # `X before Y`, `X 후에 Y`: X comes first; `X after Y`, `X 전에 Y`: Y does.
    _LEFT_FIRST: "before 후 뒤 다음 나서",
    _LEFT_LAST: "after 전",
}
_ORDER_CUES: dict[int, dict[str, str]] = {}


def _order_cues(analyser: Analyser) -> dict[str, str]:
    """Lemma → what it says of the order of the things around it (`_ORDER_WORDS`)."""
    found = _ORDER_CUES.get(id(analyser))
    if found is None:
        found = {
            lemma: kind
            for kind, words in _ORDER_WORDS.items()
            for word in words.split()
            for lemma in _words(analyser, word).order
        }
        _ORDER_CUES[id(analyser)] = found
    return found


def _stated_order(
    tokens: Sequence[Token], cues: dict[str, str], items: frozenset[str] | None = None
) -> tuple[str, str] | None:
    """(first, then): the order a clause puts two things in, if it states one.

    An adverb of time (`먼저`, `first`, `at once`; `나중에`, `later`, `then`) speaks of the
    nearest thing (the one before it on a tie: `the ACK first`); a word between two things
    relates them (`the FIN before the ACK`, `ACK를 보낸 다음 FIN`). Things are `items`
    when given (a point's own), else any noun-like word of the clause.
    """

    def is_item(token: Token) -> bool:
        if items is not None:
            return token.lemma in items
        korean_verb = token.lemma.endswith("다") and not token.lemma.isascii()
        return not (
            token.glue
            or token.predicate
            or token.negation
            or korean_verb
            or token.lemma in cues
            or token.lemma in EN_FILLER
        )

    words = [t for t in tokens if not t.glue or t.lemma in cues]
    places = [i for i, t in enumerate(words) if is_item(t)]
    early: list[int] = []
    late: list[int] = []
    """Places of the things said to come first, and then."""
    for i, token in enumerate(words):
        kind = cues.get(token.lemma)
        if token.lemma == "onc" and i and words[i - 1].lemma == "at":
            kind = _EARLY  # `at once` (`at` itself is glue, kept only as a cue)
        if kind is None:
            continue
        left = max((p for p in places if p < i), default=None)
        right = min((p for p in places if p > i), default=None)
        if kind in (_LEFT_FIRST, _LEFT_LAST) and left is not None and right is not None:
            first, then = (left, right) if kind == _LEFT_FIRST else (right, left)
            early.append(first)
            late.append(then)
            continue
        near = [p for p in (left, right) if p is not None]
        if not near:
            continue
        target = min(near, key=lambda p: (abs(p - i), p > i))
        if kind in (_LEFT_FIRST, _LEFT_LAST):
            # Alone, `before` and `전에` say "earlier", `after` and `다음에`/`뒤에` "later".
            english = token.lemma.isascii()
            kind = _EARLY if (kind == _LEFT_FIRST) == english else _LATE
        (early if kind == _EARLY else late).append(target)
    lemma = [t.lemma for t in words]
    stated = next(((lemma[a], lemma[b]) for a in early for b in late if lemma[a] != lemma[b]), None)
    if stated is not None or not (early or late):
        return stated
    # One of two things put first (`ACK보다 FIN이 먼저`) puts the other one after it.
    cued = {lemma[p] for p in early + late}
    other = next((lemma[p] for p in places if lemma[p] not in cued), None)
    if early and late:
        # The same thing said to come first and after: the first cue speaks of the thing
        # before its own, if any (`ACKs the FIN immediately and sends its FIN later`: the
        # ACK comes first), else of its own (`sends its FIN first and ACKs the client's
        # FIN after …`: the FIN does).
        before = max((p for p in places if p < early[0]), default=None)
        if before is not None and lemma[before] not in cued:
            return lemma[before], lemma[early[0]]
    if other is None:
        return None
    return (lemma[early[0]], other) if early else (other, lemma[late[0]])


def _in_order(words: Sequence[str], sequence: Sequence[str]) -> bool:
    """Every word of `words` occurs in `sequence`, in that order."""
    rest = iter(sequence)
    return all(word in rest for word in words)


def _match(
    pattern: _Pattern,
    clause: Clause,
    *,
    topic: bool = False,
    implied: frozenset[str] = frozenset(),
) -> tuple[str, int] | None:
    """(what matched, the negations it holds itself) when the clause carries the point.

    A wording must appear in its own order, and so must a phrase within a group; a
    meaning line's groups in any order, where
    the clause may also use `implied` (the party its pronoun or dropped subject stands
    for). A wording or alternative that holds a negation needs one in the clause. With
    `topic`, the first two groups of a meaning line are enough: a clause that negates
    what a point is about denies it (`delayed segments are not a problem`).
    """
    lemmas, sequence, negations = clause.lemmas, clause.sequence, clause.negations
    for wording in pattern.wordings:
        if negations >= wording.negations and _in_order(wording.order, sequence):
            return wording.text, wording.negations
    lemmas = lemmas | implied
    for line, groups in pattern.meanings:
        wanted = groups[:2] if topic else groups
        chosen = [
            next(
                (
                    a
                    for a in group
                    if a.lemmas <= lemmas
                    and negations >= a.negations
                    and (len(a.order) < 2 or _in_order(a.order, sequence))
                ),
                None,
            )
            for group in wanted
        ]
        if all(chosen):
            return line, sum(alt.negations for alt in chosen if alt)
    return None


# -- grading --------------------------------------------------------------------------------


def grade_meaning(
    answer: str,
    rubric: Rubric,
    analyser: Analyser,
    *,
    profile: str = "rfc",
    scenarios: Sequence[str] | None = None,
) -> MeaningResult:
    """Grade `answer` by `rubric` (rules in the module docstring).

    `scenarios` are those claims are checked against; by default the rubric's own.
    """
    analysis = analyser.analyse(answer)
    linked = list(scenarios) if scenarios is not None else rubric_scenarios(rubric)
    contradictions = tuple(check_claims(analysis, linked, profile))
    eligible, listed = _eligible(analysis)
    contradicted = {
        id(c) for c in analysis.clauses for x in contradictions if c.text and c.text in x.claim
    }
    implied = _implied_parties(analyser, analysis)
    # An event told in two clauses (`…늦게 도착해서 …열린다`) makes a point as one; a single
    # clause that makes it is named first.
    chains = [
        both
        for first, second, both in analysis.chains()
        if id(first) in eligible and id(second) in eligible
    ]
    eligible |= {id(c) for c in chains}
    follows = {id(first): second for first, second, _ in analysis.chains()}
    grades = []
    for point in rubric.points:
        pattern = _pattern(analyser, point)
        made: tuple[Clause, str] | None = None
        denied: tuple[Clause, str] | None = None
        for clause in (*analysis.clauses, *chains):
            if id(clause) not in eligible:
                continue
            found = _match(pattern, clause, implied=implied.get(id(clause), frozenset()))
            if found is not None:
                matched, own = found
                negated = (
                    (clause.negations - own) % 2
                    and not pattern.negative_for(clause)
                    and not clause.purpose
                )
                reversed_order = (
                    pattern.order is not None
                    and _stated_order(
                        clause.tokens, _order_cues(analyser), frozenset(pattern.order)
                    )
                    == pattern.order[::-1]
                )
                if not (clause.denied or negated or reversed_order):
                    # `ACK가 유실되면 … FIN에 ACK를 다시 보내지 않는다`: the condition alone
                    # would make the point its own main clause denies.
                    then = follows.get(id(clause))
                    refuted = then is not None and _denies(
                        pattern, then, implied.get(id(then), frozenset())
                    )
                    if refuted:
                        denied = denied or (then, matched)
                        continue
                    if id(clause) not in contradicted:
                        made = (clause, matched)
                        break
                    continue
            elif clause.denied or (clause.negations % 2 and not pattern.negative_for(clause)):
                found = _match(pattern, clause, topic=True)
            if found is not None:
                denied = denied or (clause, found[0])
        step = _first_step(rubric, point, profile)
        if made is not None:
            grades.append(PointGrade(point, Status.MADE, made[0].text, made[1], step))
        elif denied is not None:
            grades.append(PointGrade(point, Status.DENIED, denied[0].text, denied[1], step))
        else:
            grades.append(PointGrade(point, Status.MISSED, None, None, step))
    stuffed = _stuffed(analysis, eligible, listed)
    grade = _verdict(rubric, grades, contradictions, stuffed)
    return MeaningResult(rubric, tuple(grades), contradictions, stuffed, grade)


def _denies(pattern: _Pattern, clause: Clause, implied: frozenset[str]) -> bool:
    """The clause matches the point and denies or negates it."""
    found = _match(pattern, clause, implied=implied)
    if found is None:
        return False
    negated = (
        (clause.negations - found[1]) % 2
        and not pattern.negative_for(clause)
        and not clause.purpose
    )
    return bool(clause.denied or negated)


_PARTIES = ("server", "client", "peer", "receiver", "sender", "서버", "클라이언트", "상대")
_PRONOUNS = frozenset(("it", "they", "its", "their", "그", "이쪽", "그쪽"))


def _implied_parties(analyser: Analyser, analysis: Analysis) -> dict[int, frozenset[str]]:
    """For each clause (by id), the party it speaks of without naming it.

    An English clause with a pronoun (`it may have unsent bytes`) and a Korean clause with
    no subject at all (`…보내고, FIN은 나중에 보낸다`) speak of the party the nearest
    clause before them named (`server`, `서버`), as a reader takes them; a Korean `-면`/
    `-어서` clause without one also of the party its main clause names.
    """
    parties = frozenset(lemma for p in _PARTIES for lemma in _words(analyser, p).order)
    implied: dict[int, frozenset[str]] = {}
    last: frozenset[str] = frozenset()
    for clause in analysis.clauses:
        named = clause.lemmas & parties
        korean = any(t.lemma.startswith("~") for t in clause.tokens)
        if named:
            last = frozenset(named)
            implied[id(clause)] = frozenset()
        elif korean or clause.lemmas & _PRONOUNS or _verb_first(clause, analysis):
            implied[id(clause)] = last
        else:
            implied[id(clause)] = frozenset()
    # A Korean condition or cause without a subject of its own speaks of the party its main
    # clause names (`보낼 데이터가 남아 있다면 서버는 바로 닫을 수 없다`).
    for first, second in zip(analysis.clauses, analysis.clauses[1:], strict=False):
        named = second.lemmas & parties
        own = first.lemmas & parties
        if first.chained and second.sentence == first.sentence and named and not own:
            implied[id(first)] = implied[id(first)] | named
    return implied


def _verb_first(clause: Clause, analysis: Analysis) -> bool:
    """An English clause that opens on its verb after another of its sentence (`…, gets
    an RST back, and is closed by it`): its subject is the one before."""
    words = [t for t in clause.tokens if t.lemma not in ("and", "then", "but")]
    first_of_sentence = next(c for c in analysis.clauses if c.sentence == clause.sentence)
    return bool(words) and words[0].predicate and clause is not first_of_sentence


def rubric_scenarios(rubric: Rubric) -> list[str]:
    """The scenarios a rubric links to, its own first."""
    names = [rubric.scenario] if rubric.scenario else []
    names += [link.scenario for _, link in rubric.links() if link.scenario]
    return list(dict.fromkeys(names))


def _first_step(rubric: Rubric, point: RubricPoint, profile: str) -> int | None:
    for owner, link in rubric.links():
        if owner is point:
            resolved = link_steps(link, profile)
            if resolved and resolved[1]:
                return resolved[1][0]
    return None


def _eligible(analysis: Analysis) -> tuple[set[int], set[int]]:
    """(clauses that may make points, clauses that are items of a term list), by id."""
    eligible: set[int] = set()
    listed: set[int] = set()
    for sentence in analysis.sentences():
        content = sum(len(c.content) for c in sentence)
        glue = sum(c.glue for c in sentence)
        korean = any(t.lemma.startswith("~") for c in sentence for t in c.tokens)
        share = GLUE_SHARE["ko" if korean else "en"]
        if not any(c.has_predicate for c in sentence) or (
            content >= GLUELESS_WORDS and glue < share * content
        ):
            listed.update(id(c) for c in sentence if c.content)
            continue
        bare = {c.fragment for c in sentence if not c.has_predicate and c.content}
        for clause in sentence:
            if not clause.has_predicate and len(bare) >= LIST_ITEMS:
                listed.add(id(clause))
            else:
                eligible.add(id(clause))
    return eligible, listed


def _stuffed(analysis: Analysis, eligible: set[int], listed: set[int]) -> str | None:
    content = {id(c): len(c.content) for c in analysis.clauses}
    total = sum(content.values())
    if not total:
        return None
    in_lists = sum(n for key, n in content.items() if key in listed)
    if not any(c.has_predicate for c in analysis.clauses) or in_lists * 2 >= total:
        return stuffed_message()
    return None


def _verdict(
    rubric: Rubric,
    grades: list[PointGrade],
    contradictions: Sequence[Contradiction],
    stuffed: str | None,
) -> Grade:
    if stuffed is not None or not grades:
        return Grade.FAIL
    made = sum(g.status is Status.MADE for g in grades)
    errors = sum(g.status is Status.DENIED for g in grades) + len(contradictions)
    if errors:
        return Grade.PARTIAL if made >= rubric.needed else Grade.FAIL
    if made >= rubric.needed:
        return Grade.PASS
    return Grade.PARTIAL if made else Grade.FAIL
