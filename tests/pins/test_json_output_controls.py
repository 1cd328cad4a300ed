"""`--json` output is the same JSON to a program and nothing a terminal acts on.

`json.dumps(ensure_ascii=False)` writes C1 controls (U+009B is a one-byte CSI), DEL and
bidi overrides raw; a `grade --json` echoes the clause of the user's own answer that made
each point, so those characters must leave as `\\u` escapes — and read back unchanged.
"""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from quizapp import cli, exit_codes
from quizapp.locations import bundled_content

RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CLAUSE = "서버에는 아직\x9b 보낼 데이터가 \u202e남아 있을 수 있다"


def test_grade_json_escapes_the_controls_of_the_answer_it_echoes(tmp_path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "deck.db")
    imported = runner.invoke(cli.app, ["import", str(bundled_content()), "--db", db])
    assert imported.exit_code == exit_codes.OK, imported.output
    answer = f"{CLAUSE}. 그래서 ACK만 먼저 보내고 FIN은 애플리케이션이 close()를 호출할 때 보낸다."

    result = runner.invoke(
        cli.app, ["grade", "tcp-why-4way-close", "--answer", answer, "--json", "--db", db]
    )

    assert result.exit_code == exit_codes.OK, result.output
    assert not RAW.search(result.stdout), result.stdout
    assert json.loads(result.stdout)["points"][0]["clause"] == CLAUSE
