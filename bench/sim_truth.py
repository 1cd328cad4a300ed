"""Does the simulator say only what its runs show? The sweep issue 12 asks for, as figures.

    .venv/bin/python bench/sim_truth.py [--seeds 20]

1. Every scenario × both profiles × each seed, no user change: every claim must hold.
2. Every scenario × both profiles × each seed × `--drop k` for k = 1..N (N = segments the
   plain run sends): each step's narration must agree with its event (the same check as
   tests/tcp/test_truth.py); runs where the drop breaks the lesson are counted, and each
   must say so in its text ("the lesson no longer applies") and name the broken claims.
3. Each scenario's claims (English), for the closing note.

Prints counts; exits 1 when any run disagrees, listing the first few.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.tcp.test_truth

from quizapp.tcp.network import Drop
from quizapp.tcp.render import render_text
from quizapp.tcp.scenarios import SCENARIOS, run_scenario
from tests.tcp.test_truth import narration_agrees

PROFILES = ("rfc", "linux")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    seeds = range(parser.parse_args().seeds)
    problems: list[str] = []

    runs = claims = 0
    for name in SCENARIOS:
        for profile in PROFILES:
            for seed in seeds:
                trace = run_scenario(name, profile, seed=seed)
                runs += 1
                claims += len(trace.claims)
                problems += [
                    f"{name} {profile} seed {seed}: claim fails: {c.claim.en}"
                    for c in trace.claims
                    if not c.holds
                ] + ([f"{name} {profile} seed {seed}: no claims"] if not trace.claims else [])
    print(
        f"1. plain runs: {runs} ({len(SCENARIOS)} scenarios × 2 profiles × {len(seeds)} seeds), "
        f"claims checked: {claims}, failing: {sum('claim fails' in p for p in problems)}"
    )

    drop_runs = steps = broken = said = 0
    per_scenario: dict[str, tuple[int, int]] = {}
    for name in SCENARIOS:
        total = lessons_broken = 0
        for profile in PROFILES:
            for seed in seeds:
                sent = run_scenario(name, profile, seed=seed).segments_sent
                for k in range(1, sent + 1):
                    trace = run_scenario(name, profile, seed=seed, extra_rules=(Drop(k),))
                    run = f"{name} {profile} seed {seed} --drop {k}"
                    drop_runs += 1
                    total += 1
                    for step in trace.steps:
                        steps += 1
                        try:
                            narration_agrees(trace, step)
                        except AssertionError:
                            problems.append(f"{run}: step {step.n}")
                    if trace.lesson_holds:
                        continue
                    broken += 1
                    lessons_broken += 1
                    for lang, head in (("en", "lesson no longer applies"), ("ko", "더 이상 성립")):
                        text = render_text(trace, lang=lang)
                        named = all(c.claim.text(lang) in text for c in trace.broken_claims)
                        if head not in text or not named:
                            problems.append(f"{run}: silent ({lang})")
                    said += 1
        per_scenario[name] = (total, lessons_broken)
    print(
        f"2. drop runs: {drop_runs} (each --drop 1..N × 2 profiles × {len(seeds)} seeds), "
        f"steps narrated: {steps}, disagreeing: "
        f"{sum('step' in p for p in problems)}"
    )
    print(
        f"   lesson broken in {broken} runs; said so in both languages, naming the broken "
        f"claims: {said - sum('silent' in p for p in problems)}"
    )
    for name, (total, lessons_broken) in per_scenario.items():
        print(f"   {name:<28} {lessons_broken:>4} of {total:>4} drop runs break the lesson")

    print("3. claims:")
    for name, scenario in SCENARIOS.items():
        print(f"   {name}: " + "; ".join(c.en for c in scenario.claims))

    if problems:
        print(f"{len(problems)} problems, first ones:", *problems[:20], sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
