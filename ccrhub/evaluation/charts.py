"""Trend charts as server-side SVG: the same markup on the page and in the PDF
(WeasyPrint draws inline SVG), no script, no inline style (the CSP holds). The
numbers are always printed beside the chart by the templates; the chart is the
picture of them. A hidden figure leaves a gap in the line, never a made-up point.
"""

from dataclasses import dataclass, field
from typing import Any

WIDTH, HEIGHT = 480, 200
LEFT, RIGHT, TOP, BOTTOM = 48, 30, 12, 32


@dataclass
class Chart:
    width: int
    height: int
    segments: list[str]  # polyline "x,y x,y" strings, one per run of shown points
    dots: list[dict[str, Any]]
    labels: list[dict[str, Any]]  # x-axis
    ticks: list[dict[str, Any]]  # y-axis
    lines: list[dict[str, Any]] = field(default_factory=list)  # baseline, target
    empty: bool = False
    plot_bottom: int = HEIGHT - BOTTOM
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    label_y: int = HEIGHT - BOTTOM + 18
    tick_x: int = LEFT - 6


def _nice_top(value: float, share: bool) -> float:
    if share:
        return 1.0
    if value <= 0:
        return 10.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        top = step * magnitude
        if top >= value:
            return float(top)
    return float(10 * magnitude)


def _format(value: float, share: bool) -> str:
    if share:
        return f"{round(value * 100)}%"
    return f"{value:g}"


def line_chart(series: Any) -> Chart:
    points = series.points
    share = series.is_share
    extras = [
        float(v)
        for v in (series.indicator.baseline, series.indicator.target)
        if v is not None and not share
    ]
    values = [p.value for p in points if p.value is not None]
    top = _nice_top(max([*values, *extras], default=0.0), share)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(points) - 1, 1)

    # Coordinates as strings, formatted here: a template would localise "12.5" into
    # "12,5" on the Spanish pages, which no SVG reader accepts.
    def x(index: int) -> str:
        return f"{LEFT + index * step:.1f}"

    def y(value: float) -> str:
        return f"{TOP + plot_h - (value / top) * plot_h:.1f}"

    segments: list[str] = []
    run: list[str] = []
    dots = []
    for index, point in enumerate(points):
        if point.value is None:
            if run:
                segments.append(" ".join(run))
            run = []
            continue
        run.append(f"{x(index)},{y(point.value)}")
        dots.append({"x": x(index), "y": y(point.value), "text": _format(point.value, share)})
    if run:
        segments.append(" ".join(run))
    labels = [
        {"x": x(index), "text": point.label}
        for index, point in enumerate(points)
        if len(points) <= 8 or index % 2 == 0
    ]
    ticks = [
        {"y": y(top * fraction), "text": _format(top * fraction, share)} for fraction in (0, 0.5, 1)
    ]
    lines = []
    for name, raw in (("baseline", series.indicator.baseline), ("target", series.indicator.target)):
        if raw is None:
            continue
        value = float(raw)
        if 0 <= value <= top:
            lines.append({"name": name, "y": y(value), "text": _format(value, share)})
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        segments=segments,
        dots=dots,
        labels=labels,
        ticks=ticks,
        lines=lines,
        empty=not values,
    )
