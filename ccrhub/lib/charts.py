"""Every chart of the product is one Vega-Lite spec, built here.

A page embeds the spec in a `<script type="application/json" class="chart-spec">`
block that `static/charts.js` draws with the vendored Vega (no inline script: the
content security policy forbids it). A PDF gets the same spec drawn as SVG on the
server by vl-convert, which WeasyPrint (through `lib.pdf`) renders inline. The
templates print the numbers in a table beside every chart: the chart is the picture
of them, so a reader who cannot see it loses nothing. A hidden figure (`None`) leaves
a gap in a line, never a made-up point.
"""

import json
from collections.abc import Sequence
from typing import Any

import vl_convert
from django.utils.safestring import SafeString, mark_safe

Spec = dict[str, Any]

# The Vega-Lite release vl-convert draws with: the same major version as the vendored
# library the pages use (static/vendor/vega-lite-6.5.0.min.js).
VEGA_LITE_VERSION = "6.4"
# A PDF has no container to fit: charts there are this wide (in CSS pixels).
PDF_WIDTH = 480
BLUE, LIGHT_BLUE, INK, GREY, GREEN, ORANGE = (
    "#005ea2",
    "#73b3e7",
    "#1b1b1b",
    "#757575",
    "#00a91c",
    "#d54309",
)
# Shared look, so a chart reads the same on a page and in a PDF. The drawing is one
# image to assistive technology (its element has role="img" and names its caption),
# so Vega's marks and axes stay out of the accessibility tree: the table beside the
# chart is what a screen reader reads.
CONFIG = {
    "aria": False,
    "mark": {"aria": False},
    "font": "DejaVu Sans, sans-serif",
    "axis": {"labelColor": INK, "titleColor": INK, "gridColor": "#dfe1e2"},
    "view": {"stroke": None},
}

_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def spec_json(spec: Spec) -> SafeString:
    """JSON safe inside a <script type="application/json"> block (as json_script does)."""
    # Escaped as above, so the block cannot be closed early by data.
    return mark_safe(json.dumps(spec).translate(_JSON_ESCAPES))


def svg(spec: Spec) -> SafeString:
    """The chart drawn on the server, for a PDF. Vega escapes every text it draws."""
    fixed = {**spec, "width": PDF_WIDTH} if spec.get("width") == "container" else spec
    drawn = vl_convert.vegalite_to_svg(fixed, vl_version=VEGA_LITE_VERSION)
    return mark_safe(drawn)


def _chart(description: str, values: list[dict[str, Any]], **rest: Any) -> Spec:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": description,
        "data": {"values": values},
        "width": "container",
        "config": CONFIG,
        **rest,
    }


def bars(
    values: list[dict[str, Any]],
    *,
    category: str,
    amount: str,
    description: str,
    amount_title: str,
) -> Spec:
    """Horizontal bars, one per category, in the order of `values`."""
    order = [v[category] for v in values]
    return _chart(
        description,
        values,
        mark={"type": "bar", "color": BLUE},
        height=280,
        encoding={
            "y": {"field": category, "type": "nominal", "sort": order, "title": None},
            "x": {"field": amount, "type": "quantitative", "title": amount_title},
        },
    )


def bars_with_ticks(
    values: list[dict[str, Any]],
    *,
    category: str,
    bar: str,
    tick: str,
    description: str,
    amount_title: str,
) -> Spec:
    """A bar per category (a median, say) with a tick at a second value (its p90)."""
    order = [v[category] for v in values]
    y = {"field": category, "type": "nominal", "sort": order, "title": None}
    return _chart(
        description,
        values,
        # A band per category, so one or two do not stretch into a wall of colour.
        height={"step": 32},
        layer=[
            {
                "mark": {"type": "bar", "color": LIGHT_BLUE},
                "encoding": {
                    "y": y,
                    "x": {"field": bar, "type": "quantitative", "title": amount_title},
                },
            },
            {
                "mark": {"type": "tick", "color": INK, "thickness": 2},
                "encoding": {"y": y, "x": {"field": tick, "type": "quantitative"}},
            },
        ],
    )


def lines(
    values: list[dict[str, Any]],
    *,
    x: str,
    y: str,
    series: str,
    series_order: Sequence[str],
    description: str,
    titles: tuple[str, str, str],
) -> Spec:
    """One line per series over an ordinal `x`; `titles` are (x, y, series)."""
    x_title, y_title, series_title = titles
    stage = {"field": series, "type": "nominal", "sort": list(series_order), "title": series_title}
    return _chart(
        description,
        values,
        mark={"type": "line", "point": True},
        height=280,
        encoding={
            "x": {
                "field": x,
                "type": "ordinal",
                "title": x_title,
                "axis": {"labelAngle": 0, "labelOverlap": True},
            },
            "y": {"field": y, "type": "quantitative", "title": y_title},
            # Colour and dash both tell the lines apart, for readers who do not see colour.
            "color": {**stage, "scale": {"range": [BLUE, ORANGE, GREEN, INK]}},
            "strokeDash": stage,
        },
    )


def trend(
    points: Sequence[tuple[str, float | None]],
    *,
    description: str,
    share: bool,
    baseline: tuple[str, float] | None = None,
    target: tuple[str, float] | None = None,
    empty_text: str = "",
) -> Spec:
    """One line through (label, value) points in their order, a gap where a value is
    hidden; a baseline and a target are labelled dashed lines, given as (text, value).
    A share is drawn from 0 to 100%."""
    values = [{"period": label, "value": value} for label, value in points]
    scale: dict[str, Any] = {"domain": [0, 1]} if share else {"zero": True}
    axis: Spec = {"format": ".0%"} if share else {"tickMinStep": 1}
    x = {
        "field": "period",
        "type": "ordinal",
        "sort": [label for label, _value in points],
        "title": None,
        "axis": {"labelAngle": 0, "labelOverlap": True},
    }
    y = {"field": "value", "type": "quantitative", "title": None, "scale": scale, "axis": axis}
    line = {"type": "line", "color": BLUE, "strokeWidth": 2.5, "point": {"color": BLUE}}
    layer: list[Spec] = [{"mark": line, "encoding": {"x": x, "y": y}}]
    for reference, color in ((baseline, GREY), (target, GREEN)):
        if reference is not None:
            layer += _reference_line(*reference, color=color, scale=scale)
    if empty_text and all(value is None for _label, value in points):
        text = {"type": "text", "color": GREY, "fontSize": 13}
        once: Spec = {"values": [{}]}
        layer.append({"data": once, "mark": text, "encoding": {"text": {"value": empty_text}}})
    return _chart(description, values, height=200, layer=layer)


def _reference_line(text: str, value: float, *, color: str, scale: Spec) -> list[Spec]:
    """A dashed line across the chart, labelled (the table beside gives it too)."""
    at = {"datum": value, "type": "quantitative", "scale": scale}
    label = {"type": "text", "align": "right", "dy": -6, "x": "width", "color": INK}
    rule = {"type": "rule", "color": color, "strokeDash": [6, 4]}
    # One datum of its own, or the line and its label are drawn once per point.
    single: Spec = {"values": [{}]}
    return [
        {"data": single, "mark": rule, "encoding": {"y": at}},
        {"data": single, "mark": label, "encoding": {"y": at, "text": {"value": text}}},
    ]
