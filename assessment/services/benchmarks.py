"""Peer benchmarks from this server's organisations and from imported files; anonymised export and import.

A peer is an organisation's latest workshop on the questionnaire with at least as many
submitted responses as its anonymity threshold (mean index and dimension scores of its
participants), or one record of an imported file. Comparisons and exports need at least
`scoring.benchmark.MIN_PEERS` organisations and show nothing that names or reveals one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.models import SUBMITTED, Organisation, QuestionnaireVersion, Response, User, Workshop
from assessment.models_benchmarks import BenchmarkImport, BenchmarkRecord
from scoring.benchmark import (
    FILE_FORMAT,
    MIN_PEERS,
    Benchmark,
    BenchmarkFile,
    Peer,
    Record,
    anonymised,
    compare,
)
from scoring.group.results import GroupResult
from scoring.results import ReadinessResult

MAX_FILE_BYTES = 5_000_000


@dataclass(frozen=True)
class LocalPeer:
    organisation_id: int
    peer: Peer
    period: str


def _month(when: datetime | None) -> str:
    return when.strftime("%Y-%m") if when else ""


def local_peers(session: Session, questionnaire_id: str) -> list[LocalPeer]:
    """One entry per organisation: its latest workshop on the questionnaire with enough responses."""
    rows = session.execute(
        select(
            Workshop.id,
            Workshop.organisation_id,
            Workshop.created_at,
            Workshop.closed_at,
            Workshop.anonymity_threshold,
            Organisation.industry,
            Organisation.size_band,
            Response.summary,
        )
        .join(Organisation, Organisation.id == Workshop.organisation_id)
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Workshop.questionnaire_version_id)
        .join(Response, Response.workshop_id == Workshop.id)
        .where(QuestionnaireVersion.questionnaire_id == questionnaire_id, Response.status == SUBMITTED)
    ).all()
    workshops: dict[int, dict[str, Any]] = {}
    for wid, org, created, closed, threshold, industry, size, summary in rows:
        entry = workshops.setdefault(
            wid, {"org": org, "when": (created, wid), "closed": closed, "threshold": threshold, "summaries": []}
        )
        entry["industry"], entry["size"] = industry, size
        entry["summaries"].append(summary or {})
    latest: dict[int, dict[str, Any]] = {}
    for entry in workshops.values():
        if len(entry["summaries"]) < max(entry["threshold"], 1):
            continue
        if entry["org"] not in latest or entry["when"] > latest[entry["org"]]["when"]:
            latest[entry["org"]] = entry
    return [peer for org, entry in sorted(latest.items()) if (peer := _peer(org, entry)) is not None]


def _peer(organisation_id: int, entry: dict[str, Any]) -> LocalPeer | None:
    indexes = [s["readiness_index"] for s in entry["summaries"] if s.get("readiness_index") is not None]
    if not indexes:
        return None
    scores: dict[str, list[float]] = {}
    for summary in entry["summaries"]:
        for d in summary.get("dimensions") or ():
            if d.get("score") is not None:
                scores.setdefault(d["id"], []).append(d["score"])
    dimensions = {k: sum(v) / len(v) for k, v in scores.items()}
    peer = Peer(sum(indexes) / len(indexes), dimensions, entry["industry"], entry["size"])
    return LocalPeer(organisation_id, peer, _month(entry["closed"] or entry["when"][0]))


def imported_peers(session: Session, questionnaire_id: str) -> list[Peer]:
    rows = session.scalars(select(BenchmarkRecord).where(BenchmarkRecord.questionnaire_id == questionnaire_id))
    return [Peer(r.readiness_index, dict(r.dimensions or {}), r.industry, r.size_band) for r in rows]


def peers_for(session: Session, questionnaire_id: str, leave_out: int | None = None) -> list[Peer]:
    """Every peer for a questionnaire, without the organisation being compared (`leave_out`)."""
    local = [p.peer for p in local_peers(session, questionnaire_id) if p.organisation_id != leave_out]
    return local + imported_peers(session, questionnaire_id)


def benchmark_for(
    session: Session,
    questionnaire_id: str,
    index: float | None,
    dimensions: dict[str, float | None],
    organisation: Organisation | None = None,
) -> Benchmark | None:
    """Where these figures stand among the other organisations, or None with fewer than MIN_PEERS."""
    peers = peers_for(session, questionnaire_id, organisation.id if organisation else None)
    industry = organisation.industry if organisation else None
    size = organisation.size_band if organisation else None
    return compare(questionnaire_id, index, dimensions, peers, industry, size)


# --------------------------------------------------------------------------- export and import


class BenchmarkRefused(ValueError):
    """The file cannot be imported, or there is not enough to export; the message says why."""


def export_file(session: Session, questionnaire_id: str, now: datetime) -> dict[str, Any]:
    """This server's organisations as an anonymised benchmark file (refused under MIN_PEERS of them)."""
    peers = local_peers(session, questionnaire_id)
    if len(peers) < MIN_PEERS:
        raise BenchmarkRefused(
            f"only {len(peers)} organisation(s) have results on '{questionnaire_id}'; "
            f"an export needs at least {MIN_PEERS}, so that none can be singled out"
        )
    records = [
        Record(
            industry=p.peer.industry,
            size_band=p.peer.size_band,
            period=p.period,
            index=round(p.peer.index, 1),
            dimensions={k: round(v, 1) for k, v in sorted(p.peer.dimensions.items())},
        )
        for p in peers
    ]
    document = BenchmarkFile(
        format=FILE_FORMAT,
        version=1,
        questionnaire_id=questionnaire_id,
        exported=now.strftime("%Y-%m"),
        records=anonymised(records),
    )
    return document.model_dump(mode="json")


@dataclass(frozen=True)
class ImportOutcome:
    batch: BenchmarkImport
    created: bool  # False: this very file was imported before


def read_file(data: bytes) -> BenchmarkFile:
    """The benchmark file in `data`, or BenchmarkRefused with a sentence naming the first problem."""
    if len(data) > MAX_FILE_BYTES:
        raise BenchmarkRefused(f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        raw = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BenchmarkRefused(f"not a JSON benchmark file: {exc}") from None
    try:
        return BenchmarkFile.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise BenchmarkRefused(f"{where}: {first['msg']}") from None


def import_file(session: Session, data: bytes, file_name: str, user: User | None) -> ImportOutcome:
    """Store the file's records as peers; the same file twice is recognised and not stored again."""
    document = read_file(data)
    digest = hashlib.sha256(data).hexdigest()
    existing = session.scalars(select(BenchmarkImport).where(BenchmarkImport.file_hash == digest)).first()
    if existing is not None:
        return ImportOutcome(existing, created=False)
    batch = BenchmarkImport(
        file_hash=digest,
        file_name=file_name[:200],
        questionnaire_id=document.questionnaire_id,
        exported=document.exported,
        records=len(document.records),
        imported_by=user.id if user else None,
    )
    session.add(batch)
    session.flush()
    session.add_all(
        BenchmarkRecord(
            import_id=batch.id,
            questionnaire_id=document.questionnaire_id,
            industry=r.industry,
            size_band=r.size_band,
            period=r.period,
            readiness_index=r.index,
            dimensions=dict(r.dimensions),
        )
        for r in document.records
    )
    session.flush()
    return ImportOutcome(batch, created=True)


def imports(session: Session) -> list[BenchmarkImport]:
    return list(session.scalars(select(BenchmarkImport).order_by(BenchmarkImport.imported_at.desc())))


def remove_import(session: Session, batch: BenchmarkImport) -> None:
    session.query(BenchmarkRecord).filter(BenchmarkRecord.import_id == batch.id).delete()
    session.delete(batch)
    session.flush()


def overview(session: Session, questionnaire_ids: list[str]) -> list[dict[str, Any]]:
    """Per questionnaire: how many organisations of this server and how many imported records are peers."""
    out = []
    for qid in questionnaire_ids:
        local = len(local_peers(session, qid))
        imported = len(imported_peers(session, qid))
        out.append(
            {
                "questionnaire_id": qid,
                "local": local,
                "imported": imported,
                "exportable": local >= MIN_PEERS,
                "comparable": local + imported >= MIN_PEERS,
            }
        )
    return out


def response_benchmark(session: Session, response: Response, result: ReadinessResult) -> Benchmark | None:
    """A response's standing: its own organisation (when in a workshop) is left out of the peers."""
    organisation = None
    if response.workshop_id is not None:
        workshop = session.get(Workshop, response.workshop_id)
        organisation = workshop.organisation if workshop else None
    dimensions = {d.id: d.score for d in result.dimensions}
    qid = response.questionnaire_version.questionnaire_id
    return benchmark_for(session, qid, result.readiness_index, dimensions, organisation)


def workshop_benchmark(session: Session, workshop: Workshop, group: GroupResult) -> Benchmark | None:
    """A workshop's standing (its participants' mean index and dimension scores) among other organisations."""
    if group.suppressed or group.index is None:
        return None
    dimensions = {d.id: d.mean for d in group.dimensions}
    qid = workshop.questionnaire_version.questionnaire_id
    return benchmark_for(session, qid, group.index.mean, dimensions, workshop.organisation)
