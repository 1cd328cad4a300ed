"""Fixtures shared by every test package: a fresh database and cards built in a few lines."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session, select
from textual.worker import WorkerCancelled

from quizapp.deck.db import open_database, writer
from quizapp.deck.models import Card, CardState, Deck
from quizapp.deck.users import find_user
from quizapp.i18n import set_language

if TYPE_CHECKING:
    from textual.app import App

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
"""A Monday morning, far from the 04:00 day rollover, where tests start their clocks."""

# CI runs every property test from a fixed seed, so a run is repeatable and a red build is
# never luck; failing inputs found once stay as explicit `@example`s or unit tests.
# Locally, Hypothesis keeps exploring new inputs. Nothing in CI depends on how fast the
# shared machine is: no health check on how slowly inputs are generated (it fails a test
# whose generator the load slowed) and, for any test that does not say so itself, no
# per-example deadline ("Unreliable test timings").
settings.register_profile(
    "ci",
    derandomize=True,
    print_blob=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
if os.environ.get("CI"):
    settings.load_profile("ci")


POSTGRES_ENV = "QUIZAPP_TEST_POSTGRES"
"""URL of a PostgreSQL server's maintenance database (`.ci/start-postgres` prints one); the
tests of `BOTH_ENGINES` run once more on it, each in a database of its own."""

BOTH_ENGINES = {"deck", "srs", "quiz", "export", "reliability", "users"}
"""Test folders whose `db_url`/`engine` tests run on SQLite and on PostgreSQL."""

TESTS = Path(__file__).parent


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    area = Path(metafunc.definition.path).relative_to(TESTS).parts[0]
    if area not in BOTH_ENGINES:
        return
    postgres = pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get(POSTGRES_ENV), reason=f"no PostgreSQL server ({POSTGRES_ENV})"
        ),
    )
    metafunc.parametrize("backend", ["sqlite", postgres], indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The engine a test's deck lives on: `sqlite`, or `postgresql` in `BOTH_ENGINES`."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine]:
    """An autocommit engine on the test server's maintenance database."""
    admin = create_engine(os.environ[POSTGRES_ENV], isolation_level="AUTOCOMMIT")
    yield admin
    admin.dispose()


def fresh_postgres_database(admin: Engine) -> tuple[str, Callable[[], None]]:
    """A new empty database on the test server: its URL, and how to drop it."""
    name = f"quizapp_test_{uuid.uuid4().hex[:16]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    url = make_url(os.environ[POSTGRES_ENV]).set(database=name)
    return url.render_as_string(hide_password=False), drop


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'deck.db'}"
        return
    url, drop = fresh_postgres_database(request.getfixturevalue("postgres_admin"))
    yield url
    drop()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_database(db_url)
    yield engine
    engine.dispose()


MakeCards = Callable[..., list[str]]


@pytest.fixture
def make_cards(engine: Engine) -> MakeCards:
    """Insert `count` basic cards into `deck` and return their ids, in source order."""

    def make(
        count: int, deck: str = "네트워크", prefix: str = "q", **deck_settings: object
    ) -> list[str]:
        with Session(writer(engine)) as session:
            row = session.exec(select(Deck).where(Deck.name == deck)).first()
            if row is None:
                row = Deck(name=deck, **deck_settings)
                session.add(row)
                session.flush()
            assert row.id is not None
            ids = []
            for i in range(count):
                card_id = f"{prefix}{i:03d}"
                session.add(
                    Card(
                        id=card_id,
                        deck_id=row.id,
                        kind="basic",
                        question=f"질문 {prefix} {i}?",
                        answer=f"답 {i}",
                        question_key=f"질문 {prefix} {i}",
                        source_path=f"{deck}.md",
                        source_line=i + 1,
                        created_at=T0,
                    )
                )
                ids.append(card_id)
            session.commit()
        return ids

    return make


@pytest.fixture(autouse=True)
def _same_start_whatever_ran_before() -> Iterator[None]:
    """Each test starts from the same process state, whichever tests its xdist worker ran
    before: the environment (the CLI run in-process puts `--user` into `os.environ`) and
    the UI language (`--lang` sets it for the whole process)."""
    environ = dict(os.environ)
    yield
    set_language("en")
    if dict(os.environ) != environ:
        os.environ.clear()
        os.environ.update(environ)


TOAST_SECONDS = 3600.0
"""How long a toast lasts in the tests: the whole test."""


@pytest.fixture(autouse=True)
def _toasts_last_the_whole_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every toast stays in `app._notifications` (and on screen) until the test ends.

    Textual drops a toast once its timeout (5 to 30 s of wall-clock time) has passed, and a
    test reads them seconds after they were raised: on a loaded machine a toast could be gone
    before the test looked, or be gone from one snapshot and not from another.
    """
    from quizapp.tui.app import QuizApp

    notify = QuizApp.notify

    def lasting(self: QuizApp, message: str, *, timeout: float | None = None, **kw) -> None:
        notify(self, message, timeout=TOAST_SECONDS, **kw)

    monkeypatch.setattr(QuizApp, "notify", lasting)


async def workers_done(app: App) -> None:
    """Wait until every worker of `app` has ended. One that a newer worker of its exclusive
    group cancelled (a refresh that superseded a slower one, as happens on a loaded machine)
    has ended too; one that failed fails the test. `wait_for_complete` raised
    `WorkerCancelled` for the superseded one instead."""
    while running := [worker for worker in app.workers if not worker.is_finished]:
        results = await asyncio.gather(*(w.wait() for w in running), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException) and not isinstance(result, WorkerCancelled):
                raise result


def toasts(app: App) -> list[str]:
    """The messages of the toasts the app has raised (they last the whole test)."""
    return [str(notification.message) for notification in app._notifications]


async def settle(pilot, rounds: int = 2) -> None:
    """Let the app's workers finish and the screen catch up; a worker's result can start
    another worker (a load that triggers a refresh), hence more than one round."""
    for _ in range(rounds):
        await workers_done(pilot.app)
        await pilot.pause()


async def press(pilot, *keys: str) -> None:
    """Press `keys`, then `settle`: the screen as the user sees it after typing them."""
    await pilot.press(*keys)
    await settle(pilot)


def card_state(engine: Engine, card_id: str, user: str | None = None) -> CardState:
    """A user's (default: the current user's) state of a card; a new one's if never touched."""
    user_id = find_user(engine, user).id
    with Session(engine) as session:
        row = session.get(CardState, (user_id, card_id))
        if row is None:
            return CardState(user_id=user_id, card_id=card_id)
        session.expunge(row)
        return row
