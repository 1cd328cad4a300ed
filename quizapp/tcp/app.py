"""What the applications on each side do: a short program of user calls and their triggers.

A program is a tuple of `Action`s run in order; each waits for its trigger, counted from
the moment the previous action ran (or the start of the run):

    client = (
        Action(open_active()),
        Action(send(b"GET / HTTP/1.1\\r\\n\\r\\n"), on_established()),
        Action(close(), on_eof(100)),
    )

Triggers are conditions, not edges: an action waiting `on_eof()` runs at once if the FIN
already arrived. Conditions count from the connection opened by the latest OPEN.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class CallName(enum.StrEnum):
    OPEN = "OPEN"
    SEND = "SEND"
    CLOSE = "CLOSE"
    ABORT = "ABORT"


@dataclass(frozen=True, slots=True)
class Call:
    """A user call of RFC 9293 §3.9.1."""

    name: CallName
    active: bool = False
    data: bytes = b""
    iss: int | None = None
    """For OPEN: pin the initial sequence number instead of drawing it."""

    @property
    def label(self) -> str:
        if self.name is CallName.OPEN:
            return "OPEN active" if self.active else "OPEN passive"
        if self.name is CallName.SEND:
            return f"SEND {len(self.data)}B"
        return self.name.value


class Trigger(enum.StrEnum):
    AFTER = "after"
    ESTABLISHED = "established"
    EOF = "eof"
    RECEIVED = "received"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class When:
    trigger: Trigger
    delay_ms: int = 0
    count: int = 0
    """For RECEIVED: how many bytes must have arrived."""

    def __str__(self) -> str:
        what = {
            Trigger.AFTER: "after the previous call",
            Trigger.ESTABLISHED: "once established",
            Trigger.EOF: "once the peer's FIN arrived",
            Trigger.RECEIVED: f"once {self.count} bytes arrived",
            Trigger.CLOSED: "once the connection closed",
        }[self.trigger]
        return f"{what} +{self.delay_ms} ms" if self.delay_ms else what


def after(ms: int = 0) -> When:
    return When(Trigger.AFTER, ms)


def on_established(ms: int = 0) -> When:
    return When(Trigger.ESTABLISHED, ms)


def on_eof(ms: int = 0) -> When:
    return When(Trigger.EOF, ms)


def on_received(count: int, ms: int = 0) -> When:
    return When(Trigger.RECEIVED, ms, count)


def on_closed(ms: int = 0) -> When:
    return When(Trigger.CLOSED, ms)


@dataclass(frozen=True, slots=True)
class Action:
    call: Call
    when: When = field(default_factory=lambda: after(0))


def open_passive(*, iss: int | None = None) -> Call:
    return Call(CallName.OPEN, active=False, iss=iss)


def open_active(*, iss: int | None = None) -> Call:
    return Call(CallName.OPEN, active=True, iss=iss)


def send(data: bytes) -> Call:
    return Call(CallName.SEND, data=data)


def close() -> Call:
    return Call(CallName.CLOSE)


def abort() -> Call:
    return Call(CallName.ABORT)


Program = tuple[Action, ...]
