"""`quizapp serve`: the app in a browser, through textual-serve (one app process per tab).

Each browser tab runs `python -m quizapp --db URL` on this machine with the server's own
rights; textual-serve has no login of its own, so it listens on 127.0.0.1 unless told
otherwise, and binding elsewhere warns that the database's own access control is all there is.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys

LOCAL_HOST = "127.0.0.1"


class ServeUnavailable(Exception):
    """textual-serve is not installed."""


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    """What to tell the user before listening on `host`, or None for a loopback address."""
    if is_loopback(host):
        return None
    return (
        f"warning: serving on {host}:{port}: anyone who can reach this address uses the deck "
        "as the user running `quizapp serve`; there is no authentication besides the "
        "database's own"
    )


def app_command(db_url: str) -> str:
    """The shell command textual-serve runs for each browser tab."""
    return shlex.join([sys.executable, "-m", "quizapp", "--db", db_url])


def serve(db_url: str, host: str, port: int) -> None:
    """Serve the app until interrupted."""
    try:
        from textual_serve.server import Server
    except ImportError as exc:
        raise ServeUnavailable(str(exc)) from exc
    Server(app_command(db_url), host=host, port=port, title="quizapp").serve()
