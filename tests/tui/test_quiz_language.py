"""The quiz screen speaks the one UI language: every label, toast and footer key.

A quiz is played to the end in each language on a deck written in that language, and
everything the screen itself says (title, progress, input hints, verdicts, the summary,
the footer, toasts) is collected at each step: in English no Hangul, in Korean no English
word but the names of keys.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from textual.widgets import Input, Markdown

from quizapp.deck.sync import import_paths
from quizapp.i18n import set_language, tr
from quizapp.notes.parser import ORDERING_PROMPT
from quizapp.quiz.questions import AnswerInput
from quizapp.quiz.settings import QuestionKind, QuizSettings
from quizapp.tui.app import QuizApp
from quizapp.tui.screens.quiz import QuizScreen
from tests.conftest import T0, press, settle

KOREAN_NOTE = """\
---
deck: 김치
tags: [요리]
---
# 김치 담그기

## 재료

- 배추: 김치의 주재료가 되는 잎채소
- 고춧가루: 말린 고추를 빻아 만든 붉은 가루
- 젓갈: 생선이나 새우를 소금에 절여 삭힌 것
- 찹쌀풀: 양념이 잘 붙도록 쑤어 넣는 끈끈한 풀

## 담그는 순서

1. 배추를 반으로 갈라 소금에 절인다.
2. 절인 배추를 물에 헹구고 물기를 뺀다.
3. 고춧가루와 젓갈로 양념을 버무린다.
4. 배추 잎 사이사이에 양념을 바른다.

## 보관

- Q. 갓 담근 김치는 어떻게 익히나?
  A. 서늘한 곳에 하루쯤 두었다가 냉장고에 넣는다.
"""

ENGLISH_NOTE = """\
---
deck: HTTP
tags: [web]
---
# HTTP caching

## Headers

- ETag: an identifier of one version of a resource
- Cache-Control: the header saying who may cache a response and for how long
- Vary: the header naming the request headers that change the response
- Age: the seconds a response has spent in a shared cache

## Revalidation steps

1. The cache finds a stale response.
2. It sends the request again with If-None-Match.
3. The server answers 304 Not Modified.
4. The cache serves the stored body again.

## Status codes

- Q. Which status code says the cached copy may still be used?
  A. 304 Not Modified
"""

KINDS = (QuestionKind.FLIP, QuestionKind.TYPED, QuestionKind.CHOICE, QuestionKind.ORDERING)
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
KEY_NAMES = {"enter", "Enter", "ctrl", "Esc"}
"""English words the Korean screen may show: the names of keys."""
EXPECTED = {
    "ko": ("문제 1/", "퀴즈 끝", "점수:", "맞은 것으로 셈", "이것들 복습", "다음 / 수락"),
    "en": (
        "question 1/",
        "Quiz complete",
        "score:",
        "counted as right",
        "Review these",
        "Next / accept",
    ),
}


@pytest.fixture(params=["ko", "en"])
def language(request):
    set_language(request.param)
    yield request.param
    set_language("en")


def chrome(app: QuizApp) -> list[str]:
    """Everything the quiz screen says on its own, card content aside."""
    screen = app.screen
    assert isinstance(screen, QuizScreen)
    said = [screen.sub_title, str(screen.query_one("#progress").render())]
    said.append(str(screen.query_one("#verdict").render()))
    said += [key.description for key in screen.query("FooterKey")]  # type: ignore[attr-defined]
    said += [box.placeholder for box in screen.query(Input)]
    said += [str(area.border_title or "") for area in screen.query("#essay")]
    said += [str(note.message) for note in app._notifications]
    if screen.stage == "finished":
        said.append(screen.query_one("#prompt", Markdown)._markdown)
    return said


def strip_content(text: str, content: str) -> str:
    """`text` without the words of the deck (the cards' own text, shown in verdicts)."""
    for word in re.findall(r"[\w'-]+", content):
        text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])", " ", text)
    return text


async def play(pilot, seen: list[str]) -> None:
    """Answer every question (a flip known, a typed one wrong then counted as right, the
    first option, the order as shown) and collect what the screen says at each step."""
    app = pilot.app
    while True:
        await settle(pilot)
        seen += chrome(app)
        screen = app.screen
        if screen.stage == "finished":
            return
        question = screen.question
        if question.input is AnswerInput.REVEAL:
            await press(pilot, "space")
            seen += chrome(app)
            await pilot.press("y")
        elif question.input is AnswerInput.TEXT:
            screen.query_one("#typed", Input).value = tr("틀린 답", "no idea")
            await press(pilot, "enter")
            seen += chrome(app)
            await pilot.press("a")  # count it as right after all: a toast
        elif question.input is AnswerInput.OPTIONS:
            await pilot.press("1")
        else:
            await pilot.press("enter")
        await settle(pilot)
        seen += chrome(app)
        assert screen.stage == "graded"
        await pilot.press("enter")


async def test_the_quiz_screen_follows_the_ui_language(engine, tmp_path: Path, language):
    content = KOREAN_NOTE if language == "ko" else ENGLISH_NOTE
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "deck.md").write_text(content, encoding="utf-8")
    assert import_paths(engine, [notes], now=T0).added == 6
    seen: list[str] = []
    for kind in KINDS:
        settings = QuizSettings(kinds=(kind,), count=2, seed=3, feed_review=False)
        app = QuizApp(engine, clock=lambda: T0, start="quiz", quiz=settings)
        async with app.run_test(size=(80, 24)) as pilot:
            await play(pilot, seen)
            assert {a.question.kind for a in app.screen.session.answers} == {kind}
    said = "\n".join(seen)
    for expected in EXPECTED[language]:
        assert expected in said
    own_words = strip_content(said.replace(ORDERING_PROMPT, " "), content)
    if language == "en":
        assert not HANGUL.findall(own_words), own_words
    else:
        english = set(re.findall(r"[A-Za-z]{2,}", own_words))
        assert english <= KEY_NAMES, english


async def test_the_quiz_says_it_is_drawing_questions_while_it_does(
    engine, monkeypatch, language
) -> None:
    """Drawing the questions takes seconds on a busy machine: never a blank screen."""
    import threading

    from quizapp.tui.screens import quiz

    release = threading.Event()
    real = quiz.QuizSession

    def slow_session(*args):
        release.wait(120)  # set by the test as soon as it has read the screen
        return real(*args)

    monkeypatch.setattr(quiz, "QuizSession", slow_session)
    app = QuizApp(engine, clock=lambda: T0, start="quiz", quiz=QuizSettings(seed=1))
    async with app.run_test(size=(80, 24)) as pilot:
        # Bounded by wall-clock time, not a count of pauses: start-up is slow under load.
        deadline = time.monotonic() + 60
        try:
            while not isinstance(app.screen, QuizScreen):
                assert time.monotonic() < deadline, app.screen
                await pilot.pause(0.05)
            await pilot.pause()
            shown = app.screen.query_one("#prompt", Markdown)._markdown
        finally:
            release.set()
        assert app.screen.stage == "loading"
        assert shown == tr("*문제를 고르는 중…*", "*picking the questions…*")
        await settle(pilot)
        prompt = app.screen.query_one("#prompt", Markdown)._markdown
        assert tr("물어볼 카드가 없습니다", "No cards to ask") in prompt
