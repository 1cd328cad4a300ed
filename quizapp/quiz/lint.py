"""`quizapp check` against the simulator: references resolve, and TCP states in notes agree.

Two kinds of checks, reported as `ImportProblem`s with file and line:

1. **References** — every scenario, step and trace query a card names (flow questions,
   `flow scenario=… step=…` links, rubric points) exists, answers under every profile,
   and steps fall inside the run.
2. **States written in the text** — no annotation needed. Each paragraph, and each
   numbered list as a whole, is read for TCP state names and whose they are: the side
   that is the subject of the sentence (`서버는`, `클라이언트가`, `the server`), or the
   side named right after (`TIME_WAIT 상태의 클라이언트`). Per side, in the order written:

   - two states in a row must be an RFC 9293 transition (Figure 5), unless the scenario
     the text is compared with passes from one to the other (the text skipped a step);
   - a state entered on receiving a segment (`FIN을 받은 서버는 CLOSE_WAIT 상태가 된다`,
     `the server receives the FIN and enters TIME_WAIT`) must be one some transition
     enters on receiving it;
   - the sequences must happen, in that order, in the linked scenario (a card's
     `scenario=` or its rubric's), or, with no link, in the scenario that fits best.

   States joined by arrows (`SYN_SENT → ESTABLISHED`) form a chain even when no side is
   named; its steps must be transitions. States whose side cannot be told are otherwise
   left alone: the lint would rather miss a mistake than report a right sentence.
3. **Claims in the prose** (durations per profile, `from X to Y`, "both sides", the
   segments a numbered list sends, data said to be lost after a FIN), **multiple-choice
   keys**, and **flow questions whose note writes an answer** the simulator does not give.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from markdown_it import MarkdownIt
from markdown_it.token import Token

from quizapp.notes.model import CardSpec, ImportProblem, NoteDoc, Severity
from quizapp.notes.rubric import FlowLink, Rubric
from quizapp.quiz.flow import STEP_PROFILE, FlowError, flow_answer, trace_for
from quizapp.quiz.fold import markdown_plain
from quizapp.tcp.model import LEGAL_TRANSITIONS, TRANSITIONS, Flags, Side, State
from quizapp.tcp.profile import PROFILES
from quizapp.tcp.query import TimeIn, sent, state_path
from quizapp.tcp.scenarios import SCENARIOS

Report = Callable[[int, str], None]
"""Records a problem at a line."""

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

# -- references ------------------------------------------------------------------------------


def lint_docs(docs: Sequence[NoteDoc]) -> list[ImportProblem]:
    """Every simulator problem in the notes, in file and line order."""
    problems: list[ImportProblem] = []
    for doc in docs:
        problems.extend(check_references(doc))
        problems.extend(check_states(doc))
        problems.extend(check_claims_in_text(doc))
        problems.extend(check_choice_keys(doc))
        problems.extend(check_flow_answers(doc))
    return problems


def check_references(doc: NoteDoc) -> list[ImportProblem]:
    problems: list[ImportProblem] = []

    def error(line: int, message: str) -> None:
        problems.append(ImportProblem(doc.path, line, message, Severity.ERROR))

    for card in doc.cards:
        extra = card.extra
        line = extra.get("annotation_line", card.line)
        scenario = extra.get("scenario")
        if scenario is not None:
            if scenario not in SCENARIOS:
                error(line, f"unknown scenario {scenario!r} (see `quizapp sim`)")
            else:
                if extra.get("query"):
                    _check_query(scenario, extra["query"], line, error)
                _check_steps(scenario, extra.get("flow_steps", ()), line, error)
        if extra.get("rubric"):
            rubric = Rubric.from_json(extra["rubric"])
            if rubric.scenario is not None and rubric.scenario not in SCENARIOS:
                error(line, f"unknown scenario {rubric.scenario!r} (see `quizapp sim`)")
            body_line = _body_line(doc, line)
            for _, link in rubric.links():
                _check_link(link, line if link.row is None else body_line + link.row, error)
    return problems


def _body_line(doc: NoteDoc, annotation_line: int) -> int:
    """The file line where an annotation's body starts: after its first line and any blank
    lines (which the stored body leaves out)."""
    lines = doc.markdown.split("\n")
    index = annotation_line - doc.line_offset  # 0-based index of the line after it
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index + 1 + doc.line_offset


def _check_link(link: FlowLink, line: int, error: Report) -> None:
    if link.scenario is None:
        error(line, "a rubric link needs a scenario: add `@ SCENARIO` or scenario= to the rubric")
        return
    if link.scenario not in SCENARIOS:
        error(line, f"unknown scenario {link.scenario!r} (see `quizapp sim`)")
        return
    if link.query is not None:
        _check_query(link.scenario, link.query, line, error)
    _check_steps(link.scenario, link.steps, line, error)


def _check_query(scenario: str, query: str, line: int, error: Report) -> None:
    """A query must answer under every profile: the quiz may run under any of them."""
    for profile in PROFILES:
        try:
            flow_answer(scenario, query, profile)
        except FlowError as exc:
            error(line, f"query does not resolve in {scenario} ({profile}): {exc}")
            return


def _check_steps(scenario: str, steps: Iterable[int], line: int, error: Report) -> None:
    total = len(trace_for(scenario, STEP_PROFILE).steps)
    beyond = [n for n in steps if n > total]
    if beyond:
        error(
            line,
            f"step {beyond[0]} is beyond the end of {scenario} ({total} steps under "
            f"{STEP_PROFILE}; `quizapp sim {scenario}` numbers them)",
        )


# -- states written in the text --------------------------------------------------------------

_SIDE_WORDS = r"클라이언트|서버|client|server"
_SIDE_OF = {
    "클라이언트": Side.CLIENT,
    "client": Side.CLIENT,
    "서버": Side.SERVER,
    "server": Side.SERVER,
}
_SUBJECT_KO = re.compile(
    rf"({_SIDE_WORDS})(?:\s*\([^)]*\))?(?:\s*(?:애플리케이션|쪽|측|커널|소켓|프로세스))?"
    r"\s*(?:은|는|이|가|도)(?![가-힣])",
    re.IGNORECASE,
)
_STATE_AS_TOPIC = re.compile(r"\s*(?:상태)?\s*(?:은|는|란|이란)(?![가-힣])")
"""A Korean state named as the sentence's topic (`TIME_WAIT는 …`)."""
_SUBJECT_EN = re.compile(r"(?<![\w'])(client|server)\b(?!'s)(?=\s+[a-z])", re.IGNORECASE)
_NOT_SUBJECT_EN = re.compile(
    r"(?:\b(?:to|from|of|by|for|with|at|than)\s+(?:the\s+)?)$", re.IGNORECASE
)
_STATE_WORD = (
    r"(?<![A-Za-z0-9])(?:SYN[\s_-]*SENT|SYN[\s_-]*(?:RECEIVED|RCVD|RECV)|FIN[\s_-]*WAIT[\s_-]*[12]"
    r"|CLOSE[\s_-]*WAIT|LAST[\s_-]*ACK|TIME[\s_-]*WAIT|ESTABLISHED|LISTEN|CLOSING|CLOSED)"
    r"(?![A-Za-z0-9])"
)
_STATE = re.compile(_STATE_WORD)
_STATE_OF_SIDE = re.compile(
    rf"({_STATE_WORD})\s*(?:상태)?\s*(?:의|인)\s*({_SIDE_WORDS})", re.IGNORECASE
)
_ARROW = re.compile(r"^[\s=*`\"'상태]*(?:→|->|⇒|=>|➡|⟶|⟹)[\s=*`\"'상태]*$")
_ENTERS_KO = re.compile(
    r"^\s*(?:상태)?\s*(?:가|이|로|으로|에)\s*(?:되|된|됨|바뀌|바꾸|바꿈|변경|들어가|전이|간다|가고|간)"
)
_ENTERS_EN = re.compile(
    r"(?:enters?|entering|moves?\s+(?:in)?to|goes\s+(?:in)?to|becomes?|transitions?\s+to|"
    r"switches\s+to|is\s+now\s+in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_FLAG = r"(?:SYN|ACK|FIN|RST)"
_FLAGS = rf"{_FLAG}(?:\s*[+/]\s*{_FLAG})*"
_RECEIVE_KO = re.compile(
    rf"({_FLAGS}(?:\s*(?:과|와|,|및)\s*{_FLAGS})*)(?:\([^)]*\))?\s*(?:세그먼트|패킷)?\s*(?:을|를|만)?"
    r"\s*(?:\S+\s+)?받",
)
_RECEIVE_EN = re.compile(
    rf"receiv(?:e|es|ed|ing)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:\w+\s+)?({_FLAGS})",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|\n(?=\s*\S)")


@dataclass(slots=True)
class Mention:
    """A state named in the text, whose it is (if that can be told), and where."""

    state: State
    side: Side | None
    line: int
    received: Flags | None = None
    """The segment the sentence says the side received just before entering the state."""
    chain: int | None = None
    """Mentions joined by arrows share a chain number."""


@dataclass(slots=True)
class Unit:
    """A paragraph, or a numbered list as a whole: the stretch of text read as one flow."""

    line: int
    mentions: list[Mention] = field(default_factory=list)
    scenarios: tuple[str, ...] = ()
    """Scenarios the text is linked to; empty: compare with the best-fitting one."""


def check_states(doc: NoteDoc) -> list[ImportProblem]:
    problems: list[ImportProblem] = []
    links = _linked_regions(doc)
    for unit in text_units(doc):
        unit.scenarios = _scenarios_at(links, unit.line)
        problems.extend(_check_unit(doc.path, unit))
    return problems


def text_units(doc: NoteDoc) -> list[Unit]:
    """The paragraphs and numbered lists of a note with the states they mention."""
    tokens = _MD.parse(doc.markdown)
    units: list[Unit] = []
    chain_ids = iter(range(1, 1_000_000))
    list_depth = 0
    current_list: Unit | None = None
    for token in tokens:
        if token.type == "ordered_list_open":
            list_depth += 1
            if list_depth == 1 and token.map:
                current_list = Unit(token.map[0] + 1 + doc.line_offset)
                units.append(current_list)
        elif token.type == "ordered_list_close":
            list_depth -= 1
            if list_depth == 0:
                current_list = None
        elif token.type == "inline" and token.map:
            first_line = token.map[0] + 1 + doc.line_offset
            unit = current_list
            if unit is None:
                unit = Unit(first_line)
                units.append(unit)
            unit.mentions.extend(_mentions(_inline_text(token), first_line, chain_ids))
    return [unit for unit in units if unit.mentions]


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return unicodedata.normalize("NFKC", "".join(parts)).replace("==", "")


def _mentions(text: str, first_line: int, chain_ids: Iterable[int]) -> list[Mention]:
    found: list[Mention] = []
    ids = iter(chain_ids)
    pos = 0
    for sentence in _sentences(text):
        start = text.find(sentence, pos)
        pos = start + len(sentence)
        line = first_line + text.count("\n", 0, start)
        found.extend(sentence_mentions(sentence, line, ids))
    return found


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def sentence_mentions(sentence: str, line: int, ids: Iterable[int]) -> list[Mention]:
    subjects = [(m.start(), _SIDE_OF[m.group(1).lower()]) for m in _SUBJECT_KO.finditer(sentence)]
    subjects += [
        (m.start(), _SIDE_OF[m.group(1).lower()])
        for m in _SUBJECT_EN.finditer(sentence)
        if not _NOT_SUBJECT_EN.search(sentence[: m.start()])
    ]
    subjects.sort()
    named_after = {
        m.start(1): _SIDE_OF[m.group(2).lower()] for m in _STATE_OF_SIDE.finditer(sentence)
    }
    receives = [(m.end(), m.group(1)) for m in _RECEIVE_KO.finditer(sentence)]
    receives += [(m.end(), m.group(1)) for m in _RECEIVE_EN.finditer(sentence)]
    mentions: list[Mention] = []
    previous: Mention | None = None
    previous_end = 0
    ids_iter = iter(ids)
    for match in _STATE.finditer(sentence):
        state = State.parse(re.sub(r"[\s-]+", "_", match.group(0)))
        if state is None:
            continue
        side = named_after.get(match.start())
        if side is None:
            before = [s for at, s in subjects if at < match.start()]
            side = before[-1] if before else None
        if side is None and _STATE_AS_TOPIC.match(sentence, match.end()):
            # `TIME_WAIT는 FIN을 받은 서버가 들어가는 상태다`: the state is the topic, and
            # the side is the subject that follows it.
            after = [s for at, s in subjects if at > match.end()]
            side = after[0] if len(set(after)) == 1 else None
        mention = Mention(state, side, line + sentence.count("\n", 0, match.start()))
        mention.received = _received_before(sentence, match, previous_end, receives, subjects)
        if previous is not None and _ARROW.match(sentence[previous_end : match.start()]):
            if previous.chain is None:
                previous.chain = next(ids_iter)
            mention.chain = previous.chain
        mentions.append(mention)
        previous, previous_end = mention, match.end()
    return mentions


def _received_before(
    sentence: str,
    match: re.Match[str],
    since: int,
    receives: list[tuple[int, str]],
    subjects: list[tuple[int, Side]],
) -> Flags | None:
    """The flags received right before `match` when the sentence says the state is entered.

    Only a receiving after `since` (the end of the state named before) counts: the first
    state after "receives X" is the one X leads to.
    """
    after = sentence[match.end() : match.end() + 16]
    before = sentence[max(0, match.start() - 24) : match.start()]
    if not (_ENTERS_KO.match(after) or _ENTERS_EN.search(before)):
        return None
    earlier = [(at, flags) for at, flags in receives if since <= at <= match.start()]
    if not earlier:
        return None
    at, flags = earlier[-1]
    # Another sentence subject between the receiving and the state: a different clause.
    # Not the side right after it (`FIN을 받은 서버는`): that is who received it.
    between = [s for s, _ in subjects if at < s < match.start()]
    if any(not re.fullmatch(r"[은는]?\s*", sentence[at:s]) for s in between):
        return None
    text = re.sub(r"\s*(?:과|와|및|,)\s*", "+", flags)
    return Flags.parse(text.replace(" ", ""))


# The flags each transition is entered on receiving, from RFC 9293 Figure 5's events.
def _received_flags(event: str) -> Flags | None:
    match = re.search(r"rcv (SYN,ACK|SYN|FIN and ACK|FIN|ACK|RST)", event)
    if match is None:
        return None
    return Flags.parse(match.group(1).replace(" and ", "+").replace(",", "+"))


_ENTERED_ON: dict[State, list[Flags]] = {}
for _edge in TRANSITIONS:
    _flags = _received_flags(_edge.event)
    if _flags is not None:
        _ENTERED_ON.setdefault(_edge.dst, []).append(_flags)


def _with_ack(flags: Flags) -> Flags:
    """A FIN after the handshake always carries an ACK; notes write `FIN` for `FIN+ACK`."""
    return flags | Flags.ACK if Flags.FIN in flags else flags


def entered_on(state: State, flags: Flags) -> bool:
    """Whether receiving a segment with `flags` can put an endpoint into `state`."""
    return any(_with_ack(flags) == _with_ack(f) for f in _ENTERED_ON.get(state, ()))


# -- comparing with the simulator ------------------------------------------------------------


def _paths(scenario: str) -> list[dict[Side, list[State]]]:
    return [
        {side: [s for s, _ in state_path(trace_for(scenario, profile), side)] for side in Side}
        for profile in PROFILES
    ]


def _matched(sequence: Sequence[State], path: Sequence[State]) -> int:
    """How many states of `sequence` (from the start) occur in order in `path`."""
    position = 0
    for count, state in enumerate(sequence):
        while position < len(path) and path[position] is not state:
            position += 1
        if position == len(path):
            return count
        position += 1
    return len(sequence)


def _follows_in(path: Sequence[State], a: State, b: State) -> bool:
    """`b` comes some time after `a` in `path` (the text skipped a step).

    Not after CLOSED: every run starts CLOSED, so "some time after" would let any state
    follow it; from CLOSED only the state the run really enters next counts.
    """
    for i, s in enumerate(path):
        if s is not a:
            continue
        if a is State.CLOSED:
            if i + 1 < len(path) and path[i + 1] is b:
                return True
        elif b in path[i + 1 :]:
            return True
    return False


def _check_unit(path: str, unit: Unit) -> list[ImportProblem]:
    problems: list[ImportProblem] = []

    def warn(line: int, message: str) -> None:
        problems.append(ImportProblem(path, line, message, Severity.WARNING))

    sequences: dict[Side, list[Mention]] = {side: [] for side in Side}
    for mention in unit.mentions:
        if mention.side is not None:
            seq = sequences[mention.side]
            if not seq or seq[-1].state is not mention.state:
                seq.append(mention)
        if (
            mention.side is not None
            and mention.received is not None
            and not entered_on(mention.state, mention.received)
        ):
            warn(
                mention.line,
                f"the {mention.side} receives {mention.received.label} and enters "
                f"{mention.state}: no RFC 9293 transition does that",
            )
    fitted = _best_fit(unit, sequences)
    fit_paths = _paths(fitted[0]) if fitted else []
    for side, seq in sequences.items():
        for a, b in pairwise(seq):
            if (a.state, b.state) in LEGAL_TRANSITIONS:
                continue
            if any(_follows_in(p[side], a.state, b.state) for p in fit_paths):
                continue
            warn(
                b.line,
                f"the {side} goes from {a.state} to {b.state}: no RFC 9293 transition does that",
            )
    _check_chains(unit, warn)
    if fitted is not None:
        scenario, side, mention = fitted
        if mention is not None:
            written = "; ".join(
                f"{s}: {' → '.join(m.state for m in seq)}" for s, seq in sequences.items() if seq
            )
            path_text = " → ".join(_paths(scenario)[0][side])
            warn(
                mention.line,
                f"states written here ({written}) contradict scenario {scenario}: the {side} "
                f"is not in {mention.state} at that point ({side}: {path_text})",
            )
    return problems


def _check_chains(unit: Unit, warn: Report) -> None:
    chains: dict[int, list[Mention]] = {}
    for mention in unit.mentions:
        if mention.chain is not None:
            chains.setdefault(mention.chain, []).append(mention)
    for chain in chains.values():
        if any(m.side is not None for m in chain) and len({m.side for m in chain}) == 1:
            continue  # one side's chain is already checked as that side's sequence
        for a, b in pairwise(chain):
            if a.state is not b.state and (a.state, b.state) not in LEGAL_TRANSITIONS:
                warn(b.line, f"{a.state} → {b.state} is no RFC 9293 transition")


def _best_fit(
    unit: Unit, sequences: dict[Side, list[Mention]]
) -> tuple[str, Side, Mention | None] | None:
    """The scenario the text is compared with, and the first state that does not fit it.

    (scenario, side, None) when it fits; None when there is too little to compare (no link
    and fewer than two states of one side).
    """
    if not unit.scenarios and all(len(seq) < 2 for seq in sequences.values()):
        return None
    candidates = [s for s in unit.scenarios if s in SCENARIOS] or list(SCENARIOS)
    best: tuple[int, str, Side, Mention | None] | None = None
    for scenario in candidates:
        for paths in _paths(scenario):
            matched = 0
            first_miss: tuple[Side, Mention] | None = None
            for side, seq in sequences.items():
                states = [m.state for m in seq]
                count = _matched(states, paths[side])
                matched += count
                if count < len(states) and (
                    first_miss is None or seq[count].line < first_miss[1].line
                ):
                    first_miss = (side, seq[count])
            if first_miss is None:
                return scenario, Side.CLIENT, None
            if best is None or matched > best[0]:
                best = (matched, scenario, first_miss[0], first_miss[1])
    assert best is not None
    return best[1], best[2], best[3]


def _linked_regions(doc: NoteDoc) -> list[tuple[int, int, tuple[str, ...]]]:
    """(first line, last line, scenarios) of every card that names scenarios.

    A card's text runs from its line to the line before the next card.
    """
    cards = sorted(doc.cards, key=lambda c: c.line)
    regions = []
    last_line = doc.markdown.count("\n") + 1 + doc.line_offset
    for i, card in enumerate(cards):
        scenarios = _card_scenarios(card)
        if not scenarios:
            continue
        end = next((c.line - 1 for c in cards[i + 1 :] if c.line > card.line), last_line)
        regions.append((card.line, end, scenarios))
    return regions


def _card_scenarios(card: CardSpec) -> tuple[str, ...]:
    names: list[str] = []
    if card.extra.get("scenario"):
        names.append(str(card.extra["scenario"]))
    if card.extra.get("rubric"):
        rubric = Rubric.from_json(card.extra["rubric"])
        names.extend(link.scenario for _, link in rubric.links() if link.scenario)
        if rubric.scenario:
            names.append(rubric.scenario)
    return tuple(dict.fromkeys(names))


def _scenarios_at(regions: list[tuple[int, int, tuple[str, ...]]], line: int) -> tuple[str, ...]:
    for first, last, scenarios in regions:
        if first <= line <= last:
            return scenarios
    return ()


# -- claims in the prose: durations, transitions, "both sides", segments, causes ------------

_PROFILE_NAMED = (
    (re.compile(r"linux|리눅스", re.IGNORECASE), "linux"),
    (re.compile(r"(?<![A-Za-z])RFC(?![A-Za-z])", re.IGNORECASE), "rfc"),
)
_OPTION = re.compile(r"^\s*(?:\(?[A-Ea-e1-5][).]|\[[ xX]\])\s")
_FROM_TO = re.compile(
    rf"(?:from\s+({_STATE_WORD})\s+to\s+({_STATE_WORD}))"
    rf"|(?:({_STATE_WORD})\s*(?:상태)?\s*에서\s*({_STATE_WORD})\s*(?:상태)?\s*(?:로|으로))",
    re.IGNORECASE,
)
_BOTH_SIDES = re.compile(
    r"양쪽\s*(?:모두|다)?|양측|쌍방|둘\s*다|두\s*(?:호스트|쪽|측|종단|끝점)\s*(?:모두|다)"
    r"|both\s+(?:sides|ends|endpoints|peers|hosts|parties)",
    re.I,
)
_SENDS_ITEM = re.compile(
    # The sender is the subject (서버는/서버가/서버에서), never a possessive (서버의 FIN).
    rf"({_SIDE_WORDS})(?:은|는|이|가|도|에서|측은|측이|쪽은|쪽이|쪽에서)?\s+(?:\S+\s+){{0,4}}?({_FLAGS})\s*(?:세그먼트|패킷)?\s*(?:을|를)\s*"
    r"(?:\S+\s+){0,2}?(?:보내|보낸|보냄|전송)"
    rf"|(?:the\s+)?(client|server)\s+(?:then\s+|also\s+)?(?:sends|answers\s+with|replies\s+with)\s+"
    rf"(?:an?\s+|the\s+|its\s+)?({_FLAGS})"
    # `Server → client: ACK`, `서버 -> 클라이언트: SYN+ACK`
    rf"|({_SIDE_WORDS})\s*(?:→|->|=>)\s*(?:{_SIDE_WORDS})\s*:?\s*({_FLAGS})",
    re.IGNORECASE,
)
_ARRIVES_AFTER_FIN = re.compile(
    r"FIN\s*(?:보다|뒤에|다음에|후에|이후에)\s*(?:\S+\s+){0,4}?도착"
    r"|(?:arriv|com|reach|show)\w*\s+(?:\w+\s+){0,2}?after\s+(?:the\s+|its\s+)?"
    r"(?:(?:peer|server|client|sender)(?:'s|’s)\s+)?FIN\b",
    re.IGNORECASE,
)
_DROPPED = re.compile(
    r"버려|버린|폐기|유실|사라|잃|무시|\b(?:dropped|drops?|discard(?:s|ed)?|lost|thrown\s+away|"
    r"ignored?|ignores)\b",
    re.IGNORECASE,
)
_REFUSED = re.compile(
    r"(?:받아들여지|수신되|전달되|받아들이)지\s*(?:않|못)"
    r"|\b(?:not|never)\s+(?:be\s+)?(?:accepted|delivered|received)\b",
    re.IGNORECASE,
)
"""A drop said with a negation (`받아들여지지 않는다`, `is never delivered`)."""
_FIN_FIRST = re.compile(
    r"FIN\S*\s+(?:\S+\s+){0,2}?먼저\s+도착"
    r"|FIN\S*\s+arriv\w*\s+first",
    re.IGNORECASE,
)
"""The FIN overtaking earlier data (`서버의 FIN이 먼저 도착하면 …`)."""
_SENT_AFTER_PEER_FIN = re.compile(
    r"(?:once|after|when)\s+(?:the\s+)?(?:client|server|peer|other\s+side)(?:'s|’s)\s+FIN\s+"
    r"(?:has\s+|is\s+|was\s+)?(?:arrived|received|come|got)"
    r"|(?:클라이언트|서버|상대)(?:의|가\s+보낸)\s+FIN\S*\s+(?:\S+\s+){0,2}?(?:받은|도착한)\s*(?:뒤|후|다음)",
    re.IGNORECASE,
)
"""Data sent after the peer's FIN arrived (half-close): it is still delivered."""
_NEGATED_DROP = re.compile(r"\bnot\b|n't\b|\bnever\b|않|아니|없", re.IGNORECASE)
"""`is not lost`, `버려지지 않는다`: the sentence says the data is kept."""


def _sentences_with_lines(doc: NoteDoc) -> list[tuple[int, str, tuple[str, ...], int]]:
    """(line, sentence, linked scenarios, unit) for each sentence of the note's prose; a
    numbered list is one unit, each paragraph another."""
    links = _linked_regions(doc)
    found: list[tuple[int, str, tuple[str, ...], int]] = []
    unit = 0
    list_depth = 0
    for token in _MD.parse(doc.markdown):
        if token.type == "ordered_list_open":
            list_depth += 1
            unit += list_depth == 1
        elif token.type == "ordered_list_close":
            list_depth -= 1
        elif token.type == "inline" and token.map:
            if not list_depth:
                unit += 1
            first = token.map[0] + 1 + doc.line_offset
            text = _inline_text(token)
            pos = 0
            for sentence in _sentences(text):
                start = text.find(sentence, pos)
                pos = start + len(sentence)
                if _OPTION.match(sentence):
                    continue  # a multiple-choice option is wrong on purpose
                line = first + text.count("\n", 0, start)
                found.append((line, sentence, _scenarios_at(links, line), unit))
    return found


def check_claims_in_text(doc: NoteDoc) -> list[ImportProblem]:
    """Durations against the profile named, explicit transitions, "both sides" sentences,
    the segments a numbered list says are sent, and causes the simulator refutes."""
    problems: list[ImportProblem] = []

    def warn(line: int, message: str) -> None:
        problems.append(ImportProblem(doc.path, line, message, Severity.WARNING))

    sentences = _sentences_with_lines(doc)
    headings = _headings(doc)
    unit_text: dict[int, str] = {}
    for _, sentence, _, unit in sentences:
        unit_text[unit] = unit_text.get(unit, "") + " " + sentence
    for line, _, _, unit in sentences:
        # A paragraph that names no profile is read under the one its section's heading
        # names, when it names just one (`## Linux에서 본 TIME_WAIT`).
        above = [text for at, text in headings if at < line]
        named = {p for rx, p in _PROFILE_NAMED for h in above[-1:] if rx.search(h)}
        if len(named) == 1 and not any(rx.search(unit_text[unit]) for rx, _ in _PROFILE_NAMED):
            unit_text[unit] += f" ({above[-1]})"
    sends: dict[int, list[tuple[int, Side, Flags]]] = {}
    for line, sentence, linked, unit in sentences:
        _check_duration(sentence, unit_text[unit], line, warn)
        _check_from_to(sentence, line, linked, warn)
        _check_both_sides(sentence, line, linked, warn)
        _check_dropped_after_fin(sentence, line, warn)
        for match in _SENDS_ITEM.finditer(sentence):
            side_word, flag_word = (g for g in match.groups() if g)
            side = _SIDE_OF[side_word.lower()]
            flags = Flags.parse(re.sub(r"\s+", "", flag_word).upper())
            if flags is not None:
                sends.setdefault(unit, []).append((line, side, flags))
    for said in sends.values():
        if len(said) >= 2:
            _check_sequence(said, _scenarios_at(_linked_regions(doc), said[0][0]), warn)
    return problems


_HEADING = re.compile(r"^#{1,6}\s+(.*)$")


def _headings(doc: NoteDoc) -> list[tuple[int, str]]:
    """(line, text) of each Markdown heading of the note, in order."""
    found = []
    for i, text in enumerate(doc.markdown.split("\n")):
        match = _HEADING.match(text)
        if match:
            found.append((i + 1 + doc.line_offset, match.group(1)))
    return found


def _check_duration(sentence: str, context: str, line: int, warn: Report) -> None:
    from quizapp.quiz.claims import duration_claim  # claims reads the lint's mentions

    claim = duration_claim(sentence)
    if claim is None:
        return
    state, ms, named = claim
    implied = named or next((p for rx, p in _PROFILE_NAMED if rx.search(context)), None)
    lengths = {name: profile.time_wait_ms for name, profile in PROFILES.items()}
    if implied is not None and lengths[implied] != ms:
        warn(
            line,
            f"{state} lasts {lengths[implied] / 1000:g} s under the {implied} profile, "
            f"not {ms / 1000:g} s",
        )
    elif implied is None and ms not in lengths.values():
        told = ", ".join(f"{v / 1000:g} s ({k})" for k, v in lengths.items())
        warn(line, f"{state} lasts {told}, not {ms / 1000:g} s")


def _check_from_to(sentence: str, line: int, linked: tuple[str, ...], warn: Report) -> None:
    for match in _FROM_TO.finditer(sentence):
        names = [g for g in match.groups() if g]
        a, b = (State.parse(re.sub(r"[\s-]+", "_", n)) for n in names[:2])
        if a is None or b is None or (a, b) in LEGAL_TRANSITIONS:
            continue
        paths = [p for s in linked if s in SCENARIOS for p in _paths(s)]
        if any(_directly(path[side], a, b) for path in paths for side in Side):
            continue
        warn(line, f"{a} → {b}: no RFC 9293 transition goes from {a} to {b}")


def _directly(path: Sequence[State], a: State, b: State) -> bool:
    return any(x is a and y is b for x, y in pairwise(path))


def _check_both_sides(sentence: str, line: int, linked: tuple[str, ...], warn: Report) -> None:
    if not _BOTH_SIDES.search(sentence):
        return
    states = {State.parse(re.sub(r"[\s-]+", "_", m.group(0))) for m in _STATE.finditer(sentence)}
    states.discard(None)
    if len(states) != 1:
        return
    (state,) = states
    assert state is not None
    names = [s for s in linked if s in SCENARIOS] or list(SCENARIOS)
    runs = [
        (
            name,
            {
                side: {st for st, _ in state_path(trace_for(name, STEP_PROFILE), side)}
                for side in Side
            },
        )
        for name in names
    ]
    if any(all(state in seen[side] for side in Side) for _, seen in runs):
        return
    name, seen = runs[0]
    only = [side for side in Side if state in seen[side]]
    who = f"only the {only[0]}" if len(only) == 1 else "neither side"
    warn(line, f"in {name} {who} enters {state}, not both sides")


def _check_dropped_after_fin(sentence: str, line: int, warn: Report) -> None:
    """`data that arrives after the FIN is dropped`, in either order and either language."""
    refused = _REFUSED.search(sentence)
    if not (_DROPPED.search(sentence) or refused):
        return
    if _NEGATED_DROP.search(_REFUSED.sub(" ", sentence) if refused else sentence):
        return
    if _SENT_AFTER_PEER_FIN.search(sentence):
        _report_half_close(line, warn)
        return
    if not (_ARRIVES_AFTER_FIN.search(sentence) or _FIN_FIRST.search(sentence)):
        return
    step = _data_after_fin("data-after-fin", from_closed_side=True)
    if step is not None:
        warn(
            line,
            f"data that arrives after the FIN is not lost: data-after-fin step {step} "
            "delivers it in order by its sequence numbers",
        )


def _report_half_close(line: int, warn: Report) -> None:
    """Data sent after the peer's FIN is delivered: the half-close run's step that shows it."""
    step = _data_after_fin("half-close", from_closed_side=False)
    if step is not None:
        warn(
            line,
            f"data sent after the peer's FIN is not lost: half-close step {step} "
            "delivers it to the side that closed",
        )


def _data_after_fin(scenario: str, *, from_closed_side: bool) -> int | None:
    """The first step of `scenario` that delivers data after a FIN: data of the side that
    sent the FIN (overtaken by it), or of the other side (sent after receiving it)."""
    fin_seen: set[Side] = set()
    for step in trace_for(scenario, STEP_PROFILE).steps:
        if step.segment is None or not step.delivered:
            continue
        if Flags.FIN in step.flags:
            fin_seen.add(step.side)
        elif step.label == "DATA" and fin_seen and (step.side in fin_seen) == from_closed_side:
            return step.n
    return None


def _check_sequence(
    said: list[tuple[int, Side, Flags]], linked: tuple[str, ...], warn: Report
) -> None:
    """The segments a list says are sent must be what each side sends next in the run.

    Each side's segments are compared in order; the other side's segments in between may
    be left out of the list. Compared with the linked scenario, or with every scenario
    when none is linked (then only a list no run matches is reported).
    """
    names = [s for s in linked if s in SCENARIOS] or list(SCENARIOS)
    best: tuple[int, str, tuple[Side, Flags, int] | None] | None = None
    for name in names:
        run = [
            (s.side, s.flags, s.n)
            for s in trace_for(name, STEP_PROFILE).steps
            if s.segment is not None and not s.duplicate and not s.retransmission
        ]
        matched, instead = _sent_in_order(said, run)
        if matched == len(said):
            return
        if best is None or matched > best[0]:
            best = (matched, name, instead)
    assert best is not None
    matched, name, instead = best
    if not linked and matched < 1:
        return  # nothing in common with any run: not a list of segments this lint knows
    line, side, flags = said[matched]
    if instead is None:
        warn(line, f"the {side} sends no {flags.label} at this point in {name}")
    else:
        sent = instead[1].label
        warn(line, f"{name} step {instead[2]}: the {side} sends {sent} here, not {flags.label}")


def _sent_in_order(
    said: list[tuple[int, Side, Flags]], run: list[tuple[Side, Flags, int]]
) -> tuple[int, tuple[Side, Flags, int] | None]:
    """(how many of `said` match, what the run sends instead at the first that does not).

    A list may describe part of a run (the close, not the handshake before it): it is
    compared from each place where the run sends its first segment, the best kept.
    """
    _, side0, flags0 = said[0]
    starts = [k for k, sent in enumerate(run) if _is_sent(sent, side0, flags0)]
    best: tuple[int, tuple[Side, Flags, int] | None] = (0, None)
    for start in starts:
        position = start
        result: tuple[int, tuple[Side, Flags, int] | None] = (len(said), None)
        for count, (_, side, flags) in enumerate(said):
            while position < len(run) and _passed_over(run[position], side, flags):
                position += 1
            if position == len(run):
                result = (count, None)
                break
            if not _is_sent(run[position], side, flags):
                result = (count, run[position])
                break
            position += 1
        if result[0] > best[0]:
            best = result
        if best[0] == len(said):
            break
    if not starts:
        first = next((sent for sent in run if sent[0] is side0), None)
        return 0, first
    return best


def _passed_over(sent: tuple[Side, Flags, int], side: Side, flags: Flags) -> bool:
    """A segment a list may leave out: the other side's, or a bare ACK (lists rarely
    name every acknowledgement) when the list names something else."""
    bare_ack = sent[1] == Flags.ACK
    return sent[0] is not side or (bare_ack and flags != Flags.ACK)


def _is_sent(sent: tuple[Side, Flags, int], side: Side, flags: Flags) -> bool:
    """The run's segment is the one written (`FIN` is the run's `FIN+ACK`)."""
    return sent[0] is side and _with_ack(sent[1]) == _with_ack(flags)


def check_choice_keys(doc: NoteDoc) -> list[ImportProblem]:
    """A multiple-choice key about the state a side enters on receiving or sending a segment must be
    what some run of the simulator says (the linked scenario's, or any scenario's)."""
    problems: list[ImportProblem] = []
    links = _linked_regions(doc)
    for card in doc.cards:
        options = card.extra.get("options") or []
        correct = card.extra.get("correct")
        states = [State.parse(re.sub(r"[\s-]+", "_", str(o).strip())) for o in options]
        if not isinstance(correct, int) or not options or None in states:
            continue
        asked = _received_in_question(card.question)
        sending = asked is None
        if sending:
            asked = _sent_in_question(card.question)
        if asked is None:
            continue
        side, flags = asked
        linked = _scenarios_at(links, card.line)
        answers: dict[State, tuple[str, int]] = {}
        for name in [s for s in linked if s in SCENARIOS] or list(SCENARIOS):
            trace = trace_for(name, STEP_PROFILE)
            if sending:
                out = sent(trace, side, flags)
                if out is not None and out.sender_state is not None:
                    answers.setdefault(out.sender_state, (name, out.n))
                continue
            hit = next(
                (s for s in trace.steps if s.to is side and s.delivered and flags in s.flags), None
            )
            if hit is not None:
                answers.setdefault(hit.states[side], (name, hit.n))
        key = states[correct]
        offered = [st for st in states if st in answers]
        if key in answers or not offered:
            continue
        name, step = answers[offered[0]]
        problems.append(
            ImportProblem(
                doc.path,
                card.extra.get("annotation_line", card.line),
                f"the key says {key}, but the simulator says {offered[0]} ({name} step {step})",
                Severity.WARNING,
            )
        )
    return problems


_ASKS_RECEIVED = re.compile(
    rf"({_SIDE_WORDS})\S*\s+(?:\S+\s+){{0,3}}?(?:그\s+)?({_FLAGS})\s*(?:을|를)?\s*받"
    rf"|({_FLAGS})\s*(?:을|를)\s*받은\s*({_SIDE_WORDS})"
    rf"|(?:the\s+)?(client|server)\s+(?:\w+\s+){{0,4}}?(?:receives|receiving|gets)\s+"
    rf"(?:the\s+|a\s+|an\s+|its\s+)?(?:\w+(?:'s|’s)?\s+)?({_FLAGS})",
    re.IGNORECASE,
)
_ASKS_SENT = re.compile(
    rf"({_SIDE_WORDS})\S*\s+(?:\S+\s+){{0,3}}?({_FLAGS})\s*(?:을|를)\s*보내(?:면|고|[ᆫ은]?\s*(?:뒤|후|다음))"
    rf"|({_FLAGS})\s*(?:을|를)\s*보낸\s*({_SIDE_WORDS})"
    rf"|(?:the\s+)?(client|server)\s+(?:\w+\s+){{0,4}}?(?:sends|sending|has\s+sent)\s+"
    rf"(?:the\s+|a\s+|an\s+|its\s+)?(?:\w+\s+)?({_FLAGS})",
    re.IGNORECASE,
)
"""`클라이언트가 SYN을 보내면 …`, `SYN을 보낸 클라이언트는 …`, `the client … after sending its
SYN`."""


def _sent_in_question(question: str) -> tuple[Side, Flags] | None:
    """(side, flags) when a question asks for the state a side is in after sending."""
    return _side_and_flags(_ASKS_SENT.search(question))


def _received_in_question(question: str) -> tuple[Side, Flags] | None:
    return _side_and_flags(_ASKS_RECEIVED.search(question))


def _side_and_flags(match: re.Match[str] | None) -> tuple[Side, Flags] | None:
    if match is None:
        return None
    groups = match.groups()
    side_word = groups[0] or groups[3] or groups[4]
    flag_word = groups[1] or groups[2] or groups[5]
    flags = Flags.parse(re.sub(r"\s+", "", flag_word).upper())
    if flags is None:
        return None
    return _SIDE_OF[side_word.lower()], flags


# -- a flow question's own written answer ----------------------------------------------------

_ANSWER_MARK = re.compile(
    r"^\s*(?:[-*]\s*)?(?:\*\*)?(?:A\d*[.:)]|답:|정답:|답변:|Answer:)\s*", re.I
)


def check_flow_answers(doc: NoteDoc) -> list[ImportProblem]:
    """A flow question whose note also writes its answer: the states or segments written
    must be what the simulator answers, under the profile the card names (`linux`,
    `리눅스`) or else the quiz's default (`rfc`); otherwise the quiz would offer the note's
    own answer as a wrong option."""
    problems: list[ImportProblem] = []
    for card in doc.cards:
        scenario, query = card.extra.get("scenario"), card.extra.get("query")
        written = _ANSWER_MARK.sub("", markdown_plain(card.answer or "")).strip()
        if not (scenario in SCENARIOS and query and written):
            continue
        text = f"{card.question} {written}"
        profile = next((p for rx, p in _PROFILE_NAMED if rx.search(text)), STEP_PROFILE)
        try:
            answer = flow_answer(scenario, query, profile)
        except FlowError:
            continue  # reported by check_references
        told, truth = _named(written), _named(answer.text)
        if isinstance(answer.query, TimeIn) and isinstance(answer.value, int):
            from quizapp.quiz.claims import duration_ms  # claims reads the lint's mentions

            ms = duration_ms(written)
            told = {"length": {f"{ms / 1000:g} s"}} if ms is not None else {}
            truth = {"length": {f"{answer.value / 1000:g} s"}}
        clash = next(
            (kind for kind in truth if told.get(kind) and truth[kind]
             and not told[kind] & truth[kind]),
            None,
        )  # fmt: skip
        if clash is None:
            continue
        step = f" step {answer.steps[0]}" if answer.steps else ""
        problems.append(
            ImportProblem(
                doc.path,
                card.extra.get("annotation_line", card.line),
                f"the note answers {' / '.join(sorted(told[clash]))}, but the simulator says "
                f"{' / '.join(sorted(truth[clash]))} ({scenario}{step}, {profile} profile): "
                "the quiz would mark the note's own answer wrong",
                Severity.WARNING,
            )
        )
    return problems


def _named(text: str) -> dict[str, set[str]]:
    """The states and the segments a short answer names."""
    states = {str(State.parse(re.sub(r"[\s-]+", "_", m.group(0)))) for m in _STATE.finditer(text)}
    rest = _STATE.sub(" ", text)
    segments = {
        flags.label
        for m in re.finditer(_FLAGS, rest, re.IGNORECASE)
        if (flags := Flags.parse(re.sub(r"\s+", "", m.group(0)).upper())) is not None
    }
    return {"states": states, "segments": segments}
