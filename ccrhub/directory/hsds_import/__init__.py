"""Importing an HSDS data package into one collaborative's directory.

All or nothing: every row is read and checked first; any error (a bad row, a foreign
key pointing nowhere, an id already used by another collaborative's entry) refuses the
whole package, and the report names the file, row and column, never the value. Only
then is everything written, in one transaction with its audit row (`dry_run` rolls it
back). Rows are matched by HSDS id, so importing a package again changes nothing;
ids that are not UUIDs (common in 1.x packages) become stable derived UUIDs.

What the directory does not keep is not an error, and is counted in the report:
contacts, funding, programs, phones and hours of organisations or locations (the
directory keeps a service's), attributes of other entities, holiday closures. The
import adds and updates; it never deletes, never publishes an address of a location
marked confidential here (that flag is not in HSDS and is never changed), and never
changes existing taxonomy terms, which every collaborative shares.
"""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from ccrhub.accounts.models import User
from ccrhub.audit import log as audit
from ccrhub.directory.hsds_import.planner import Planner
from ccrhub.directory.hsds_import.values import Report, key
from ccrhub.directory.hsds_import.writer import Refused, Writer, around_the_clock
from ccrhub.directory.hsds_read import Tables
from ccrhub.partners.models import Collaborative, Representative
from ccrhub.partners.roles import role_can

__all__ = ["Report", "import_package", "key"]


def _require_coordinator(actor: User, collaborative: Collaborative) -> None:
    role = (
        Representative.objects.filter(
            user=actor, collaborative=collaborative, is_active=True, collaborative__is_active=True
        )
        .values_list("role", flat=True)
        .first()
    )
    if role is None or not role_can(role, "collaborative.manage"):
        raise PermissionDenied


def import_package(
    tables: Tables, *, collaborative: Collaborative, actor: User | None, dry_run: bool = False
) -> Report:
    """Check the whole package, then write it in one transaction, or nothing at all.

    `actor` None is an operator's command; anyone else must coordinate the collaborative.
    """
    if actor is not None:
        _require_coordinator(actor, collaborative)
    report = Report(dry_run=dry_run, errors=list(tables.errors))
    if not report.errors and not any(tables.rows.values()):
        report.errors.append("The package holds no HSDS rows.")
    plan = Planner(tables, collaborative, report).run()
    if report.errors:
        _record(report, collaborative=collaborative, actor=actor)
        return report
    for ident, hours in plan.hours.items():
        if ident in plan.services:
            plan.services[ident]["is_24_7"] = around_the_clock(hours)
    try:
        with transaction.atomic():
            Writer(plan, collaborative, report).run()
            if dry_run:
                transaction.set_rollback(True)
            else:
                _record(report, collaborative=collaborative, actor=actor)
    except Refused as error:
        report.errors.append(str(error))
    except IntegrityError:
        report.errors.append("The package conflicts with entries already in the directory.")
    if report.errors:
        for counter in (report.created, report.updated, report.unchanged):
            counter.clear()
        _record(report, collaborative=collaborative, actor=actor)
    elif dry_run:
        _record(report, collaborative=collaborative, actor=actor)
    else:
        report.committed = True
    return report


def _record(report: Report, *, collaborative: Collaborative, actor: User | None) -> None:
    audit.record(
        actor=actor,
        action="directory.package_imported",
        target=collaborative,
        outcome="success" if report.ok else "failure",
        details={
            "created": sum(report.created.values()),
            "updated": sum(report.updated.values()),
            "unchanged": sum(report.unchanged.values()),
            "errors": len(report.errors),
            "dry_run": report.dry_run,
        },
    )
