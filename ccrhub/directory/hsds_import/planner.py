"""Reading every row into a Plan, checking each value and each reference; nothing is
written here."""

import datetime
import re
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ccrhub.directory.hsds import DERIVED, FEATURES
from ccrhub.directory.hsds_import.values import (
    COUNTRIES,
    IMPORTED_TAXONOMY,
    LANGUAGE_CODES,
    PHONE_TYPES,
    STATUSES,
    Cells,
    Report,
    key,
    max_length_of,
    parse_time,
    parse_weekday,
    split_disability,
)
from ccrhub.directory.hsds_read import Row, Tables
from ccrhub.directory.models import (
    Location,
    Organization,
    Phone,
    Service,
    ServiceArea,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from ccrhub.partners.models import Collaborative


@dataclass
class Plan:
    """What the package wants, by UUID; filled by `plan`, written by `write`."""

    taxonomies: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    terms: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    organizations: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    locations: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    address_ids: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    services: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    at_locations: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    phones: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    languages: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    areas: dict[uuid.UUID, dict[str, Any]] = field(default_factory=dict)
    links: set[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=set)
    hours: dict[uuid.UUID, set[tuple[int, datetime.time, datetime.time]]] = field(
        default_factory=dict
    )


class Planner:
    """Reads the rows into a Plan, checking every value and every reference."""

    def __init__(self, tables: Tables, collaborative: Collaborative, report: Report) -> None:
        self.tables = tables
        self.collaborative = collaborative
        self.report = report
        self.plan = Plan()
        self.existing: dict[str, dict[uuid.UUID, Any]] = {}

    # References ---------------------------------------------------------------------

    def _ids(self, table: str, columns: Mapping[str, tuple[str, ...]]) -> set[uuid.UUID]:
        """Ids of `table` in the package and referenced from other tables."""
        found = {key(table, r.data.get("id")) for r in self.tables.of(table)}
        for other, cols in columns.items():
            for row in self.tables.of(other):
                found |= {key(table, row.data.get(c)) for c in cols}
        return {i for i in found if i is not None}

    def load_existing(self) -> None:
        refs = {
            "organization": self._ids(
                "organization", {"service": ("organization_id",), "location": ("organization_id",)}
            ),
            "service": self._ids(
                "service",
                {
                    t: ("service_id",)
                    for t in (
                        "phone",
                        "schedule",
                        "language",
                        "service_area",
                        "service_at_location",
                    )
                }
                | {"attribute": ("link_id",)},
            ),
            "location": self._ids(
                "location", {"service_at_location": ("location_id",), "address": ("location_id",)}
            ),
            "taxonomy": self._ids("taxonomy", {"taxonomy_term": ("taxonomy_id",)}),
            "taxonomy_term": self._ids(
                "taxonomy_term",
                {"attribute": ("taxonomy_term_id",), "taxonomy_term": ("parent_id",)},
            ),
        }
        self.existing = {
            "organization": {
                o.public_id: o
                for o in Organization.objects.filter(public_id__in=refs["organization"])
            },
            "service": {
                s.public_id: s
                for s in Service.objects.filter(public_id__in=refs["service"]).select_related(
                    "organization"
                )
            },
            "location": {
                loc.public_id: loc
                for loc in Location.objects.filter(public_id__in=refs["location"]).select_related(
                    "organization"
                )
            },
            "taxonomy": {
                t.public_id: t for t in Taxonomy.objects.filter(public_id__in=refs["taxonomy"])
            },
            "taxonomy_term": {
                t.public_id: t
                for t in TaxonomyTerm.objects.filter(public_id__in=refs["taxonomy_term"])
            },
        }

    def _ours(self, table: str, ident: uuid.UUID) -> bool:
        """In this collaborative's directory already (or new in the package)."""
        found = self.existing[table].get(ident)
        if found is None:
            return True
        organization = found if table == "organization" else found.organization
        return bool(organization.collaborative_id == self.collaborative.pk)

    def _known(self, table: str, ident: uuid.UUID | None) -> bool:
        if ident is None:
            return False
        planned = {
            "organization": self.plan.organizations,
            "service": self.plan.services,
            "location": self.plan.locations,
            "taxonomy": self.plan.taxonomies,
            "taxonomy_term": self.plan.terms,
        }[table]
        if ident in planned:
            return True
        return ident in self.existing[table] and (
            table in {"taxonomy", "taxonomy_term"} or self._ours(table, ident)
        )

    def _check_owner(self, cells: Cells, table: str, ident: uuid.UUID | None) -> None:
        if ident is not None and not self._ours(table, ident):
            cells.error("id", "already used by an entry of another collaborative.")

    def _fk(
        self, cells: Cells, column: str, table: str, *, required: bool = True
    ) -> uuid.UUID | None:
        ident = cells.ref(column, table)
        if ident is None:
            if required:
                cells.error(column, "required, but empty.")
            return None
        if not self._known(table, ident):
            cells.error(column, f"matches no {table} in the package or the directory.")
            return None
        return ident

    def _unique(self, cells: Cells, planned: dict[uuid.UUID, Any], ident: uuid.UUID | None) -> bool:
        if ident is not None and ident in planned:
            cells.error("id", "the same id is on an earlier row.")
            return False
        return ident is not None

    # Tables ---------------------------------------------------------------------------

    def taxonomies(self) -> None:
        for row in self.tables.of("taxonomy"):
            cells = Cells(row, self.report)
            ident = cells.id("taxonomy")
            values = {
                "name": cells.model_text(Taxonomy, "name", required=True),
                "description": cells.raw("description"),
                "uri": cells.url("uri"),
                "version": cells.model_text(Taxonomy, "version"),
            }
            if self._unique(cells, self.plan.taxonomies, ident) and not cells.bad and ident:
                self.plan.taxonomies[ident] = values

    def terms(self) -> None:
        rows = self.tables.of("taxonomy_term")
        by_name: dict[str, uuid.UUID] = {v["name"]: k for k, v in self.plan.taxonomies.items()}
        for row in rows:
            cells = Cells(row, self.report)
            ident = cells.id("taxonomy_term")
            values: dict[str, Any] = {
                "code": cells.model_text(TaxonomyTerm, "code"),
                "name": cells.model_text(TaxonomyTerm, "name", required=True),
                "description": cells.raw("description"),
                "parent": cells.ref("parent_id", "taxonomy_term"),
            }
            taxonomy = cells.ref("taxonomy_id", "taxonomy")
            if not self._known("taxonomy", taxonomy):
                # The term names its taxonomy, or refers to one the package lacks.
                name = cells.text("taxonomy", limit=200) or IMPORTED_TAXONOMY
                if taxonomy is None:
                    taxonomy = by_name.get(name) or key("taxonomy", f"name:{name}")
                if taxonomy is not None and taxonomy not in self.plan.taxonomies:
                    self.plan.taxonomies[taxonomy] = {"name": name, "description": ""}
                    by_name.setdefault(name, taxonomy)
            values["taxonomy"] = taxonomy
            if self._unique(cells, self.plan.terms, ident) and not cells.bad and ident:
                self.plan.terms[ident] = values
        for row in rows:
            ident = key("taxonomy_term", row.data.get("id"))
            planned = self.plan.terms.get(ident) if ident else None
            if (
                planned
                and planned["parent"]
                and not self._known("taxonomy_term", planned["parent"])
            ):
                Cells(row, self.report).warn("parent_id", "no such term; kept without a parent.")
                planned["parent"] = None

    def organizations(self) -> None:
        for row in self.tables.of("organization"):
            cells = Cells(row, self.report)
            ident = cells.id("organization")
            self._check_owner(cells, "organization", ident)
            values = {
                "name": cells.model_text(Organization, "name", required=True),
                "alternate_name": cells.model_text(Organization, "alternate_name"),
                "description": cells.raw("description"),
                "email": cells.email("email"),
                "website": cells.url("website"),
            }
            if self._unique(cells, self.plan.organizations, ident) and not cells.bad and ident:
                self.plan.organizations[ident] = values

    def locations_first(self) -> dict[uuid.UUID, Row]:
        """Location ids, so services at them can be read before their organisations are
        settled (a location may take its organisation from its services)."""
        found: dict[uuid.UUID, Row] = {}
        for row in self.tables.of("location"):
            ident = key("location", row.data.get("id"))
            if ident is not None and ident not in found:
                found[ident] = row
        return found

    def services(self) -> None:
        extra = self._service_extras()
        for row in self.tables.of("service"):
            cells = Cells(row, self.report)
            ident = cells.id("service")
            self._check_owner(cells, "service", ident)
            organization = self._fk(cells, "organization_id", "organization")
            status = cells.raw("status").lower() or ServiceStatus.ACTIVE.value
            if status not in STATUSES:
                cells.error("status", "not an HSDS service status.")
            low, high = (
                cells.whole("minimum_age", ceiling=150),
                cells.whole("maximum_age", ceiling=150),
            )
            if low is not None and high is not None and low > high:
                cells.error("maximum_age", "below the minimum age.")
            eligibility, disability = split_disability(cells.raw("eligibility_description"))
            values: dict[str, Any] = {
                "organization": organization,
                "name": cells.model_text(Service, "name", required=True),
                "alternate_name": cells.model_text(Service, "alternate_name"),
                "description": cells.raw("description"),
                "url": cells.url("url"),
                "email": cells.email("email"),
                "status": STATUSES.get(status, status),
                "interpretation_services": cells.model_text(Service, "interpretation_services"),
                "application_process": cells.raw("application_process"),
                "fees_description": cells.model_text(Service, "fees_description"),
                "eligibility_description": eligibility,
                "minimum_age": low,
                "maximum_age": high,
                "assured_date": cells.date("assured_date"),
                "alert": cells.model_text(Service, "alert"),
            }
            if disability:
                values["disability_access"] = disability
                if len(disability) > (max_length_of(Service, "disability_access") or 0):
                    cells.error("eligibility_description", "the disability access is too long.")
            if ident is not None:
                more = dict(extra.get(ident, {}))
                texts = [values["eligibility_description"], *more.pop("_eligibility", [])]
                values["eligibility_description"] = "\n".join(p for p in texts if p)
                documents = more.pop("_documents", [])
                if documents:
                    needed = "Documents needed: " + "; ".join(documents)
                    values["application_process"] = "\n\n".join(
                        p for p in (values["application_process"], needed) if p
                    )
                values.update(more)
                if "is_free" not in values:
                    # Say "free" only when the package does (a free cost option).
                    values["is_free"] = False
            if self._unique(cells, self.plan.services, ident) and not cells.bad and ident:
                self.plan.services[ident] = values

    def _service_extras(self) -> dict[uuid.UUID, dict[str, Any]]:
        """Eligibility, required documents, costs and the directory's own features,
        folded into the service's fields (deterministically, so re-imports match)."""
        texts: dict[uuid.UUID, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        extras: dict[uuid.UUID, dict[str, Any]] = defaultdict(dict)
        for table, column in (("eligibility", "description"), ("required_document", "document")):
            for row in self.tables.of(table):
                service = key("service", row.data.get("service_id"))
                text = Cells(row, self.report).raw(column)
                if service is not None and text:
                    texts[service][table].append(text)
        for service, parts in texts.items():
            extras[service]["eligibility"] = parts["eligibility"]
            extras[service]["documents"] = parts["required_document"]
        for row in self.tables.of("cost_option"):
            cells = Cells(row, self.report)
            service = key("service", row.data.get("service_id"))
            amount = cells.number("amount")
            free = (amount == 0) or cells.raw("option").lower() == "free"
            if service is not None:
                extras[service]["is_free"] = extras[service].get("is_free", True) and free
        for row in self.tables.of("attribute"):
            link_type = str(row.data.get("link_type") or "")
            name = link_type.removeprefix("ccrhub:")
            if link_type.startswith("ccrhub:") and name in FEATURES:
                service = key("service", row.data.get("link_id"))
                if service is not None:
                    extras[service][name] = str(row.data.get("value")).lower() == "true"
        result: dict[uuid.UUID, dict[str, Any]] = {}
        for service, values in extras.items():
            result[service] = {
                k: v for k, v in values.items() if k not in {"eligibility", "documents"}
            }
            result[service]["_eligibility"] = values.get("eligibility", [])
            result[service]["_documents"] = values.get("documents", [])
        return result

    def at_locations(self, location_rows: dict[uuid.UUID, Row]) -> None:
        pairs: set[tuple[uuid.UUID, uuid.UUID]] = set()
        for row in self.tables.of("service_at_location"):
            cells = Cells(row, self.report)
            ident = key("service_at_location", row.data.get("id"))
            service = self._fk(cells, "service_id", "service")
            location = cells.ref("location_id", "location")
            if location is None:
                cells.error("location_id", "required, but empty.")
            elif location not in location_rows and not self._known("location", location):
                cells.error("location_id", "matches no location in the package or the directory.")
            if cells.bad or service is None or location is None:
                continue
            if (service, location) in pairs:
                cells.warn("id", "the same service and location as an earlier row; skipped.")
                continue
            pairs.add((service, location))
            ident = ident or uuid.uuid5(DERIVED, f"hsds:sal:{service}:{location}")
            if self._unique(cells, self.plan.at_locations, ident):
                self.plan.at_locations[ident] = {
                    "service": service,
                    "location": location,
                    "description": cells.raw("description"),
                }

    def _organization_of_services_at(self, location: uuid.UUID) -> uuid.UUID | None:
        for sal in self.plan.at_locations.values():
            if sal["location"] == location:
                planned = self.plan.services.get(sal["service"])
                if planned is not None:
                    return planned["organization"]
                existing = self.existing["service"].get(sal["service"])
                if existing is not None:
                    return existing.organization.public_id
        return None

    def locations(self, location_rows: dict[uuid.UUID, Row]) -> None:
        seen: set[uuid.UUID] = set()
        for row in self.tables.of("location"):
            cells = Cells(row, self.report)
            ident = cells.id("location")
            if ident is None:
                continue
            if ident in seen:
                cells.error("id", "the same id is on an earlier row.")
                continue
            seen.add(ident)
            self._check_owner(cells, "location", ident)
            organization = cells.ref("organization_id", "organization")
            if not self._known("organization", organization):
                if organization is not None:
                    cells.warn(
                        "organization_id",
                        "matches no organization; the location "
                        "belongs to the organization of its services.",
                    )
                organization = self._organization_of_services_at(ident)
                if organization is None:
                    existing = self.existing["location"].get(ident)
                    organization = existing.organization.public_id if existing else None
                if organization is None:
                    cells.error("organization_id", "no organization, and no service at it.")
            values: dict[str, Any] = {
                "organization": organization,
                "name": (
                    cells.model_text(Location, "name")
                    or cells.model_text(Location, "alternate_name", name="name")
                    or "Location"
                ),
                "description": cells.raw("description"),
                "transportation": cells.model_text(Location, "transportation"),
            }
            for column, bound in (("latitude", 90), ("longitude", 180)):
                number = cells.number(column)
                if number is not None and abs(number) > bound:
                    cells.warn(column, f"outside ±{bound}; left out.")
                    number = None
                values[column] = None if number is None else Decimal(str(round(number, 6)))
            if not cells.bad:
                self.plan.locations[ident] = values

    def addresses(self) -> None:
        chosen: dict[uuid.UUID, str] = {}
        for row in self.tables.of("address"):
            cells = Cells(row, self.report)
            ident = cells.id("address")
            location = cells.ref("location_id", "location")
            if location is None:
                self.tables.skipped[(row.source, "addresses of no location")] += 1
                continue
            if location not in self.plan.locations and not self._known("location", location):
                cells.error("location_id", "matches no location in the package or the directory.")
                continue
            kind = cells.raw("address_type").lower() or "physical"
            if chosen.get(location) == "physical" or (chosen.get(location) and kind != "physical"):
                continue  # a location keeps one address, the physical one first
            street = ", ".join(p for p in (cells.raw("address_1"), cells.raw("address_2")) if p)
            country = cells.raw("country") or "US"
            country = COUNTRIES.get(country.lower(), country).upper()
            if len(country) != 2:
                cells.error("country", "not a two-letter country code.")
            values = {
                "address_1": street,
                "city": cells.model_text(Location, "city"),
                "state_province": cells.model_text(Location, "state_province")
                or cells.model_text(Location, "region", name="state_province"),
                "postal_code": cells.model_text(Location, "postal_code"),
                "country": country,
            }
            if len(street) > (max_length_of(Location, "address_1") or 0):
                cells.error("address_1", "the street lines are longer than 200 characters.")
            if cells.bad or ident is None:
                continue
            chosen[location] = kind
            if location in self.plan.locations:
                self.plan.locations[location].update(values)
                self.plan.address_ids[location] = ident
            else:
                self.tables.skipped[(row.source, "addresses of locations not in the package")] += 1

    def accessibility(self) -> None:
        texts: dict[uuid.UUID, list[str]] = defaultdict(list)
        for row in self.tables.of("accessibility"):
            cells = Cells(row, self.report)
            location = cells.ref("location_id", "location")
            if location is None or location not in self.plan.locations:
                self.tables.skipped[
                    (row.source, "accessibility of locations not in the package")
                ] += 1
                continue
            text = " ".join(p for p in (cells.raw("description"), cells.raw("details")) if p)
            if text:
                texts[location].append(text)
        limit = max_length_of(Location, "accessibility") or 500
        for location, parts in texts.items():
            joined = " ".join(parts)
            if len(joined) > limit:
                joined = joined[: limit - 1] + "…"
                self.report.warnings.append("accessibility: a location's text was shortened.")
            self.plan.locations[location]["accessibility"] = joined

    def links(self) -> None:
        for row in self.tables.of("attribute"):
            cells = Cells(row, self.report)
            entity = cells.raw("link_entity").lower()
            if cells.raw("link_type").startswith("ccrhub:"):
                continue
            if entity != "service":
                self.tables.skipped[(row.source, "attributes of other entities than services")] += 1
                continue
            service = self._fk(cells, "link_id", "service")
            term = self._fk(cells, "taxonomy_term_id", "taxonomy_term")
            if service is not None and term is not None:
                self.plan.links.add((service, term))

    def _service_of(self, cells: Cells) -> uuid.UUID | None:
        """The service a phone or a schedule belongs to, directly or through a
        service_at_location; None (not kept) for an organisation's or a location's."""
        if cells.raw("service_id"):
            return self._fk(cells, "service_id", "service")
        sal = cells.ref("service_at_location_id", "service_at_location")
        if sal is not None:
            planned = self.plan.at_locations.get(sal)
            if planned is None:
                cells.error(
                    "service_at_location_id", "matches no service_at_location in the package."
                )
                return None
            return planned["service"]
        self.tables.skipped[(cells.row.source, "rows of organizations or locations")] += 1
        return None

    def phones(self) -> None:
        for row in self.tables.of("phone"):
            cells = Cells(row, self.report)
            service = self._service_of(cells)
            number = cells.model_text(Phone, "number", required=True).strip('"').strip()
            kind = cells.raw("type").lower() or "voice"
            extension = cells.raw("extension")
            digits = re.sub(r"\D", "", extension)
            if extension and not digits:
                cells.warn("extension", "not a number; left out.")
            if service is None or cells.bad:
                continue
            if kind not in PHONE_TYPES:
                self.tables.skipped[
                    (row.source, f"{kind} numbers" if kind == "fax" else "numbers of other types")
                ] += 1
                continue
            ident = key("phone", row.data.get("id")) or uuid.uuid5(
                DERIVED, f"hsds:phone:{service}:{number}"
            )
            if self._unique(cells, self.plan.phones, ident):
                self.plan.phones[ident] = {
                    "service": service,
                    "number": number,
                    "extension": int(digits[:9]) if digits else None,
                    "type": PHONE_TYPES[kind],
                    "description": cells.model_text(Phone, "description"),
                }

    def hours(self) -> None:
        for row in self.tables.of("schedule"):
            cells = Cells(row, self.report)
            service = self._service_of(cells)
            if service is None:
                continue
            freq = cells.raw("freq").upper()
            days_text = cells.raw("byday") or cells.raw("weekday")
            opens, closes = parse_time(cells.raw("opens_at")), parse_time(cells.raw("closes_at"))
            days = [parse_weekday(d) for d in days_text.split(",") if d.strip()]
            if (freq and freq != "WEEKLY") or not days or opens is None or closes is None:
                self.tables.skipped[(row.source, "hours that are not weekly opening times")] += 1
                continue
            if any(d is None for d in days):
                cells.error("byday", "not a list of weekdays (MO,TU,…).")
                continue
            if closes == datetime.time(0, 0):
                closes = datetime.time(23, 59)
            if opens >= closes:
                self.tables.skipped[(row.source, "hours across midnight")] += 1
                continue
            wanted = self.plan.hours.setdefault(service, set())
            wanted |= {(int(d), opens, closes) for d in days if d is not None}

    def languages(self) -> None:
        pairs: set[tuple[uuid.UUID, str]] = set()
        for row in self.tables.of("language"):
            cells = Cells(row, self.report)
            if not cells.raw("service_id"):
                self.tables.skipped[(row.source, "languages of locations or phones")] += 1
                continue
            service = self._fk(cells, "service_id", "service")
            code = LANGUAGE_CODES.get(cells.raw("code").lower()) or LANGUAGE_CODES.get(
                cells.raw("name").lower()
            )
            if service is None:
                continue
            if code is None:
                self.tables.skipped[(row.source, "languages the directory does not list")] += 1
                continue
            if (service, code) in pairs:
                continue
            pairs.add((service, code))
            ident = key("language", row.data.get("id")) or uuid.uuid5(
                DERIVED, f"hsds:language:{service}:{code}"
            )
            self.plan.languages[ident] = {"service": service, "code": code}

    def areas(self) -> None:
        pairs: set[tuple[uuid.UUID, str]] = set()
        for row in self.tables.of("service_area"):
            cells = Cells(row, self.report)
            service = self._fk(cells, "service_id", "service")
            name = cells.model_text(ServiceArea, "name") or cells.model_text(
                ServiceArea, "description", name="name"
            )
            if service is None or cells.bad or not name or (service, name) in pairs:
                continue
            pairs.add((service, name))
            ident = key("service_area", row.data.get("id")) or uuid.uuid5(
                DERIVED, f"hsds:area:{service}:{name}"
            )
            self.plan.areas[ident] = {"service": service, "name": name}

    def run(self) -> Plan:
        self.load_existing()
        self.taxonomies()
        self.terms()
        self.organizations()
        location_rows = self.locations_first()
        self.services()
        self.at_locations(location_rows)
        self.locations(location_rows)
        self.addresses()
        self.accessibility()
        self.links()
        self.phones()
        self.hours()
        self.languages()
        self.areas()
        for (source, what), count in sorted(self.tables.skipped.items()):
            self.report.warnings.append(f"{source}: {count} not kept ({what}).")
        return self.plan
