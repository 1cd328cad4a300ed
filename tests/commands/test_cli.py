"""The `quizapp` command as a user runs it: output, exit codes, --db and QUIZAPP_DB."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, timedelta

import fsrs

from quizapp import config, exit_codes, locations
from quizapp.cli import app
from quizapp.deck.db import open_database
from quizapp.deck.queries import find_cards
from quizapp.srs.reviewer import Reviewer, day_start
from tests.commands.cli import run, runner

NOTE = """\
---
deck: 네트워크
tags: [tcp]
---
# TCP

## 플래그

- SYN: 연결을 요청한다
- FIN: 연결을 끝낸다

#### Q. 연결 종료가 4단계인 이유는?

A. 서버에 보낼 데이터가 남아 있을 수 있어서.
"""


def test_import_prints_a_summary_and_a_second_import_says_nothing_changed(notes, db):
    first = run("import", str(notes), "--db", db)
    assert first.exit_code == exit_codes.OK
    assert "added 3" in first.stdout
    second = run("import", str(notes), "--db", db)
    assert "added 0" in second.stdout and "unchanged 3" in second.stdout
    assert "nothing changed" in second.stdout


def test_cards_json_has_the_documented_fields(notes, db):
    run("import", str(notes), "--db", db)
    result = run("cards", "--format", "json", "--db", db)
    records = json.loads(result.stdout)
    assert len(records) == 3
    for record in records:
        assert {"id", "deck", "kind", "question", "answer", "source", "tags"} <= record.keys()
        assert record["deck"] == "네트워크" and record["tags"] == ["tcp"]
    by_question = {r["question"]: r for r in records}
    assert by_question["SYN"]["kind"] == "definition"
    assert by_question["연결 종료가 4단계인 이유는?"]["source"] == "tcp.md:12"


def test_cards_filters_by_deck_and_tag(notes, db):
    run("import", str(notes), "--db", db)
    unknown = run("cards", "--format", "json", "--deck", "없는덱", "--db", db)
    assert unknown.exit_code == exit_codes.USAGE and "없는덱" in unknown.stderr
    assert len(json.loads(run("cards", "--format", "json", "--tag", "tcp", "--db", db).stdout)) == 3


def test_table_output_lists_every_card(notes, db):
    run("import", str(notes), "--db", db)
    result = run("cards", "--db", db)
    assert result.stdout.count("tcp.md:") == 3


def test_import_reports_problems_with_file_and_line_on_stderr_and_exit_1(notes, db):
    (notes / "broken.md").write_text(
        "# x\n\n<!-- quizapp: id= -->\n#### Q. 질문?\n\nA. 답\n", encoding="utf-8"
    )
    (notes / "binary.md").write_bytes(b"\x00\x01\x02\x03" * 64)
    result = run("import", str(notes), "--db", db)
    assert result.exit_code == exit_codes.CONTENT_PROBLEMS
    assert "binary.md" in result.stderr
    assert "broken.md:3" in result.stderr
    assert "added" in result.stdout


def test_check_exits_1_on_problems_and_0_on_clean_notes(notes, tmp_path):
    clean = run("check", str(notes))
    assert clean.exit_code == exit_codes.OK, clean.stderr
    assert "3 cards" in clean.stdout
    (notes / "copy.md").write_text(NOTE, encoding="utf-8")
    duplicated = run("check", str(notes))
    assert duplicated.exit_code == exit_codes.CONTENT_PROBLEMS
    assert "copy.md" in duplicated.stderr


def test_bundled_content_checks_clean():
    result = run("check", str(locations.bundled_content()))
    assert result.exit_code == exit_codes.OK, result.stderr
    cards = int(result.stdout.split(" cards")[0].split()[-1])
    assert cards >= 80


def test_orphans_lists_retired_cards_and_purges_only_on_request(notes, db):
    run("import", str(notes), "--db", db)
    (notes / "tcp.md").write_text(NOTE.split("#### Q.")[0], encoding="utf-8")
    run("import", str(notes), "--db", db)
    listed = run("orphans", "--db", db)
    assert "1 retired cards" in listed.stdout
    assert "1 retired cards" in run("orphans", "--db", db).stdout
    purged = run("orphans", "--purge", "--db", db)
    assert "purged 1" in purged.stdout
    assert "0 retired cards" in run("orphans", "--db", db).stdout


def test_database_comes_from_the_environment_when_no_flag(notes, tmp_path, monkeypatch):
    path = tmp_path / "from-env.db"
    monkeypatch.setenv(config.DB_ENV_VAR, str(path))
    run("import", str(notes))
    assert path.exists()


def test_flag_wins_over_environment_and_urls_pass_through():
    env = {config.DB_ENV_VAR: "/tmp/env.db"}
    assert config.database_url("/tmp/flag.db", env) == "sqlite:////tmp/flag.db"
    assert config.database_url(None, env) == "sqlite:////tmp/env.db"
    assert config.database_url("sqlite:///:memory:", env) == "sqlite:///:memory:"


def test_default_database_in_a_checkout_is_data_folder():
    root = locations.checkout_root()
    assert root is not None  # the tests run from the checkout
    assert locations.default_database() == root / "data" / "quizapp.db"


def test_usage_errors_exit_2():
    assert runner.invoke(app, ["cards", "--format", "xml"]).exit_code == exit_codes.USAGE
    assert runner.invoke(app, ["no-such-command"]).exit_code == exit_codes.USAGE


def test_every_command_has_help():
    for command in (
        "import",
        "cards",
        "check",
        "orphans",
        "review",
        "quiz",
        "stats",
        "sim",
        "optimize",
    ):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_python_dash_m_runs_the_same_command():
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "--help"], capture_output=True, text=True, check=True
    )
    assert "import" in result.stdout and "cards" in result.stdout


def _table_row(output: str, first_cell: str) -> list[str]:
    [row] = [line.split() for line in output.splitlines() if line.split()[:1] == [first_cell]]
    return row


def test_stats_prints_tables_after_reviews(notes, db, cli_now):
    run("import", str(notes), "--db", db)
    engine = open_database(f"sqlite:///{db}")
    cards = {card.question: card.id for card, _ in find_cards(engine)}
    lapsed = cards["연결 종료가 4단계인 이유는?"]
    now = cli_now
    reviewer = Reviewer(engine, enable_fuzzing=False)
    for card_id in cards.values():  # ten days ago: every card learned at once
        reviewer.rate(card_id, fsrs.Rating.Easy, now - timedelta(days=10))
    for card_id in cards.values():  # today: one forgotten, two remembered
        rating = fsrs.Rating.Again if card_id == lapsed else fsrs.Rating.Good
        reviewer.rate(card_id, rating, now)
        due = reviewer.state(card_id).due
        if card_id == lapsed:
            assert due is not None and due - now.astimezone(UTC) < timedelta(hours=1)
            # Minutes from now: today, or the next study day when run just before 04:00.
            back = day_start(due.astimezone(now.tzinfo)).date()
            comes_back = (back - day_start(now).date()).days
    engine.dispose()

    result = run("stats", "--db", db)

    assert result.exit_code == 0
    out = result.stdout
    assert "cards 3 · reviews 6" in out
    today = day_start(now).date()
    last_days = out[out.index("last days") : out.index("due forecast")]
    assert _table_row(last_days, str(today - timedelta(days=10))) == [
        str(today - timedelta(days=10)),
        "3",
        "–",  # new cards learned: no retention to measure yet
    ]
    assert _table_row(last_days, str(today)) == [str(today), "3", "67%"]
    # The forgotten card comes back within the hour; the two remembered ones after the
    # 14 days shown.
    forecast = out[out.index("due forecast") : out.index("weakest cards")]
    counts = [int(_table_row(forecast, str(today + timedelta(days=d)))[1]) for d in range(14)]
    assert counts == [int(d == comes_back) for d in range(14)]
    weakest = out[out.index("weakest cards") :]
    assert _table_row(weakest, "1")[:2] == ["1", "1/2"]
    assert "연결 종료가 4단계인 이유는?" in weakest and "tcp.md:" in weakest
    assert "SYN" not in weakest


def test_sim_json_run_through_the_real_command():
    result = run("sim", "four-way-close", "--json", "--profile", "linux")
    data = json.loads(result.stdout)
    assert data["scenario"] == "four-way-close" and data["profile"] == "linux"
    assert data["steps"][-1]["states"] == {"client": "CLOSED", "server": "CLOSED"}


def test_sim_unknown_scenario_is_a_usage_error_with_a_hint():
    result = runner.invoke(app, ["sim", "four-way-clos"])
    assert result.exit_code == exit_codes.USAGE
    assert "four-way-close" in result.stderr
