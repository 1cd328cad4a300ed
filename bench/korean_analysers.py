"""Which Korean morphological analyser the grader uses, measured (issue 11).

For each analyser installed, prints: load time; time to analyse the 241 labelled answers
(tests/quiz/data) once loaded; and how many of the stems a grader needs it finds in
answer-like sentences (conjugated verbs, passives, loanwords with particles). Kiwi
(`kiwipiepy` + `kiwipiepy-model`) is the project's dependency; MeCab-ko is measured when
installed beside it (`pip install mecab-ko`, not a dependency).

Measured in round 5 (2 shared cores, load average 3-4): Kiwi loads in 8-10 s, MeCab-ko in
0.5 s; both analyse an answer in well under a millisecond (median) and find 33 and 34 of
the 36 stems (the rest are compounds both split, which the grader joins back). Kiwi
stays: every reading rule of the grader and every agreement figure is built on its
output, and it loads once per process in a worker thread. MeCab-ko's load time makes it
the candidate if the first grade of a quiz must not wait.

    python bench/korean_analysers.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

CASES: list[tuple[str, set[str]]] = [
    ("서버가 FIN을 보낸다.", {"보내"}),
    ("ACK를 보내고 기다린다.", {"보내", "기다리"}),
    ("남은 데이터를 보내야 한다.", {"남", "보내", "데이터"}),
    ("연결이 정상적으로 닫혔다.", {"닫히", "연결"}),
    ("세그먼트가 섞여 들어간다.", {"세그먼트", "섞이", "들어가"}),
    ("네트워크에 남아 있던 옛 세그먼트가 같은 포트로 들어간다.", {"세그먼트", "포트", "남"}),
    ("재전송된 FIN에 다시 응답한다.", {"재전송", "응답"}),
    ("마지막 ACK가 유실되면 상대가 FIN을 다시 보낸다.", {"유실", "상대", "보내"}),
    ("ISN을 예측할 수 있으면 공격자가 세그먼트를 끼워 넣을 수 있다.",
     {"예측", "공격자", "끼우", "넣"}),
    ("ACK가 도착하지 못하면 서버는 기다린다.", {"도착", "기다리"}),
    ("마지막 ACK를 잃어버렸을 때 대답할 주체가 없다.", {"잃어버리", "대답", "주체"}),
    ("서버는 미처 못 보낸 응답을 마저 전송한다.", {"보내", "응답", "전송"}),
    ("클라이언트의 FIN은 더 보낼 게 없다는 뜻이다.", {"보내", "뜻"}),
    ("옛 연결의 늦은 세그먼트가 새 연결에 잘못 받아들여질 수 있다.",
     {"늦", "세그먼트", "받아들이"}),
]  # fmt: skip


def kiwi() -> Callable[[str], set[str]]:
    from kiwipiepy import Kiwi

    analyser = Kiwi()
    return lambda text: {t.form for t in analyser.tokenize(text)}


def mecab() -> Callable[[str], set[str]]:
    import mecab_ko  # type: ignore[import-not-found]

    tagger = mecab_ko.Tagger()

    def stems(text: str) -> set[str]:
        found = set()
        for line in tagger.parse(text).splitlines():
            if "\t" not in line:
                continue
            surface, features = line.split("\t", 1)
            fields = features.split(",")
            if len(fields) > 7 and fields[7] != "*":  # `보내/VV/*+ᆫ다/EF/*`
                found.update(part.split("/")[0] for part in fields[7].split("+"))
            else:
                found.add(surface)
        return found

    return stems


def main() -> None:
    rows = yaml.safe_load((ROOT / "tests/quiz/data/labelled_answers.yaml").read_text("utf-8"))
    answers = [r["answer"] for r in rows]
    for name, make in (("kiwi", kiwi), ("mecab-ko", mecab)):
        start = time.perf_counter()
        try:
            analyse = make()
            analyse(
                "서버는 보낼 데이터가 남아 있어서 ACK만 먼저 보낸다."
            )  # first sentence loads more
        except ImportError:
            print(f"{name}: not installed")
            continue
        load_ms = (time.perf_counter() - start) * 1000
        times = []
        for text in answers:
            start = time.perf_counter()
            analyse(text)
            times.append((time.perf_counter() - start) * 1000)
        wanted = sum(len(stems) for _, stems in CASES)
        found = sum(len(stems & analyse(text)) for text, stems in CASES)
        missing = [s for text, stems in CASES for s in sorted(stems - analyse(text))]
        print(
            f"{name}: load {load_ms:.0f} ms; analyse an answer median "
            f"{statistics.median(times):.2f} ms, max {max(times):.1f} ms; stems found "
            f"{found}/{wanted} (missing: {', '.join(missing) or 'none'})"
        )


if __name__ == "__main__":
    main()
