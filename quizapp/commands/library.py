"""`quizapp sources|card|deck` and the search options of `quizapp cards`: the user's library."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated

import typer
from rich.cells import cell_len, set_cell_size
from rich.markup import escape
from rich.table import Table

from quizapp import exit_codes
from quizapp.srs.library_model import CardAction, CardSort, CardState
from quizapp.terminal import json_for_terminal

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from quizapp.srs.browse import CardRow
    from quizapp.srs.deck_settings import DeckSettings

sources_app = typer.Typer(
    help="The folders of notes this deck keeps in sync (list, add, remove).",
    invoke_without_command=True,
    no_args_is_help=False,
)
deck_app = typer.Typer(help="Decks and their study settings (list, show, set).")

DbOption = Annotated[
    str | None, typer.Option("--db", help="Database file or SQLAlchemy URL.", show_default=False)
]


def _cli() -> ModuleType:
    """The cli module, imported when a command runs (it imports this one)."""
    from quizapp import cli

    return cli


def _engine(ctx: typer.Context, db: str | None, *, writing: bool = False) -> Engine:
    cli = _cli()
    return cli._open(db or ctx.obj, writing=writing)


def _usage_error(command: str, message: str) -> typer.Exit:
    _cli().err.print(f"quizapp {command}: {escape(message)}")
    return typer.Exit(exit_codes.USAGE)


def check_scope_or_exit(command: str, engine: Engine, deck: str | None, tag: str | None) -> None:
    """Exit 2 naming the deck or tag when it is not in the database."""
    from quizapp.errors import UnknownDeck, UnknownTag
    from quizapp.srs.browse import check_scope

    try:
        check_scope(engine, deck, tag)
    except UnknownDeck as exc:
        raise _usage_error(command, f"no deck named {exc} (see `quizapp deck list`)") from exc
    except UnknownTag as exc:
        raise _usage_error(command, f"no card has the tag {exc}") from exc


def anki_folder(engine: Engine) -> Path:
    """Where decks imported from Anki are written as notes: beside the deck file they were
    imported into (`imported/`), so two decks never share them; the data folder otherwise."""
    from quizapp import locations
    from quizapp.deck.db import sqlite_file

    file = sqlite_file(str(engine.url))
    return file.parent / "imported" if file is not None else locations.imported_decks()


# -- sources -----------------------------------------------------------------------------


def _print_sources(engine: Engine) -> None:
    from sqlmodel import Session

    from quizapp.deck.sources import list_sources

    out = _cli().out
    with Session(engine) as session:
        sources = list_sources(session)
    if not sources:
        out.print("no sources yet: `quizapp import FOLDER` adds one")
        return
    # One source a line, never cut: a path is only useful whole.
    for source in sources:
        synced = source.last_synced_at or source.added_at
        facts = ["synced " + synced.astimezone().strftime("%Y-%m-%d %H:%M") if synced else ""]
        if source.bundled:
            facts.append("bundled")
        if not Path(source.path).exists():
            facts.append("missing")
        out.print(f"{escape(source.path)}  [dim]({', '.join(f for f in facts if f)})[/]")


@sources_app.callback()
def sources_callback(ctx: typer.Context, db: DbOption = None) -> None:
    """List the deck's sources when no subcommand is given."""
    if db is not None:
        ctx.obj = db
    if ctx.invoked_subcommand is None:
        _print_sources(_engine(ctx, None))


@sources_app.command("list")
def sources_list(ctx: typer.Context, db: DbOption = None) -> None:
    """List the folders this deck keeps in sync."""
    _print_sources(_engine(ctx, db))


@sources_app.command("add")
def sources_add(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A folder (or Markdown file) of notes.")],
    db: DbOption = None,
) -> None:
    """Add a folder and import it now (the same as `quizapp import PATH`)."""
    if not path.exists():
        raise _usage_error("sources add", f"{path}: no such file or folder")
    cli = _cli()
    engine = _engine(ctx, db, writing=True)
    summary = cli.run_import(engine, [path])
    cli._report_problems(summary.problems)
    cli.out.print(_cli()._summary_line(summary))
    if summary.problems:
        raise typer.Exit(exit_codes.CONTENT_PROBLEMS)


@sources_app.command("remove")
def sources_remove(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A folder given to `import` or `sources add`.")],
    db: DbOption = None,
) -> None:
    """Stop syncing a folder. Its cards and their history stay in the deck."""
    from sqlmodel import Session

    from quizapp.deck.db import writer
    from quizapp.deck.sources import remove_source

    engine = _engine(ctx, db, writing=True)
    with Session(writer(engine)) as session:
        removed = remove_source(session, path)
        session.commit()
    if not removed:
        raise _usage_error("sources remove", f"{path} is not a source (see `quizapp sources`)")
    _cli().out.print(f"removed {escape(str(path.resolve()))}; its cards stay in the deck")


# -- card ---------------------------------------------------------------------------------

DONE = {
    CardAction.SUSPEND: "suspended",
    CardAction.UNSUSPEND: "unsuspended",
    CardAction.BURY: "buried until tomorrow",
    CardAction.UNBURY: "unburied",
    CardAction.SKIP: "skipped (never shown; kept across imports)",
    CardAction.UNSKIP: "unskipped",
    CardAction.RESET: "reset to new (history kept)",
}


def card_command(
    ctx: typer.Context,
    action: Annotated[CardAction, typer.Argument(help="What to do with the cards.")],
    ids: Annotated[list[str], typer.Argument(help="Card ids (see `quizapp cards`).")],
    db: DbOption = None,
) -> None:
    """Suspend, unsuspend, bury, unbury, skip, unskip or reset cards by id."""
    from quizapp.errors import UnknownCards
    from quizapp.srs.cards import apply_action

    engine = _engine(ctx, db, writing=True)
    try:
        change = apply_action(engine, ids, action, datetime.now().astimezone())
    except UnknownCards as exc:
        unknown = ", ".join(exc.ids)
        raise _usage_error("card", f"no card with id {unknown}; nothing changed") from exc
    _cli().out.print(f"{change.count} card{'s' if change.count != 1 else ''} {DONE[action]}")


# -- cards (search) -----------------------------------------------------------------------


def _state_label(row: CardRow) -> str:
    return ",".join(state.value for state in row.states)


def _print_rows(rows: list[CardRow]) -> None:
    """One line per card (id, kind, state, source, question cut to the terminal)."""
    out = _cli().out
    deck_shown = None
    for row in rows:
        if row.deck != deck_shown:
            out.print(f"[bold]{escape(row.deck)}[/]")
            deck_shown = row.deck
        head = f"  {row.id:<18} {row.kind:<10} {_state_label(row):<10} {row.source}  "
        room = max(10, out.width - cell_len(head))
        question = " ".join(row.question.split())
        if cell_len(question) > room:
            question = set_cell_size(question, room - 1) + "…"
        out.print(escape(head + question), soft_wrap=False, overflow="ignore", crop=True)


def list_cards(
    engine: Engine,
    *,
    deck: str | None,
    tag: str | None,
    search: str,
    kind: str | None,
    state: CardState | None,
    sort: CardSort,
    descending: bool,
    as_json: bool,
) -> None:
    """`quizapp cards`: exit 2 on an unknown deck or tag, else the matching cards."""
    from quizapp.deck.queries import card_record, get_card
    from quizapp.srs.browse import CardQuery, search_cards

    check_scope_or_exit("cards", engine, deck, tag)
    query = CardQuery(search, deck, tag, kind, state, sort, descending)
    rows = search_cards(engine, query, datetime.now().astimezone())
    if not as_json:
        _print_rows(rows)
        return
    records = []
    for row in rows:
        card = get_card(engine, row.id)
        assert card is not None
        record = card_record(card, row.deck)
        record["state"] = [s.value for s in row.states]
        record["due"] = row.due.astimezone(UTC).isoformat() if row.due else None
        records.append(record)
    sys.stdout.write(json_for_terminal(records, indent=2) + "\n")


# -- deck ---------------------------------------------------------------------------------


def _own(deck: DeckSettings, setting: str, shown: str) -> str:
    """`shown`, starred when the setting is the user's own rather than the deck's default."""
    return f"{shown}*" if setting in deck.own else shown


def _settings_table(engine: Engine, names: list[str] | None = None) -> Table:
    from quizapp.deck.users import default_user_name
    from quizapp.srs.deck_settings import format_steps, list_deck_settings

    table = Table(
        "deck",
        "new/day",
        "max reviews",
        "retention",
        "learning steps",
        box=None,
        caption=f"{escape(default_user_name())}'s settings; * your own, others the deck's default",
    )
    for deck in list_deck_settings(engine):
        if names is not None and deck.name not in names:
            continue
        steps = format_steps(deck.learning_steps) + ("" if deck.custom_steps else " (fsrs)")
        table.add_row(
            escape(deck.name),
            _own(deck, "new_per_day", str(deck.new_per_day)),
            _own(deck, "reviews_per_day", str(deck.reviews_per_day)),
            _own(deck, "desired_retention", f"{deck.desired_retention:.2f}"),
            _own(deck, "learning_steps", steps),
        )
    return table


@deck_app.command("list")
def deck_list(ctx: typer.Context, db: DbOption = None) -> None:
    """Every deck with its study settings."""
    _cli().out.print(_settings_table(_engine(ctx, db)))


@deck_app.command("show")
def deck_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The deck's full name (`A::B`).")],
    db: DbOption = None,
) -> None:
    """One deck's study settings and today's counts."""
    from quizapp.errors import UnknownDeck
    from quizapp.srs.deck_settings import get_deck_settings
    from quizapp.srs.stats import deck_summary

    engine = _engine(ctx, db)
    try:
        get_deck_settings(engine, name)
    except UnknownDeck as exc:
        raise _usage_error("deck show", f"no deck named {name} (see `quizapp deck list`)") from exc
    out = _cli().out
    out.print(_settings_table(engine, [name]))
    summary = deck_summary(engine, datetime.now().astimezone(), name)
    out.print(
        f"cards {summary['cards']} · new {summary['new']} · due today {summary['due']} · "
        f"reviews today {summary['reviews_today']}"
    )


@deck_app.command("set")
def deck_set(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The deck's full name (`A::B`).")],
    new_per_day: Annotated[
        int | None, typer.Option("--new-per-day", help="New cards a day (0–9999).")
    ] = None,
    max_reviews: Annotated[
        int | None, typer.Option("--max-reviews", help="Reviews a day at most.")
    ] = None,
    retention: Annotated[
        float | None, typer.Option("--retention", help="Desired retention, 0.70–0.99.")
    ] = None,
    learning_steps: Annotated[
        str | None,
        typer.Option("--learning-steps", help='Step lengths, e.g. "1m 10m" or "30s 5m 1h".'),
    ] = None,
    default: Annotated[
        bool,
        typer.Option(
            "--default",
            help="Set the deck's defaults, for every user without their own (owners only).",
        ),
    ] = False,
    reset: Annotated[
        bool,
        typer.Option("--reset", help="Drop your own settings first: follow the deck's defaults."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Change your own study settings of a deck (or, with --default, the deck's defaults);
    review uses them from the next card on."""
    from quizapp.deck.users import PermissionDenied
    from quizapp.errors import UnknownDeck
    from quizapp.srs.deck_settings import SettingError, parse_steps, set_deck_settings

    engine = _engine(ctx, db, writing=True)
    try:
        steps = parse_steps(learning_steps) if learning_steps is not None else None
        set_deck_settings(
            engine,
            name,
            new_per_day=new_per_day,
            reviews_per_day=max_reviews,
            desired_retention=retention,
            learning_steps=steps,
            default=default,
            reset=reset,
        )
    except UnknownDeck as exc:
        raise _usage_error("deck set", f"no deck named {name} (see `quizapp deck list`)") from exc
    except SettingError as exc:
        raise _usage_error("deck set", str(exc)) from exc
    except PermissionDenied as exc:
        _cli().err.print(f"quizapp deck set: {escape(str(exc))}")
        raise typer.Exit(exit_codes.CONTENT_PROBLEMS) from exc
    _cli().out.print(_settings_table(engine, [name]))


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")
    app.add_typer(deck_app, name="deck")
    app.command("card")(card_command)
