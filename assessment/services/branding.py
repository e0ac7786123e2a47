"""Report branding: saving an organisation's or a consultant's, and the one a report carries
(the organisation's fields where set, otherwise those of the consultant who owns it)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.models import Organisation, User
from assessment.models_branding import BrandingRecord

log = logging.getLogger(__name__)
FIELDS = ("accent", "confidentiality", "preparer")


@dataclass(frozen=True)
class BrandingValues:
    """Branding as plain values (logo already checked or sanitised by the caller)."""

    logo_kind: str = ""
    logo: bytes | None = None
    accent: str = ""
    confidentiality: str = ""
    preparer: str = ""


def branding_record(
    session: Session, organisation: Organisation | None = None, user: User | None = None
) -> BrandingRecord | None:
    if organisation is not None:
        return session.scalar(select(BrandingRecord).where(BrandingRecord.organisation_id == organisation.id))
    if user is not None:
        return session.scalar(select(BrandingRecord).where(BrandingRecord.user_id == user.id))
    return None


def save_branding(
    session: Session,
    values: BrandingValues,
    organisation: Organisation | None = None,
    user: User | None = None,
    keep_logo: bool = True,
) -> BrandingRecord:
    """Stores the organisation's (or else the consultant's) branding; without a new logo the stored
    one stays unless keep_logo is False."""
    record = branding_record(session, organisation, user)
    if record is None:
        record = BrandingRecord(
            organisation_id=organisation.id if organisation else None,
            user_id=user.id if user and organisation is None else None,
        )
        session.add(record)
    record.accent = values.accent.lower()
    record.confidentiality = values.confidentiality
    record.preparer = values.preparer
    if values.logo is not None:
        record.logo, record.logo_kind = values.logo, values.logo_kind
    elif not keep_logo:
        record.logo, record.logo_kind = None, ""
    session.flush()
    log.info("branding saved for %s", f"organisation {organisation.id}" if organisation else f"user {record.user_id}")
    return record


def _values(record: BrandingRecord | None) -> BrandingValues:
    if record is None:
        return BrandingValues()
    return BrandingValues(record.logo_kind, record.logo, record.accent, record.confidentiality, record.preparer)


def report_branding(session: Session, organisation: Organisation | None) -> BrandingValues:
    """What a report of this organisation shows: each field from the organisation where set,
    otherwise from its owner's default; nothing for a report without an organisation."""
    if organisation is None:
        return BrandingValues()
    own = _values(branding_record(session, organisation))
    owner = session.get(User, organisation.owner_id) if organisation.owner_id else None
    default = _values(branding_record(session, user=owner)) if owner else BrandingValues()
    logo, kind = (own.logo, own.logo_kind) if own.logo else (default.logo, default.logo_kind)
    picked = {name: getattr(own, name) or getattr(default, name) for name in FIELDS}
    return BrandingValues(logo_kind=kind, logo=logo, **picked)
