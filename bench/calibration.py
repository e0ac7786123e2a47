"""Prints the calibration table of the verdict: the reference profiles written into the shipped
questionnaire, and how the failure-risk band spreads over many simulated realistic organisations.

    python bench/calibration.py [--count 10000] [--seed 2026] [--questionnaire social-collaboration-readiness]

Simulated organisations are not uniform noise: each has an ownership (IT-led, business- or
HR-led, shared, unowned), a stage and a level of preparation per dimension, and its answers
lean towards that level (`scoring.sampling.realistic_answers`; the assumptions are stated
there). The output is Markdown, for the README.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring import Questionnaire, ReadinessResult, load_file, score_response  # noqa: E402
from scoring.format.loader import example_answers  # noqa: E402
from scoring.format.schema import BANDS  # noqa: E402
from scoring.sampling import realistic_answers, realistic_organisation  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
INDEX_BINS = ((0, 40, "under 40"), (40, 55, "40-54"), (55, 70, "55-69"), (70, 101, "70 and over"))


def profiles_table(q: Questionnaire) -> list[str]:
    lines = [
        "| reference profile | stage | index | level | band | top risks | actions (high or critical) |",
        "|---|---|---|---|---|---|---|",
    ]
    for example in q.spec.examples:
        result = score_response(q, example_answers(q, example))
        stage = result.stage.choice if result.stage else "-"
        level = str(result.maturity_level)
        if result.level_by_score != result.maturity_level:
            level += f" (index alone: {result.level_by_score})"
        top = ", ".join(result.risk_ids()[:3]) or "none"
        serious = sum(1 for a in result.actions if a.severity in ("high", "critical"))
        lines.append(
            f"| {example.name} | {stage} | {result.readiness_index:.0f} | {level} | {_band(result)} "
            f"| {top} | {len(result.actions)} ({serious}) |"
        )
    return lines


def _band(result: ReadinessResult) -> str:
    """The failure band, or "-" for a model without one."""
    return result.risk_band.band if result.risk_band is not None else "-"


def _shares(counts: Counter[str]) -> str:
    total = sum(counts.values()) or 1
    return " | ".join(f"{100 * counts[band] / total:.0f}%" for band in BANDS)


def simulate(q: Questionnaire, pulse: Questionnaire | None, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    by_owner: dict[str, Counter[str]] = {}
    by_index: dict[str, Counter[str]] = {}
    by_stage: dict[str, Counter[str]] = {}
    overall: Counter[str] = Counter()
    business_50: Counter[str] = Counter()
    diffs: list[float] = []
    steps: Counter[int] = Counter()
    for _ in range(count):
        org = realistic_organisation(q, rng)
        answers = realistic_answers(q, rng, org)
        result = score_response(q, answers)
        if result.readiness_index is None:
            continue
        band, index = _band(result), result.readiness_index
        overall[band] += 1
        by_owner.setdefault(org.ownership, Counter())[band] += 1
        label = next(name for low, high, name in INDEX_BINS if low <= index < high)
        by_index.setdefault(label, Counter())[band] += 1
        stage = "before launch" if result.stage and result.stage.before_launch else "live platform"
        by_stage.setdefault(stage, Counter())[band] += 1
        if org.ownership == "business_led" and 45 <= index < 55:
            business_50[band] += 1
        if pulse is not None:
            on_pulse = score_response(pulse, {k: v for k, v in answers.items() if k in pulse.questions})
            if on_pulse.readiness_index is not None and on_pulse.risk_band is not None and band in BANDS:
                diffs.append(on_pulse.readiness_index - index)
                steps[abs(BANDS.index(on_pulse.risk_band.band) - BANDS.index(band))] += 1
    header = ["| simulated organisations | n | " + " | ".join(BANDS) + " |", "|---|---|" + "---|" * len(BANDS)]
    rows = [f"| all | {sum(overall.values())} | {_shares(overall)} |"]
    for *_, name in INDEX_BINS:
        rows.append(f"| index {name} | {sum(by_index[name].values())} | {_shares(by_index[name])} |")
    rows += [f"| {owner} | {sum(c.values())} | {_shares(c)} |" for owner, c in sorted(by_owner.items())]
    rows += [f"| {stage} | {sum(c.values())} | {_shares(c)} |" for stage, c in sorted(by_stage.items())]
    rows.append(f"| business-led, index 45-54 | {sum(business_50.values())} | {_shares(business_50)} |")
    out = header + rows
    if diffs:
        within = sum(1 for d in diffs if abs(d) <= 10) / len(diffs)
        out += [
            "",
            f"Pulse vs full on the same simulated answers: mean difference {statistics.mean(diffs):+.1f} points "
            f"(sd {statistics.pstdev(diffs):.1f}), {100 * within:.0f}% within 10 points; band steps apart: "
            + ", ".join(f"{k}: {100 * v / len(diffs):.0f}%" for k, v in sorted(steps.items())),
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questionnaire", default="social-collaboration-readiness")
    parser.add_argument("--pulse", default="executive-pulse", help="compared on the same answers ('' for none)")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    q = load_file(ROOT / "questionnaires" / f"{args.questionnaire}.yaml")
    pulse = load_file(ROOT / "questionnaires" / f"{args.pulse}.yaml") if args.pulse else None
    print(f"Calibration of {q.id} version {q.version}\n")
    print("\n".join(profiles_table(q)))
    print()
    print("\n".join(simulate(q, pulse, args.count, args.seed)))


if __name__ == "__main__":
    main()
