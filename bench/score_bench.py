"""Scores generated answer sets of a questionnaire on one core and prints responses per second.

    python bench/score_bench.py [--questionnaire social-collaboration-readiness] [--count 100000]

Answer sets are generated first (not timed), then each is scored with `score_response`,
which builds the full explained result (contributions, triggers, actions).
"""

from __future__ import annotations

import argparse
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring import load_file, score_response  # noqa: E402
from scoring.sampling import random_answers  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questionnaire", default="social-collaboration-readiness")
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    q = load_file(ROOT / "questionnaires" / f"{args.questionnaire}.yaml")
    rng = random.Random(args.seed)
    distinct = [random_answers(q, rng) for _ in range(min(args.count, 5000))]
    answer_sets = [distinct[i % len(distinct)] for i in range(args.count)]

    started = time.perf_counter()
    checksum = 0.0
    for answers in answer_sets:
        result = score_response(q, answers)
        checksum += result.readiness_index or 0.0
    elapsed = time.perf_counter() - started

    print(f"questionnaire      {q.id} v{q.version} ({len(q.questions)} questions)")
    print(f"machine            {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    print(f"answer sets        {args.count:,} ({len(distinct):,} distinct)")
    print(f"elapsed            {elapsed:.2f} s on one core")
    print(f"responses/second   {args.count / elapsed:,.0f}")
    print(f"mean index         {checksum / args.count:.1f} (checksum)")


if __name__ == "__main__":
    main()
