"""Coverage: which recommended sectors a collaborative has, which it lacks, and whether
its member agencies represent the communities it says it serves.

The recommendations are data (`data/recommended_sectors.json`), per collaborative kind,
in two tiers: "core" (the key members) and "often" (partners such groups often include).
"""

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ccrhub.partners.models import Collaborative, Sector
from ccrhub.partners.queries import active_memberships

DATA_FILE = Path(__file__).resolve().parent / "data" / "recommended_sectors.json"
TIERS = ("core", "often")


@dataclass(frozen=True)
class Recommended:
    key: str
    label: str
    tier: str
    sectors: tuple[str, ...]


@dataclass
class SectorCoverage:
    key: str
    label: str
    tier: str
    present: bool
    agencies: list[Any] = field(default_factory=list)


@dataclass
class Coverage:
    collaborative: Collaborative
    sectors: list[SectorCoverage]
    communities_served: list[str]
    communities_represented: list[str]
    communities_missing: list[str]

    @property
    def missing(self) -> list[SectorCoverage]:
        return [s for s in self.sectors if not s.present]

    @property
    def present(self) -> list[SectorCoverage]:
        return [s for s in self.sectors if s.present]

    @property
    def missing_core(self) -> list[SectorCoverage]:
        return [s for s in self.missing if s.tier == "core"]

    @property
    def missing_often(self) -> list[SectorCoverage]:
        return [s for s in self.missing if s.tier == "often"]


@cache
def recommendations() -> dict[str, tuple[Recommended, ...]]:
    """Collaborative kind → recommended sectors, read once from the data file."""
    raw = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    labels = dict(Sector.choices)
    table: dict[str, tuple[Recommended, ...]] = {}
    for kind, tiers in raw.items():
        if kind.startswith("_"):
            continue
        items = []
        for tier in TIERS:
            for item in tiers.get(tier, []):
                sectors = tuple(item["sectors"])
                label = item.get("label") or str(labels[sectors[0]])
                items.append(Recommended(item["key"], label, tier, sectors))
        table[kind] = tuple(items)
    return table


def _normalise(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def _communities(values: Any) -> list[str]:
    return [str(v).strip() for v in values or [] if str(v).strip()]


def compute_coverage(collaborative: Collaborative) -> Coverage:
    """Present and missing sectors from active memberships of active agencies (one query)."""
    agencies = [m.agency for m in active_memberships(collaborative) if m.agency.is_active]
    by_sector: dict[str, list[Any]] = {}
    for agency in agencies:
        by_sector.setdefault(agency.sector, []).append(agency)

    sectors = []
    for item in recommendations().get(collaborative.kind, ()):
        found = [a for sector in item.sectors for a in by_sector.get(sector, [])]
        sectors.append(SectorCoverage(item.key, item.label, item.tier, bool(found), found))

    served = _communities(collaborative.communities_served)
    represented: dict[str, str] = {}
    for agency in agencies:
        for name in _communities(agency.communities):
            represented.setdefault(_normalise(name), name)
    missing = [name for name in served if _normalise(name) not in represented]
    return Coverage(
        collaborative=collaborative,
        sectors=sectors,
        communities_served=served,
        communities_represented=sorted(represented.values(), key=_normalise),
        communities_missing=missing,
    )


def coverage_as_dict(coverage: Coverage) -> dict[str, Any]:
    """The API's shape: ids are public UUIDs, sectors by key."""
    return {
        "collaborative": str(coverage.collaborative.public_id),
        "kind": coverage.collaborative.kind,
        "sectors": [
            {
                "sector": s.key,
                "label": s.label,
                "tier": s.tier,
                "present": s.present,
                "agencies": [str(a.public_id) for a in s.agencies],
            }
            for s in coverage.sectors
        ],
        "present": [s.key for s in coverage.present],
        "missing": [s.key for s in coverage.missing],
        "missing_core": [s.key for s in coverage.missing_core],
        "communities": {
            "served": coverage.communities_served,
            "represented": coverage.communities_represented,
            "missing": coverage.communities_missing,
        },
    }
