"""What a command costs before it does anything: CPU seconds of `readiness --help` and
`readiness validate` against importing Flask alone (target: at most three times).

    python bench/startup_bench.py [--runs 7]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def cpu_seconds(command: list[str], runs: int) -> float:
    """The least CPU (user + system) the command took over `runs` runs: the least disturbed one."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        best = min(best, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    readiness = str(BIN / "readiness")
    cases = {
        "import flask": [sys.executable, "-c", "import flask"],
        "readiness --help": [readiness, "--help"],
        "readiness validate (pulse)": [readiness, "validate", "questionnaires/executive-pulse.yaml"],
        "readiness validate (full)": [readiness, "validate", "questionnaires/social-collaboration-readiness.yaml"],
        "create_app()": [sys.executable, "-c", "from assessment.factory import create_app; create_app()"],
    }
    base = None
    for name, command in cases.items():
        seconds = cpu_seconds(command, args.runs)
        base = base or seconds
        print(f"{name:32} {seconds:6.3f} s CPU  {seconds / base:4.1f}x import flask")


if __name__ == "__main__":
    main()
