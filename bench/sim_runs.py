"""How long one narrated, claim-checked scenario run takes (what `quizapp sim` and each
`x` press in the simulator screen wait for), per scenario and profile.

    .venv/bin/python bench/sim_runs.py
"""

from __future__ import annotations

import time

from quizapp.tcp.scenarios import SCENARIOS, run_scenario

RUNS = 20


def main() -> None:
    print(f"{'scenario':<28} {'profile':<6} {'steps':>5} {'ms/run':>7}")
    for name in SCENARIOS:
        for profile in ("rfc", "linux"):
            start = time.perf_counter()
            for seed in range(RUNS):
                trace = run_scenario(name, profile, seed=seed)
            ms = (time.perf_counter() - start) * 1000 / RUNS
            print(f"{name:<28} {profile:<6} {len(trace.steps):>5} {ms:>7.2f}")


if __name__ == "__main__":
    main()
