"""Writing a checked Plan: create what is new, update what changed, count the rest."""

import datetime
import uuid
from typing import Any

from django.db import models

from ccrhub.directory.hsds_import.planner import Plan
from ccrhub.directory.hsds_import.values import Report
from ccrhub.directory.models import (
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceLanguage,
    Taxonomy,
    TaxonomyTerm,
)
from ccrhub.partners.models import Collaborative


def around_the_clock(hours: set[tuple[int, datetime.time, datetime.time]]) -> bool:
    return {d for d, o, c in hours if o == datetime.time(0) and c >= datetime.time(23, 59)} == set(
        range(7)
    )


class Refused(Exception):
    """Raised inside the transaction to undo every write."""


class Writer:
    """Writes a checked Plan: creates what is new, updates what changed, counts the rest."""

    def __init__(self, plan: Plan, collaborative: Collaborative, report: Report) -> None:
        self.plan = plan
        self.collaborative = collaborative
        self.report = report
        self.pk: dict[str, dict[uuid.UUID, int]] = {}

    def _save(
        self,
        table: str,
        model: type[models.Model],
        found: Any,
        ident: uuid.UUID,
        values: dict[str, Any],
    ) -> Any:
        if found is None:
            instance = model(public_id=ident, **values)
            instance.save()
            self.report.created[table] += 1
            return instance
        changed = [k for k, v in values.items() if getattr(found, k) != v]
        for name in changed:
            setattr(found, name, values[name])
        if changed:
            stamp = (
                ["updated_at"] if any(f.name == "updated_at" for f in model._meta.fields) else []
            )
            found.save(update_fields=[*changed, *stamp])
            self.report.updated[table] += 1
        else:
            self.report.unchanged[table] += 1
        return found

    def _existing(self, model: type[models.Model], idents: Any) -> dict[uuid.UUID, Any]:
        return {
            o.public_id: o  # type: ignore[attr-defined]
            for o in model._default_manager.filter(public_id__in=list(idents))
        }

    def _ids(self, model: type[models.Model], idents: Any) -> dict[uuid.UUID, int]:
        return dict(
            model._default_manager.filter(public_id__in=list(idents)).values_list("public_id", "pk")
        )

    def taxonomies(self) -> None:
        found = self._existing(Taxonomy, self.plan.taxonomies)
        for ident, values in self.plan.taxonomies.items():
            if ident in found:
                self.report.unchanged["taxonomy"] += 1  # shared: never changed here
            else:
                self._save("taxonomy", Taxonomy, None, ident, values)
        self.pk["taxonomy"] = self._ids(Taxonomy, {v["taxonomy"] for v in self.plan.terms.values()})

    def terms(self) -> None:
        found = self._existing(TaxonomyTerm, self.plan.terms)
        created = []
        for ident, values in self.plan.terms.items():
            if ident in found:
                self.report.unchanged["taxonomy_term"] += 1
                continue
            fields = {k: v for k, v in values.items() if k not in {"taxonomy", "parent"}}
            fields["taxonomy_id"] = self.pk["taxonomy"][values["taxonomy"]]
            created.append(self._save("taxonomy_term", TaxonomyTerm, None, ident, fields))
        parents = self._ids(
            TaxonomyTerm, {v["parent"] for v in self.plan.terms.values() if v["parent"]}
        )
        for term in created:
            parent = self.plan.terms[term.public_id]["parent"]
            if parent is not None and parent in parents and parents[parent] != term.pk:
                term.parent_id = parents[parent]
                term.save(update_fields=["parent"])

    def organizations(self) -> None:
        found = self._existing(Organization, self.plan.organizations)
        for ident, values in self.plan.organizations.items():
            extra = {} if ident in found else {"collaborative": self.collaborative}
            self._save("organization", Organization, found.get(ident), ident, {**values, **extra})
        wanted = {
            v["organization"] for v in [*self.plan.services.values(), *self.plan.locations.values()]
        }
        self.pk["organization"] = self._ids(Organization, wanted)

    def locations(self) -> None:
        found = self._existing(Location, self.plan.locations)
        taken = set(
            Location.objects.filter(
                address_id__in=list(self.plan.address_ids.values())
            ).values_list("public_id", "address_id")
        )
        used = {address for _location, address in taken}
        for ident, planned in self.plan.locations.items():
            values = {k: v for k, v in planned.items() if k != "organization"}
            values["organization_id"] = self.pk["organization"][planned["organization"]]
            existing = found.get(ident)
            address = self.plan.address_ids.get(ident)
            if existing is None and address is not None and address not in used:
                values["address_id"] = address
            self._save("location", Location, existing, ident, values)

    def services(self) -> None:
        found = self._existing(Service, self.plan.services)
        for ident, planned in self.plan.services.items():
            values = {k: v for k, v in planned.items() if k != "organization"}
            values["organization_id"] = self.pk["organization"][planned["organization"]]
            self._save("service", Service, found.get(ident), ident, values)
        wanted = (
            {v["service"] for v in self.plan.at_locations.values()}
            | {v["service"] for v in self.plan.phones.values()}
            | {v["service"] for v in self.plan.languages.values()}
            | {v["service"] for v in self.plan.areas.values()}
            | {s for s, _t in self.plan.links}
            | set(self.plan.hours)
        )
        self.pk["service"] = self._ids(Service, wanted)
        # A phone, language or link may only reach this collaborative's services.
        ours = set(
            Service.objects.filter(
                pk__in=self.pk["service"].values(), organization__collaborative=self.collaborative
            ).values_list("pk", flat=True)
        )
        if set(self.pk["service"].values()) - ours:
            raise Refused("A row refers to a service of another collaborative.")

    def _children(
        self,
        table: str,
        model: type[models.Model],
        planned: dict[uuid.UUID, dict[str, Any]],
        natural: tuple[str, ...],
        references: dict[str, str],
    ) -> None:
        """Upsert child rows by HSDS id, or by their natural key (service, code)."""
        found = self._existing(model, planned)
        services = self.pk["service"]
        by_natural: dict[tuple[Any, ...], Any] = {}
        if natural:
            service_pks = {services[v["service"]] for v in planned.values()}
            for row in model._default_manager.filter(service_id__in=service_pks):
                by_natural[tuple(getattr(row, n) for n in natural)] = row
        for ident, values in planned.items():
            fields = {k: v for k, v in values.items() if k not in references}
            for name, table_name in references.items():
                fields[f"{name}_id"] = self.pk[table_name][values[name]]
            existing = found.get(ident)
            if existing is not None and existing.service_id not in set(services.values()):
                raise Refused(f"A {table} id is used by another collaborative's entry.")
            if existing is None and natural:
                existing = by_natural.get(tuple(fields[n] for n in natural))
                if existing is not None:
                    self.report.unchanged[table] += 1
                    continue
            self._save(table, model, existing, ident, fields)

    def at_locations(self) -> None:
        self.pk["location"] = self._ids(
            Location, {v["location"] for v in self.plan.at_locations.values()}
        )
        self._children(
            "service_at_location",
            ServiceAtLocation,
            self.plan.at_locations,
            ("service_id", "location_id"),
            {"service": "service", "location": "location"},
        )

    def links(self) -> None:
        through = Service.taxonomy_terms.through
        terms = self._ids(TaxonomyTerm, {t for _s, t in self.plan.links})
        pairs = {(self.pk["service"][s], terms[t]) for s, t in self.plan.links}
        have = set(
            through.objects.filter(service_id__in={s for s, _t in pairs}).values_list(
                "service_id", "taxonomyterm_id"
            )
        )
        missing = sorted(pairs - have)
        through.objects.bulk_create(through(service_id=s, taxonomyterm_id=t) for s, t in missing)
        if missing:
            self.report.created["attribute"] += len(missing)
        if len(pairs) > len(missing):
            self.report.unchanged["attribute"] += len(pairs) - len(missing)

    def hours(self) -> None:
        for ident, wanted in self.plan.hours.items():
            service = Service.objects.get(pk=self.pk["service"][ident])
            if around_the_clock(wanted):
                wanted = set()
                always = True
            else:
                always = False
            have = set(service.schedules.values_list("weekday", "opens_at", "closes_at"))
            if service.is_24_7 != always:
                service.is_24_7 = always
                service.save(update_fields=["is_24_7", "updated_at"])
            if have == wanted:
                self.report.unchanged["schedule"] += 1
                continue
            service.schedules.all().delete()
            Schedule.objects.bulk_create(
                Schedule(service=service, weekday=d, opens_at=o, closes_at=c)
                for d, o, c in sorted(wanted)
            )
            self.report.updated["schedule"] += 1

    def run(self) -> None:
        self.taxonomies()
        self.terms()
        self.organizations()
        self.locations()
        self.services()
        self.at_locations()
        self._children("phone", Phone, self.plan.phones, (), {"service": "service"})
        self._children(
            "language",
            ServiceLanguage,
            self.plan.languages,
            ("service_id", "code"),
            {"service": "service"},
        )
        self._children(
            "service_area",
            ServiceArea,
            self.plan.areas,
            ("service_id", "name"),
            {"service": "service"},
        )
        self.links()
        self.hours()
