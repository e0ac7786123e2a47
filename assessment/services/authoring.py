"""Questionnaire drafts written in the browser: check them, preview them, publish them.

A draft is only text. Checking it runs exactly what `readiness validate` runs (safe YAML,
schema, cross-checks, the file's own examples) plus the publishing rule on version numbers,
so a file that the command line refuses can never be published from the browser either.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.models import QuestionnaireDraft, QuestionnaireVersion, User
from assessment.services.questionnaires import Published, publish, version_problem, visible_to
from scoring import Questionnaire, validate_text
from scoring.format.loader import LoadReport, example_failures
from scoring.format.problems import Problem, shown_problems
from scoring.format.yamlread import MAX_BYTES

log = logging.getLogger(__name__)
DRAFT_LIMIT = 512 * 1024  # bytes of YAML; the shipped files are under 80 kB
NAME_LIMIT = 200
LISTING_LIMIT = 5000  # lines; a longer text's listing shows only the lines with problems


class DraftRefused(ValueError):
    """The text cannot be stored as a draft at all (too large, not UTF-8)."""


@dataclass(frozen=True)
class ExampleOutcome:
    name: str
    line: int
    failures: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class SourceLine:
    number: int
    text: str
    problems: list[str]


@dataclass
class DraftCheck:
    """Everything the editor shows about a draft's text."""

    problems: list[Problem]
    questionnaire: Questionnaire | None  # set when the file's structure is valid (examples may still fail)
    examples: list[ExampleOutcome] = field(default_factory=list)
    lines: list[SourceLine] = field(default_factory=list)
    published: QuestionnaireVersion | None = None  # the newest published version with the same id
    same_as: QuestionnaireVersion | None = None  # an already published version with exactly this content
    owner: str | None = None  # who may publish new versions besides administrators; set when the user may not

    @property
    def publishable(self) -> bool:
        return not self.problems and self.questionnaire is not None and self.same_as is None and self.owner is None


def read_upload(data: bytes) -> str:
    """The text of an uploaded file, or DraftRefused with a sentence for the author."""
    if len(data) > DRAFT_LIMIT:
        raise DraftRefused(f"the file is larger than {DRAFT_LIMIT // 1024} kB")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DraftRefused("the file is not UTF-8 text; save it as UTF-8 and upload it again") from None
    return text.replace("\r\n", "\n")


def _checked_text(text: str) -> str:
    text = text.replace("\r\n", "\n")
    if len(text.encode("utf-8", "surrogatepass")) > min(DRAFT_LIMIT, MAX_BYTES):
        raise DraftRefused(f"the text is larger than {DRAFT_LIMIT // 1024} kB")
    return text


def create_draft(session: Session, owner: User, name: str, text: str) -> QuestionnaireDraft:
    draft = QuestionnaireDraft(owner_id=owner.id, name=_name(name), source=_checked_text(text))
    session.add(draft)
    session.flush()
    log.info("user %s created questionnaire draft %s", owner.id, draft.id)
    return draft


def update_draft(draft: QuestionnaireDraft, text: str, name: str | None = None) -> None:
    draft.source = _checked_text(text)
    if name:
        draft.name = _name(name)


def _name(name: str) -> str:
    name = " ".join(name.split())[:NAME_LIMIT]
    return name or "questionnaire.yaml"


def drafts_of(session: Session, owner: User) -> list[QuestionnaireDraft]:
    query = select(QuestionnaireDraft).where(QuestionnaireDraft.owner_id == owner.id)
    return list(session.scalars(query.order_by(QuestionnaireDraft.updated_at.desc())))


def owned_draft(session: Session, owner: User, draft_id: int) -> QuestionnaireDraft | None:
    draft = session.get(QuestionnaireDraft, draft_id)
    return draft if draft is not None and draft.owner_id == owner.id else None


def all_versions(session: Session, user: User) -> list[QuestionnaireVersion]:
    """Every version the person may see: everyone's, and their team's (all of them for an administrator)."""
    query = select(QuestionnaireVersion).order_by(
        QuestionnaireVersion.questionnaire_id, QuestionnaireVersion.version.desc()
    )
    if not user.is_admin:
        query = query.where(visible_to(user.team_id))
    return list(session.scalars(query))


def version_for(session: Session, user: User, version_id: int) -> QuestionnaireVersion | None:
    row = session.get(QuestionnaireVersion, version_id)
    if row is None or not (user.is_admin or row.team_id is None or row.team_id == user.team_id):
        return None
    return row


class NotYours(PermissionError):
    """Only administrators and its first publisher publish new versions of a questionnaire."""


def may_publish(user: User, versions: list[QuestionnaireVersion]) -> bool:
    """Anyone may publish a new questionnaire; a new version of one only its first publisher or an admin.

    Shipped questionnaires ("shipped" as publisher) are the administrators'. A version that
    every consultant's new workshops and the public start page would pick up must not be
    changed by whoever happens to be signed in.
    """
    if user.is_admin or not versions:
        return True
    first = min(versions, key=lambda row: row.version)
    return first.published_by == user.email


def check_draft(session: Session, draft: QuestionnaireDraft, user: User | None = None) -> DraftCheck:
    """Validate the draft as the command line does, run its examples, and compare with what is published."""
    return check_source(session, draft.source, draft.name, user)


def check_text(session: Session, text: str, name: str, user: User | None = None) -> DraftCheck:
    """The same check for text being typed (not saved): DraftRefused when it is too large to be a draft."""
    return check_source(session, _checked_text(text), name, user)


def check_source(session: Session, source: str, name: str, user: User | None = None) -> DraftCheck:
    problems, q, examples = _checked(source, name)
    check = DraftCheck(problems=list(problems), questionnaire=q, examples=list(examples))
    if q is not None:
        versions = session.scalars(
            select(QuestionnaireVersion)
            .where(QuestionnaireVersion.questionnaire_id == q.id)
            .order_by(QuestionnaireVersion.version.desc())
        ).all()
        check.published = versions[0] if versions else None
        if user is not None and not may_publish(user, list(versions)):
            first = versions[-1].published_by
            check.owner = "administrators" if first in (None, "shipped") else first
        check.same_as = next((row for row in versions if row.content_hash == q.source_hash), None)
        if check.same_as is None:
            clash = version_problem(versions, q, source, name)
            if clash is not None:
                check.problems.append(clash)
    check.lines = _lines(source, check.problems)
    return check


def _checked(source: str, name: str) -> tuple[tuple[Problem, ...], Questionnaire | None, tuple[ExampleOutcome, ...]]:
    """The check of a draft's text; a failure of the checker itself is shown as a problem, so
    that a draft can always be opened and fixed."""
    try:
        return _validated(content_hash(source), source, name)
    except Exception:  # noqa: BLE001 - the page must open whatever the text; the failure is logged
        log.exception("checking draft %s failed", name)
        stopped = Problem(0, "the check stopped on this text; change it and save again (the failure is logged)")
        return (stopped,), None, ()


@lru_cache(maxsize=32)
def _validated(
    _hash: str, text: str, name: str
) -> tuple[tuple[Problem, ...], Questionnaire | None, tuple[ExampleOutcome, ...]]:
    """What `readiness validate` says of the text, and each example's outcome; once per text and name.

    The editor and every preview step check the draft, and a large file with many examples
    takes a good part of a second: the same text is not checked twice in a process.
    """
    report = validate_text(text.encode("utf-8"), name, run_examples=False)
    q = report.questionnaire
    if q is None:
        return tuple(report.problems), None, ()
    examples = tuple(_examples(q, report.example_lines))
    problems = [
        Problem(outcome.line, f"example '{outcome.name}': {failure}", name)
        for outcome in examples
        for failure in outcome.failures
    ]
    return tuple(shown_problems(problems, name)), q, examples


def _examples(q: Questionnaire, lines: list[int]) -> list[ExampleOutcome]:
    """Each example run once: its outcome feeds both the list of examples and the problems."""
    return [
        ExampleOutcome(example.name, line, example_failures(q, example))
        for example, line in zip(q.spec.examples, lines, strict=True)
    ]


def _lines(text: str, problems: list[Problem]) -> list[SourceLine]:
    """The numbered listing; for a very long text only the lines that have problems."""
    by_line: dict[int, list[str]] = {}
    for problem in problems:
        by_line.setdefault(problem.line, []).append(problem.message)
    numbered = enumerate(text.split("\n"), 1)
    if text.count("\n") >= LISTING_LIMIT:
        return [SourceLine(n, line, by_line[n]) for n, line in numbered if n in by_line]
    return [SourceLine(n, line, by_line.get(n, [])) for n, line in numbered]


def publish_draft(session: Session, draft: QuestionnaireDraft, user: User) -> Published:
    """Publish the draft's text as a new version (PublishRefused when it does not validate, NotYours
    when the questionnaire belongs to someone else). A new questionnaire published by a consultant
    is offered for workshops; only an administrator's goes on the public start page."""
    check = check_draft(session, draft, user)
    if check.owner is not None:
        raise NotYours(check.owner)
    listed = None if check.published is not None else user.is_admin
    report = LoadReport(draft.name, problems=list(check.problems), questionnaire=check.questionnaire)
    team_id = None if user.is_admin else user.team_id  # a consultant's questionnaire is their team's alone
    published = publish(
        session, draft.source, draft.name, published_by=user.email, listed=listed, report=report, team_id=team_id
    )
    draft.published_version_id = published.row.id
    log.info(
        "user %s published draft %s as %s version %s",
        user.id,
        draft.id,
        published.row.questionnaire_id,
        published.row.version,
    )
    return published


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
