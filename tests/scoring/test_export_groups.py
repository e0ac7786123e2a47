"""The anonymity rule for exports with one row per person (`row_groups`), on any room."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from scoring.group import row_groups

LABELS = st.one_of(st.none(), st.sampled_from(["a", "b", "c", "d"]))


@given(people=st.lists(st.tuples(LABELS, LABELS), max_size=40), threshold=st.integers(2, 6))
def test_every_set_of_rows_with_the_same_labels_holds_none_or_at_least_the_threshold(people, threshold):
    labels = row_groups([role for role, _ in people], [team for _, team in people], threshold)
    if len(people) < threshold:
        assert labels == []
        return
    assert len(labels) == len(people)
    for key in (lambda r, t: r, lambda r, t: t, lambda r, t: (r, t)):
        sizes = Counter(key(role, team) for role, team in labels)
        assert all(n >= threshold for n in sizes.values()), (labels, sizes)


@given(people=st.lists(st.tuples(LABELS, LABELS), min_size=6, max_size=40))
def test_a_row_names_only_its_own_role_and_team(people):
    labels = row_groups([role for role, _ in people], [team for _, team in people], 3)
    for (role, team), (shown_role, shown_team) in zip(people, labels, strict=True):
        assert shown_role in (None, "other", role)
        assert shown_team in (None, "other", team)


def test_the_case_of_the_issue():
    roles = ["business"] * 5 + ["hr"] * 4 + ["it"] * 2
    labels = row_groups(roles, [None] * 11, 3)
    assert Counter(role for role, _ in labels) == {"business": 5, None: 6}
