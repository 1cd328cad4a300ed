"""A sentence per step, in Korean and English: generic wording plus a scenario's own notes.

Every step gets a generic narration built from what the step records, so a user-built
variant (extra drops and delays) is narrated too. A scenario adds `Note`s for the steps it
is about; a note finds its step by meaning (the 1st step where the server enters
CLOSE_WAIT, the 2nd FIN the client receives), not by number, so it still lands on the right
step when a variant shifts the numbering.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from quizapp.tcp.model import Event, Flags, Notice, Reaction, Side, State
from quizapp.tcp.trace import Narration, Step, Trace

_EN_SIDE = {Side.CLIENT: "the client", Side.SERVER: "the server"}
# Korean particles depend on the last sound; state names are read out in English.
_EURO = {State.LISTEN, State.FIN_WAIT_1, State.CLOSING, State.LAST_ACK}


def _ro(state: State) -> str:
    """`LISTEN으로`, `CLOSED로`."""
    return f"{state}{'으로' if state in _EURO else '로'}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class Match:
    """Picks the `nth` step (1-based) for which `test` holds."""

    test: Callable[[Step], bool]
    nth: int = 1


def enters(side: Side, state: State, nth: int = 1) -> Match:
    return Match(lambda s: s.entered(side) is state, nth)


def arrives(sender: Side, flags: Flags, nth: int = 1) -> Match:
    """A delivered segment from `sender` carrying at least `flags`."""
    return Match(lambda s: s.delivered is True and s.side is sender and flags in s.flags, nth)


def data_arrives(sender: Side, nth: int = 1) -> Match:
    return Match(
        lambda s: (
            s.delivered is True and s.side is sender and bool(s.segment and s.segment.payload)
        ),
        nth,
    )


def segment(
    sender: Side,
    *,
    delivered: bool = True,
    flags: Flags | None = None,
    data: bool | None = None,
    resent: bool | None = None,
    reaction: Reaction | None = None,
    sender_state: State | None = None,
    entered: tuple[Side, State] | None = None,
    payload: bytes | None = None,
    nth: int = 1,
) -> Match:
    """The `nth` segment step from `sender` with all of the given properties (None: any):
    `flags` exactly, carrying data or not, a retransmission or not, what the receiver did,
    the sender's state as it left, a state some side entered on it, its exact payload."""

    def test(s: Step) -> bool:
        seg = s.segment
        return (
            seg is not None
            and s.side is sender
            and s.delivered is delivered
            and not s.duplicate
            and (flags is None or seg.flags == flags)
            and (data is None or bool(seg.payload) is data)
            and (resent is None or s.retransmission is resent)
            and (reaction is None or s.reaction is reaction)
            and (sender_state is None or s.sender_state is sender_state)
            and (entered is None or s.entered(entered[0]) is entered[1])
            and (payload is None or seg.payload == payload)
        )

    return Match(test, nth)


def lost(nth: int = 1) -> Match:
    return Match(lambda s: s.delivered is False, nth)


def timer(side: Side, label: str, nth: int = 1, *, state: State | None = None) -> Match:
    """The `nth` expiry of `side`'s timer `label` (while `side` is in `state`, if given)."""
    return Match(
        lambda s: (
            s.event is Event.TIMER
            and s.side is side
            and s.label == label
            and (state is None or s.states[side] is state)
        ),
        nth,
    )


def call(side: Side, label: str, nth: int = 1) -> Match:
    return Match(lambda s: s.event is Event.CALL and s.side is side and s.label == label, nth)


def reaction(r: Reaction, receiver: Side, nth: int = 1) -> Match:
    return Match(lambda s: s.reaction is r and s.to is receiver, nth)


def resent_arrives(sender: Side, nth: int = 1) -> Match:
    return Match(lambda s: s.delivered is True and s.side is sender and s.retransmission, nth)


def app_receives(data: bytes, nth: int = 1) -> Match:
    """An arriving segment that hands exactly `data` to the application."""
    return Match(lambda s: s.event is Event.SEGMENT and s.app_data == data, nth)


@dataclass(frozen=True, slots=True)
class Note:
    """A scenario's own narration for the step `match` finds."""

    match: Match
    ko: str
    en: str


def narrate(trace: Trace, notes: tuple[Note, ...] = ()) -> Trace:
    """The trace with a narration on every step."""
    chosen: dict[int, Note] = {}
    for note in notes:
        # Notes tell what a segment does; a network-made copy is told generically, as one.
        hits = [s.n for s in trace.steps if not s.duplicate and note.match.test(s)]
        if len(hits) >= note.match.nth and hits[note.match.nth - 1] not in chosen:
            chosen[hits[note.match.nth - 1]] = note
    steps = []
    for step in trace.steps:
        note = chosen.get(step.n)
        text = Narration(note.ko, note.en) if note else describe(trace, step)
        if note and step.retransmission and step.delivered and "resen" not in note.en:
            # A note about what the segment does, landing on its resent copy: say so.
            text = Narration(
                f"[재전송된 {step.label}] {text.ko}", f"[resent {step.label}] {text.en}"
            )
        steps.append(dataclasses.replace(step, narration=text))
    return dataclasses.replace(trace, steps=tuple(steps))


# ------------------------------------------------------------------------ generic text


def describe(trace: Trace, step: Step) -> Narration:
    """What happened in `step`, told from the trace alone."""
    if step.event is Event.CALL:
        return _call(trace, step)
    if step.event is Event.TIMER:
        return _timer(trace, step)
    if step.delivered is False:
        return _lost(trace, step)
    return _arrival(trace, step)


def _seg_numbers(trace: Trace, step: Step, byte_word: str) -> list[str]:
    seg = step.segment
    assert seg is not None
    nums = [f"seq={trace.seq_label(seg.src, seg.seq)}"]
    if Flags.ACK in seg.flags:
        nums.append(f"ack={trace.seq_label(seg.dst, seg.ack)}")
    if seg.payload:
        nums.append(f"{len(seg.payload)}{byte_word}")
    return nums


def _seg_ko(trace: Trace, step: Step, *, plain: bool = False) -> str:
    nums = _seg_numbers(trace, step, "바이트")
    label = step.segment.label if step.segment else step.label
    name = "데이터" if label == "DATA" else label
    prefix = "재전송된 " if step.retransmission and not plain else ""
    return f"{prefix}{name} 세그먼트({', '.join(nums)})"


def _seg_en(trace: Trace, step: Step, *, plain: bool = False) -> str:
    nums = _seg_numbers(trace, step, " bytes")
    label = step.segment.label if step.segment else step.label
    name = "data" if label == "DATA" else label
    prefix = "resent " if step.retransmission and not plain else ""
    return f"{prefix}{name} ({', '.join(nums)})"


def _replies(trace: Trace, step: Step) -> list[Step]:
    """The segments sent because of `step`, once each."""
    seen: set[int] = set()
    out = []
    for s in trace.steps[step.n :]:
        delayed = s.cause.event is Event.TIMER and s.cause.label == "delayed-ack"
        if (
            s.event is Event.SEGMENT
            and s.cause.step == step.n
            and s.segment_no not in seen
            and not delayed
        ):
            seen.add(s.segment_no or 0)
            out.append(s)
    return sorted(out, key=lambda s: s.segment_no or 0)


def _short(trace: Trace, step: Step, lang: str) -> str:
    """`SYN+ACK(seq=y, ack=x+1)`: a reply named the way the narration names segments."""
    seg = step.segment
    assert seg is not None
    nums = [f"seq={trace.seq_label(seg.src, seg.seq)}"]
    if Flags.ACK in seg.flags:
        nums.append(f"ack={trace.seq_label(seg.dst, seg.ack)}")
    name = seg.label
    if seg.label == "DATA":
        name = "데이터" if lang == "ko" else "data"
        nums.append(f"{len(seg.payload)}바이트" if lang == "ko" else f"{len(seg.payload)} bytes")
    space = "" if lang == "ko" else " "
    return f"{name}{space}({', '.join(nums)})"


def _eul(label: str) -> str:
    """The object particle after a segment name: `ACK을`, `RST를`, `데이터를`."""
    return "를" if label.split("(")[0].endswith(("RST", "데이터")) else "을"


def _reply_text(trace: Trace, step: Step) -> tuple[str, str]:
    replies = _replies(trace, step)
    if not replies:
        return "", ""
    ko = ", ".join(_short(trace, r, "ko") for r in replies)
    en = ", ".join(_short(trace, r, "en") for r in replies)
    return f" {ko}{_eul(_short(trace, replies[-1], 'ko'))} 보낸다.", f" It sends {en}."


def _changes(step: Step, side: Side) -> tuple[str, str]:
    moves = [(a, b) for s, a, b in step.transitions if s is side]
    if not moves:
        return "", ""
    path = " → ".join([moves[0][0], *(b for _, b in moves)])
    ko = f" {side.korean}는 {moves[0][0]}에서 {_ro(moves[-1][1])} 바뀐다"
    ko += f"({path})." if len(moves) > 1 else "."
    en = f" {_cap(_EN_SIDE[side])} goes {path}."
    return ko, en


def _call(trace: Trace, step: Step) -> Narration:
    who_ko, who_en = step.side.korean, _cap(_EN_SIDE[step.side])
    errors = [n for n in step.notices if n.value.startswith("error")]
    if errors:
        state = step.states[step.side]
        return Narration(
            f"{who_ko}가 {step.label.split()[0]}을(를) 호출했지만 {state} 상태라 "
            f"'{errors[0].value}' 오류로 거절된다.",
            f"{who_en} calls {step.label.split()[0]}, but in {state} it fails: "
            f"'{errors[0].value}'.",
        )
    ko_change, en_change = _changes(step, step.side)
    replies_ko, replies_en = _reply_text(trace, step)
    if step.label == "OPEN passive":
        return Narration(
            f"{who_ko}가 passive OPEN(listen)을 호출해 LISTEN 상태에서 연결 요청을 기다린다.",
            f"{who_en} does a passive OPEN (listen) and waits in LISTEN for a SYN.",
        )
    if step.label == "OPEN active":
        return Narration(
            f"{who_ko}가 active OPEN(connect)을 호출한다.{replies_ko}{ko_change}",
            f"{who_en} does an active OPEN (connect).{replies_en}{en_change}",
        )
    if step.label.startswith("SEND"):
        return Narration(
            f"{who_ko} 애플리케이션이 {len(step.app_data)}바이트를 보낸다(SEND).{replies_ko}",
            f"{who_en}'s application sends {len(step.app_data)} bytes (SEND).{replies_en}",
        )
    if step.label == "CLOSE" and step.states[step.side] is State.CLOSED:
        return Narration(
            f"{who_ko}가 연결이 생기기 전에 CLOSE를 호출해 곧바로 CLOSED로 돌아간다.{ko_change}",
            f"{who_en} calls CLOSE before any connection exists and is CLOSED at once.{en_change}",
        )
    if step.label == "CLOSE":
        return Narration(
            f"{who_ko}가 CLOSE를 호출한다: 더 보낼 데이터가 없다는 뜻이다.{replies_ko}{ko_change}",
            f"{who_en} calls CLOSE: it has nothing more to send.{replies_en}{en_change}",
        )
    return Narration(
        f"{who_ko}가 ABORT를 호출해 연결을 즉시 버린다.{replies_ko}{ko_change}",
        f"{who_en} calls ABORT and drops the connection at once.{replies_en}{en_change}",
    )


def _timer(trace: Trace, step: Step) -> Narration:
    who_ko, who_en = step.side.korean, _EN_SIDE[step.side]
    if step.label == "time-wait":
        start = max(
            (
                s.t_ms
                for s in trace.steps[: step.n - 1]
                if s.entered(step.side) is State.TIME_WAIT
                or (s.to is step.side and s.reaction is Reaction.RETRANSMITTED_FIN)
            ),
            default=step.t_ms,
        )
        secs = (step.t_ms - start) / 1000
        if not secs:
            return Narration(
                f"TIME_WAIT을 두지 않으므로 {who_ko}는 곧바로 CLOSED가 된다.",
                f"With no TIME_WAIT, {who_en} is CLOSED at once.",
            )
        return Narration(
            f"TIME_WAIT이 2MSL({secs:g}초) 동안 이어진 뒤 끝나고, {who_ko}도 CLOSED가 된다.",
            f"TIME_WAIT has lasted 2×MSL ({secs:g} s): {who_en} is CLOSED at last.",
        )
    if step.label == "retry-limit":
        return Narration(
            f"재전송 한도를 넘겼다: {who_ko}는 상대에게 닿을 수 없다고 보고 연결을 포기한다"
            f"(RST 없이 CLOSED).",
            f"The retry limit is reached: {who_en} gives up on the peer and closes without an RST.",
        )
    replies = _replies(trace, step)
    what_ko = _seg_ko(trace, replies[0], plain=True) if replies else "세그먼트"
    what_en = _seg_en(trace, replies[0], plain=True) if replies else "the segment"
    return Narration(
        f"{who_ko}의 재전송 타이머(RTO)가 만료됐다: ACK가 오지 않아 {what_ko}를 다시 보내고, "
        f"다음 RTO는 두 배로 늘린다.",
        f"{_cap(who_en)}'s retransmission timer (RTO) expires with no ACK: it resends "
        f"{what_en} and doubles the RTO.",
    )


def _lost(trace: Trace, step: Step) -> Narration:
    who_ko, who_en = step.side.korean, _EN_SIDE[step.side]
    why_ko, why_en = {
        "msl": ("MSL보다 오래 떠돌아 폐기된다", "outlives the MSL and is discarded"),
        "rule": ("네트워크에서 사라진다", "is lost in the network"),
        "random": ("네트워크에서 사라진다", "is lost in the network"),
    }[step.lost_by or "random"]
    return Narration(
        f"{who_ko}가 보낸 {_seg_ko(trace, step)}가 {why_ko}.",
        f"{_cap(who_en)}'s {_seg_en(trace, step)} {why_en}.",
    )


def _arrival(trace: Trace, step: Step) -> Narration:
    seg = step.segment
    assert seg is not None and step.to is not None
    rx_ko, rx_en = step.to.korean, _EN_SIDE[step.to]
    what_ko, what_en = _seg_ko(trace, step), _seg_en(trace, step)
    if step.duplicate:
        what_ko, what_en = f"네트워크가 복제한 {what_ko}", f"a network-made copy of {what_en}"
    head_ko, head_en = f"{rx_ko}가 {what_ko}를 받는다.", f"{_cap(rx_en)} receives {what_en}."
    travel = step.t_ms - (step.sent_ms or step.t_ms)
    if travel > 2 * trace.delay_ms:
        head_ko += f" 보낸 지 {travel}ms 만에 늦게 도착한 것이다."
        head_en += f" It was sent {travel} ms ago."
    ko_change, en_change = _changes(step, step.to)
    replies_ko, replies_en = _reply_text(trace, step)
    r = step.reaction
    if r is Reaction.OUT_OF_ORDER:
        return Narration(
            f"{head_ko} 기다리던 번호보다 앞선 세그먼트라 버리지 않고 보관하며, "
            f"빠진 부분을 알리려고 같은 번호로 ACK(중복 ACK)를 보낸다.",
            f"{head_en} It starts beyond the next expected number, so it is held and a "
            f"duplicate ACK asks for the gap.",
        )
    # An invalid segment is answered at most once per 0.5 s (RFC 5961 §7): say what left.
    answer_ko = replies_ko or " 답은 보내지 않는다(잘못된 세그먼트에 대한 답은 0.5초에 한 번)."
    answer_en = replies_en or " No answer goes out: answers to invalid segments are rate-limited."
    if r is Reaction.DUPLICATE:
        return Narration(
            f"{head_ko} 이미 받은 번호라 오래된 중복으로 보고 버린다.{answer_ko}",
            f"{head_en} Its numbers were already received: an old duplicate, dropped.{answer_en}",
        )
    if r is Reaction.OUT_OF_WINDOW:
        return Narration(
            f"{head_ko} 수신 윈도 밖의 번호라 버린다.{answer_ko}",
            f"{head_en} It lies outside the receive window: dropped.{answer_en}",
        )
    if r is Reaction.OLD_ACK:
        return Narration(
            f"{head_ko} ACK 번호가 SND.UNA보다 허용 범위 이상 뒤처져 있어(RFC 5961 §5의 ACK 범위 "
            f"검사, 리눅스) 데이터까지 통째로 버린다.{answer_ko}",
            f"{head_en} Its ACK lies further behind SND.UNA than RFC 5961 §5's ACK-range check "
            f"allows (Linux applies it), so the whole segment, data included, is dropped."
            f"{answer_en}",
        )
    if r is Reaction.RETRANSMITTED_FIN:
        tw_ko = (
            " TIME_WAIT 타이머도 처음부터(2MSL) 다시 잰다."
            if step.states[step.to] is State.TIME_WAIT
            else ""
        )
        tw_en = " The TIME_WAIT timer restarts at 2×MSL." if tw_ko else ""
        return Narration(
            f"{head_ko} 앞서 보낸 ACK가 사라졌다는 뜻이므로 다시 ACK한다.{tw_ko}",
            f"{head_en} Its ACK must have been lost, so it ACKs again.{tw_en}",
        )
    if r is Reaction.CHALLENGED:
        if not replies_en:
            return Narration(
                f"{head_ko} 위조일 수도 있어 따르지 않는다.{answer_ko}",
                f"{head_en} It might be forged, so it is not obeyed.{answer_en}",
            )
        return Narration(
            f"{head_ko} 위조일 수도 있어 따르지 않고 확인용 ACK(challenge ACK, RFC 5961)로 답한다.",
            f"{head_en} It might be forged, so it answers with a challenge ACK (RFC 5961).",
        )
    if r is Reaction.REFUSED:
        return Narration(
            f"{head_ko} 연결이 거부되었다(connection refused).{ko_change}",
            f"{head_en} The connection is refused.{en_change}",
        )
    if r is Reaction.RESET:
        return Narration(
            f"{head_ko} 번호가 정확히 맞는 RST라 연결을 끊는다.{ko_change}",
            f"{head_en} The RST is in sequence, so the connection is reset.{en_change}",
        )
    if r is Reaction.RESET_SENT:
        if step.states[step.to] in (State.CLOSED, State.LISTEN):
            return Narration(
                f"{head_ko} 이 세그먼트가 속할 연결이 없어 RST로 답한다.",
                f"{head_en} No connection matches it, so it answers with an RST.",
            )
        return Narration(
            f"{head_ko} 확인 번호가 맞지 않아 RST로 답한다.",
            f"{head_en} Its acknowledgment number is wrong, so it answers with an RST.",
        )
    if r is Reaction.IGNORED:
        return Narration(f"{head_ko} 아무 일도 하지 않는다.", f"{head_en} It is ignored.")
    data_ko = data_en = ""
    if step.app_data:
        n = len(step.app_data)
        data_ko, data_en = (
            f" {n}바이트를 애플리케이션에 넘긴다.",
            f" {n} bytes go up to the application.",
        )
    if Notice.EOF in step.notices:
        data_ko += " 상대가 더 보낼 것이 없다는 것(EOF)을 애플리케이션에 알린다."
        data_en += " The application learns the peer is done sending (EOF)."
    if (seg.payload or Flags.FIN in seg.flags) and not replies_ko:
        replies_ko = " ACK는 곧바로 보내지 않고 잠시 미룬다(delayed ACK)."
        replies_en = " The ACK is held back for a moment (delayed ACK)."
    elif (seg.payload or Flags.FIN in seg.flags) and trace.note == "no delayed ACK":
        replies_ko += " (이 프로필은 ACK를 미루지 않는다: 지연 ACK 없음)"
        replies_en += " (This profile sends every ACK at once: no delayed ACK.)"
    return Narration(
        f"{head_ko}{ko_change}{data_ko}{replies_ko}",
        f"{head_en}{en_change}{data_en}{replies_en}",
    )
