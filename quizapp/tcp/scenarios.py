"""Named scenarios: the handshakes a note talks about, each a short program for both sides.

`run_scenario(name, profile, extra_rules=…)` runs one (optionally with the user's own
drop/delay rules on top) and returns its narrated `Trace`. `SCENARIOS` lists them.
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
from quizapp.tcp.model import Side, State
from quizapp.tcp.narrate import Note, narrate
from quizapp.tcp.network import Delay, Drop, Faults, HoldPastFin, Rule
from quizapp.tcp.profile import PROFILES, Profile
from quizapp.tcp.sim import simulate
from quizapp.tcp.trace import Narration, Trace

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
    notes: tuple[Note, ...] = ()
    """Narration for the steps this scenario is about; other steps get the generic one."""
    ends_open: bool = False
    """The story stops at ESTABLISHED (an opening or data scenario) rather than CLOSED."""


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


def _lost_final_ack(profile: Profile, _seed: int, *, time_wait: bool) -> Setup:
    base = _four_way(100)(profile, _seed)
    # The client sends SYN, ACK, FIN, ACK: its 4th segment is the final ACK.
    return Setup(
        base.programs,
        rules=(Drop(4, side=C),),
        profile=None if time_wait else _no_time_wait(profile),
    )


def _late_segment_programs(server_iss: int) -> dict[Side, Program]:
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
            Action(open_active()),
            Action(close(), on_received(len(OLD_QUOTE))),
            Action(open_active(), on_closed(1000)),
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
    server_iss = random.Random(f"{seed}/late-segment").getrandbits(32)
    programs = _late_segment_programs(server_iss)
    # The server sends SYN+ACK, then the quote: its 2nd segment.
    pilot = simulate(
        programs,
        profile=_no_time_wait(profile),
        rules=(Drop(2, side=S),),
        delay_ms=DELAY_MS,
        seed=seed,
    )
    opened = [s for s in pilot.steps if s.entered(C) is State.ESTABLISHED]
    quote = next(s for s in pilot.steps if s.lost_by)
    target = opened[1].t_ms + DELAY_MS // 2
    delay = Delay(2, target - quote.t_ms - DELAY_MS, side=S)
    return Setup(programs, rules=(delay,), profile=None if time_wait else _no_time_wait(profile))


SCENARIOS: dict[str, Scenario] = {}


def _register(scenario: Scenario) -> None:
    SCENARIOS[scenario.name] = scenario


_register(
    Scenario(
        "three-way-open",
        Narration(
            "3-way handshake: SYN → SYN+ACK → ACK로 연결을 연다",
            "Three-way handshake: SYN, SYN+ACK, ACK open the connection",
        ),
        _fixed(server=_LISTEN, client=_CONNECT),
        ends_open=True,
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
            # The client sends SYN, ACK, then data: its 3rd segment is the first data.
            rules=(Drop(3, side=C),),
        ),
        ends_open=True,
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
                Action(send(b"apple\n"), on_eof(20)),
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
        _four_way(0),
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
        ends_open=True,
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
            "TIME_WAIT이 없다면: 재전송된 FIN에 RST가 돌아와 서버는 비정상 종료된다",
            "Without TIME_WAIT: the resent FIN meets an RST and the server's close fails",
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
    trace = dataclasses.replace(
        trace, profile=chosen.name, rules=tuple(str(r) for r in extra_rules), title=scenario.title
    )
    return narrate(trace, scenario.notes)
