"""Reads of protocols: the list, a protocol's page (versions, who signed, who has not),
a readable diff between two versions, re-training due, the responsibilities matrix,
and the protocols whose review reminders are due."""

import datetime
import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from ccrhub.cases import stages
from ccrhub.partners.models import Agency, Collaborative, Sector
from ccrhub.protocols.models import (
    Adoption,
    Protocol,
    ProtocolVersion,
    Responsibility,
    Status,
    VersionStatus,
)


def protocols_for_list(
    collaborative_ids: list[int], *, kind: str = "", status: str = ""
) -> QuerySet[Protocol]:
    """One query: each protocol with its collaborative, the version in force and its
    number of versions."""
    protocols = Protocol.objects.in_collaboratives(collaborative_ids).for_list()
    if kind:
        protocols = protocols.filter(kind=kind)
    if status:
        protocols = protocols.filter(status=status)
    return protocols.annotate(version_count=Count("versions")).order_by(
        "collaborative__name", "title", "id"
    )


def collaboratives_of(collaborative_ids: list[int]) -> QuerySet[Collaborative]:
    return Collaborative.objects.filter(pk__in=collaborative_ids).order_by("name")


def versions_of(protocol: Protocol) -> list[ProtocolVersion]:
    """Newest first, each with its number of signatures (one query)."""
    return list(
        protocol.versions.select_related("created_by")
        .annotate(adoption_count=Count("adoptions"))
        .order_by("-number")
    )


@dataclass(frozen=True)
class Signatures:
    signed: list[Adoption]
    not_signed: list[Agency]  # active member agencies without a signature

    @property
    def total(self) -> int:
        return len(self.signed) + len(self.not_signed)


def signatures_of(version: ProtocolVersion | None, collaborative: Collaborative) -> Signatures:
    """Who signed `version` and which active member agencies have not (two queries)."""
    signed = (
        list(version.adoptions.select_related("agency", "signed_by").order_by("agency__name"))
        if version is not None
        else []
    )
    signed_ids = {a.agency_id for a in signed}
    members = Agency.objects.filter(
        memberships__collaborative=collaborative, memberships__is_active=True
    ).order_by("name")
    return Signatures(signed=signed, not_signed=[a for a in members if a.pk not in signed_ids])


def stage_labels(codes: list[str]) -> list[str]:
    return [stages.label(code) for code in codes]


def protocols_governing(collaborative: Collaborative, stage_code: str) -> list[Protocol]:
    """For the tracking and review pages: protocols in force that govern a stage."""
    protocols = Protocol.objects.filter(
        collaborative=collaborative, status=Status.ADOPTED
    ).select_related("current_version")
    return [p for p in protocols if stage_code in p.governed_stages]


# ---------------------------------------------------------------------------
# Diff
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "same", "added", "removed", "gap"
    old_number: int | None
    new_number: int | None
    text: str


@dataclass
class Diff:
    old: ProtocolVersion
    new: ProtocolVersion
    lines: list[DiffLine] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(1 for line in self.lines if line.kind == "added")

    @property
    def removed(self) -> int:
        return sum(1 for line in self.lines if line.kind == "removed")


def diff_versions(old: ProtocolVersion, new: ProtocolVersion, *, context: int = 3) -> Diff:
    """A unified diff of two versions' texts, line by line, with `context` unchanged
    lines around each change and a gap marker between hunks."""
    a, b = old.text.splitlines(), new.text.splitlines()
    result = Diff(old=old, new=new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for index, group in enumerate(matcher.get_grouped_opcodes(context)):
        if index:
            result.lines.append(DiffLine("gap", None, None, ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                pairs = zip(range(i1, i2), range(j1, j2), strict=True)
                result.lines.extend(DiffLine("same", i + 1, j + 1, a[i]) for i, j in pairs)
                continue
            if tag in ("replace", "delete"):
                result.lines.extend(DiffLine("removed", i + 1, None, a[i]) for i in range(i1, i2))
            if tag in ("replace", "insert"):
                result.lines.extend(DiffLine("added", None, j + 1, b[j]) for j in range(j1, j2))
    return result


def adoptable_versions(collaborative_id: int) -> list[ProtocolVersion]:
    """Versions in review, waiting for the members' decision (offered when a decision
    closes; closing it as adopted puts the version in force)."""
    return list(
        ProtocolVersion.objects.filter(
            protocol__collaborative_id=collaborative_id, status=VersionStatus.IN_REVIEW
        )
        .select_related("protocol")
        .order_by("protocol__title", "number")
    )


# ---------------------------------------------------------------------------
# Re-training
# ---------------------------------------------------------------------------


def retraining_required(collaborative: Collaborative) -> list[tuple[str, int, list[str]]]:
    """(protocol title, version number, sector labels) for each version in force that
    names roles to re-train; one query."""
    versions = (
        ProtocolVersion.objects.filter(
            protocol__collaborative=collaborative,
            protocol__status=Status.ADOPTED,
            status=VersionStatus.ADOPTED,
        )
        .exclude(retraining_roles=[])
        .select_related("protocol")
        .order_by("protocol__title", "number")
    )
    labels = dict(Sector.choices)
    return [
        (v.protocol.title, v.number, [str(labels.get(code, code)) for code in v.retraining_roles])
        for v in versions
        if v.retraining_roles
    ]


# ---------------------------------------------------------------------------
# Roles & responsibilities matrix
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixRow:
    responsibility: Responsibility
    cells: list[bool]  # one per agency column

    @property
    def agency_count(self) -> int:
        return sum(self.cells)


@dataclass(frozen=True)
class MatrixArea:
    title: str
    rows: list[MatrixRow]


@dataclass(frozen=True)
class Matrix:
    agencies: list[Agency]
    areas: list[MatrixArea]

    @property
    def is_empty(self) -> bool:
        return not self.areas


def responsibility_matrix(collaborative: Collaborative) -> Matrix:
    """Agency × responsibility: the active member agencies as columns, responsibilities
    grouped by area as rows (three queries, whatever the size)."""
    agencies = list(
        Agency.objects.filter(
            memberships__collaborative=collaborative, memberships__is_active=True
        ).order_by("name")
    )
    rows = Responsibility.objects.filter(collaborative=collaborative).prefetch_related(
        Prefetch("agencies", queryset=Agency.objects.only("pk"))
    )
    areas: dict[str, list[MatrixRow]] = {}
    for row in rows:
        assigned = {a.pk for a in row.agencies.all()}
        areas.setdefault(row.area, []).append(
            MatrixRow(row, [agency.pk in assigned for agency in agencies])
        )
    return Matrix(
        agencies=agencies, areas=[MatrixArea(title, items) for title, items in areas.items()]
    )


def member_agencies(collaborative: Collaborative) -> QuerySet[Agency]:
    return Agency.objects.filter(
        memberships__collaborative=collaborative, memberships__is_active=True
    ).order_by("name")


# ---------------------------------------------------------------------------
# Review reminders
# ---------------------------------------------------------------------------


def reviews_to_remind(today: datetime.date, within_days: int) -> list[Protocol]:
    """Protocols not retired whose review is due within `within_days` or overdue, and
    whose coordinators were not reminded today."""
    until = today + datetime.timedelta(days=within_days)
    return list(
        Protocol.objects.exclude(status=Status.RETIRED)
        .filter(review_due_on__isnull=False, review_due_on__lte=until)
        .filter(Q(review_reminded_on__isnull=True) | Q(review_reminded_on__lt=today))
        .select_related("collaborative")
        .order_by("review_due_on", "id")
    )


def visible_protocols(collaborative_ids: list[int]) -> Any:
    return Protocol.objects.in_collaboratives(collaborative_ids)
