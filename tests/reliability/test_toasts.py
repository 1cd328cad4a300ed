"""Toasts show a message from a file as written: `[brackets]` kept, control characters visible."""

from __future__ import annotations

from quizapp.tui.app import QuizApp
from tests.conftest import T0, settle


async def test_a_toast_shows_a_path_with_brackets_and_no_escape(engine):
    app = QuizApp(engine, clock=lambda: T0)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.notify(
            "cannot open Language/[java] 기초.md \x1b]52;c;ZXZpbA==\x07 now", title="[b]제목\x9b"
        )
        await settle(pilot)
        (notification,) = list(app._notifications)
    assert notification.message == "cannot open Language/[java] 기초.md ␛]52;c;ZXZpbA==␇ now"
    assert notification.title == "[b]제목\ufffd"
    assert notification.markup is False  # `[java]` is text, not a style to drop
