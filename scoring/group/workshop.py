"""Group scoring for workshops: many participants, one questionnaire, figures for the room.

`aggregate_workshop` turns the participants' stored (JSON-form) answers and their own
results into per-question distributions, means, spread and consensus, role-by-role
comparisons with the largest perception gaps first, and the group's answer set (agreed
where the facilitator recorded one, typical otherwise) scored like a single response.
`compare_groups` sets a follow-up workshop against its baseline.

Anonymity comes first: no figure describes a role group smaller than the threshold.
Roles below it fold into "other"; an "other" still below it is not shown (its members
count in the totals). A group's mean for one question or dimension is shown only when at
least `threshold` of its members contributed to it, and when the contributors left out
of a breakdown number fewer than the threshold, the smallest shown groups are left out
too, so that no one's answer can be worked out by subtracting the shown groups from the
total. Teams get counts only: means by team beside means by role would let figures for
the intersections be worked out.

Speed: a dashboard asks for this several times a second. Answers are read column by
column (one question across all participants) straight from their JSON form and counted
with `Counter` over (group, value) pairs; statistics come from the counts. No answer set
is parsed and no result is built per participant.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from itertools import chain
from typing import Any

from scoring.answers import parse_answers
from scoring.engine import score_response
from scoring.format.schema import BANDS, VersionMapping
from scoring.model import Question, Questionnaire
from scoring.results import ReadinessResult

OTHER = "other"
ROLE_QUESTION = "role"  # the profile question whose answer is the respondent's role
LEVELS = (1, 2, 3, 4, 5)
POINTS = (1, 2, 3, 4, 5)
FRACTION_KEYS = frozenset({"consensus", "share", "base_share", "follow_share", "share_delta"})


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class Participant:
    """One workshop participant: stored answers (JSON form) and the figures of their own result."""

    role: str | None
    team: str | None
    answers: dict[str, Any]
    index: float | None
    maturity_level: int | None
    band: str
    dimension_scores: dict[str, float | None]
    risk_ids: list[str]

    @classmethod
    def from_result(
        cls, role: str | None, team: str | None, answers_json: dict[str, Any], result: ReadinessResult
    ) -> Participant:
        return cls(
            role=role,
            team=team,
            answers=answers_json or {},
            index=result.readiness_index,
            maturity_level=result.maturity_level,
            band=result.risk_band.band,
            dimension_scores={d.id: d.score for d in result.dimensions},
            risk_ids=result.risk_ids(),
        )

    @classmethod
    def from_result_dict(
        cls, role: str | None, team: str | None, answers_json: dict[str, Any], result_dict: dict[str, Any]
    ) -> Participant:
        """From `ReadinessResult.to_dict()` as stored with a response."""
        band = result_dict.get("risk_band") or {}
        return cls(
            role=role,
            team=team,
            answers=answers_json or {},
            index=result_dict.get("readiness_index"),
            maturity_level=result_dict.get("maturity_level"),
            band=band.get("band", ""),
            dimension_scores={d["id"]: d.get("score") for d in result_dict.get("dimensions") or ()},
            risk_ids=[r["id"] for r in result_dict.get("risk_factors") or ()],
        )


@dataclass(slots=True)
class IndexStats:
    """The participants' readiness indexes; `stdev` is the population stdev (None under two)."""

    n: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    stdev: float | None


@dataclass(slots=True)
class DimensionStat:
    id: str
    n: int  # participants with a score for this dimension
    mean: float | None
    stdev: float | None
    by_group: dict[str, float]  # shown role group -> mean, largest group first
    gap: float | None  # max - min of by_group when it has two or more groups


@dataclass(slots=True)
class QuestionStat:
    """One question across the workshop.

    `n` counts participants with a (shown, valid) answer, `scored_n` those whose answer
    carries a score ("don't know" does not). `distribution`: single/yesno {choice id: count}
    for every choice; scale {1..5: count} of the current state; multiple {choice id:
    participants who selected it}; number {"min", "median", "max"}.
    """

    id: str
    type: str
    dimension: str | None
    scored: bool
    n: int
    scored_n: int
    distribution: dict[Any, Any]
    mean_score: float | None
    mean_point: float | None  # scales: mean current point
    mean_target: float | None  # scales with a target state: mean target point
    spread: float | None  # population stdev of the question scores (points for unscored scales)
    consensus: float | None  # 0..1
    agreed: Any  # the recorded agreed answer (JSON form) or None
    by_group: dict[str, float]  # shown role group -> mean question score
    gap: float | None


@dataclass(slots=True)
class RoleGap:
    kind: str  # "dimension" or "question"
    id: str
    by_group: dict[str, float]
    gap: float


@dataclass(slots=True)
class RiskStat:
    id: str
    severity: str | None
    count: int
    share: float  # count / respondents


@dataclass(frozen=True, slots=True)
class GroupResult:
    """A workshop's figures. When `suppressed`, only `respondents` is given."""

    questionnaire_id: str
    questionnaire_version: int
    respondents: int
    suppressed: bool
    threshold: int
    roles: list[tuple[str, int]] = field(default_factory=list)
    teams: list[tuple[str, int]] = field(default_factory=list)
    index: IndexStats | None = None
    maturity_distribution: dict[int, int] = field(default_factory=dict)
    band_distribution: dict[str, int] = field(default_factory=dict)
    dimensions: list[DimensionStat] = field(default_factory=list)
    questions: list[QuestionStat] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    role_gaps: list[RoleGap] = field(default_factory=list)
    risks: list[RiskStat] = field(default_factory=list)
    group_answers: dict[str, Any] = field(default_factory=dict)
    group_result: ReadinessResult | None = None
    answered_by_agreed: list[str] = field(default_factory=list)

    def question(self, question_id: str) -> QuestionStat:
        for stat in self.questions:
            if stat.id == question_id:
                return stat
        raise KeyError(question_id)

    def dimension(self, dimension_id: str) -> DimensionStat:
        for stat in self.dimensions:
            if stat.id == dimension_id:
                return stat
        raise KeyError(dimension_id)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: scores to one decimal, shares and consensus to two."""
        raw = {name: getattr(self, name) for name in self.__slots__ if name != "group_result"}
        raw = {k: [asdict(v) for v in value] if k in _LISTS_OF_RECORDS else value for k, value in raw.items()}
        raw["index"] = asdict(self.index) if self.index is not None else None
        raw["roles"] = [list(pair) for pair in self.roles]
        raw["teams"] = [list(pair) for pair in self.teams]
        out = _rounded(raw)
        out["group_result"] = self.group_result.to_dict() if self.group_result is not None else None
        return out


_LISTS_OF_RECORDS = ("dimensions", "questions", "role_gaps", "risks")


@dataclass(slots=True)
class Delta:
    base: float | None
    follow: float | None
    delta: float | None  # follow - base


@dataclass(slots=True)
class DimensionDelta:
    id: str
    base: float | None
    follow: float | None
    delta: float


@dataclass(slots=True)
class QuestionDelta:
    base_id: str
    follow_id: str
    base: float
    follow: float
    delta: float


@dataclass(slots=True)
class RiskDelta:
    id: str
    base_share: float
    follow_share: float
    share_delta: float


@dataclass(slots=True)
class NotCompared:
    kind: str  # "dimension", "question" or "risk"
    id: str  # the baseline id, or the follow-up id for what only the follow-up has
    reason: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """A follow-up workshop against its baseline; deltas are follow-up minus baseline."""

    base_questionnaire: tuple[str, int]
    follow_questionnaire: tuple[str, int]
    base_respondents: int
    follow_respondents: int
    suppressed: bool
    note: str | None = None
    index: Delta | None = None
    dimensions: list[DimensionDelta] = field(default_factory=list)
    base_maturity: dict[int, int] = field(default_factory=dict)
    follow_maturity: dict[int, int] = field(default_factory=dict)
    risks: list[RiskDelta] = field(default_factory=list)
    questions: list[QuestionDelta] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        raw = {name: getattr(self, name) for name in self.__slots__}
        for key in ("dimensions", "risks", "questions", "not_compared"):
            raw[key] = [asdict(v) for v in raw[key]]
        raw["index"] = asdict(self.index) if self.index is not None else None
        return _rounded(raw)


def _rounded(value: Any, key: str | None = None) -> Any:
    if isinstance(value, float):
        return round(value, 2 if key in FRACTION_KEYS else 1)
    if isinstance(value, dict):
        return {k: _rounded(v, k if isinstance(k, str) else key) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v, key) for v in value]
    return value


# --------------------------------------------------------------------------- statistics


def tastle_wierman(values: list[float], low: float, high: float) -> float | None:
    """Tastle & Wierman's consensus (2007) of `values` on the range `low`..`high`: 0..1.

    Cns = 1 + sum_i p_i * log2(1 - |X_i - mu| / (high - low)) over the distinct values X_i
    with relative frequencies p_i and mean mu. 1: everyone gave the same value; 0: an even
    split between the two extremes. None for fewer than two values or an empty range.
    """
    counts = Counter(values)
    return _consensus(counts, len(values), low, high)


def _consensus(counts: dict[float, int], n: int, low: float, high: float) -> float | None:
    width = high - low
    if n < 2 or width <= 0:
        return None
    if any(not low <= value <= high for value in counts):
        raise ValueError(f"values must lie between {low} and {high}")
    mean = math.fsum(value * count for value, count in counts.items()) / n
    total = math.fsum(count * math.log2(1.0 - abs(value - mean) / width) for value, count in counts.items())
    return min(1.0, max(0.0, 1.0 + total / n))


def _mean_stdev(counts: dict[float, int], n: int) -> tuple[float | None, float | None]:
    if not n:
        return None, None
    mean = math.fsum(value * count for value, count in counts.items()) / n
    if n < 2:
        return mean, None
    variance = math.fsum(count * (value - mean) ** 2 for value, count in counts.items()) / n
    return mean, math.sqrt(variance)


def _median(ordered: list[float]) -> float:
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _median_of_counts(counts: dict[int, int]) -> float | None:
    """Median of values given as {value: count} (few distinct values)."""
    n = sum(counts.values())
    if not n:
        return None
    wanted = ((n - 1) // 2, n // 2)  # positions of the middle value(s)
    found = []
    seen = 0
    for value in sorted(counts):
        count = counts[value]
        found += [value for position in wanted if seen <= position < seen + count]
        seen += count
    return (found[0] + found[1]) / 2


def _half_up(value: float) -> int:
    return math.floor(value + 0.5)


def fold_groups(counts: dict[str, int], threshold: int) -> dict[str, str]:
    """Group key -> the key it is shown under: itself, or "other" when it has fewer than `threshold`.

    Whether "other" is shown at all depends on its folded size (see `aggregate_workshop`).
    """
    return {key: key if counts[key] >= threshold else OTHER for key in sorted(counts)}


def _shown_cells(cells: dict[Any, int], threshold: int) -> set[str]:
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


# --------------------------------------------------------------------------- the workshop


@dataclass(slots=True)
class _Room:
    """What every figure of one `aggregate_workshop` call needs."""

    threshold: int
    respondents: int
    role_keys: list[str | None]  # per participant: shown role group, or None
    group_order: list[str]  # shown role groups, largest first

    def breakdown(self, sums: dict[Any, float], counts: dict[Any, int]) -> tuple[dict[str, float], float | None]:
        """Means by shown group (only groups that may be shown for this figure) and their gap."""
        shown = _shown_cells(counts, self.threshold)
        by_group = {g: sums[g] / counts[g] for g in self.group_order if g in shown}
        gap = max(by_group.values()) - min(by_group.values()) if len(by_group) >= 2 else None
        return by_group, gap


def aggregate_workshop(
    q: Questionnaire, participants: list[Participant], threshold: int = 3, agreed: dict[str, Any] | None = None
) -> GroupResult:
    """The workshop's figures; `agreed` maps question id to the answer (JSON form) the group agreed on.

    Raises AnswersInvalid when an agreed answer is not a valid answer to its question.
    """
    if threshold < 1:
        raise ValueError("the anonymity threshold must be at least 1")
    agreed = _valid_agreed(q, agreed or {})
    respondents = len(participants)
    if respondents < threshold:
        return GroupResult(q.id, q.version, respondents, suppressed=True, threshold=threshold)
    room, roles = _room(participants, threshold)
    dimensions = _dimension_stats(q, participants, room)
    questions, typical = _question_stats(q, participants, room, agreed)
    group_answers, by_agreed = _group_answers(q, typical, agreed, roles)
    return GroupResult(
        questionnaire_id=q.id,
        questionnaire_version=q.version,
        respondents=respondents,
        suppressed=False,
        threshold=threshold,
        roles=roles,
        teams=_teams(participants, threshold),
        index=_index_stats(participants),
        maturity_distribution=_maturity(participants),
        band_distribution=_bands(participants),
        dimensions=dimensions,
        questions=questions,
        disagreements=_disagreements(questions),
        role_gaps=_role_gaps(dimensions, questions),
        risks=_risks(q, participants),
        group_answers=group_answers,
        group_result=score_response(q, parse_answers(q, group_answers)),
        answered_by_agreed=by_agreed,
    )


def _valid_agreed(q: Questionnaire, agreed: dict[str, Any]) -> dict[str, Any]:
    """The agreed answers as given (JSON form), once they parse; AnswersInvalid lists every bad one."""
    parse_answers(q, agreed)
    return {qid: agreed[qid] for qid in q.questions if agreed.get(qid) not in (None, "", [])}


def _folded(labels: Iterable[str | None], threshold: int) -> tuple[dict[str, str | None], list[tuple[str, int]]]:
    """label -> shown group (None when not shown) and the shown groups with counts, largest first."""
    counts = Counter(OTHER if label is None else label for label in labels)
    mapping = fold_groups(counts, threshold)
    folded: Counter[str] = Counter()
    for key, count in counts.items():
        folded[mapping[key]] += count
    shown = sorted(
        ((key, count) for key, count in folded.items() if count >= threshold),
        key=lambda pair: (-pair[1], pair[0] == OTHER, pair[0]),
    )
    visible = {key for key, _ in shown}
    return {key: (group if group in visible else None) for key, group in mapping.items()}, shown


def _room(participants: list[Participant], threshold: int) -> tuple[_Room, list[tuple[str, int]]]:
    groups, roles = _folded((p.role for p in participants), threshold)
    keys = [groups[OTHER if p.role is None else p.role] for p in participants]
    return _Room(threshold, len(participants), keys, [key for key, _ in roles]), roles


def _teams(participants: list[Participant], threshold: int) -> list[tuple[str, int]]:
    """Team groups and their sizes only; empty when nobody gave a team."""
    if all(p.team is None for p in participants):
        return []
    return _folded((p.team for p in participants), threshold)[1]


def _index_stats(participants: list[Participant]) -> IndexStats:
    values = sorted(p.index for p in participants if p.index is not None)
    if not values:
        return IndexStats(0, None, None, None, None, None)
    mean, stdev = _mean_stdev(Counter(values), len(values))
    return IndexStats(len(values), mean, _median(values), values[0], values[-1], stdev)


def _maturity(participants: list[Participant]) -> dict[int, int]:
    counts = Counter(p.maturity_level for p in participants)
    return {level: counts.get(level, 0) for level in LEVELS}


def _bands(participants: list[Participant]) -> dict[str, int]:
    counts = Counter(p.band for p in participants)
    known = {band: counts.pop(band, 0) for band in BANDS}
    counts.pop("", None)
    return known | {band: counts[band] for band in sorted(counts, key=str) if band is not None}


def _dimension_stats(q: Questionnaire, participants: list[Participant], room: _Room) -> list[DimensionStat]:
    stats = []
    for dimension_id in q.dimensions:
        column = [p.dimension_scores.get(dimension_id) for p in participants]
        values = Counter(v for v in column if v is not None)
        sums: dict[Any, float] = {}
        counts: Counter[Any] = Counter()
        for key, value in zip(room.role_keys, column, strict=True):
            if value is not None:
                sums[key] = sums.get(key, 0.0) + value
                counts[key] += 1
        n = counts.total()
        mean, stdev = _mean_stdev(values, n)
        by_group, gap = room.breakdown(sums, counts)
        stats.append(DimensionStat(dimension_id, n, mean, stdev, by_group, gap))
    return stats


# --------------------------------------------------------------------------- questions


def _question_stats(
    q: Questionnaire, participants: list[Participant], room: _Room, agreed: dict[str, Any]
) -> tuple[list[QuestionStat], dict[str, Any]]:
    """Per-question figures (file order, no text, no role question) and each question's typical answer."""
    answer_sets = [p.answers if type(p.answers) is dict else {} for p in participants]
    hidden = _hidden_answers(q, answer_sets)
    stats, typical = [], {}
    for qid, question in q.questions.items():
        if question.type == "text" or qid == ROLE_QUESTION:
            continue
        column = [answers.get(qid) for answers in answer_sets]
        for position in hidden.get(qid, ()):
            column[position] = None
        stat, usual = _COLUMN_READERS[question.type](question, column, room)
        stat.agreed = agreed.get(qid)
        stats.append(stat)
        if usual is not None:
            typical[qid] = usual
    return stats, typical


def _hidden_answers(q: Questionnaire, answer_sets: list[dict[str, Any]]) -> dict[str, list[int]]:
    """Positions of answers to questions that the participant's own earlier answers hide.

    Scoring ignores such answers, so the group figures do too. Only the questions that
    conditions refer to are normalised, and only questions with a condition are checked.
    """
    conditional = [(qid, question.show_if) for qid, question in q.questions.items() if question.show_if is not None]
    if not conditional:
        return {}
    referenced = {leaf.question for _, condition in conditional for leaf in condition.leaves()}
    readers = [(qid, q.questions[qid]) for qid in q.questions if qid in referenced]
    hidden: dict[str, list[int]] = {}
    for position, answers in enumerate(answer_sets):
        shown = {qid: _normalised(question, answers[qid]) for qid, question in readers if qid in answers}
        for qid, condition in conditional:
            if condition.witness(shown) is None:
                shown.pop(qid, None)
                if qid in answers:
                    hidden.setdefault(qid, []).append(position)
    return hidden


def _normalised(question: Question, value: Any) -> Any:
    """The normalised form conditions read, without the checks of `parse_value` (they only compare)."""
    kind = question.type
    if kind == "multiple":
        return frozenset(value) if isinstance(value, list) else frozenset([value])
    if kind == "scale":
        if isinstance(value, dict):
            return (value.get("current"), value.get("target"))
        return (value, None)
    if kind == "yesno" and isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _new_stat(question: Question, n: int, distribution: dict[Any, Any]) -> QuestionStat:
    return QuestionStat(
        id=question.id,
        type=question.type,
        dimension=question.dimension,
        scored=question.scored,
        n=n,
        scored_n=0,
        distribution=distribution,
        mean_score=None,
        mean_point=None,
        mean_target=None,
        spread=None,
        consensus=None,
        agreed=None,
        by_group={},
        gap=None,
    )


def _apply_scores(stat: QuestionStat, cells: dict[tuple[Any, float], int], room: _Room) -> None:
    """Mean, spread, consensus and role breakdown from {(group, question score): participants}."""
    totals: Counter[float] = Counter()
    sums: dict[Any, float] = {}
    counts: Counter[Any] = Counter()
    for (key, score), count in cells.items():
        totals[score] += count
        sums[key] = sums.get(key, 0.0) + score * count
        counts[key] += count
    n = totals.total()
    stat.scored_n = n
    stat.mean_score, stat.spread = _mean_stdev(totals, n)
    stat.consensus = _consensus(totals, n, 0.0, 100.0)
    stat.by_group, stat.gap = room.breakdown(sums, counts)


def _pair_counts(room: _Room, column: list[Any], valid: type | tuple[type, ...]) -> Counter[tuple[Any, Any]]:
    """{(group, answer): participants}; answers not of the `valid` type(s) become None."""
    try:
        return Counter(zip(room.role_keys, column, strict=True))
    except TypeError:  # an unhashable (malformed) stored answer
        return Counter(zip(room.role_keys, [a if isinstance(a, valid) else None for a in column], strict=True))


def _read_choice(question: Question, column: list[Any], room: _Room) -> tuple[QuestionStat, Any]:
    if question.type == "yesno" and (True in column or False in column):
        column = [("yes" if a else "no") if type(a) is bool else a for a in column]
    pairs = _pair_counts(room, column, str)
    distribution = {choice.id: 0 for choice in question.choices}
    for (_, answer), count in pairs.items():
        if type(answer) is str and answer in distribution:
            distribution[answer] += count
    stat = _new_stat(question, sum(distribution.values()), distribution)
    if question.scored:
        scores = {choice.id: choice.score for choice in question.choices if choice.score is not None}
        cells: Counter[tuple[Any, float]] = Counter()
        for (key, answer), count in pairs.items():
            if type(answer) is str and answer in scores:
                cells[key, scores[answer]] += count
        _apply_scores(stat, cells, room)
    elif stat.n >= 2:
        stat.consensus = max(distribution.values()) / stat.n
    usual = max(distribution, key=distribution.__getitem__) if stat.n else None  # first of the most chosen
    return stat, usual


def _read_scale(question: Question, column: list[Any], room: _Room) -> tuple[QuestionStat, Any]:
    currents = [a.get("current") if type(a) is dict else a for a in column]
    pairs = _pair_counts(room, currents, int)
    cells: Counter[tuple[Any, float]] = Counter()
    distribution = dict.fromkeys(POINTS, 0)
    for (key, point), count in pairs.items():
        if point in distribution and type(point) is not bool:
            distribution[point] += count
            cells[key, (point - 1) * 25.0] += count
    stat = _new_stat(question, sum(distribution.values()), distribution)
    if not stat.n:
        return stat, None
    stat.mean_point = math.fsum(p * c for p, c in distribution.items()) / stat.n
    if question.scored:
        _apply_scores(stat, cells, room)
    else:
        stat.spread = _mean_stdev(distribution, stat.n)[1]
        stat.consensus = _consensus(distribution, stat.n, 1, 5)
    usual: dict[str, int] = {"current": _half_up(_median_of_counts(distribution))}
    if question.spec.target:
        targets = Counter(a.get("target") for a in column if type(a) is dict and type(a.get("target")) is int)
        targets = {t: targets[t] for t in POINTS if t in targets}
        if targets:
            stat.mean_target = math.fsum(t * c for t, c in targets.items()) / sum(targets.values())
            usual["target"] = _half_up(_median_of_counts(targets))
    return stat, usual


def _read_multiple(question: Question, column: list[Any], room: _Room) -> tuple[QuestionStat, Any]:
    points = {choice.id: choice.score or 0 for choice in question.choices}
    selections, keys, scores = [], [], []
    for key, answer in zip(room.role_keys, column, strict=True):
        if type(answer) is str:
            answer = [answer]
        elif type(answer) is not list or not answer:
            continue
        try:
            total = sum(map(points.__getitem__, answer))
        except (KeyError, TypeError):
            continue  # a choice that does not exist: not a valid answer
        selections.append(answer)
        keys.append(key)
        scores.append(100.0 if total > 100 else (0.0 if total < 0 else float(total)))
    selected = Counter(chain.from_iterable(selections))
    distribution = {choice.id: selected.get(choice.id, 0) for choice in question.choices}
    stat = _new_stat(question, len(selections), distribution)
    if question.scored:
        _apply_scores(stat, Counter(zip(keys, scores, strict=True)), room)
    elif stat.n >= 2:
        shares = [count / stat.n for count in distribution.values()]
        stat.consensus = math.fsum(abs(2 * share - 1) for share in shares) / len(shares)
    return stat, _typical_selection(question, distribution, stat.n)


def _typical_selection(question: Question, distribution: dict[str, int], n: int) -> list[str] | None:
    """Choices selected by at least half; an exclusive choice wins only with more votes than the rest."""
    chosen = [choice for choice in question.choices if n and 2 * distribution[choice.id] >= n]
    exclusive = [c for c in chosen if c.exclusive]
    plain = [c for c in chosen if not c.exclusive]
    if exclusive:
        top = max(exclusive, key=lambda c: distribution[c.id])  # first of the most selected
        if not plain or distribution[top.id] > max(distribution[c.id] for c in plain):
            return [top.id]
    return [c.id for c in plain] or None


def _read_number(question: Question, column: list[Any], room: _Room) -> tuple[QuestionStat, Any]:
    bands = tuple((b.at_least, b.at_most, b.score) for b in question.spec.score_bands or ())
    memo: dict[float, float | None] = {}
    values, cells = [], Counter()
    for key, answer in zip(room.role_keys, column, strict=True):
        if type(answer) not in (int, float) or not math.isfinite(answer):
            continue
        values.append(answer)
        if answer not in memo:
            memo[answer] = _band_score(bands, answer)
        if memo[answer] is not None:
            cells[key, memo[answer]] += 1
    values.sort()
    distribution = {"min": values[0], "median": _median(values), "max": values[-1]} if values else {}
    stat = _new_stat(question, len(values), distribution)
    if question.scored:
        _apply_scores(stat, cells, room)
    if not values:
        return stat, None
    median = distribution["median"]
    return stat, _half_up(median) if question.spec.integer else median


def _band_score(bands: tuple[tuple[float | None, float | None, float], ...], value: float) -> float | None:
    for at_least, at_most, score in bands:
        if (at_least is None or value >= at_least) and (at_most is None or value <= at_most):
            return float(score)
    return None


_COLUMN_READERS = {
    "single": _read_choice,
    "yesno": _read_choice,
    "scale": _read_scale,
    "multiple": _read_multiple,
    "number": _read_number,
}


def _disagreements(questions: list[QuestionStat]) -> list[str]:
    """Scored questions answered with a score by two or more, least consensus first (ties: file order)."""
    candidates = [stat for stat in questions if stat.scored and stat.scored_n >= 2 and stat.consensus is not None]
    return [stat.id for stat in sorted(candidates, key=lambda stat: stat.consensus)]


def _role_gaps(dimensions: list[DimensionStat], questions: list[QuestionStat]) -> list[RoleGap]:
    """Largest perception gap between role groups first; ties: dimensions, then questions, in file order."""
    entries = [RoleGap("dimension", d.id, d.by_group, d.gap) for d in dimensions if d.gap is not None]
    entries += [RoleGap("question", s.id, s.by_group, s.gap) for s in questions if s.gap is not None]
    return sorted(entries, key=lambda entry: -entry.gap)


def _risks(q: Questionnaire, participants: list[Participant]) -> list[RiskStat]:
    counts = Counter(chain.from_iterable(set(p.risk_ids) for p in participants))
    order = [risk_id for risk_id in q.risk_factors if risk_id in counts]
    order += sorted(risk_id for risk_id in counts if risk_id not in q.risk_factors)
    respondents = len(participants)
    stats = [
        RiskStat(risk_id, _severity(q, risk_id), counts[risk_id], counts[risk_id] / respondents) for risk_id in order
    ]
    return sorted(stats, key=lambda stat: -stat.count)


def _severity(q: Questionnaire, risk_id: str) -> str | None:
    factor = q.risk_factors.get(risk_id)
    return factor.severity if factor is not None else None


def _group_answers(
    q: Questionnaire, typical: dict[str, Any], agreed: dict[str, Any], roles: list[tuple[str, int]]
) -> tuple[dict[str, Any], list[str]]:
    """The group's answer set (JSON form, file order) and the questions answered by agreement.

    Answers to questions that the group answers themselves hide are left out.
    """
    typical = dict(typical)
    role_question = q.questions.get(ROLE_QUESTION)
    if role_question is not None:
        role_ids = [key for key, _ in roles if key != OTHER and role_question.choice(key) is not None]
        if role_ids:
            typical[ROLE_QUESTION] = role_ids[0]  # the largest shown role group
    answers = {
        qid: agreed[qid] if qid in agreed else typical[qid] for qid in q.questions if qid in agreed or qid in typical
    }
    shown = q.visible(parse_answers(q, answers))
    answers = {qid: value for qid, value in answers.items() if qid in shown}
    return answers, [qid for qid in answers if qid in agreed]


# --------------------------------------------------------------------------- comparison


def compare_groups(
    base_q: Questionnaire,
    base: GroupResult,
    follow_q: Questionnaire,
    follow: GroupResult,
    question_map: dict[str, str | None] | None = None,
) -> Comparison:
    """A follow-up workshop against its baseline.

    `question_map` maps baseline question ids to follow-up ids (None: dropped). Without
    one, the follow-up file's own `maps_from` entry for the baseline's version is used
    when both are versions of the same questionnaire; otherwise questions match by id.
    """
    head = {
        "base_questionnaire": (base.questionnaire_id, base.questionnaire_version),
        "follow_questionnaire": (follow.questionnaire_id, follow.questionnaire_version),
        "base_respondents": base.respondents,
        "follow_respondents": follow.respondents,
    }
    if base.suppressed or follow.suppressed:
        return Comparison(**head, suppressed=True, note=_suppressed_note(base, follow))
    if question_map is None:
        question_map = _file_map(base_q, follow_q)
    not_compared: list[NotCompared] = []
    return Comparison(
        **head,
        suppressed=False,
        index=_index_delta(base, follow),
        dimensions=_dimension_deltas(base, follow, not_compared),
        base_maturity=dict(base.maturity_distribution),
        follow_maturity=dict(follow.maturity_distribution),
        risks=_risk_deltas(base_q, base, follow_q, follow, not_compared),
        questions=_question_deltas(base_q, base, follow_q, follow, question_map, not_compared),
        not_compared=not_compared,
    )


def _suppressed_note(base: GroupResult, follow: GroupResult) -> str:
    sides = [
        f"the {name} has fewer than {side.threshold} respondents"
        for name, side in (("baseline", base), ("follow-up", follow))
        if side.suppressed
    ]
    text = " and ".join(sides)
    return text[0].upper() + text[1:] + ": only the respondent counts are compared."


def _file_map(base_q: Questionnaire, follow_q: Questionnaire) -> dict[str, str | None]:
    mapping = file_mapping(base_q, follow_q)
    return dict(mapping.questions) if mapping else {}


def file_mapping(base_q: Questionnaire, follow_q: Questionnaire) -> VersionMapping | None:
    """The follow-up file's `maps_from` entry for the baseline's version (versions of one questionnaire only)."""
    if base_q.id != follow_q.id:
        return None
    for mapping in follow_q.spec.maps_from:
        if mapping.version == base_q.version:
            return mapping
    return None


def _delta(base: float | None, follow: float | None) -> float | None:
    return None if base is None or follow is None else follow - base


def _index_delta(base: GroupResult, follow: GroupResult) -> Delta:
    base_mean = base.index.mean if base.index else None
    follow_mean = follow.index.mean if follow.index else None
    return Delta(base_mean, follow_mean, _delta(base_mean, follow_mean))


def _dimension_deltas(base: GroupResult, follow: GroupResult, not_compared: list[NotCompared]) -> list[DimensionDelta]:
    follow_means = {d.id: d.mean for d in follow.dimensions}
    deltas = []
    for dim in base.dimensions:
        if dim.id not in follow_means:
            not_compared.append(NotCompared("dimension", dim.id, "not in the follow-up questionnaire"))
        elif dim.mean is None or follow_means[dim.id] is None:
            side = "baseline" if dim.mean is None else "follow-up"
            not_compared.append(NotCompared("dimension", dim.id, f"no scores in the {side}"))
        else:
            deltas.append(DimensionDelta(dim.id, dim.mean, follow_means[dim.id], follow_means[dim.id] - dim.mean))
    base_ids = {d.id for d in base.dimensions}
    not_compared += [
        NotCompared("dimension", d.id, "not in the baseline questionnaire")
        for d in follow.dimensions
        if d.id not in base_ids
    ]
    return deltas


def _risk_deltas(
    base_q: Questionnaire, base: GroupResult, follow_q: Questionnaire, follow: GroupResult, not_compared: list
) -> list[RiskDelta]:
    base_shares = {r.id: r.share for r in base.risks}
    follow_shares = {r.id: r.share for r in follow.risks}
    ids = [r for r in base_q.risk_factors if r in base_shares or r in follow_shares]
    ids += [r for r in follow_q.risk_factors if r not in ids and (r in base_shares or r in follow_shares)]
    ids += sorted((set(base_shares) | set(follow_shares)) - set(ids))
    deltas = []
    for risk_id in ids:
        if risk_id not in follow_q.risk_factors:
            not_compared.append(NotCompared("risk", risk_id, "not in the follow-up questionnaire"))
        elif risk_id not in base_q.risk_factors:
            not_compared.append(NotCompared("risk", risk_id, "not in the baseline questionnaire"))
        else:
            was, now = base_shares.get(risk_id, 0.0), follow_shares.get(risk_id, 0.0)
            deltas.append(RiskDelta(risk_id, was, now, now - was))
    return sorted(deltas, key=lambda d: -abs(d.share_delta))


def _question_deltas(
    base_q: Questionnaire,
    base: GroupResult,
    follow_q: Questionnaire,
    follow: GroupResult,
    question_map: dict[str, str | None],
    not_compared: list[NotCompared],
) -> list[QuestionDelta]:
    """Mean question scores of matched scored questions, largest change first (ties: baseline file order)."""
    base_stats = {s.id: s for s in base.questions}
    follow_stats = {s.id: s for s in follow.questions}
    matched: set[str] = set()
    deltas = []
    for qid, question in base_q.questions.items():
        if not question.scored:
            continue
        target, reason = match_question(qid, follow_q, question_map)
        if target is not None:
            matched.add(target)
            reason = _why_not(base_stats.get(qid), follow_stats.get(target), follow_q.questions[target])
        if reason is not None:
            not_compared.append(NotCompared("question", qid, reason))
            continue
        was, now = base_stats[qid].mean_score, follow_stats[target].mean_score
        deltas.append(QuestionDelta(qid, target, was, now, now - was))
    not_compared += [
        NotCompared("question", qid, "not in the baseline questionnaire")
        for qid, question in follow_q.questions.items()
        if question.scored and qid not in matched
    ]
    return sorted(deltas, key=lambda d: -abs(d.delta))


def match_question(
    qid: str, follow_q: Questionnaire, question_map: dict[str, str | None]
) -> tuple[str | None, str | None]:
    """The follow-up question id for a baseline question, or None and the reason there is none."""
    if qid in question_map:
        target = question_map[qid]
        if target is None:
            return None, "dropped in the new version"
        if target not in follow_q.questions:
            return None, f"mapped to '{target}', which is not in the follow-up questionnaire"
        return target, None
    if qid in follow_q.questions:
        return qid, None
    return None, "not in the follow-up questionnaire"


def _why_not(was: QuestionStat | None, now: QuestionStat | None, follow_question: Question) -> str | None:
    if not follow_question.scored:
        return "not scored in the follow-up questionnaire"
    if was is None or was.mean_score is None:
        return "no scored answers in the baseline"
    if now is None or now.mean_score is None:
        return "no scored answers in the follow-up"
    return None
