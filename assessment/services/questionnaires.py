"""Questionnaire versions in the database, and their compiled (cached) form."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from assessment.kept import Kept
from assessment.models import QuestionnaireVersion
from scoring import Questionnaire, load_questionnaire, validate_text
from scoring.format.loader import LoadReport
from scoring.format.problems import Problem

log = logging.getLogger(__name__)


class PublishRefused(ValueError):
    """The file cannot become a new version; `problems` says why, with lines."""

    def __init__(self, problems: list[Problem], clash: bool = False):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
        self.clash = clash  # valid, but its version number is taken by different content


@dataclass(frozen=True)
class Published:
    row: QuestionnaireVersion
    created: bool


_compiled: Kept[Questionnaire] = Kept(64)  # versions kept compiled per process


def compiled(row: QuestionnaireVersion) -> Questionnaire:
    """The scoring model of a stored version, parsed once per process and kept by content hash.

    The source text (100 KB for the full assessment) is a deferred column: it is read from the
    database only here, on the first use of a version, not with every page that loads the row.
    """
    name = f"{row.questionnaire_id}.yaml"
    return _compiled.get(
        (row.content_hash, row.questionnaire_id), lambda: load_questionnaire(row.source.encode("utf-8"), name)
    )


def compiled_versions() -> int:
    """How many versions this process holds compiled."""
    return len(_compiled)


def forget_compiled() -> None:
    _compiled.clear()


def publish(
    session: Session,
    text: str,
    name: str,
    published_by: str | None = None,
    listed: bool | None = None,
    report: LoadReport | None = None,
    team_id: int | None = None,
) -> Published:
    """Store a validated file as a version; the same content again is a no-op.

    `listed` (on the public start page) defaults to what the previous version was, and to
    listed for a questionnaire's first version. `team_id`: the team that alone sees a new
    questionnaire (None: everyone); later versions stay with the first one's team. `report`:
    the text's validation, when the caller has it already (the file is then not parsed again).
    """
    report = report or validate_text(text.encode("utf-8"), name)
    q = report.questionnaire
    if not report.ok or q is None:
        raise PublishRefused(report.problems)
    existing = session.scalars(select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == q.id)).all()
    for row in existing:
        if row.content_hash == q.source_hash:
            return Published(row, created=False)
    clash = version_problem(existing, q, text, name)
    if clash is not None:
        raise PublishRefused([clash], clash=True)
    previous = max(existing, key=lambda r: r.version, default=None)
    if listed is None:
        listed = previous.listed if previous is not None else True
    if previous is not None:
        team_id = previous.team_id
    row = QuestionnaireVersion(
        questionnaire_id=q.id,
        version=q.version,
        content_hash=q.source_hash,
        source=text,
        title=q.text(q.spec.title),
        published_by=published_by,
        listed=listed,
        team_id=team_id,
    )
    session.add(row)
    session.flush()
    log.info("published questionnaire %s version %s", q.id, q.version)
    return Published(row, created=True)


def version_problem(existing: Sequence[QuestionnaireVersion], q: Questionnaire, text: str, name: str) -> Problem | None:
    """Why `q` cannot be published next to the `existing` versions of the same id, if it cannot.

    A changed file must carry a higher version number than every stored one, so results
    recorded under an older version keep pointing at exactly what was answered.
    """
    newest = max((row.version for row in existing), default=0)
    if q.version > newest:
        return None
    return Problem(
        _version_line(text),
        f"version {q.version} is already published with different content; "
        f"set 'version: {newest + 1}' to publish a new version",
        name,
    )


def _version_line(text: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("version:"):
            return number
    return 0


def sync_directory(session: Session, directory: Path) -> list[Published]:
    """Publish every questionnaire file in `directory` that is new or changed (PublishRefused if one is not)."""
    published, refused = sync_what_can_be(session, directory)
    if refused:
        raise PublishRefused([problem for exc in refused.values() for problem in exc.problems])
    return published


def sync_what_can_be(session: Session, directory: Path) -> tuple[list[Published], dict[str, PublishRefused]]:
    """Publish the files in `directory` that can be; the others, with why, by file name.

    One refused file (say a shipped version number that a version published from the
    browser already took) must not keep the others, or the app, from starting.
    """
    published: list[Published] = []
    refused: dict[str, PublishRefused] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            published.append(publish(session, path.read_text(encoding="utf-8"), str(path), published_by="shipped"))
        except PublishRefused as exc:
            log.warning("questionnaire file %s not published: %s", path.name, exc)
            refused[str(path)] = exc
    return published, refused


def listed_versions(session: Session, include_unlisted: bool = False) -> list[QuestionnaireVersion]:
    """The newest listed version of each questionnaire, for the landing page (all of them for workshops)."""
    versions = select(QuestionnaireVersion.questionnaire_id, func.max(QuestionnaireVersion.version).label("v"))
    if not include_unlisted:
        versions = versions.where(QuestionnaireVersion.listed.is_(True))
    newest = versions.group_by(QuestionnaireVersion.questionnaire_id).subquery()
    query = select(QuestionnaireVersion).join(
        newest,
        (QuestionnaireVersion.questionnaire_id == newest.c.questionnaire_id)
        & (QuestionnaireVersion.version == newest.c.v),
    )
    return sorted(session.scalars(query).all(), key=lambda row: (row.questionnaire_id != "executive-pulse", row.title))


def visible_to(team_id: int | None) -> ColumnElement[bool]:
    """Versions a member of the team may see: everyone's, and the team's own."""
    everyone = QuestionnaireVersion.team_id.is_(None)
    return everyone if team_id is None else or_(everyone, QuestionnaireVersion.team_id == team_id)


def versions_for_team(session: Session, team_id: int | None) -> list[QuestionnaireVersion]:
    """The newest version of each questionnaire the team may run workshops on (its own and everyone's)."""
    return [row for row in listed_versions(session, include_unlisted=True) if row.team_id in (None, team_id)]


def publisher_of(row: QuestionnaireVersion) -> str:
    """Who published the version, as the pages show it beside its title."""
    return "shipped" if row.published_by in (None, "shipped") else row.published_by


def published_versions(
    session: Session, team_id: int | None
) -> list[tuple[QuestionnaireVersion, list[QuestionnaireVersion]]]:
    """Each questionnaire the team may run workshops on: its newest version with its older ones
    (newest first), in the landing page's order."""
    older: dict[str, list[QuestionnaireVersion]] = {}
    query = select(QuestionnaireVersion).where(visible_to(team_id)).order_by(QuestionnaireVersion.version.desc())
    for row in session.scalars(query):
        older.setdefault(row.questionnaire_id, []).append(row)
    return [(newest, older[newest.questionnaire_id][1:]) for newest in versions_for_team(session, team_id)]


def chosen_version(session: Session, choice: str) -> QuestionnaireVersion | None:
    """A questionnaire id (its newest version) or "id@version" (that published version)."""
    questionnaire_id, _sep, number = choice.partition("@")
    if not number:
        return latest_version(session, questionnaire_id)
    if not number.isdigit():
        return None
    return session.scalars(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.questionnaire_id == questionnaire_id, QuestionnaireVersion.version == int(number)
        )
    ).first()


def latest_version(session: Session, questionnaire_id: str) -> QuestionnaireVersion | None:
    return session.scalars(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
        .order_by(QuestionnaireVersion.version.desc())
        .limit(1)
    ).first()
