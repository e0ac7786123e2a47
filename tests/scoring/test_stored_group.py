"""A workshop's figures kept as JSON (when retention deletes the answers) read back the same."""

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.answers import to_jsonable
from scoring.group import aggregate_workshop
from scoring.group.stored import group_from_dict, group_to_dict
from scoring.sampling import random_answers
from tests.support.participants import person
from tests.support.questionnaires import full, pulse


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(seed=st.integers(0, 10_000), size=st.integers(0, 25), threshold=st.integers(2, 5), long=st.booleans())
def test_figures_read_back_from_json_equal_the_figures_computed(seed, size, threshold, long):
    q = full() if long else pulse()
    rng = random.Random(seed)
    people = [person(to_jsonable(random_answers(q, rng)), team=rng.choice([None, "a", "b"]), q=q) for _ in range(size)]
    group = aggregate_workshop(q, people, threshold)
    kept = json.loads(json.dumps(group_to_dict(group)))
    assert group_from_dict(q, kept) == group
