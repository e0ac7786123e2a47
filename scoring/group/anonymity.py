"""Anonymity: the only place that decides which groups a figure may show.

No figure describes a role group smaller than the threshold. Roles below it fold into
"other"; an "other" still below it is not shown (its members count in the totals). A
group's mean for one question or dimension is shown only when at least `threshold` of its
members contributed to it, and when the contributors left out of a breakdown number fewer
than the threshold, the smallest shown groups are left out too, so that no one's answer
can be worked out by subtracting the shown groups from the total. Teams get counts only:
means by team beside means by role would let figures for the intersections be worked out.
Exports that give one row per person name a role and a team only where every combination
named holds at least the threshold (`row_groups`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

OTHER = "other"


def fold_groups(counts: dict[str, int], threshold: int) -> dict[str, str]:
    """Group key -> the key it is shown under: itself, or "other" when it has fewer than `threshold`.

    Whether "other" is shown at all depends on its folded size (see `fold`).
    """
    return {key: key if counts[key] >= threshold else OTHER for key in sorted(counts)}


def shown_groups(cells: dict[Any, int], threshold: int) -> set[str]:
    """The groups whose figure may be shown, given how many members contributed to it.

    `cells` maps group key (None for people in no shown group) to contributors. Groups
    under the threshold are left out; when the contributors left out number fewer than
    the threshold, the smallest shown groups are left out too, so that subtracting the
    shown groups from the total never gives the answers of fewer than `threshold` people.
    """
    shown = {key: count for key, count in cells.items() if key is not None and count >= threshold}
    hidden = sum(cells.values()) - sum(shown.values())
    while 0 < hidden < threshold and shown:
        smallest = min(shown, key=lambda key: (shown[key], key))
        hidden += shown.pop(smallest)
    return set(shown)


@dataclass(frozen=True, slots=True)
class Grouping:
    """Which group each label is shown under, and the groups that are shown."""

    groups: dict[str, str | None]  # label ("other" for none) -> shown group, None when not shown
    shown: list[tuple[str, int]]  # shown groups and their sizes, largest first ("other" last among equals)

    def group_of(self, label: str | None) -> str | None:
        return self.groups[OTHER if label is None else label]


def fold(labels: Iterable[str | None], threshold: int, *, subtraction_rule: bool = False) -> Grouping:
    """The folding rule over everyone's labels (None: no label, shown as "other").

    With `subtraction_rule`, the smallest shown groups are also hidden while the people in
    hidden groups number fewer than `threshold` (see `shown_groups`).
    """
    return fold_counts(Counter(labels), threshold, subtraction_rule=subtraction_rule)


def fold_counts(labels: Mapping[str | None, int], threshold: int, *, subtraction_rule: bool = False) -> Grouping:
    """`fold` over labels already counted: {label: people}."""
    counts: Counter[str] = Counter()
    for label, count in labels.items():
        counts[OTHER if label is None else label] += count
    mapping = fold_groups(counts, threshold)
    sizes: Counter[str] = Counter()
    for key, count in counts.items():
        sizes[mapping[key]] += count
    visible = shown_groups(sizes, threshold) if subtraction_rule else {k for k, n in sizes.items() if n >= threshold}
    shown = sorted(((key, sizes[key]) for key in visible), key=lambda pair: (-pair[1], pair[0] == OTHER, pair[0]))
    return Grouping({key: (group if group in visible else None) for key, group in mapping.items()}, shown)


@dataclass(slots=True)
class Room:
    """The participants' role groups, and which of them each figure may be broken down by."""

    threshold: int
    keys: dict[str | None, str | None]  # a participant's role -> their shown role group, or None
    roles: list[tuple[str, int]]  # shown role groups and their sizes, largest first

    @classmethod
    def of(cls, roles: Mapping[str | None, int], threshold: int) -> Room:
        """The room of participants counted by role: {role (None for none): participants}."""
        grouping = fold_counts(roles, threshold)
        return cls(threshold, {role: grouping.group_of(role) for role in roles}, grouping.shown)

    def breakdown(self, sums: dict[Any, float], counts: dict[Any, int]) -> tuple[dict[str, float], float | None]:
        """Means by shown group (only groups that may be shown for this figure) and their gap."""
        shown = shown_groups(counts, self.threshold)
        by_group = {g: sums[g] / counts[g] for g, _ in self.roles if g in shown}
        gap = max(by_group.values()) - min(by_group.values()) if len(by_group) >= 2 else None
        return by_group, gap


def row_groups(roles: list[str | None], teams: list[str | None], threshold: int) -> list[tuple[str | None, str | None]]:
    """Per row of an export (one row per person): the role and team group the row may name.

    The dashboard's rules, applied to rows: small groups fold into "other", and the
    subtraction rule hides the smallest shown groups while the unnamed rows would be fewer
    than `threshold`. Rows name a role and a team together, so every combination named must
    also hold `threshold` rows: within each role, teams in smaller combinations are left
    unnamed, by the same subtraction rule. Every set of rows with the same labels (unnamed
    included) then holds none or at least `threshold` people. Fewer people than the
    threshold get no rows at all (an empty list).
    """
    if len(roles) < threshold:
        return []
    role_grouping = fold(roles, threshold, subtraction_rule=True)
    team_grouping = fold(teams, threshold, subtraction_rule=True)
    shown_roles = [role_grouping.group_of(role) for role in roles]
    shown_teams = [team_grouping.group_of(team) for team in teams]
    cells = Counter(zip(shown_roles, shown_teams, strict=True))
    named: set[tuple[str | None, str | None]] = set()
    for role in set(shown_roles):
        teams_of_role = {team: count for (key, team), count in cells.items() if key == role}
        named |= {(role, team) for team in shown_groups(teams_of_role, threshold)}
    return [
        (role, team if (role, team) in named else None) for role, team in zip(shown_roles, shown_teams, strict=True)
    ]
