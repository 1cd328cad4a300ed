"""The `quizapp` command: one function per subcommand, each a few lines over the core.

Commands import the database layer when they run, not at start-up: `quizapp` alone opens
the app, which draws its first screen before SQLAlchemy is even imported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.cells import cell_len
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from quizapp import config, exit_codes, locations
from quizapp.commands import help_format, library
from quizapp.export import ExportFormat
from quizapp.notes.model import ImportProblem, Severity
from quizapp.notes.sanitize import has_undecodable_bytes, undecodable_as_replacement
from quizapp.srs.library_model import CardSort, CardState
from quizapp.terminal import SafeConsole, cut_start, json_for_terminal

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from quizapp.deck.sync import ImportSummary
    from quizapp.quiz.settings import QuizSettings

app = typer.Typer(
    name="quizapp",
    help="Turn Markdown interview notes into a spaced-repetition deck and quiz yourself.",
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)
out = SafeConsole(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)

PROGRESS_MIN_FILES = 20
"""Imports of fewer files finish before a progress bar would be worth drawing."""

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database file or SQLAlchemy URL (default: data/quizapp.db in a checkout, "
        f"else the user data folder; env {config.DB_ENV_VAR}).",
        show_default=False,
    ),
]


class CardFormat(StrEnum):
    table = "table"
    json = "json"


def _now() -> datetime:
    return datetime.now(UTC)


def _open(db: str | None, *, writing: bool = False) -> Engine:
    """The deck, or exit 1 with the reason; `writing` also refuses a read-only deck."""
    from quizapp.deck.db import DatabaseError, open_database, read_only_reason

    url = config.database_url(db)
    try:
        engine = open_database(url)
    except DatabaseError as exc:
        err.print(f"quizapp: {escape(str(exc))}")
        raise typer.Exit(exit_codes.CONTENT_PROBLEMS) from exc
    reason = read_only_reason(engine) if writing else None
    if reason:
        err.print(f"quizapp: the deck {escape(url)} is read-only ({escape(reason)})")
        raise typer.Exit(exit_codes.CONTENT_PROBLEMS)
    return engine


def _require_editor(engine: Engine, action: str) -> None:
    """Exit 1 unless the user is the deck's owner or an editor."""
    from quizapp.deck.users import PermissionDenied, require_editor

    try:
        require_editor(engine, action=action)
    except PermissionDenied as exc:
        err.print(f"quizapp: {escape(str(exc))}")
        raise typer.Exit(exit_codes.CONTENT_PROBLEMS) from exc


def _report_problems(problems: list[ImportProblem]) -> None:
    for problem in problems:
        err.print(escape(str(problem)))


@contextmanager
def _import_progress(total_hint: int) -> Iterator[Progress | None]:
    if total_hint < PROGRESS_MIN_FILES or not err.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=err,
        transient=True,
    ) as progress:
        yield progress


def run_import(engine: Engine, paths: list[Path], anki_folder: Path | None = None) -> ImportSummary:
    """Import with a progress bar on large folders.

    A `.json` file is a quizapp backup (restored); an `.apkg`/`.colpkg` is an Anki package,
    whose decks are written as notes under the data folder and imported with their reviews.
    """
    from quizapp.deck.sync import ImportSummary, import_paths
    from quizapp.export.anki_import import import_package, is_package, package_folder
    from quizapp.export.json import restore_json
    from quizapp.notes.reader import is_utf8_name, iter_note_files, not_utf8_problem

    # A name that is not UTF-8 cannot be stored in the deck: named, and left out.
    problems = [not_utf8_problem(p) for p in paths if not is_utf8_name(str(p))]
    paths = [p for p in paths if is_utf8_name(str(p))]
    backups = [p for p in paths if p.is_file() and p.suffix.lower() == ".json"]
    packages = [p for p in paths if p.is_file() and is_package(p)]
    notes = [p for p in paths if p not in backups and p not in packages]
    summary = ImportSummary(problems=problems)
    if notes:
        total_hint = sum(sum(1 for _ in iter_note_files(p)) if p.is_dir() else 1 for p in notes)
        with _import_progress(total_hint) as progress:
            task = progress.add_task("", total=total_hint) if progress else None

            def advance(done: int, total: int, current: str) -> None:
                if progress is not None and task is not None:
                    progress.update(task, completed=done, total=total, description=current[-40:])

            summary.merge(import_paths(engine, notes, now=_now(), progress=advance))
    for backup in backups:
        summary.merge(restore_json(engine, backup))
    for package in packages:
        folder = package_folder(anki_folder or library.anki_folder(engine), package)
        result = import_package(engine, package, folder, now=_now())
        summary.merge(result.summary)
        if result.folder is not None:
            err.print(
                f"{escape(package.name)}: {result.reviews} reviews imported; "
                f"its decks are notes in {escape(str(result.folder))}"
            )
    return summary


def _summary_line(summary: ImportSummary) -> str:
    parts = [
        f"added {summary.added}",
        f"updated {summary.updated}",
        f"unchanged {summary.unchanged}",
        f"retired {summary.retired}",
    ]
    if summary.revived:
        parts.append(f"revived {summary.revived}")
    warnings = sum(problem.severity == Severity.WARNING for problem in summary.problems)
    parts.append(f"errors {len(summary.problems) - warnings}")
    if warnings:
        parts.append(f"warnings {warnings}")
    files = f"{summary.files_imported} imported, {summary.files_skipped} unchanged"
    if summary.files_failed:
        files += f", {summary.files_failed} failed"
    line = ", ".join(parts) + f"  (files: {files})"
    if not summary.changed and not summary.problems:
        line += " — nothing changed"
    return line


@app.callback(invoke_without_command=True)
def main_callback(
    ctx: typer.Context,
    db: DbOption = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the app: ko or en (default: env QUIZAPP_LANG, else the locale).",
            show_default=False,
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user",
            help="Who is studying: your own schedule, reviews and quizzes in a shared deck "
            "(default: env QUIZAPP_USER, else your login name).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """quizapp: Markdown notes → cards, spaced-repetition review, quizzes, TCP simulator.

    Run with no command to open the app; a new default deck starts with the bundled notes.
    """
    if user:
        from quizapp.deck.users import USER_ENV

        # The environment carries it to every layer, and to `serve`'s app processes.
        os.environ[USER_ENV] = user
    ctx.obj = db
    if lang is not None:
        from quizapp.i18n import set_language

        if lang not in ("ko", "en"):
            err.print(f"quizapp: --lang {escape(lang)}: use ko or en")
            raise typer.Exit(exit_codes.USAGE)
        set_language(lang)  # type: ignore[arg-type]
    if ctx.invoked_subcommand is None:
        _run_app(db, start="home")


def _run_app(
    db: str | None, *, start: str, deck: str | None = None, quiz: QuizSettings | None = None
) -> None:
    # textual-image asks the terminal what graphics it draws; only possible before the app.
    import textual_image.renderable  # noqa: F401

    from quizapp.tui.app import QuizApp

    url = config.database_url(db)
    # Only the default deck is offered the bundled notes; a deck the user names is theirs.
    default = url == config.database_url(None, {})
    root = locations.bundled_content() if default else None
    QuizApp(url, bundled_root=root, start=start, deck=deck, quiz=quiz).run()


def _db(ctx: typer.Context, db: str | None) -> str | None:
    """A `--db` given after the subcommand wins over one given before it."""
    return db or ctx.obj


@app.command("import")
def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Folders or Markdown files; a .json backup (restore); an Anki .apkg/.colpkg.",
            show_default=False,
        ),
    ] = None,
    bundled: Annotated[
        bool, typer.Option("--bundled", help="Also import the notes that ship with quizapp.")
    ] = False,
    anki_folder: Annotated[
        Path | None,
        typer.Option(
            "--anki-folder",
            help="Where an Anki package's decks are written as notes "
            "(default: imported/ beside the deck file).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="Show which rule made each card and why blocks made none; import nothing.",
        ),
    ] = False,
) -> None:
    """Import notes: add new cards, update edited ones, retire those whose source is gone.

    A folder imported is remembered (`quizapp sources`) and synced each time the app starts.
    Also restores a JSON backup made by `quizapp export --format json`, and brings in an
    Anki package with its review history.
    """
    paths = list(paths or [])
    missing = [p for p in paths if not p.exists()]
    if missing or not (paths or bundled):
        what = ", ".join(str(p) for p in missing) or "nothing to import"
        err.print(f"quizapp import: {escape(what)}{': no such file or folder' if missing else ''}")
        raise typer.Exit(exit_codes.USAGE)
    if explain:
        from quizapp.notes.explain import explain_paths

        for line in explain_paths(paths):
            out.print(escape(line), soft_wrap=True)
        return
    engine = _open(_db(ctx, db), writing=True)
    _require_editor(engine, "import notes or restore backups")
    if bundled:
        from quizapp.deck.library import add_bundled

        add_bundled(engine, locations.bundled_content(), _now())
        paths.append(locations.bundled_content())
    summary = run_import(engine, paths, anki_folder)
    _report_problems(summary.problems)
    out.print(_summary_line(summary))
    if summary.rules_line():
        out.print(escape(summary.rules_line()), soft_wrap=True)
    if summary.problems:
        raise typer.Exit(exit_codes.CONTENT_PROBLEMS)


@app.command("cards")
def cards_command(
    ctx: typer.Context,
    deck: Annotated[str | None, typer.Option(help="Only this deck and its sub-decks.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only cards with this tag.")] = None,
    search: Annotated[
        str, typer.Option("--search", "-s", help="Words in the question, answer or source.")
    ] = "",
    kind: Annotated[str | None, typer.Option(help="Only this kind (basic, choice, …).")] = None,
    state: Annotated[CardState | None, typer.Option(help="Only cards in this state.")] = None,
    sort: Annotated[CardSort, typer.Option(help="Order of the list.")] = CardSort.SOURCE,
    desc: Annotated[bool, typer.Option("--desc", help="Reverse the order.")] = False,
    output_format: Annotated[
        CardFormat, typer.Option("--format", help="table for people, json for programs.")
    ] = CardFormat.table,
    db: DbOption = None,
) -> None:
    """List and search the cards in the deck (`quizapp card` acts on them by id)."""
    library.list_cards(
        _open(_db(ctx, db)),
        deck=deck,
        tag=tag,
        search=search,
        kind=kind,
        state=state,
        sort=sort,
        descending=desc,
        as_json=output_format is CardFormat.json,
    )


@app.command("check")
def check_command(
    paths: Annotated[list[Path], typer.Argument(help="Folders or Markdown files to lint.")],
) -> None:
    """Report every problem in the notes (exit 1 if there is any).

    Besides what the importer reports: duplicate questions, and the notes checked against
    the TCP simulator (scenario, step and query references; state sequences in the text).
    """
    from quizapp.notes.keys import find_duplicate_questions
    from quizapp.notes.reader import iter_note_files, read_note
    from quizapp.quiz.lint import lint_docs

    problems: list[ImportProblem] = []
    docs = []
    for path in paths:
        if not path.exists():
            problems.append(ImportProblem(str(path), None, "no such file or folder"))
            continue
        items = iter_note_files(path) if path.is_dir() else [path]
        root = path if path.is_dir() else path.parent
        for item in items:
            if isinstance(item, ImportProblem):
                problems.append(item)
                continue
            doc = read_note(item, root)
            docs.append(doc)
            problems.extend(doc.problems)
    problems.extend(find_duplicate_questions(docs))
    problems.extend(lint_docs(docs))
    _report_problems(problems)
    cards = sum(len(doc.cards) for doc in docs)
    out.print(f"{len(docs)} notes, {cards} cards, {len(problems)} problems")
    if problems:
        raise typer.Exit(exit_codes.CONTENT_PROBLEMS)


@app.command("orphans")
def orphans_command(
    ctx: typer.Context,
    purge: Annotated[
        bool, typer.Option("--purge", help="Delete them and their review history.")
    ] = False,
    db: DbOption = None,
) -> None:
    """List retired cards (their source is gone) with their history; delete only on --purge."""
    from quizapp.deck.queries import find_orphans, purge_orphans

    engine = _open(_db(ctx, db), writing=purge)
    orphans = find_orphans(engine)
    if purge:
        _require_editor(engine, "delete cards")
        count = purge_orphans(engine)
        out.print(f"purged {count} retired cards and their review history")
        return
    table = Table("id", "deck", "kind", "question", "last source", "reviews", box=None)
    for orphan in orphans:
        card = orphan.card
        table.add_row(
            card.id,
            escape(orphan.deck),
            card.kind,
            escape(card.question.replace("\n", " ")[:50]),
            escape(card.source),
            str(orphan.reviews),
        )
    out.print(table)
    out.print(f"{len(orphans)} retired cards; `quizapp orphans --purge` deletes them")


@app.command("review")
def review_command(
    ctx: typer.Context,
    deck: Annotated[
        str | None, typer.Option(help="Review only this deck and its sub-decks.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Open the app straight into today's review."""
    if deck is not None:
        library.check_scope_or_exit("review", _open(_db(ctx, db)), deck, None)
    _run_app(_db(ctx, db), start="review", deck=deck)


def _quiz_kinds(values: list[str]) -> tuple[str, ...]:
    """`--kinds typed,choice --kinds flow` → the kinds, checked; exits 2 on an unknown one."""
    from quizapp.quiz.settings import QuestionKind

    known = [kind.value for kind in QuestionKind]
    kinds: list[str] = []
    for value in values:
        for word in value.replace(" ", ",").split(","):
            word = word.strip().lower()
            if not word:
                continue
            if word not in known:
                err.print(f"quizapp quiz: unknown kind {word!r} (known: {', '.join(known)})")
                raise typer.Exit(exit_codes.USAGE)
            if word not in kinds:
                kinds.append(word)
    return tuple(kinds)


def _print_quiz_history(engine: Engine) -> None:
    """Past sessions, newest first, then every answer of the latest one."""
    from quizapp.quiz.session import quiz_history, run_answers

    runs = quiz_history(engine, limit=20)
    if not runs:
        out.print("no quiz yet: `quizapp quiz` starts one")
        return
    table = Table("when", "scope", "kinds", "right", "score", box=None, title="quiz history")
    for run in runs:
        table.add_row(
            run.started_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            escape(run.scope),
            run.kinds or "mixed",
            f"{run.correct}/{run.answered}",
            f"{run.percent:.0f}%",
        )
    out.print(table)
    latest = Table("#", "kind", "", "given", "expected", "time", box=None, title="latest quiz")
    for answer in run_answers(engine, runs[0].id):
        seconds = f"{answer.duration_ms / 1000:.0f}s" if answer.duration_ms is not None else "–"
        latest.add_row(
            str(answer.position),
            answer.kind,
            "✔" if answer.correct else "✘",
            escape(answer.given.replace("\n", " ")[:30]),
            escape(answer.expected.replace("\n", " ")[:30]),
            seconds,
        )
    out.print(latest)


@app.command("quiz")
def quiz_command(
    ctx: typer.Context,
    deck: Annotated[str | None, typer.Option(help="Only this deck and its sub-decks.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only cards with this tag.")] = None,
    note: Annotated[
        str | None, typer.Option(help="Only the cards of one note (its path, or its end).")
    ] = None,
    count: Annotated[int, typer.Option("-n", "--count", min=1, help="Questions to ask.")] = 20,
    kinds: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these kinds, comma-separated: flip, typed, choice, ordering, open, flow "
            "(default: a mix)."
        ),
    ] = None,
    minutes: Annotated[
        float | None, typer.Option("--time", min=0.1, help="Time limit in minutes.")
    ] = None,
    profile: Annotated[
        str, typer.Option(help="Simulator profile of flow questions: rfc or linux.")
    ] = "rfc",
    review: Annotated[
        bool, typer.Option(help="Rate wrongly answered cards Again in spaced repetition.")
    ] = True,
    history: Annotated[
        bool, typer.Option("--history", help="Print past quiz sessions and exit.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Quiz yourself: N questions of every kind (or the kinds chosen), scored and kept."""
    from quizapp.quiz.settings import QuestionKind, QuizSettings
    from quizapp.tcp.profile import PROFILES

    database = _db(ctx, db)
    if history:
        _print_quiz_history(_open(database))
        return
    if deck is not None or tag is not None:
        library.check_scope_or_exit("quiz", _open(database), deck, tag)
    if profile not in PROFILES:
        err.print(f"quizapp quiz: unknown profile {profile!r} (known: {', '.join(PROFILES)})")
        raise typer.Exit(exit_codes.USAGE)
    note_id = None
    if note is not None:
        from quizapp.deck.queries import list_notes

        wanted = note.replace("\\", "/")
        notes = list_notes(_open(database))
        found = [n for n in notes if n.path == wanted] or [
            n for n in notes if n.path.endswith(wanted)
        ]
        if len(found) != 1:
            reason = "no note" if not found else f"{len(found)} notes"
            err.print(f"quizapp quiz: {reason} match {note!r} (see `quizapp cards`)")
            raise typer.Exit(exit_codes.USAGE)
        note_id = found[0].id
    settings = QuizSettings(
        deck=deck,
        tag=tag,
        note_id=note_id,
        count=count,
        kinds=tuple(QuestionKind(k) for k in _quiz_kinds(kinds or [])),
        time_limit_s=round(minutes * 60) if minutes else None,
        profile=profile,
        feed_review=review,
    )
    _run_app(database, start="quiz", deck=deck, quiz=settings)


@app.command("stats")
def stats_command(
    ctx: typer.Context,
    days: Annotated[int, typer.Option(help="How many days back and ahead.")] = 14,
    output_format: Annotated[
        CardFormat,
        typer.Option(
            "--format",
            help="table for people; json (your reviews_today, due, new, cards, decks).",
        ),
    ] = CardFormat.table,
    all_users: Annotated[
        bool, typer.Option("--all-users", help="One row per user: reviews, retention, streak.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Print study statistics: reviews per day, retention, due forecast, weakest cards."""
    from quizapp.srs.group_stats import print_group_stats, user_figures
    from quizapp.srs.stats import collect_stats, stats_json

    engine = _open(_db(ctx, db))
    now = datetime.now().astimezone()
    if all_users:
        sys.stdout.write(print_group_stats(engine, now, all_users, output_format.value))
        return
    if output_format is CardFormat.json:
        data = {**user_figures(engine, now).to_json(), **stats_json(engine, now)}
        sys.stdout.write(json_for_terminal(data, indent=2) + "\n")
        return
    stats = collect_stats(engine, now, days=days)
    out.print(f"cards {stats.total_cards} · reviews {stats.total_reviews}")
    table = Table("day", "reviews", "retention", box=None, title="last days")
    retention = {r.day: r for r in stats.retention}
    for day in stats.reviews_per_day:
        kept = retention.get(day.day)
        table.add_row(str(day.day), str(day.count), f"{kept.retention:.0%}" if kept else "–")
    out.print(table)
    forecast = Table("day", "due", box=None, title="due forecast")
    for day in stats.forecast:
        forecast.add_row(str(day.day), str(day.count))
    out.print(forecast)
    # The source comes first: whole if it fits, else cut from the left, keeping its end
    # (file:line). The question gives way, with an ellipsis. Each of the four columns has
    # two cells of padding; the question keeps at least 8 cells.
    fixed = len("lapses") + len("again") + 4 * 2
    room = max(20, out.width - fixed - 8)
    sources = [cut_start(card.source, room) for card in stats.weakest_cards]
    widest = max((cell_len(source) for source in sources), default=6)
    weak = Table("lapses", "again", box=None, title="weakest cards")
    question = max(8, out.width - fixed - widest)
    weak.add_column("question", no_wrap=True, overflow="ellipsis", width=question)
    weak.add_column("source", no_wrap=True, min_width=widest)
    for card, source in zip(stats.weakest_cards, sources, strict=True):
        weak.add_row(
            str(card.lapses),
            f"{card.again}/{card.reviews}",
            escape(" ".join(card.question.split())),
            escape(source),
        )
    out.print(weak)


@app.command("optimize")
def optimize_command(
    ctx: typer.Context,
    deck: Annotated[str | None, typer.Option(help="Only this deck and its sub-decks.")] = None,
    db: DbOption = None,
) -> None:
    r"""Fit FSRS parameters to your own reviews, for you (pip install 'quizapp\[optimizer]')."""
    from quizapp.srs.optimize import MIN_REVIEWS, OptimizerUnavailable, optimize

    engine = _open(_db(ctx, db), writing=True)
    library.check_scope_or_exit("optimize", engine, deck, None)
    try:
        result = optimize(engine, deck)
    except OptimizerUnavailable as exc:
        err.print(f"quizapp: the optimizer is not installed ({escape(str(exc))})")
        err.print(escape("install it with: pip install 'quizapp[optimizer]'"))
        raise typer.Exit(exit_codes.USAGE) from exc
    if result.parameters is None:
        out.print(
            f"{escape(result.user)}: {result.reviews} reviews so far; fitting needs at least "
            f"{MIN_REVIEWS}. Keeping the current FSRS parameters."
        )
        return
    decks = ", ".join(result.decks)
    out.print(
        f"fitted FSRS parameters on {escape(result.user)}'s {result.reviews} reviews, "
        f"used for their reviews of: {escape(decks)}"
    )
    out.print(" ".join(f"{p:.4f}" for p in result.parameters))


@app.command("grade")
def grade_command(
    ctx: typer.Context,
    card_id: Annotated[str, typer.Argument(help="The card whose rubric grades the answer.")],
    answer: Annotated[str, typer.Option(help="The written answer.")],
    profile: Annotated[
        str, typer.Option(help="rfc or linux: the run claims are checked on.")
    ] = "rfc",
    as_json: Annotated[bool, typer.Option("--json", help="The verdict as JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Grade one written answer by meaning, claims checked against the simulator."""
    from quizapp.quiz.grade_command import GradeError, grade_card

    try:
        graded = grade_card(_open(_db(ctx, db)), card_id, answer, profile)
    except GradeError as exc:
        err.print(f"quizapp grade: {escape(str(exc))}")
        raise typer.Exit(exit_codes.USAGE) from exc
    if as_json:
        sys.stdout.write(json_for_terminal(graded.to_json(), indent=2) + "\n")
    else:
        for line in graded.lines():
            out.print(escape(line), soft_wrap=True)


@app.command("sim")
def sim_command(
    scenario: Annotated[
        str | None, typer.Argument(help="Scenario to run; none lists them.")
    ] = None,
    profile: Annotated[str, typer.Option(help="rfc (TIME_WAIT 240 s) or linux (60 s).")] = "rfc",
    drop: Annotated[
        list[str] | None, typer.Option(help="Lose the Nth segment sent (repeatable).")
    ] = None,
    delay: Annotated[
        list[str] | None, typer.Option(help="N:MS — deliver the Nth segment MS later.")
    ] = None,
    seed: Annotated[str, typer.Option(help="Seed for initial sequence numbers.")] = "0",
    lang: Annotated[str, typer.Option(help="Narration language: ko or en.")] = "ko",
    as_json: Annotated[
        bool, typer.Option("--json", help="The run (or, with no scenario, the list) as JSON.")
    ] = False,
    width: Annotated[
        str | None, typer.Option(help="Text width in columns (default: the terminal's).")
    ] = None,
) -> None:
    """Step through a TCP scenario: a sequence diagram with states and narration."""
    from quizapp.tcp.cli import sim_command as run_sim

    code, text = run_sim(
        scenario, profile, drop or [], delay or [], seed, lang, as_json, width=width
    )
    if code:
        err.print(f"quizapp sim: {escape(text)}")
        raise typer.Exit(code)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


EXPORT_PROGRESS_MIN_CARDS = 2000
"""Exports of fewer cards finish before a progress bar would be worth drawing."""


@app.command("export")
def export_command(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="apkg for Anki, csv/tsv, md (notes), json (backup)."),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="File to write (for md: a folder, one file per deck)."),
    ],
    deck: Annotated[str | None, typer.Option(help="Only this deck and its sub-decks.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only cards with this tag.")] = None,
    db: DbOption = None,
) -> None:
    """Export the deck to Anki (.apkg), CSV/TSV, Markdown notes or a JSON backup."""
    from quizapp.export import export_deck

    engine = _open(_db(ctx, db))
    library.check_scope_or_exit("export", engine, deck, tag)
    with Progress(
        TextColumn(f"exporting {output_format}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = None

        def advance(done: int, total: int) -> None:
            nonlocal task
            if total < EXPORT_PROGRESS_MIN_CARDS:
                return
            if task is None:
                task = progress.add_task("", total=total)
            progress.update(task, completed=done)

        try:
            result = export_deck(
                engine, output_format, output, deck=deck, tag=tag, now=_now(), progress=advance
            )
        except ValueError as exc:
            err.print(f"quizapp: {escape(str(exc))}")
            raise typer.Exit(exit_codes.USAGE) from exc
    _report_problems(result.problems)
    extras = [f"{result.decks} decks"]
    if result.media:
        extras.append(f"{result.media} images")
    if output_format is ExportFormat.json:
        extras.append(f"{result.reviews} reviews")
    out.print(f"exported {result.cards} cards ({', '.join(extras)}) to {escape(str(result.path))}")
    if result.problems:
        raise typer.Exit(exit_codes.CONTENT_PROBLEMS)


@app.command("users")
def users_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="A user to give a role to.")] = None,
    role: Annotated[
        str | None, typer.Option(help="owner, editor (may change notes) or member (reviews).")
    ] = None,
    db: DbOption = None,
) -> None:
    """List the deck's users and roles; an owner gives one with NAME --role ROLE."""
    from quizapp.deck.users import PermissionDenied, list_users, set_role

    engine = _open(_db(ctx, db), writing=name is not None)
    if name is not None:
        if role is None:
            err.print("quizapp users: give the role with --role owner|editor|member")
            raise typer.Exit(exit_codes.USAGE)
        try:
            set_role(engine, None, name, role)
        except ValueError as exc:
            err.print(f"quizapp users: {escape(str(exc))}")
            raise typer.Exit(exit_codes.USAGE) from exc
        except PermissionDenied as exc:
            err.print(f"quizapp: {escape(str(exc))}")
            raise typer.Exit(exit_codes.CONTENT_PROBLEMS) from exc
    table = Table("user", "role", box=None)
    for user in list_users(engine):
        table.add_row(escape(user.name), user.role)
    out.print(table)


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on (not loopback: warned).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: DbOption = None,
) -> None:
    r"""Serve the app to a browser (textual-serve); needs: pip install 'quizapp\[serve]'."""
    from quizapp.serve import ServeUnavailable, exposure_warning, serve

    url = config.database_url(_db(ctx, db))
    _open(url).dispose()  # a deck that cannot be opened is reported here, not in each tab
    if warning := exposure_warning(host, port):
        err.print(escape(warning))
    out.print(f"quizapp in a browser: http://{escape(host)}:{port}  (Ctrl+C stops)")
    try:
        serve(url, host, port)
    except ServeUnavailable as exc:
        err.print(f"quizapp: textual-serve is not installed ({escape(str(exc))})")
        err.print(escape("install it with: pip install 'quizapp[serve]'"))
        raise typer.Exit(exit_codes.USAGE) from exc


library.register(app)
help_format.install()


def _readable(arg: str) -> str:
    """An argument as text: bytes that are not UTF-8 (Python keeps them as lone surrogates,
    which SQLite and the analyser refuse with a traceback) become U+FFFD, unless the
    argument names a file that exists (its name must stay as it is to open it)."""
    if not has_undecodable_bytes(arg) or os.path.lexists(arg):
        return arg
    return undecodable_as_replacement(arg)


def main() -> None:
    app(args=[_readable(arg) for arg in sys.argv[1:]])
