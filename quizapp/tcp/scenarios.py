"""Named scenarios: the handshakes a note talks about, each a short program for both sides.

`run_scenario(name, profile, extra_rules=…)` runs one (optionally with the user's own
drop/delay rules on top) and returns its narrated `Trace`. `SCENARIOS` lists them.

A run goes on until nothing is left to happen, so a closing scenario ends with its
TIME_WAIT expiry and durations can be read off `t_ms`. The opening scenarios
(`three-way-open`, `simultaneous-open`) and `data-transfer` end with both sides
ESTABLISHED.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from quizapp.tcp.app import (
    Action,
    Program,
    after,
    close,
    on_closed,
    on_eof,
    on_established,
    on_received,
    open_active,
    open_passive,
    send,
)
from quizapp.tcp.claims import (
    Claim,
    after_call,
    arrivals,
    ends,
    is_data,
    labels,
    losses,
    noticed,
    passes,
    path,
    reacted,
    received,
    segments,
    stays,
    timers,
)
from quizapp.tcp.model import Event, Flags, Notice, Reaction, Side, State
from quizapp.tcp.narrate import (
    Match,
    Note,
    app_receives,
    call,
    enters,
    narrate,
    reaction,
    segment,
    timer,
)
from quizapp.tcp.network import Faults, Hold, HoldPastFin, Lose, Pick, Rule
from quizapp.tcp.profile import PROFILES, Profile
from quizapp.tcp.sim import simulate
from quizapp.tcp.trace import FaultReport, Narration, Trace

DELAY_MS = 50
"""One-way delay of every scenario's network: a 100 ms round trip keeps the numbers readable."""

C, S = Side.CLIENT, Side.SERVER

REQUEST = b"GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n"
HEADERS = b"Accept: text/html\r\n\r\n"
RESPONSE = b"HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello"
SORT_INPUT = b"pear\napple\nfig\n"
OLD_QUOTE = b"PRICE 100"
NEW_QUOTE = b"PRICE 250"


@dataclass(frozen=True, slots=True)
class Setup:
    """What a scenario runs: both programs (the first listed acts first), rules, profile."""

    programs: Mapping[Side, Program]
    rules: tuple[Rule, ...] = ()
    profile: Profile | None = None
    """Replaces the chosen profile (for the contrasts that switch TIME_WAIT off)."""


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    title: Narration
    setup: Callable[[Profile, int], Setup]
    """(profile, seed) → what to run."""
    claims: tuple[Claim, ...] = ()
    """The lesson, checked against every run (see `claims.py`)."""


def _fixed(**programs: Program) -> Callable[[Profile, int], Setup]:
    setup = Setup({Side(k): v for k, v in programs.items()})
    return lambda _profile, _seed: setup


def _no_time_wait(profile: Profile) -> Profile:
    return dataclasses.replace(profile, time_wait_ms=0)


# ---------------------------------------------------------------------------- programs

_LISTEN: Program = (Action(open_passive()),)
_CONNECT: Program = (Action(open_active()),)


def _four_way(server_close_delay_ms: int) -> Callable[[Profile, int], Setup]:
    return _fixed(
        server=(Action(open_passive()), Action(close(), on_eof(server_close_delay_ms))),
        client=(Action(open_active()), Action(close(), on_established(100))),
    )


FIRST_CLIENT_DATA = Pick(
    C, "the client's first data segment", "클라이언트의 첫 데이터 세그먼트", data=True
)
FINAL_ACK = Pick(
    C,
    "the client's ACK sent as it enters TIME_WAIT (the final ACK)",
    "클라이언트가 TIME_WAIT에 들어가며 보내는 마지막 ACK",
    flags=Flags.ACK,
    data=False,
    sender_state=State.TIME_WAIT,
)
FIRST_SERVER_DATA = Pick(
    S, "the server's first data segment (the quote)", "서버의 첫 데이터 세그먼트(시세)", data=True
)


def _lost_final_ack(profile: Profile, _seed: int, *, time_wait: bool) -> Setup:
    base = _four_way(100)(profile, _seed)
    # Without TIME_WAIT the client is CLOSED as it sends the final ACK: the ACK leaves in
    # TIME_WAIT all the same, for the 0 ms the state lasts.
    return Setup(
        base.programs,
        rules=(Lose(FINAL_ACK),),
        profile=None if time_wait else _no_time_wait(profile),
    )


def _three_segment_close(profile: Profile, _seed: int) -> Setup:
    """The server closes the moment it reads EOF. The ACK of the client's FIN can ride on
    the server's FIN only if it waits: RFC 9293 §3.8.6.3 lets a TCP delay an ACK (less than
    0.5 s), which the rfc profile otherwise does not do, so this run turns a 200 ms delayed
    ACK on for it (the figure BSD stacks use); Linux delays it anyway."""
    base = _four_way(0)(profile, _seed)
    if profile.delayed_ack_ms is None:
        return Setup(
            base.programs,
            profile=dataclasses.replace(profile, delayed_ack_ms=200, note="delayed ACK 200 ms"),
        )
    return base


def _late_segment_programs(server_iss: int, client_iss: int) -> dict[Side, Program]:
    return {
        S: (
            Action(open_passive(iss=server_iss)),
            Action(send(OLD_QUOTE), on_established()),
            Action(close(), on_eof()),
            # The worst case of RFC 9293 §3.4.3: the new incarnation starts its sequence
            # numbers where the old one did, so an old segment fits the new window.
            Action(open_passive(iss=server_iss), on_closed()),
            Action(send(NEW_QUOTE), on_established()),
            Action(close(), on_eof()),
        ),
        C: (
            Action(open_active(iss=client_iss)),
            Action(close(), on_received(len(OLD_QUOTE))),
            # The client repeats its ISN too: with a new one, half the seeds would put the
            # old segment's ACK beyond SND.NXT, and §3.10.7.4 would drop it (and Linux's
            # RFC 5961 §5 check drops an ACK more than a byte old). The worst case of
            # §3.4.3 is both ends starting where they did before.
            Action(open_active(iss=client_iss), on_closed(1000)),
            Action(close(), on_received(len(NEW_QUOTE))),
        ),
    }


def _late_segment(profile: Profile, seed: int, *, time_wait: bool) -> Setup:
    """The server's quote is held up in the network; its retransmission gets through, and the
    original turns up a few seconds later — within TIME_WAIT, and (without TIME_WAIT) just
    as the client's next connection to the same port is being opened.

    The delay is measured, not guessed: a pilot run without TIME_WAIT and without the
    original finds when the new connection opens, and the original is timed to arrive
    25 ms after the client's side of it is ESTABLISHED — before the server's new quote.
    Both variants use the same delay, so they differ only in TIME_WAIT.
    """
    rng = random.Random(f"{seed}/late-segment")
    programs = _late_segment_programs(rng.getrandbits(32), rng.getrandbits(32))
    pilot = simulate(
        programs,
        profile=_no_time_wait(profile),
        rules=(Lose(FIRST_SERVER_DATA),),
        delay_ms=DELAY_MS,
        seed=seed,
    )
    opened = [s for s in pilot.steps if s.entered(C) is State.ESTABLISHED]
    quote = next(s for s in pilot.steps if s.lost_by)
    target = opened[1].t_ms + DELAY_MS // 2
    delay = Hold(FIRST_SERVER_DATA, target - quote.t_ms - DELAY_MS)
    return Setup(programs, rules=(delay,), profile=None if time_wait else _no_time_wait(profile))


# ------------------------------------------------------------------------------- notes
# Each note finds its step by meaning (see narrate.py) and tells why, interview-note style.

_OPEN_NOTES = (
    Note(
        call(S, "OPEN passive"),
        "서버가 listen()을 호출한다(passive OPEN). LISTEN 상태에서 SYN이 오기를 기다린다.",
        "The server calls listen() (passive OPEN) and waits in LISTEN for a SYN.",
    ),
    Note(
        call(C, "OPEN active"),
        "클라이언트가 connect()를 호출한다(active OPEN). 무작위 ISN x를 골라 SYN(seq=x)을 "
        "보내고 SYN_SENT에서 답을 기다린다.",
        "The client calls connect() (active OPEN): it picks a random ISN x, sends SYN "
        "(seq=x) and waits in SYN_SENT.",
    ),
    Note(
        segment(C, flags=Flags.SYN, entered=(S, State.SYN_RECEIVED)),
        "SYN을 받은 서버는 SYN_RECEIVED가 된다. 클라이언트의 번호를 잘 받았다는 ACK(ack=x+1)와 "
        "자신의 ISN y를 알리는 SYN을 한 세그먼트, SYN+ACK에 실어 보낸다. 두 단계를 하나로 "
        "합쳤기 때문에 4번이 아니라 3번이다.",
        "On the SYN the server enters SYN_RECEIVED and answers with one segment that both "
        "acknowledges x (ack=x+1) and carries its own SYN with ISN y: two steps in one, which "
        "is why the handshake has three steps, not four.",
    ),
    Note(
        segment(S, flags=Flags.SYN | Flags.ACK, entered=(C, State.ESTABLISHED)),
        "SYN+ACK를 받은 클라이언트는 자기 SYN이 확인됐으므로 ESTABLISHED가 되고, 서버의 SYN을 "
        "확인하는 ACK(ack=y+1)를 보낸다.",
        "With its SYN acknowledged, the client is ESTABLISHED; it ACKs the server's SYN (ack=y+1).",
    ),
    Note(
        enters(S, State.ESTABLISHED),
        "ACK를 받은 서버도 ESTABLISHED가 된다. 이제 양쪽 모두 상대의 ISN을 알고 자기 ISN을 "
        "확인받았다. 3-way인 이유: 서로의 시퀀스 번호를 맞추고, 네트워크를 떠돌던 옛 SYN "
        "하나만으로는 연결이 열리지 않게 하려는 것이다.",
        "The ACK makes the server ESTABLISHED too. Each side knows the other's ISN and has "
        "had its own acknowledged — the point of three steps: both sequence numbers are "
        "synchronized, and an old duplicate SYN alone cannot open a connection.",
    ),
)

_CLOSE_NOTES = (
    Note(
        call(C, "CLOSE"),
        "클라이언트가 close()를 호출한다. '더 보낼 데이터가 없다'는 FIN을 보내고 FIN_WAIT_1에서 "
        "ACK를 기다린다. 닫힌 것은 보내는 쪽뿐이라 데이터는 계속 받을 수 있다.",
        "The client calls close(): it sends FIN ('no more data from me') and waits in "
        "FIN_WAIT_1. Only its sending side is closed; it can still receive.",
    ),
    Note(
        enters(S, State.CLOSE_WAIT),
        "FIN을 받은 서버는 CLOSE_WAIT가 되고 애플리케이션에 EOF를 알린다. FIN에 대한 ACK는 "
        "보내지만 자기 FIN은 아직 보내지 않는다: 서버에는 보낼 데이터가 남아 있을 수 있고, "
        "FIN은 서버 애플리케이션이 close()를 불러야 나가기 때문이다.",
        "The FIN puts the server in CLOSE_WAIT and tells its application EOF. It ACKs the FIN "
        "but does not send its own yet: it may still have data to send, and its FIN only "
        "leaves when its application calls close().",
    ),
    Note(
        enters(C, State.FIN_WAIT_2),
        "ACK를 받은 클라이언트는 FIN_WAIT_2가 되어 서버의 FIN을 기다린다. 그 사이 서버가 보내는 "
        "데이터는 여전히 받을 수 있다.",
        "The ACK moves the client to FIN_WAIT_2, waiting for the server's FIN; data from the "
        "server can still arrive meanwhile.",
    ),
    Note(
        call(S, "CLOSE"),
        "할 일을 마친 서버 애플리케이션이 close()를 호출한다. 서버가 FIN을 보내고 LAST_ACK에서 "
        "마지막 ACK를 기다린다.",
        "Done with its work, the server's application calls close(): the server sends its "
        "FIN and waits in LAST_ACK for the last ACK.",
    ),
    Note(
        enters(C, State.TIME_WAIT),
        "서버의 FIN을 받은 클라이언트는 마지막 ACK를 보내고 TIME_WAIT에 들어간다. 바로 닫지 "
        "않는 이유: 이 ACK가 도착하지 못하면 서버가 FIN을 다시 보낼 테니 다시 ACK해 줘야 하고, "
        "네트워크에 남은 이 연결의 세그먼트가 모두 사라질 때까지(2MSL) 같은 연결이 새로 "
        "만들어지지 않게 막아야 한다.",
        "With the server's FIN in, the client sends the last ACK and enters TIME_WAIT rather "
        "than closing: should that ACK never arrive, the server will resend its FIN and must be "
        "answered, and the same connection must not be reborn until every segment of this "
        "one has died out of the network (2×MSL).",
    ),
    Note(
        enters(S, State.CLOSED),
        "마지막 ACK를 받은 서버는 바로 CLOSED가 된다. TIME_WAIT은 먼저 닫은 쪽(active close)만 "
        "거친다.",
        "The last ACK closes the server at once: only the side that closed first (the active "
        "closer) goes through TIME_WAIT.",
    ),
    Note(
        timer(C, "time-wait"),
        "2MSL이 지나 클라이언트도 CLOSED가 된다. RFC는 MSL을 2분으로 잡아 240초를, 리눅스는 "
        "60초를 기다린다.",
        "After 2×MSL the client is CLOSED too: 240 s with the RFC's 2-minute MSL, 60 s on Linux.",
    ),
)

_LATE_SEGMENT_SETUP = (
    Note(
        call(S, "OPEN passive"),
        "서버가 LISTEN한다. (최악의 경우를 보이려고, 이 시나리오의 서버는 다음 연결에서도 같은 "
        "ISN y를 쓴다.)",
        "The server listens. (To show the worst case, this server will use the same ISN y "
        "for its next connection too.)",
    ),
    Note(
        call(S, "SEND 9B"),
        "서버가 시세 'PRICE 100'을 보낸다. 이 세그먼트는 라우팅 지연으로 네트워크 어딘가에 "
        "오래 머문다.",
        "The server sends the quote 'PRICE 100'. This segment gets stuck somewhere in the "
        "network for a long while.",
    ),
)
"""How both late-segment runs begin: the same connection, the same delayed segment."""


NOTES: dict[str, tuple[Note, ...]] = {
    "three-way-open": _OPEN_NOTES,
    "data-transfer": (
        Note(
            segment(C, delivered=False, data=True, resent=False),
            "첫 번째 데이터 세그먼트가 네트워크에서 사라진다. 클라이언트는 아직 이 사실을 모른다.",
            "The first data segment is lost on the way; the client cannot know that yet.",
        ),
        Note(
            segment(C, data=True, resent=False, reaction=Reaction.OUT_OF_ORDER),
            "서버에 두 번째 세그먼트가 먼저 도착한다. 기다리던 번호(x+1)가 아니므로 애플리케이션에 "
            "넘기지 않고 보관해 두고, 'x+1부터 보내 달라'는 ACK(중복 ACK)를 보낸다.",
            "The second segment arrives first. It is not the expected x+1, so the server keeps "
            "it aside and sends an ACK that still asks for x+1 (a duplicate ACK).",
        ),
        Note(
            timer(C, "retransmit", state=State.ESTABLISHED),
            "클라이언트의 재전송 타이머가 만료된다. RTO가 지나도록 ACK가 없으면 잃어버린 것으로 "
            "보고, 아직 확인받지 못한 맨 앞의 세그먼트를 다시 보낸다. 다음 RTO는 두 배로 늘린다"
            "(RFC 6298).",
            "The client's retransmission timer expires: no ACK within the RTO means the segment "
            "is presumed lost, so the earliest unacknowledged segment is sent again and the RTO "
            "doubles (RFC 6298).",
        ),
        Note(
            segment(C, data=True, resent=True, reaction=Reaction.ACCEPTED),
            "재전송된 세그먼트가 빈자리를 채운다. 서버는 보관해 둔 두 번째 세그먼트까지 이어 붙여 "
            "한꺼번에 애플리케이션에 넘기고, 전부 받았다는 누적 ACK를 보낸다.",
            "The resent segment fills the gap: the server hands it and the segment it kept "
            "aside to the application together and sends one cumulative ACK for both.",
        ),
    ),
    "four-way-close": _CLOSE_NOTES,
    "server-close": (
        Note(
            call(S, "CLOSE"),
            "응답을 다 보낸 서버가 먼저 close()를 호출한다(HTTP/1.0처럼 서버가 끊는 경우). "
            "이번에는 "
            "서버가 active close 쪽이라 FIN_WAIT_1이 된다.",
            "Having sent its response, the server closes first (as an HTTP/1.0 server does), "
            "so this time the server is the active closer and enters FIN_WAIT_1.",
        ),
        Note(
            enters(C, State.CLOSE_WAIT),
            "서버의 FIN을 받은 클라이언트가 CLOSE_WAIT가 된다. 응답은 FIN보다 앞 번호라 먼저 "
            "받았고, "
            "애플리케이션은 응답을 다 읽은 다음에 EOF를 본다.",
            "The server's FIN puts the client in CLOSE_WAIT. The response came first in "
            "sequence, so the application reads all of it before it sees EOF.",
        ),
        Note(
            call(C, "CLOSE"),
            "클라이언트 애플리케이션이 close()를 호출해 FIN을 보내고 LAST_ACK가 된다.",
            "The client's application calls close(): FIN goes out and the client waits in "
            "LAST_ACK.",
        ),
        Note(
            enters(S, State.TIME_WAIT),
            "클라이언트의 FIN을 받은 서버가 마지막 ACK를 보내고 TIME_WAIT에 들어간다. 먼저 닫은 "
            "쪽이 TIME_WAIT을 떠안는다: 연결을 먼저 끊는 서버에 TIME_WAIT 소켓이 쌓이는 이유다.",
            "The client's FIN arrives; the server sends the last ACK and enters TIME_WAIT. "
            "Whoever closes first carries TIME_WAIT, which is why servers that hang up pile up "
            "TIME_WAIT sockets.",
        ),
    ),
    "half-close": (
        Note(
            call(C, "CLOSE"),
            "클라이언트가 정렬할 입력을 다 보내고 보내는 쪽만 닫는다(shutdown(SHUT_WR)과 같은 "
            "CLOSE). "
            "FIN은 '더 보낼 게 없다'는 뜻일 뿐이라 정렬 결과는 계속 받을 수 있다.",
            "The client has sent all the lines to sort and closes its sending side (CLOSE, like "
            "shutdown(SHUT_WR)). FIN only means 'nothing more from me': it can still receive "
            "the sorted result.",
        ),
        Note(
            enters(S, State.CLOSE_WAIT),
            "FIN을 받은 서버는 CLOSE_WAIT가 된다. 여기서 바로 FIN을 보낼 수는 없다: 서버는 입력이 "
            "끝났다는 EOF를 받고 나서야 정렬 결과를 만들어 보내기 시작한다.",
            "The FIN puts the server in CLOSE_WAIT. It cannot send its own FIN yet: only now, "
            "with EOF on its input, can it sort and start sending the result.",
        ),
        Note(
            call(S, "SEND 6B"),
            "CLOSE_WAIT에서도 서버는 데이터를 보낼 수 있다. 정렬 결과의 첫 줄을 보낸다. "
            "클라이언트는 "
            "FIN_WAIT 상태에서 이것을 받는다.",
            "A server in CLOSE_WAIT may still send: here goes the first sorted line, which the "
            "client receives in FIN_WAIT.",
        ),
        Note(
            call(S, "CLOSE"),
            "결과를 다 보낸 뒤에야 서버가 close()를 호출해 FIN을 보낸다. 클라이언트 FIN에 대한 "
            "ACK와 "
            "서버의 FIN 사이에 데이터가 끼어 있어 둘을 합칠 수 없다: 연결 종료가 3단계가 아니라 "
            "4단계인 이유다.",
            "Only after the whole result does the server call close() and send FIN. Data lies "
            "between the ACK of the client's FIN and the server's own FIN, so the two cannot be "
            "merged: that is why closing takes four steps, not three.",
        ),
        Note(
            enters(C, State.TIME_WAIT),
            "서버의 FIN까지 받은 클라이언트가 마지막 ACK를 보내고 TIME_WAIT에 들어간다. 결과는 한 "
            "바이트도 빠짐없이 받았다.",
            "With the server's FIN in, the client sends the last ACK and enters TIME_WAIT, "
            "having received every byte of the result.",
        ),
    ),
    "three-segment-close": (
        Note(
            enters(S, State.CLOSE_WAIT),
            "FIN을 받은 서버가 CLOSE_WAIT가 된다. ACK는 곧바로 보내지 않고 잠깐 미룬다(지연 "
            "ACK): 곧 보낼 세그먼트에 실어 보내려는 것이다. RFC 9293 §3.8.6.3은 ACK를 미루라고"
            "(SHOULD, 0.5초 미만) 권하므로 이 실행의 rfc 프로필도 200ms 미루고, 리눅스는 아직 "
            "데이터를 받은 적이 없어 한 틱만 기다린다.",
            "The FIN puts the server in CLOSE_WAIT, and its ACK is held back for a moment "
            "(delayed ACK) to ride on the next segment: RFC 9293 §3.8.6.3 says a TCP SHOULD "
            "delay ACKs (by less than 0.5 s), so this run's rfc profile waits 200 ms; Linux, "
            "with no data received yet, waits one clock tick.",
        ),
        Note(
            call(S, "CLOSE"),
            "서버 애플리케이션이 EOF를 보자마자 close()를 호출한다. ACK가 아직 나가지 않았으므로 "
            "FIN에 실어 FIN+ACK 하나로 보낸다: 종료가 세 세그먼트로 끝난다. 애플리케이션이 "
            "지연 ACK 시간보다 늦게 닫으면 네 세그먼트가 된다.",
            "The server's application closes the moment it sees EOF. The ACK has not left yet, "
            "so it rides on the FIN as one FIN+ACK and the close takes three segments; an "
            "application slower than the delayed ACK would get four.",
        ),
        _CLOSE_NOTES[4],
    ),
    "simultaneous-open": (
        Note(
            call(C, "OPEN active"),
            "클라이언트와 서버가 거의 동시에 서로에게 connect()한다(P2P 홀 펀칭 같은 경우). "
            "클라이언트가 SYN(seq=x)을 보낸다.",
            "Client and server connect() to each other at the same moment (as in P2P hole "
            "punching). The client sends SYN (seq=x).",
        ),
        Note(
            call(S, "OPEN active"),
            "같은 순간 서버도 SYN(seq=y)을 보낸다. 두 SYN이 네트워크에서 엇갈린다.",
            "At the same instant the server connect()s too and sends SYN (seq=y); the two "
            "SYNs cross.",
        ),
        Note(
            enters(S, State.SYN_RECEIVED),
            "SYN_SENT 상태에서 상대의 SYN을 받은 서버는 SYN_RECEIVED가 되고, 자기 SYN(seq=y)을 "
            "다시 "
            "실은 SYN+ACK로 답한다(RFC 9293 Figure 7).",
            "A SYN arriving in SYN_SENT moves the server to SYN_RECEIVED; it answers with "
            "SYN+ACK, repeating its own SYN (seq=y) (RFC 9293 Figure 7).",
        ),
        Note(
            enters(C, State.SYN_RECEIVED),
            "클라이언트도 똑같이 SYN_RECEIVED가 되어 SYN+ACK(seq=x, ack=y+1)로 답한다.",
            "The client does the same: SYN_RECEIVED, answering SYN+ACK (seq=x, ack=y+1).",
        ),
        Note(
            enters(C, State.ESTABLISHED),
            "SYN+ACK를 받은 클라이언트는 SYN 부분은 이미 받은 것이라 버리고 ACK만 처리해 "
            "ESTABLISHED가 된다. 따로 ACK를 보낼 필요가 없다.",
            "The client drops the SYN part of the SYN+ACK, which it already has, and processes "
            "the ACK: ESTABLISHED, with no extra ACK needed.",
        ),
        Note(
            enters(S, State.ESTABLISHED),
            "서버도 같은 방식으로 ESTABLISHED가 된다. 세그먼트 4개로 열렸고, 양쪽 모두 "
            "SYN_RECEIVED를 거쳤다.",
            "The server becomes ESTABLISHED the same way: four segments, and both sides passed "
            "through SYN_RECEIVED.",
        ),
    ),
    "simultaneous-close": (
        Note(
            call(C, "CLOSE"),
            "클라이언트가 close()를 호출해 FIN을 보내고 FIN_WAIT_1이 된다.",
            "The client calls close(): FIN goes out, FIN_WAIT_1.",
        ),
        Note(
            call(S, "CLOSE"),
            "같은 순간 서버도 close()를 호출한다. 두 FIN이 네트워크에서 엇갈린다.",
            "At the same instant the server calls close() too; the two FINs cross.",
        ),
        Note(
            enters(S, State.CLOSING),
            "FIN_WAIT_1에서 상대의 FIN을 먼저 받은 서버는, 자기 FIN은 아직 확인받지 못했으므로 "
            "FIN_WAIT_2가 아니라 CLOSING이 된다. 받은 FIN에는 바로 ACK한다.",
            "The peer's FIN reaches the server in FIN_WAIT_1 before any ACK of its own FIN, so "
            "it goes to CLOSING, not FIN_WAIT_2, and ACKs the FIN at once.",
        ),
        Note(
            enters(C, State.CLOSING),
            "클라이언트도 같은 상황이라 CLOSING이 되고 서버의 FIN에 ACK한다.",
            "The client is in the same position: CLOSING, and it ACKs the server's FIN.",
        ),
        Note(
            enters(C, State.TIME_WAIT),
            "자기 FIN에 대한 ACK가 오자 클라이언트는 CLOSING에서 TIME_WAIT로 간다.",
            "The ACK of its FIN takes the client from CLOSING to TIME_WAIT.",
        ),
        Note(
            enters(S, State.TIME_WAIT),
            "서버도 TIME_WAIT에 들어간다. 동시에 닫으면 양쪽 모두 active close이므로 둘 다 "
            "TIME_WAIT을 거친다.",
            "The server enters TIME_WAIT as well: when both close at once, both are active "
            "closers and both wait.",
        ),
    ),
    "late-segment": (
        *_LATE_SEGMENT_SETUP,
        Note(
            timer(S, "retransmit", state=State.ESTABLISHED),
            "ACK가 오지 않자 서버가 'PRICE 100'을 재전송한다. 재전송본은 제대로 도착하지만, 원본은 "
            "아직 네트워크 안에 있다.",
            "No ACK comes, so the server resends 'PRICE 100'. The copy gets through; the "
            "original is still out there.",
        ),
        Note(
            enters(C, State.TIME_WAIT),
            "연결을 먼저 닫은 클라이언트가 마지막 ACK를 보내고 TIME_WAIT에 들어간다. 이 연결의 "
            "주소·포트 쌍과 시퀀스 번호를 2MSL 동안 기억해 둔다.",
            "The client, which closed first, sends the last ACK and enters TIME_WAIT: it keeps "
            "this connection's addresses, ports and sequence numbers for 2×MSL.",
        ),
        Note(
            segment(S, payload=OLD_QUOTE, resent=False, reaction=Reaction.DUPLICATE),
            "원래의 'PRICE 100' 세그먼트가 이제야 도착한다. 클라이언트는 아직 TIME_WAIT이라 이 "
            "연결의 번호를 기억한다: 이미 받은 번호(오래된 중복)임을 알아보고 버린 뒤 ACK로 "
            "답한다. "
            "늦은 세그먼트를 옛 연결이 흡수했다.",
            "The original 'PRICE 100' finally arrives. Still in TIME_WAIT, the client remembers "
            "this connection's numbers, sees an old duplicate, drops it and answers with an "
            "ACK: the old connection has absorbed the late segment.",
        ),
        Note(
            segment(C, flags=Flags.ACK, reaction=Reaction.RESET_SENT),
            "서버에는 그 연결이 더 이상 없으므로 이 ACK에 RST로 답한다.",
            "The server no longer has that connection, so it answers the ACK with an RST.",
        ),
        Note(
            Match(
                lambda s: (
                    s.side is S
                    and Flags.RST in s.flags
                    and (C, State.TIME_WAIT, State.CLOSED) in s.transitions
                )
            ),
            "RFC 9293을 그대로 따르면 TIME_WAIT에서도 번호가 맞는 RST를 받으면 CLOSED가 된다. "
            "RFC 1337이 'TIME-WAIT assassination'이라 부른 문제로, 리눅스도 기본 설정"
            "(tcp_rfc1337=0)에서는 이렇게 한다. 그래도 늦은 세그먼트는 이미 흡수됐으니 다음 연결은 "
            "안전하다.",
            "By RFC 9293 an in-sequence RST ends even TIME_WAIT (RFC 1337 calls this "
            "'TIME-WAIT assassination'; Linux does the same by default, tcp_rfc1337=0). The "
            "late segment has been absorbed already, so the next connection is safe.",
        ),
        Note(
            call(C, "OPEN active", 2),
            "클라이언트가 같은 서버·포트로 새 연결을 연다. 옛 세그먼트는 이미 처리됐으니 새 연결에 "
            "섞일 일이 없다.",
            "The client opens a new connection to the same server and port; the old segment "
            "is gone and cannot mix into it.",
        ),
        Note(
            app_receives(NEW_QUOTE),
            "새 연결의 시세 'PRICE 250'이 제대로 도착한다. TIME_WAIT 덕분에 애플리케이션은 올바른 "
            "값을 받는다.",
            "The new connection's quote 'PRICE 250' arrives intact: thanks to TIME_WAIT the "
            "application gets the right value.",
        ),
    ),
    "late-segment-no-time-wait": (
        *_LATE_SEGMENT_SETUP,
        Note(
            timer(C, "time-wait"),
            "TIME_WAIT이 없으므로 클라이언트는 마지막 ACK를 보내자마자 CLOSED가 된다. 이 연결의 "
            "번호도 함께 잊는다.",
            "With no TIME_WAIT, the client is CLOSED as soon as it sends the last ACK, and "
            "forgets this connection's numbers.",
        ),
        Note(
            call(C, "OPEN active", 2),
            "클라이언트가 1초 뒤 같은 서버·포트로 새 연결을 연다. 옛 연결의 세그먼트가 아직 "
            "네트워크에 남아 있는데도 막을 것이 없다.",
            "A second later the client opens a new connection to the same server and port. "
            "A segment of the old connection is still in the network, and nothing stops this.",
        ),
        Note(
            segment(S, payload=OLD_QUOTE, resent=False, reaction=Reaction.ACCEPTED),
            "옛 연결의 'PRICE 100'이 이제야 도착한다. 새 연결의 ISN이 옛 연결과 같아서 번호가 새 "
            "연결의 윈도에 딱 맞는다: 클라이언트는 이것을 새 연결의 데이터로 받아 애플리케이션에 "
            "넘긴다. 데이터가 오염됐다.",
            "The old connection's 'PRICE 100' arrives now. The new connection reuses the ISN, "
            "so the number fits its window exactly: the client takes it as new data and hands "
            "it to the application. The data is corrupted.",
        ),
        Note(
            segment(S, payload=NEW_QUOTE, reaction=Reaction.DUPLICATE),
            "서버가 새 연결에서 보낸 진짜 시세 'PRICE 250'이 도착하지만, 같은 번호를 이미 "
            "받았으므로 "
            "중복으로 버려진다. 서버는 ACK를 받았으니 전달된 줄 안다. 아무도 오류를 모른다: "
            "TIME_WAIT이 막아 주던 일이다.",
            "The server's real quote 'PRICE 250' arrives, but its numbers were already taken, "
            "so it is dropped as a duplicate, while the ACK tells the server it was delivered. "
            "Nobody notices the error: this is what TIME_WAIT prevents.",
        ),
    ),
    "lost-final-ack": (
        *_CLOSE_NOTES[:4],
        Note(
            segment(C, delivered=False, flags=Flags.ACK, sender_state=State.TIME_WAIT),
            "클라이언트의 마지막 ACK가 사라진다. 클라이언트는 이미 TIME_WAIT이라 이 사실을 모른다.",
            "The client's last ACK is lost; the client, already in TIME_WAIT, cannot know.",
        ),
        Note(
            timer(S, "retransmit", state=State.LAST_ACK),
            "ACK를 받지 못한 서버(LAST_ACK)는 RTO가 지나 FIN을 재전송한다.",
            "Still in LAST_ACK with no ACK, the server resends its FIN when the RTO expires.",
        ),
        Note(
            segment(S, resent=True, reaction=Reaction.RETRANSMITTED_FIN),
            "TIME_WAIT의 클라이언트가 재전송된 FIN을 받는다. 연결 정보를 아직 갖고 있으므로 ACK를 "
            "다시 보내고, TIME_WAIT 타이머를 2MSL로 다시 시작한다. TIME_WAIT이 있는 첫 번째 "
            "이유다.",
            "The client in TIME_WAIT gets the resent FIN. It still has the connection, so it "
            "ACKs again and restarts the 2×MSL timer: the first reason TIME_WAIT exists.",
        ),
        Note(
            segment(C, flags=Flags.ACK, entered=(S, State.CLOSED)),
            "다시 보낸 ACK를 받은 서버가 정상적으로 CLOSED가 된다.",
            "The repeated ACK lets the server close normally.",
        ),
    ),
    "lost-final-ack-no-time-wait": (
        Note(
            segment(C, delivered=False, flags=Flags.ACK, sender_state=State.TIME_WAIT),
            "클라이언트의 마지막 ACK가 사라진다.",
            "The client's last ACK is lost.",
        ),
        Note(
            timer(C, "time-wait"),
            "TIME_WAIT이 없으므로 클라이언트는 곧바로 CLOSED가 된다. ACK가 사라진 줄도 모른 채 "
            "연결 "
            "정보를 버린다.",
            "With no TIME_WAIT the client is CLOSED at once, throwing the connection away "
            "without knowing its ACK was lost.",
        ),
        Note(
            segment(S, resent=True, reaction=Reaction.RESET_SENT),
            "서버가 FIN을 재전송하지만 클라이언트에는 그 연결이 없다: 모르는 세그먼트이므로 RST로 "
            "답한다.",
            "The server resends its FIN, but the client has no such connection any more and "
            "answers with an RST.",
        ),
        Note(
            segment(C, flags=Flags.RST, entered=(S, State.CLOSED)),
            "서버는 자기 FIN에 대한 ACK를 끝내 받지 못하고 RST로 CLOSED가 된다. RFC 9293 "
            "§3.10.7.4는 LAST_ACK에서 RST를 받으면 그냥 닫으라고 하며, 애플리케이션은 이미 "
            "close()를 마쳤으니 아무 오류도 듣지 못한다(리눅스도 같다). TIME_WAIT이 있었다면 "
            "ACK를 다시 받아 정상적으로 닫혔을 것이다.",
            "The server never gets the ACK of its FIN: the RST closes it instead. RFC 9293 "
            "§3.10.7.4 says LAST-ACK just closes on an RST, and the application, which has "
            "already closed, hears nothing (Linux does the same). With TIME_WAIT the FIN would "
            "have been ACKed again and the close would have completed normally.",
        ),
    ),
    "closed-port": (
        Note(
            call(C, "OPEN active"),
            "클라이언트가 아무도 listen하지 않는 포트로 connect()한다.",
            "The client connects to a port nobody listens on.",
        ),
        Note(
            segment(C, flags=Flags.SYN, reaction=Reaction.RESET_SENT),
            "서버 쪽 포트에는 연결이 없다(CLOSED). RFC 9293 §3.10.7.1에 따라 RST+ACK(seq=0, "
            "ack=x+1)로 답한다. ACK 번호가 이 SYN을 가리키므로 클라이언트는 이 RST를 믿을 수 있다.",
            "Nothing exists on the server's port (CLOSED), so by RFC 9293 §3.10.7.1 it answers "
            "RST+ACK (seq=0, ack=x+1); the ACK number points at the SYN, so the client can "
            "trust the RST.",
        ),
        Note(
            reaction(Reaction.REFUSED, C),
            "RST를 받은 클라이언트는 'connection refused'(ECONNREFUSED) 오류를 받고 CLOSED가 된다. "
            "재전송은 하지 않는다.",
            "The RST ends the attempt: the client reports 'connection refused' "
            "(ECONNREFUSED) and is CLOSED, with no retransmission.",
        ),
    ),
    "data-after-fin": (
        Note(
            call(C, "CLOSE"),
            "클라이언트가 먼저 close()를 호출해 FIN을 보낸다.",
            "The client closes first and sends FIN.",
        ),
        Note(
            call(S, "SEND 43B"),
            "CLOSE_WAIT의 서버가 남은 응답을 보낸다. 이 세그먼트가 라우팅 지연으로 늦어진다.",
            "The server, in CLOSE_WAIT, sends the rest of its response; this segment is delayed "
            "on the way.",
        ),
        Note(
            call(S, "CLOSE"),
            "서버가 이어서 close()를 호출해 FIN을 보낸다. FIN의 seq는 응답 데이터 바로 다음 "
            "번호다.",
            "The server then closes: its FIN's seq comes right after the response data.",
        ),
        Note(
            segment(S, flags=Flags.FIN | Flags.ACK, reaction=Reaction.OUT_OF_ORDER),
            "FIN이 데이터보다 먼저 도착한다. 하지만 FIN의 seq가 기다리던 번호보다 앞서 있으므로 "
            "클라이언트는 빠진 데이터가 있음을 안다: FIN을 처리하지 않고 보관하며, TIME_WAIT에도 "
            "들어가지 않는다. 늦은 데이터가 버려지는 일은 시퀀스 번호가 막는다.",
            "The FIN arrives before the data. Its seq is beyond the expected number, so the "
            "client knows data is missing: it holds the FIN unprocessed and does not enter "
            "TIME_WAIT. Sequence numbers, not TIME_WAIT, keep the late data from being lost.",
        ),
        Note(
            segment(S, data=True, entered=(C, State.TIME_WAIT)),
            "늦은 데이터가 도착해 빈자리를 채운다. 클라이언트는 데이터를 애플리케이션에 넘긴 뒤 "
            "보관해 "
            "둔 FIN을 처리하고, 그제야 TIME_WAIT에 들어간다.",
            "The late data fills the gap: the client hands it to the application, then "
            "processes the FIN it held, and only now enters TIME_WAIT.",
        ),
    ),
}

# ------------------------------------------------------------------------------ claims

_OPENING = ["C>S SYN", "S>C SYN+ACK", "C>S ACK"]


def _close_segments(trace: Trace, closer: Side) -> list[str]:
    """The segments from `closer`'s CLOSE on, data excluded."""
    return [x for x in labels(after_call(trace, closer, "CLOSE")) if not x.endswith("DATA")]


def _old_quote_on_new_connection(trace: Trace) -> bool:
    """The quote sent on the first connection was handed to the client's application after
    the client opened its second connection."""
    reopen = [s for s in trace.steps if s.event is Event.CALL and s.label == "OPEN active"]
    return len(reopen) > 1 and any(
        s.app_data == OLD_QUOTE and s.sent_ms is not None and s.sent_ms < reopen[1].t_ms
        for s in arrivals(trace, C, lambda s: s.t_ms > reopen[1].t_ms)
    )


def _fin_ack_then_data_then_fin(trace: Trace) -> bool:
    """After the client's FIN the server sends a bare ACK first, then data, then its FIN."""
    sent = [
        s.label
        for s in segments(trace)
        if s.side is S and s.sender_state in (State.CLOSE_WAIT, State.LAST_ACK)
    ]
    return (
        sent[:1] == ["ACK"]
        and "DATA" in sent
        and "FIN+ACK" in sent
        and sent.index("FIN+ACK") > len(sent) - 1 - sent[::-1].index("DATA")
    )


def _time_wait_is_2msl(trace: Trace, side: Side) -> bool:
    profile = PROFILES[trace.profile]
    return stays(trace, side, State.TIME_WAIT)[:1] == [profile.time_wait_ms]


def _claims(*items: tuple[str, str, Callable[[Trace], bool]]) -> tuple[Claim, ...]:
    return tuple(Claim(ko, en, test) for ko, en, test in items)


CLAIMS: dict[str, tuple[Claim, ...]] = {
    "three-way-open": _claims(
        (
            "SYN, SYN+ACK, ACK 세 세그먼트로 연결이 열린다",
            "three segments open the connection: SYN, SYN+ACK, ACK",
            lambda t: labels(segments(t)) == _OPENING,
        ),
        (
            "서버는 LISTEN → SYN_RECEIVED → ESTABLISHED를 거친다",
            "the server goes LISTEN → SYN_RECEIVED → ESTABLISHED",
            lambda t: passes(t, S, State.LISTEN, State.SYN_RECEIVED, State.ESTABLISHED),
        ),
        (
            "양쪽 모두 ESTABLISHED로 끝난다",
            "both sides end ESTABLISHED",
            lambda t: ends(t, State.ESTABLISHED, State.ESTABLISHED),
        ),
    ),
    "data-transfer": _claims(
        (
            "클라이언트의 첫 데이터 세그먼트가 사라진다",
            "the client's first data segment is lost",
            lambda t: bool(losses(t, C, is_data)),
        ),
        (
            "서버는 먼저 도착한 두 번째 세그먼트를 보관하고 중복 ACK를 보낸다",
            "the server holds the second segment, which arrives first, and sends a duplicate ACK",
            lambda t: bool(arrivals(t, S, reacted(Reaction.OUT_OF_ORDER))),
        ),
        (
            "클라이언트는 재전송 타이머가 만료되면 잃어버린 세그먼트를 다시 보낸다",
            "the client resends the lost segment when its retransmission timer expires",
            lambda t: (
                bool(timers(t, C, "retransmit"))
                and bool(arrivals(t, S, lambda s: s.retransmission and is_data(s)))
            ),
        ),
        (
            "서버 애플리케이션은 요청 전체를 순서대로 한 번씩 받는다",
            "the server's application gets the whole request once, in order",
            lambda t: received(t, S) == REQUEST + HEADERS,
        ),
    ),
    "four-way-close": _claims(
        (
            "종료에 FIN, ACK, FIN, ACK 네 세그먼트가 오간다",
            "closing takes four segments: FIN, ACK, FIN, ACK",
            lambda t: _close_segments(t, C) == ["C>S FIN+ACK", "S>C ACK", "S>C FIN+ACK", "C>S ACK"],
        ),
        (
            "서버는 CLOSE_WAIT에서 자기 애플리케이션이 close()를 부를 때까지 기다린다",
            "the server waits in CLOSE_WAIT until its application calls close()",
            lambda t: passes(t, S, State.CLOSE_WAIT, State.LAST_ACK, State.CLOSED),
        ),
        (
            "먼저 닫은 클라이언트만 TIME_WAIT에서 2MSL을 보낸다",
            "only the client, which closed first, spends 2×MSL in TIME_WAIT",
            lambda t: _time_wait_is_2msl(t, C) and State.TIME_WAIT not in path(t, S),
        ),
    ),
    "server-close": _claims(
        (
            "서버가 먼저 FIN을 보내고 TIME_WAIT에서 2MSL을 보낸다",
            "the server sends the first FIN and spends 2×MSL in TIME_WAIT",
            lambda t: (
                _time_wait_is_2msl(t, S) and passes(t, S, State.ESTABLISHED, State.FIN_WAIT_1)
            ),
        ),
        (
            "클라이언트는 CLOSE_WAIT와 LAST_ACK를 거치고 TIME_WAIT에는 들어가지 않는다",
            "the client goes through CLOSE_WAIT and LAST_ACK and never enters TIME_WAIT",
            lambda t: (
                passes(t, C, State.CLOSE_WAIT, State.LAST_ACK, State.CLOSED)
                and State.TIME_WAIT not in path(t, C)
            ),
        ),
        (
            "클라이언트 애플리케이션은 응답 전체를 받는다",
            "the client's application receives the whole response",
            lambda t: received(t, C) == RESPONSE,
        ),
    ),
    "half-close": _claims(
        (
            "서버는 클라이언트의 FIN을 받은 뒤 CLOSE_WAIT에서 데이터를 보낸다",
            "the server sends data in CLOSE_WAIT, after the client's FIN",
            lambda t: any(
                s.label == "DATA" for s in segments(t) if s.sender_state is State.CLOSE_WAIT
            ),
        ),
        (
            "FIN에 대한 ACK와 서버의 FIN이 따로 나간다(그 사이에 데이터가 있다)",
            "the ACK of the client's FIN and the server's FIN leave separately, data between them",
            _fin_ack_then_data_then_fin,
        ),
        (
            "FIN을 보낸 클라이언트가 정렬 결과를 모두 받는다",
            "the client, having sent its FIN, still receives the whole sorted result",
            lambda t: received(t, C) == b"apple\nfig\npear\n",
        ),
    ),
    "three-segment-close": _claims(
        (
            "서버의 ACK가 FIN에 실려 종료가 세 세그먼트로 끝난다: FIN, FIN+ACK, ACK",
            "the server's ACK rides on its FIN, so closing takes three segments: FIN, FIN+ACK, ACK",
            lambda t: _close_segments(t, C) == ["C>S FIN+ACK", "S>C FIN+ACK", "C>S ACK"],
        ),
        (
            "FIN+ACK 하나로 클라이언트가 FIN_WAIT_1에서 FIN_WAIT_2를 거쳐 곧바로 TIME_WAIT에 간다",
            "one FIN+ACK takes the client from FIN_WAIT_1 through FIN_WAIT_2 to TIME_WAIT at once",
            lambda t: any(
                s.entered(C) is State.TIME_WAIT
                and (C, State.FIN_WAIT_1, State.FIN_WAIT_2) in s.transitions
                for s in t.steps
            ),
        ),
    ),
    "simultaneous-open": _claims(
        (
            "양쪽 모두 SYN_SENT → SYN_RECEIVED → ESTABLISHED를 거친다",
            "both sides go SYN_SENT → SYN_RECEIVED → ESTABLISHED",
            lambda t: all(
                passes(t, side, State.SYN_SENT, State.SYN_RECEIVED, State.ESTABLISHED)
                for side in Side
            ),
        ),
        (
            "SYN 두 개와 SYN+ACK 두 개, 네 세그먼트로 열린다",
            "four segments open it: two SYNs and two SYN+ACKs",
            lambda t: (
                sorted(labels(segments(t))) == ["C>S SYN", "C>S SYN+ACK", "S>C SYN", "S>C SYN+ACK"]
            ),
        ),
    ),
    "simultaneous-close": _claims(
        (
            "양쪽 모두 FIN_WAIT_1 → CLOSING → TIME_WAIT를 거친다",
            "both sides go FIN_WAIT_1 → CLOSING → TIME_WAIT",
            lambda t: all(
                passes(t, side, State.FIN_WAIT_1, State.CLOSING, State.TIME_WAIT) for side in Side
            ),
        ),
        (
            "양쪽 모두 TIME_WAIT에서 2MSL을 보낸다",
            "both sides spend 2×MSL in TIME_WAIT",
            lambda t: all(_time_wait_is_2msl(t, side) for side in Side),
        ),
    ),
    "late-segment": _claims(
        (
            "서버의 시세가 네트워크에서 늦어지고, 서버가 재전송한다",
            "the server's quote is held up in the network and the server resends it",
            lambda t: bool(arrivals(t, C, lambda s: s.retransmission and s.app_data == OLD_QUOTE)),
        ),
        (
            "늦게 온 원본은 TIME_WAIT의 클라이언트가 오래된 중복으로 버린다",
            "the late original reaches the client in TIME_WAIT and is dropped as an old duplicate",
            lambda t: bool(
                arrivals(
                    t,
                    C,
                    lambda s: (
                        is_data(s)
                        and not s.retransmission
                        and s.reaction is Reaction.DUPLICATE
                        and s.states.client is State.TIME_WAIT
                    ),
                )
            ),
        ),
        (
            "클라이언트 애플리케이션은 PRICE 100 다음에 새 연결의 PRICE 250을 받는다",
            "the client's application gets PRICE 100, then the new connection's PRICE 250",
            lambda t: received(t, C) == OLD_QUOTE + NEW_QUOTE,
        ),
    ),
    "late-segment-no-time-wait": _claims(
        (
            "TIME_WAIT이 없어 클라이언트가 곧바로 CLOSED가 된다",
            "with no TIME_WAIT the client is CLOSED at once",
            lambda t: stays(t, C, State.TIME_WAIT)[:1] == [0],
        ),
        (
            "옛 연결의 PRICE 100이 새 연결의 데이터로 받아들여진다",
            "the old connection's PRICE 100 is taken as the new connection's data",
            _old_quote_on_new_connection,
        ),
        (
            "새 연결의 진짜 시세 PRICE 250은 중복으로 버려진다",
            "the new connection's real quote, PRICE 250, is dropped as a duplicate",
            lambda t: (
                bool(
                    arrivals(
                        t, C, lambda s: s.segment is not None and s.segment.payload == NEW_QUOTE
                    )
                )
                and NEW_QUOTE not in received(t, C)
            ),
        ),
    ),
    "lost-final-ack": _claims(
        (
            "클라이언트의 마지막 ACK가 사라진다",
            "the client's final ACK is lost",
            lambda t: bool(losses(t, C, lambda s: s.sender_state is State.TIME_WAIT)),
        ),
        (
            "LAST_ACK의 서버가 FIN을 재전송한다",
            "the server, in LAST_ACK, resends its FIN",
            lambda t: any(
                s.retransmission and Flags.FIN in s.flags and s.sender_state is State.LAST_ACK
                for s in segments(t)
            ),
        ),
        (
            "TIME_WAIT의 클라이언트가 재전송된 FIN에 다시 ACK하고, 그때부터 2MSL을 온전히 기다린다",
            "the client in TIME_WAIT ACKs the resent FIN again and waits a full 2×MSL from then",
            lambda t: (
                bool(arrivals(t, C, reacted(Reaction.RETRANSMITTED_FIN)))
                and bool(losses(t, C))
                and stays(t, C, State.TIME_WAIT)[0] > PROFILES[t.profile].time_wait_ms
            ),
        ),
        (
            "서버는 RST가 아니라 FIN에 대한 ACK를 받고 정상적으로 닫힌다",
            "the server closes normally, on the ACK of its FIN, not on an RST",
            lambda t: any(
                s.entered(S) is State.CLOSED and s.to is S and s.flags == Flags.ACK for s in t.steps
            ),
        ),
    ),
    "lost-final-ack-no-time-wait": _claims(
        (
            "클라이언트의 마지막 ACK가 사라진다",
            "the client's final ACK is lost",
            lambda t: bool(losses(t, C, lambda s: s.sender_state is State.TIME_WAIT)),
        ),
        (
            "TIME_WAIT이 없어 이미 CLOSED인 클라이언트가 재전송된 FIN에 RST로 답한다",
            "the client, already CLOSED without TIME_WAIT, answers the resent FIN with an RST",
            lambda t: any(
                s.side is C and Flags.RST in s.flags and s.sender_state is State.CLOSED
                for s in segments(t)
            ),
        ),
        (
            "서버는 FIN에 대한 ACK 대신 RST를 받고 LAST_ACK에서 닫힌다(애플리케이션은 모른다)",
            "the server leaves LAST_ACK on that RST, never getting the ACK of its FIN "
            "(its application is not told)",
            lambda t: (
                any(
                    s.entered(S) is State.CLOSED and Flags.RST in s.flags and not s.notices
                    for s in t.steps
                )
                and not any(s.entered(S) is State.CLOSED and s.flags == Flags.ACK for s in t.steps)
            ),
        ),
    ),
    "closed-port": _claims(
        (
            "아무도 듣지 않는 포트로 간 SYN에 RST+ACK가 돌아온다",
            "the SYN to a port nobody listens on is answered with RST+ACK",
            lambda t: labels(segments(t)) == ["C>S SYN", "S>C RST+ACK"],
        ),
        (
            "클라이언트는 'connection refused'를 받고 SYN을 다시 보내지 않는다",
            "the client gets 'connection refused' and never resends its SYN",
            lambda t: noticed(t, C, Notice.REFUSED) and not any(s.retransmission for s in t.steps),
        ),
    ),
    "data-after-fin": _claims(
        (
            "서버의 FIN이 앞선 데이터보다 먼저 도착한다",
            "the server's FIN arrives before the data sent ahead of it",
            lambda t: (
                [s.label for s in arrivals(t, C, lambda s: s.side is S)][-2:]
                in (["FIN+ACK", "DATA"],)
            ),
        ),
        (
            "클라이언트는 그 FIN을 보관하고, 데이터가 온 뒤에야 TIME_WAIT에 들어간다",
            "the client holds that FIN and enters TIME_WAIT only once the data is in",
            lambda t: (
                bool(arrivals(t, C, reacted(Reaction.OUT_OF_ORDER)))
                and any(s.entered(C) is State.TIME_WAIT and is_data(s) for s in t.steps)
            ),
        ),
        (
            "클라이언트 애플리케이션은 응답 전체를 받는다",
            "the client's application receives the whole response",
            lambda t: received(t, C) == RESPONSE,
        ),
    ),
}

SCENARIOS: dict[str, Scenario] = {}


def _register(scenario: Scenario) -> None:
    SCENARIOS[scenario.name] = dataclasses.replace(
        scenario, claims=CLAIMS.get(scenario.name, scenario.claims)
    )


_register(
    Scenario(
        "three-way-open",
        Narration(
            "3-way handshake: SYN → SYN+ACK → ACK로 연결을 연다",
            "Three-way handshake: SYN, SYN+ACK, ACK open the connection",
        ),
        _fixed(server=_LISTEN, client=_CONNECT),
    )
)
_register(
    Scenario(
        "data-transfer",
        Narration(
            "데이터 전송: 잃어버린 세그먼트는 RTO가 지나면 재전송된다",
            "Data transfer: a lost segment is resent when the RTO expires",
        ),
        lambda _p, _s: Setup(
            {
                S: _LISTEN,
                C: (
                    Action(open_active()),
                    Action(send(REQUEST), on_established()),
                    Action(send(HEADERS), after(10)),
                ),
            },
            rules=(Lose(FIRST_CLIENT_DATA),),
        ),
    )
)
_register(
    Scenario(
        "four-way-close",
        Narration(
            "4-way handshake: 클라이언트가 먼저 닫는다 (FIN → ACK, FIN → ACK)",
            "Four-way close started by the client (FIN, ACK, FIN, ACK)",
        ),
        _four_way(100),
    )
)
_register(
    Scenario(
        "server-close",
        Narration(
            "서버가 먼저 닫는다: 응답을 보낸 서버가 FIN을 보내고 TIME_WAIT에 남는다",
            "The server closes first: it answers, sends FIN and is the one left in TIME_WAIT",
        ),
        _fixed(
            server=(
                Action(open_passive()),
                Action(send(RESPONSE), on_received(len(REQUEST))),
                Action(close()),
            ),
            client=(
                Action(open_active()),
                Action(send(REQUEST), on_established()),
                Action(close(), on_eof(100)),
            ),
        ),
    )
)
_register(
    Scenario(
        "half-close",
        Narration(
            "half-close: FIN을 받은 서버가 CLOSE_WAIT에서 데이터를 더 보낸다 (그래서 4단계)",
            "Half-close: after the client's FIN the server keeps sending in CLOSE_WAIT "
            "(why closing takes four steps)",
        ),
        _fixed(
            server=(
                Action(open_passive()),
                # Sorting takes a while: the FIN's ACK cannot wait for the result.
                Action(send(b"apple\n"), on_eof(100)),
                Action(send(b"fig\n"), after(20)),
                Action(send(b"pear\n"), after(20)),
                Action(close(), after(20)),
            ),
            client=(
                Action(open_active()),
                Action(send(SORT_INPUT), on_established()),
                Action(close()),
            ),
        ),
    )
)
_register(
    Scenario(
        "three-segment-close",
        Narration(
            "3-segment close: 바로 닫는 서버의 ACK와 FIN이 하나(FIN+ACK)로 합쳐질 때",
            "Three-segment close: a server that closes at once sends its ACK and FIN together",
        ),
        _three_segment_close,
    )
)
_register(
    Scenario(
        "simultaneous-open",
        Narration(
            "동시 열기: 양쪽이 동시에 SYN을 보내면 둘 다 SYN_RECEIVED를 거친다",
            "Simultaneous open: both send SYN at once and both pass through SYN_RECEIVED",
        ),
        _fixed(client=_CONNECT, server=_CONNECT),
    )
)
_register(
    Scenario(
        "simultaneous-close",
        Narration(
            "동시 닫기: FIN이 엇갈리면 양쪽 모두 CLOSING을 거쳐 TIME_WAIT에 들어간다",
            "Simultaneous close: crossing FINs take both sides through CLOSING to TIME_WAIT",
        ),
        _fixed(
            client=(Action(open_active()), Action(close(), on_established(150))),
            server=(Action(open_passive()), Action(close(), on_established(100))),
        ),
    )
)
_register(
    Scenario(
        "late-segment",
        Narration(
            "늦게 도착한 옛 세그먼트: TIME_WAIT이 흡수해 새 연결을 지킨다",
            "A late segment from the old connection: TIME_WAIT absorbs it and protects "
            "the next connection",
        ),
        lambda p, s: _late_segment(p, s, time_wait=True),
    )
)
_register(
    Scenario(
        "late-segment-no-time-wait",
        Narration(
            "TIME_WAIT이 없다면: 옛 연결의 늦은 세그먼트가 새 연결의 데이터로 둔갑한다",
            "Without TIME_WAIT: the old connection's late segment is taken as new data",
        ),
        lambda p, s: _late_segment(p, s, time_wait=False),
    )
)
_register(
    Scenario(
        "lost-final-ack",
        Narration(
            "마지막 ACK 유실: 서버가 FIN을 재전송하고 TIME_WAIT의 클라이언트가 다시 ACK한다",
            "Lost final ACK: the server resends its FIN and the client in TIME_WAIT ACKs again",
        ),
        lambda p, s: _lost_final_ack(p, s, time_wait=True),
    )
)
_register(
    Scenario(
        "lost-final-ack-no-time-wait",
        Narration(
            "TIME_WAIT이 없다면: 재전송된 FIN에 RST가 돌아와 서버는 FIN의 ACK를 끝내 받지 못한다",
            "Without TIME_WAIT: the resent FIN meets an RST and the server never gets its ACK",
        ),
        lambda p, s: _lost_final_ack(p, s, time_wait=False),
    )
)
_register(
    Scenario(
        "closed-port",
        Narration(
            "닫힌 포트: 아무도 듣지 않는 포트로 간 SYN에는 RST가 돌아온다",
            "Closed port: a SYN to a port nobody listens on is answered with RST",
        ),
        _fixed(client=_CONNECT),
    )
)
_register(
    Scenario(
        "data-after-fin",
        Narration(
            "FIN보다 늦게 도착한 데이터: 시퀀스 번호 덕분에 데이터를 먼저 받고 FIN을 처리한다",
            "Data that arrives after the FIN: sequence numbers put it back before the FIN",
        ),
        lambda _p, _s: Setup(
            {
                S: (
                    Action(open_passive()),
                    Action(send(RESPONSE), on_eof(20)),
                    Action(close()),
                ),
                C: (Action(open_active()), Action(close(), on_established(100))),
            },
            rules=(HoldPastFin(S),),
        ),
    )
)


def run_scenario(
    name: str,
    profile: str | Profile = "rfc",
    *,
    extra_rules: tuple[Rule, ...] = (),
    faults: Faults | None = None,
    seed: int = 0,
) -> Trace:
    """Run a named scenario, optionally with more network rules or random faults.

    Raises KeyError for an unknown scenario or profile name (check `SCENARIOS` and
    `PROFILES` first when the name comes from a user).
    """
    scenario = SCENARIOS[name]
    chosen = PROFILES[profile] if isinstance(profile, str) else profile
    setup = scenario.setup(chosen, seed)
    trace = simulate(
        setup.programs,
        profile=setup.profile or chosen,
        rules=setup.rules + extra_rules,
        faults=faults,
        delay_ms=DELAY_MS,
        seed=seed,
        scenario=name,
    )
    own = len(setup.rules)
    reports = tuple(
        r if i < own else FaultReport(r.rule, r.matched, by="user")
        for i, r in enumerate(trace.faults)
    )
    trace = dataclasses.replace(
        trace,
        profile=chosen.name,
        rules=tuple(str(r) for r in extra_rules),
        title=scenario.title,
        faults=reports,
        note=(setup.profile or chosen).note,
    )
    trace = dataclasses.replace(trace, claims=tuple(c.check(trace) for c in scenario.claims))
    # A scenario's own notes tell its lesson; when the run no longer shows it, every step
    # is told from what happened at it alone.
    return narrate(trace, NOTES.get(name, ()) if trace.lesson_holds else ())
