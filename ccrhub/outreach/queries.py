"""Reads of outreach: the list and a collaborative's coverage across levels."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from ccrhub.outreach.models import Activity, Kind, Level
from ccrhub.partners.models import Collaborative


def activities_for_list(collaborative_ids: list[int]) -> QuerySet[Activity]:
    return Activity.objects.in_collaboratives(collaborative_ids).for_list()


def collaboratives_of(collaborative_ids: list[int]) -> QuerySet[Collaborative]:
    return Collaborative.objects.filter(pk__in=collaborative_ids).order_by("name")


@dataclass(frozen=True)
class LevelRow:
    level: str
    label: str
    by_kind: list[int]  # in the order of `Kind`
    total: int

    @property
    def is_gap(self) -> bool:
        return self.total == 0


@dataclass(frozen=True)
class Coverage:
    kinds: list[str]  # labels, the table's columns
    rows: list[LevelRow]
    activity_count: int

    @property
    def gaps(self) -> list[LevelRow]:
        return [row for row in self.rows if row.is_gap]


def coverage_of(collaborative: Collaborative) -> Coverage:
    """Counts of activities per socio-ecological level and kind (an activity tagged with
    two levels counts in both); a level with none is a gap. Two queries."""
    activities: Any = Activity.objects.filter(collaborative=collaborative)
    counts = activities.coverage_counts()
    rows = [
        LevelRow(
            level=level.value,
            label=str(level.label),
            by_kind=[counts[f"{level.value}__{kind.value}"] for kind in Kind],
            total=counts[f"{level.value}__all"],
        )
        for level in Level
    ]
    return Coverage(
        kinds=[str(kind.label) for kind in Kind], rows=rows, activity_count=activities.count()
    )
