"""The measures page of a collaborative: the funnel chart beside its table, the measures.

Aggregates only: anyone whose role grants `aggregates.view` (analysts included);
figures follow the same disclosure choice and the same window as the API (exact and
as asked for people who may read the cases, the partner rule over whole quarters for
everyone else — see `metrics_api.figures_window`); the page and each CSV row say the
period the figures cover.
"""

import datetime
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ccrhub.accounts.access import signed_in_user
from ccrhub.cases import metrics
from ccrhub.cases.measure_labels import MEASURE_LABELS
from ccrhub.cases.metrics_api import figures_window
from ccrhub.cases.models import PrimaryAggressor, Sex
from ccrhub.evaluation.disclosure import Window
from ccrhub.lib import charts, tabular
from ccrhub.lib.charts import spec_json
from ccrhub.lib.policy import requires
from ccrhub.lib.tabular import Table
from ccrhub.partners.access import access_collaborative
from ccrhub.partners.models import Collaborative
from ccrhub.partners.queries import collaborative_ids_with

STAGE_LABELS = {
    "incident": gettext_lazy("Incident"),
    "arrest": gettext_lazy("Arrest"),
    "charge_filed": gettext_lazy("Charge filed"),
    "first_appearance": gettext_lazy("First appearance"),
    "disposition": gettext_lazy("Disposition"),
    "sentence": gettext_lazy("Sentence"),
    "probation_start": gettext_lazy("Probation start"),
    "bip_enrolment": gettext_lazy("BIP enrolment"),
    "bip_completion": gettext_lazy("BIP completion"),
    "charge_declined": gettext_lazy("Charge declined"),
    "diverted": gettext_lazy("Diverted"),
    "bip_termination": gettext_lazy("BIP termination"),
}
OUTCOME_LABELS = {
    "none": gettext_lazy("no arrest"),
    "warrant": gettext_lazy("warrant issued"),
    "dismissed": gettext_lazy("dismissed"),
    "acquitted": gettext_lazy("acquitted"),
}
GROUP_LABELS: dict[str, dict[str, Any]] = {
    "offender_sex": dict(Sex.choices),
    "primary_aggressor": {
        PrimaryAggressor.OFFENDER: gettext_lazy("Offender"),
        PrimaryAggressor.VICTIM: gettext_lazy("Victim"),
        PrimaryAggressor.BOTH: gettext_lazy("Both"),
        PrimaryAggressor.UNDETERMINED: gettext_lazy("Not determined"),
    },
}
HIDDEN = "—"


class PeriodForm(forms.Form):
    """`from` and `to` (the API's names; `from` is a keyword, hence the fields dict)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = forms.DateInput(attrs={"type": "date", "class": "usa-input"})
        self.fields["from"] = forms.DateField(label=_("From"), required=False, widget=widget)
        self.fields["to"] = forms.DateField(label=_("To"), required=False, widget=widget)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from") and data.get("to") and data["from"] > data["to"]:
            self.add_error("to", _("The end of the period is before its start."))
        return data

    def period(self) -> metrics.Period:
        if not self.is_valid():
            return metrics.Period()
        return metrics.Period(self.cleaned_data.get("from"), self.cleaned_data.get("to"))


def _figures(
    request: HttpRequest, public_id: str
) -> tuple[Collaborative, PeriodForm, Window, bool]:
    """The collaborative, the period form, the window the figures cover, the rule."""
    collaborative = access_collaborative(request.user, public_id, permission="aggregates.view")
    form = PeriodForm(request.GET if request.GET else None)
    window, suppress = figures_window(request.user, collaborative, form.period())
    return collaborative, form, window, suppress


@requires("aggregates.view")
def measures_home(request: HttpRequest) -> HttpResponse:
    """Where the menu's "Measures" leads: the collaboratives whose figures the user reads."""
    ids = collaborative_ids_with(request.user, "aggregates.view")
    collaboratives = Collaborative.objects.filter(pk__in=ids).order_by("name")
    return render(request, "cases/metrics_home.html", {"collaboratives": collaboratives})


@requires("aggregates.view")
def measures_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative, form, window, suppress = _figures(request, public_id)
    period = window.period
    funnel = metrics.funnel(collaborative, period=period, suppress=suppress)
    result = metrics.measures(collaborative, period=period, suppress=suppress)
    trends = metrics.monthly_trends(collaborative, period=period, suppress=suppress)
    context = {
        "collaborative": collaborative,
        "form": form,
        "query": request.GET.urlencode(),
        "suppressed": suppress,
        "window": window,
        "window_text": window_text(window),
        "stages": funnel_table(funnel),
        "exits": exit_table(funnel),
        "findings": funnel["data_quality"] + result["data_quality"],
        "measures": measure_table(result),
        "breakdowns": breakdown_tables(result),
        "limit_days": result["violation_response_limit_days"],
        "funnel_spec": spec_json(funnel_spec(funnel)),
        "days_spec": spec_json(days_spec(funnel)),
        "trend_stages": [str(STAGE_LABELS[stage]) for stage in trends["stages"]],
        "trends": trend_table(trends),
        "trends_spec": spec_json(trends_spec(trends)),
    }
    return render(request, "cases/metrics_detail.html", context)


@requires("aggregates.view")
def funnel_export(request: HttpRequest, public_id: str) -> HttpResponse:
    collaborative, _form, window, suppress = _figures(request, public_id)
    funnel = metrics.funnel(collaborative, period=window.period, suppress=suppress)
    header = [_("Stage"), _("Cases"), _("Drop"), _("Median days"), _("p90 days")]
    rows = [
        [r["label"], r["count"], r["drop"], r["median"], r["p90"]] for r in funnel_table(funnel)
    ]
    return _csv(request, collaborative, "funnel", window, header, rows)


@requires("aggregates.view")
def measures_export(request: HttpRequest, public_id: str) -> HttpResponse:
    """The measures as CSV; `?table=trends` gives the monthly trends instead."""
    collaborative, _form, window, suppress = _figures(request, public_id)
    if request.GET.get("table") == "trends":
        return _trends_csv(request, collaborative, window, suppress)
    result = metrics.measures(collaborative, period=window.period, suppress=suppress)
    header = [_("Measure"), _("Value"), _("Numerator"), _("Denominator"), _("p90"), _("Reference")]
    rows = [
        [r["label"], r["value"], r["numerator"], r["denominator"], r["p90"], r["reference"]]
        for r in measure_table(result)
    ]
    return _csv(request, collaborative, "measures", window, header, rows)


def _trends_csv(
    request: HttpRequest, collaborative: Collaborative, window: Window, suppress: bool
) -> HttpResponse:
    trends = metrics.monthly_trends(collaborative, period=window.period, suppress=suppress)
    header = [_("Month"), *(str(STAGE_LABELS[stage]) for stage in trends["stages"])]
    rows = [[row["month"], *row["cells"]] for row in trend_table(trends)]
    return _csv(request, collaborative, "trends", window, header, rows)


# ---------------------------------------------------------------------------
# Tables, charts and CSV
# ---------------------------------------------------------------------------


def window_text(window: Window) -> str:
    """The period the figures cover, in words (blank when both ends are open)."""
    start, end = window.period.start, window.period.end
    if start and end:
        return _("%(start)s to %(end)s") % {"start": date_format(start), "end": date_format(end)}
    if start:
        return _("from %(start)s") % {"start": date_format(start)}
    if end:
        return _("up to %(end)s") % {"end": date_format(end)}
    return ""


def _shown(value: Any) -> Any:
    return HIDDEN if value is None else value


def funnel_table(funnel: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    previous: int | None = None
    for stage in funnel["stages"]:
        count = stage["count"]
        drop = previous - count if previous is not None and count is not None else None
        rows.append(
            {
                "stage": stage["stage"],
                "label": str(STAGE_LABELS[stage["stage"]]),
                "count": _shown(count),
                "drop": _shown(drop) if stage["stage"] != metrics.MAIN_LINE[0] else "",
                "median": _shown(stage["median_days_from_previous"]),
                "p90": _shown(stage["p90_days_from_previous"]),
            }
        )
        previous = count
    return rows


def exit_table(funnel: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for exit_ in funnel["exits"]:
        name = str(STAGE_LABELS.get(exit_["stage"], exit_["stage"]))
        if exit_["outcome"]:
            name = f"{name}: {OUTCOME_LABELS.get(exit_['outcome'], exit_['outcome'])}"
        between = f"{STAGE_LABELS[exit_['after']]} → {STAGE_LABELS[exit_['before']]}"
        rows.append({"label": name, "between": between, "count": _shown(exit_["count"])})
    return rows


def _value(measure: dict[str, Any]) -> str:
    value = measure["value"]
    if value is None:
        return HIDDEN
    if measure.get("unit") == "days" or "p90" in measure:
        return _("%(days)s days") % {"days": value}
    return f"{value * 100:.1f}%"


def measure_table(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for m in result["measures"]:
        reference = m["reference"]
        text = reference["text"] + (f" ({reference['source']})" if reference["source"] else "")
        rows.append(
            {
                "name": m["name"],
                "label": str(MEASURE_LABELS[m["name"]]),
                "value": _value(m),
                "numerator": _shown(m["numerator"]),
                "denominator": _shown(m["denominator"]),
                "p90": _shown(m["p90"]) if "p90" in m else "",
                "reference": text,
            }
        )
    return rows


def breakdown_tables(result: dict[str, Any]) -> list[dict[str, Any]]:
    tables = []
    titles = {
        "offender_sex": _("By the offender's sex"),
        "primary_aggressor": _("By primary-aggressor determination"),
    }
    for key, title in titles.items():
        names = GROUP_LABELS[key]
        first = result["measures"][0]["breakdowns"][key] if result["measures"] else []
        groups = [str(names.get(g["group"], g["group"])) for g in first]
        rows = [
            {
                "label": str(MEASURE_LABELS[m["name"]]),
                "cells": [_value({**g, "unit": m["unit"]}) for g in m["breakdowns"][key]],
            }
            for m in result["measures"]
        ]
        tables.append({"key": key, "title": title, "groups": groups, "rows": rows})
    return tables


def funnel_spec(funnel: dict[str, Any]) -> charts.Spec:
    """Bars of cases per main-line stage, in main-line order."""
    values = [
        {"stage": str(STAGE_LABELS[s["stage"]]), "cases": s["count"] or 0} for s in funnel["stages"]
    ]
    return charts.bars(
        values,
        category="stage",
        amount="cases",
        description=_("Cases at each stage of the main line, from incident to BIP completion."),
        amount_title=_("Cases"),
    )


def days_spec(funnel: dict[str, Any]) -> charts.Spec:
    """Median days from the previous stage, with the p90 as a tick."""
    values = [
        {
            "stage": str(STAGE_LABELS[s["stage"]]),
            "median": s["median_days_from_previous"],
            "p90": s["p90_days_from_previous"],
        }
        for s in funnel["stages"][1:]
        if s["median_days_from_previous"] is not None
    ]
    return charts.bars_with_ticks(
        values,
        category="stage",
        bar="median",
        tick="p90",
        description=_("Median and 90th-percentile days from the previous stage."),
        amount_title=_("Days"),
    )


def trend_table(trends: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per month: the month and the cases reaching each key stage."""
    return [
        {
            "month": row["month"],
            "cells": [_shown(row["counts"][stage]) for stage in trends["stages"]],
        }
        for row in trends["months"]
    ]


def trends_spec(trends: dict[str, Any]) -> charts.Spec:
    """A line per key stage: cases reaching it, month by month."""
    values = [
        {"month": row["month"], "stage": str(STAGE_LABELS[stage]), "cases": row["counts"][stage]}
        for row in trends["months"]
        for stage in trends["stages"]
    ]
    return charts.lines(
        values,
        x="month",
        y="cases",
        series="stage",
        series_order=[str(STAGE_LABELS[stage]) for stage in trends["stages"]],
        description=_("Cases reaching incident, arrest, charge and disposition, per month."),
        titles=(_("Month"), _("Cases"), _("Stage")),
    )


def _csv(
    request: HttpRequest,
    collaborative: Collaborative,
    table: str,
    window: Window,
    header: list[str],
    rows: list[list[Any]],
) -> HttpResponse:
    """The table as CSV; every row ends with the period its figures cover (blank for
    an open end), so a file read later still says which window it holds. Its rows are
    aggregates, named in the audit by their first cell (a stage, a measure, a month)."""
    covered = window.as_dict()
    dates = [covered["from"] or "", covered["to"] or ""]
    content = tabular.export(
        Table(
            name=table,
            header=[*header, _("From"), _("To")],
            rows=[[*row, *dates] for row in rows],
            row_ids=[str(row[0]) for row in rows],
        ),
        action="metrics.table_downloaded",
        purpose="Measures table download",
        actor=signed_in_user(request),
        target=collaborative,
    )
    day = datetime.date.today().isoformat()
    return tabular.attachment(content, filename=f"{table}-{day}.csv")
