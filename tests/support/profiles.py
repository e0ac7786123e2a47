"""Hypothesis profiles: "quick" by default, for the edit-and-test loop; "ci" with five times the
examples, derandomised, for `scripts/test` and CI services; "ci-light", derandomised with the
quick number of examples, for the second database's pass of `scripts/test` (the examples find
input bugs; that pass looks for what only PostgreSQL refuses). HYPOTHESIS_PROFILE picks one.
"""

from __future__ import annotations

import os

from hypothesis import settings

VARIABLE = "HYPOTHESIS_PROFILE"
QUICK = "quick"
CI = "ci"
CI_LIGHT = "ci-light"

settings.register_profile(QUICK, max_examples=50, deadline=None)
# Hypothesis's own "ci" profile (no deadline, derandomised, no example database, failures
# printed with a blob to reproduce them), with more examples.
settings.register_profile(CI, settings.get_profile("ci"), max_examples=250)
settings.register_profile(CI_LIGHT, settings.get_profile("ci"), max_examples=50)


def load_hypothesis_profile() -> str:
    """Load the profile HYPOTHESIS_PROFILE names; unset, "ci" on a CI service (as Hypothesis detects
    it, e.g. from the CI variable) and "quick" elsewhere. Returns the profile's name."""
    detected = CI if settings.get_current_profile_name() == "ci" else QUICK
    name = os.environ.get(VARIABLE) or detected
    settings.load_profile(name)
    return name


def examples(share: float) -> int:
    """A share of the active profile's examples (at least two), for tests where one example is costly."""
    return max(2, round(settings().max_examples * share))
