"""Reads of evaluation: goals, indicator series over quarters, scorecards, the public
summary and the coalition view — each figure passed through disclosure control for
its audience, over the window `disclosure.window_for` gives that audience.

Audiences (decided by `disclosure.audience_for`):
- `EXACT`: people who may read the collaborative's cases (the figures could be
  counted from the case list they already see);
- `PARTNER`: other readers of aggregates (analysts): 1–7 hidden, others rounded
  to 5;
- `PUBLIC`: anything that leaves the system (public page and API, PDF reports,
  exports, the coalition view), and community members, who see no aggregates
  beyond what the public sees: 1–10 hidden with complementary suppression.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccrhub.cases.metrics import REFERENCES, Period
from ccrhub.evaluation import disclosure, registry
from ccrhub.evaluation.disclosure import EXACT, PARTNER, PUBLIC
from ccrhub.evaluation.models import (
    Direction,
    Goal,
    Indicator,
    Measurement,
    ProgressReview,
    ReportSettings,
    Source,
    Story,
    Unit,
)
from ccrhub.lib import charts
from ccrhub.partners.models import Collaborative, CollaborativeKind

QUARTERS_SHOWN = 8


def shown_quarters() -> list[tuple[datetime.date, datetime.date]]:
    """The quarters a scorecard shows: the last `QUARTERS_SHOWN`, the current one last."""
    return disclosure.quarters_back(timezone.localdate(), QUARTERS_SHOWN)


def scorecard_window(audience: str) -> disclosure.Window:
    """The window a scorecard's figures cover for `audience` (its quarters end to end)."""
    quarters = shown_quarters()
    return disclosure.window_for(audience, Period(quarters[0][0], quarters[-1][1]))


def goals_of(collaborative: Collaborative) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(collaborative=collaborative)
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.prefetch_related("measurements"),
            )
        )
    )


def collaboratives_of(ids: list[int]) -> QuerySet[Collaborative]:
    return Collaborative.objects.filter(pk__in=ids, is_active=True).order_by("name")


@dataclass
class Point:
    label: str
    start: datetime.date
    end: datetime.date
    numerator: int | None
    denominator: int | None = None
    value: float | None = None  # the count, or the share
    # Before disclosure control (never shown outside EXACT).
    raw: tuple[int, int | None] | None = None


@dataclass
class Series:
    indicator: Indicator
    unit: str
    points: list[Point]
    audience: str
    measure_missing: bool = False
    # The Vega-Lite spec of its chart (`lib.charts`); `chart_svg` holds it drawn, in PDFs.
    chart_spec: charts.Spec = field(default_factory=dict)
    chart_svg: str = ""

    @property
    def chart_json(self) -> str:
        return charts.spec_json(self.chart_spec)

    @property
    def latest(self) -> Point | None:
        shown = [p for p in self.points if p.value is not None]
        return shown[-1] if shown else None

    @property
    def trend(self) -> str:
        """ "better", "worse" or "flat" between the last two shown points; "" when unknown."""
        shown = [p.value for p in self.points if p.value is not None]
        if len(shown) < 2 or shown[-1] == shown[-2]:
            return "flat" if len(shown) >= 2 else ""
        rising = shown[-1] > shown[-2]
        up = self.indicator.direction == Direction.UP
        return "better" if rising == up else "worse"

    @property
    def is_share(self) -> bool:
        return self.unit == Unit.SHARE


def indicator_unit(indicator: Indicator) -> str:
    if indicator.source == Source.COMPUTED:
        measure = registry.get(indicator.measure)
        return measure.unit if measure is not None else indicator.unit
    return indicator.unit


def _raw_points(
    indicator: Indicator, quarters: list[tuple[datetime.date, datetime.date]], audience: str
) -> tuple[list[Point], bool]:
    points = []
    if indicator.source == Source.COMPUTED:
        if registry.get(indicator.measure) is None:
            return [], True
        collaborative = indicator.goal.collaborative
        for asked in quarters:
            window = disclosure.window_for(audience, Period(*asked))
            start, end = window.bounds()
            numerator, denominator = registry.evaluate(
                indicator.measure, collaborative, window.period
            )
            points.append(
                Point(disclosure.quarter_label(start), start, end, numerator, denominator)
            )
        return points, False
    entered = {m.period_start: m for m in indicator.measurements.all()}
    first = quarters[0][0] if quarters else None
    for start in sorted(entered):
        m = entered[start]
        if first is not None and m.period_start < first:
            continue
        points.append(
            Point(
                disclosure.quarter_label(m.period_start),
                m.period_start,
                m.period_end,
                m.numerator,
                m.denominator,
            )
        )
    return points, False


def _value(numerator: int | None, denominator: int | None, share: bool) -> float | None:
    if not share:
        return None if numerator is None else float(numerator)
    return disclosure.public_share(numerator, denominator)


def control(points: list[Point], *, share: bool, audience: str) -> list[Point]:
    """The points as `audience` may see them."""
    for point in points:
        point.raw = (int(point.numerator or 0), point.denominator)
    if audience == EXACT:
        pass
    elif audience == PARTNER:
        for point in points:
            point.numerator = disclosure.partner_count(int(point.numerator or 0))
            if point.denominator is not None:
                point.denominator = disclosure.partner_count(point.denominator)
    else:
        if share:
            # Quarters as rows; numerator and the rest of the denominator as columns,
            # so the denominator is the row total and nothing hidden is derivable.
            rows = [
                [int(p.numerator or 0), int(p.denominator or 0) - int(p.numerator or 0)]
                for p in points
            ]
            table = disclosure.public_table(rows) if rows else None
            for index, point in enumerate(points):
                assert table is not None
                point.numerator = table.cells[index][0]
                point.denominator = table.row_totals[index]
        else:
            column, _total = disclosure.public_column([int(p.numerator or 0) for p in points])
            for point, shown in zip(points, column, strict=True):
                point.numerator = shown
    for point in points:
        point.value = _value(point.numerator, point.denominator, share)
    return points


def series_of(
    indicator: Indicator,
    *,
    audience: str,
    quarters: list[tuple[datetime.date, datetime.date]] | None = None,
) -> Series:
    quarters = quarters or shown_quarters()
    unit = indicator_unit(indicator)
    points, missing = _raw_points(indicator, quarters, audience)
    points = control(points, share=unit == Unit.SHARE, audience=audience)
    series = Series(indicator, unit, points, audience, measure_missing=missing)
    series.chart_spec = trend_spec(series)
    return series


def trend_spec(series: Series) -> charts.Spec:
    """The series quarter by quarter, with its baseline and target."""
    share = series.is_share

    def text(value: float) -> str:
        return f"{round(value * 100)}%" if share else f"{value:g}"

    def reference(name: str, raw: Decimal | None) -> tuple[str, float] | None:
        return None if raw is None else (f"{name} {text(float(raw))}", float(raw))

    indicator = series.indicator
    return charts.trend(
        [(p.label, None if p.value is None else float(p.value)) for p in series.points],
        description=str(_("Quarter by quarter: %(title)s") % {"title": indicator.title}),
        share=share,
        baseline=reference(str(_("Baseline")), indicator.baseline),
        target=reference(str(_("Target")), indicator.target),
        empty_text=str(_("No figure to show yet")),
    )


def _query_set(
    indicator: Indicator, start: datetime.date, end: datetime.date
) -> tuple[int, int | None]:
    """(numerator, denominator) of an indicator over `[start, end]`."""
    if indicator.source == Source.COMPUTED:
        if registry.get(indicator.measure) is None:
            raise disclosure.QuerySetTooSmall("no measure")
        return registry.evaluate(
            indicator.measure, indicator.goal.collaborative, Period(start, end)
        )
    entered = [
        m for m in indicator.measurements.all() if start <= m.period_start and m.period_end <= end
    ]
    numerator = sum(m.numerator for m in entered)
    if indicator_unit(indicator) == Unit.SHARE:
        return numerator, sum(m.denominator or 0 for m in entered)
    return numerator, None


def figure_for_period(
    indicator: Indicator, *, start: datetime.date, end: datetime.date, audience: str
) -> dict[str, Any]:
    """An indicator over `[start, end]` as `disclosure.window_for` gives it to the
    audience: the whole quarters covering it for everyone who does not read the cases.

    QuerySetTooSmall unless the range and *each* quarter it touches count at least the
    minimum of people (the denominator of a share, or the count): two ranges then
    differ by whole quarters of at least that many people, never by one person.
    """
    window = disclosure.window_for(audience, Period(start, end))
    first, last = window.bounds()
    share = indicator_unit(indicator) == Unit.SHARE

    def size(figure: tuple[int, int | None]) -> int:
        return figure[1] if share and figure[1] is not None else figure[0]

    quarter = disclosure.quarter_of(first)
    while quarter[0] <= last:
        disclosure.check_query_set(size(_query_set(indicator, *quarter)))
        quarter = disclosure.quarter_of(quarter[1] + datetime.timedelta(days=1))
    numerator, denominator = _query_set(indicator, first, last)
    disclosure.check_query_set(size((numerator, denominator)))
    point = Point("", first, last, numerator, denominator)
    [point] = control([point], share=share, audience=audience)
    return {
        "indicator": str(indicator.public_id),
        "from": first.isoformat(),
        "to": last.isoformat(),
        "unit": indicator_unit(indicator),
        "count": point.numerator,
        "denominator": point.denominator,
        "value": point.value,
        "disclosure": audience,
        "whole_quarters": window.whole_quarters,
    }


@dataclass
class GoalCard:
    goal: Goal
    series: list[Series] = field(default_factory=list)


def scorecard(
    collaborative: Collaborative,
    *,
    audience: str,
    goals: list[Goal] | None = None,
    public_only: bool = False,
) -> list[GoalCard]:
    """Each goal with its indicators' series (computed ones computed once per quarter)."""
    cards = []
    with registry.computing():
        for goal in goals if goals is not None else goals_of(collaborative):
            indicators = [i for i in goal.indicators.all() if i.is_public or not public_only]
            for indicator in indicators:
                indicator.goal = goal
            cards.append(GoalCard(goal, [series_of(i, audience=audience) for i in indicators]))
    return cards


def reviews_of(collaborative: Collaborative) -> QuerySet[ProgressReview]:
    return ProgressReview.objects.filter(collaborative=collaborative).select_related("goal")


def stories_of(collaborative: Collaborative) -> QuerySet[Story]:
    return Story.objects.filter(collaborative=collaborative)


def settings_of(collaborative: Collaborative) -> ReportSettings:
    found = ReportSettings.objects.filter(collaborative=collaborative).first()
    return found or ReportSettings(collaborative=collaborative)


def public_collaborative(public_id: Any = None) -> Collaborative | None:
    """The collaborative whose public report is asked for; without an id, the
    deployment's first public one. None when it does not publish."""
    published = Collaborative.objects.filter(
        is_active=True, report_settings__is_public=True
    ).order_by("created_at", "pk")
    if public_id is None:
        return published.first()
    return published.filter(public_id=public_id).first()


def _decimal(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def public_summary(collaborative: Collaborative, *, lang: str = "en") -> dict[str, Any]:
    """The figures of the public report, as the page, the API and the PDF show them."""
    goals = []
    for card in scorecard(collaborative, audience=PUBLIC, public_only=True):
        if not card.series:
            continue
        goals.append(
            {
                "title": card.goal.title,
                "indicators": [
                    {
                        "id": str(s.indicator.public_id),
                        "title": s.indicator.title,
                        "question": s.indicator.question,
                        "unit": s.unit,
                        "direction": s.indicator.direction,
                        "baseline": _decimal(s.indicator.baseline),
                        "target": _decimal(s.indicator.target),
                        "points": [
                            {
                                "period": p.label,
                                "from": p.start.isoformat(),
                                "to": p.end.isoformat(),
                                "count": p.numerator,
                                "denominator": p.denominator,
                                "value": p.value,
                            }
                            for p in s.points
                        ],
                    }
                    for s in card.series
                ],
            }
        )
    stories = stories_of(collaborative).filter(is_published=True, language=lang)
    return {
        "collaborative": {"id": str(collaborative.public_id), "name": collaborative.name},
        "disclosure": {
            "rule": "public",
            "hidden_counts": [1, disclosure.PUBLIC_LARGEST_HIDDEN],
            "complementary_suppression": True,
        },
        "window": scorecard_window(PUBLIC).as_dict(),
        "goals": goals,
        "stories": [
            {"title": s.title, "body": s.body, "written_on": s.written_on.isoformat()}
            for s in stories
        ],
    }


# ---------------------------------------------------------------------------
# The coalition view: each member collaborative against the published references
# ---------------------------------------------------------------------------

REFERENCE_ROWS = (
    # (registry measure, label, published reference value, its text). The MARAC rows
    # read the measures `marac_cases` (a count a year) and `marac_repeat_rate` (a
    # share), which the high-risk area registers; until then they read "not measured".
    (
        "arrest_rate",
        _("Arrest rate"),
        REFERENCES["arrest_rate"]["value"],
        REFERENCES["arrest_rate"]["text"],
    ),
    (
        "bip_completion_rate",
        _("BIP completion"),
        REFERENCES["bip_completion_rate"]["value"],
        REFERENCES["bip_completion_rate"]["text"],
    ),
    (
        "marac_cases_per_10000",
        _("MARAC cases per 10,000 adult women"),
        40.0,
        "40 MARAC cases per 10,000 adult women (16+) a year",
    ),
    (
        "marac_repeat_rate",
        _("MARAC repeats"),
        0.32,
        "32% repeats (national, year to June 2023)",
    ),
)


@dataclass
class CoalitionRow:
    collaborative: Collaborative
    figures: list[dict[str, Any]]


def coalition_rows(
    collaboratives: list[Collaborative], *, today: datetime.date
) -> list[CoalitionRow]:
    """Per collaborative, the last four quarters against the reference values."""
    quarters = disclosure.quarters_back(today, QUARTERS_SHOWN)
    rows = []
    with registry.computing():
        for collaborative in collaboratives:
            figures = []
            adult_women = settings_of(collaborative).adult_women
            for name, label, reference, text in REFERENCE_ROWS:
                figures.append(
                    _reference_figure(name, collaborative, quarters, adult_women)
                    | {
                        "name": name,
                        "label": label,
                        "reference": reference,
                        "reference_text": text,
                    }
                )
            rows.append(CoalitionRow(collaborative, figures))
    return rows


# The reference figures cover the last four quarters of the scorecard's eight.
REFERENCE_QUARTERS = 4


def reference_window(today: datetime.date) -> disclosure.Window:
    """The window the coalition view's figures cover, as it says on the page."""
    quarters = disclosure.quarters_back(today, REFERENCE_QUARTERS)
    return disclosure.window_for(PUBLIC, Period(quarters[0][0], quarters[-1][1]))


def _reference_figure(
    name: str,
    collaborative: Collaborative,
    quarters: list[tuple[datetime.date, datetime.date]],
    adult_women: int | None,
) -> dict[str, Any]:
    """A year's figure under the public rule, summed only from published cells.

    The quarters form the same table the public scorecard suppresses; a yearly sum is
    shown only when each of its quarters is, so it cannot be set against the
    quarterly figures to work out a hidden one (and a sum of counts that are each 0
    or above 10 is itself 0 or above 10).
    """
    per_10000 = name == "marac_cases_per_10000"
    measure_name = "marac_cases" if per_10000 else name
    missing = {"available": False, "numerator": None, "denominator": None, "value": None}
    if registry.get(measure_name) is None:
        return missing
    points = []
    for asked in quarters:
        window = disclosure.window_for(PUBLIC, Period(*asked))
        start, end = window.bounds()
        numerator, denominator = registry.evaluate(measure_name, collaborative, window.period)
        points.append(Point(disclosure.quarter_label(start), start, end, numerator, denominator))
    share = not per_10000
    points = control(points, share=share, audience=PUBLIC)[-REFERENCE_QUARTERS:]
    hidden = any(p.numerator is None or (share and p.denominator is None) for p in points)
    if hidden:
        return missing | {"available": True}
    numerator = sum(int(p.numerator or 0) for p in points)
    if per_10000:
        value = round(numerator * 10000 / adult_women, 1) if adult_women else None
        return {"available": True, "numerator": numerator, "denominator": None, "value": value}
    denominator = sum(int(p.denominator or 0) for p in points)
    return {
        "available": True,
        "numerator": numerator,
        "denominator": denominator,
        "value": disclosure.public_share(numerator, denominator),
    }


def is_ccr_like(collaborative: Collaborative) -> bool:
    return collaborative.kind in (CollaborativeKind.CCR, CollaborativeKind.REIMAGINED_CCR)


def measurement_rows(collaborative: Collaborative) -> QuerySet[Measurement]:
    return Measurement.objects.filter(indicator__goal__collaborative=collaborative).select_related(
        "indicator"
    )
