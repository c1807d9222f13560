"""Disclosure control: every aggregate that leaves the row-level world passes here.

The rules (CCR domain notes §7):

- **Public** outputs (the public page and its API, the public PDF, the coalition
  view): counts from 1 to 10 are suppressed — zero may show — and *complementary*
  suppression hides enough other cells that no hidden cell can be worked out from the
  totals, the other cells or a percentage. Percentages are published only when both
  their numerator and denominator are.
- **Partner** dashboards: counts from 1 to 7 are hidden and the others rounded to the
  nearest 5 (`partner_count`, defined once in `ccrhub.cases.metrics` and re-exported).
- **Interactive filters** answer only for query sets of at least `MIN_QUERY_SET`
  people (and leave at least as many outside) in the range and in each quarter it
  touches, over the window below, so two queries cannot be made to differ by one
  person.
- **Windows.** Whoever may not read the collaborative's cases (analysts, community
  members, the public, the coalition view) gets figures over whole calendar quarters
  only: `window_for` widens any period asked for to the quarters holding its ends.
  Otherwise two periods a day apart would differ by the one case of that day, and a
  count hidden in one answer could be read off the other. Every door that computes
  figures over a period (API, pages, CSV, indicators, public report, coalition view)
  asks `window_for`, and says which window it used.

Complementary suppression over a table with row and column totals. Think of the
table with its margins as an (R+1)×(C+1) grid; every row and every column of the
grid is one additive relation (the cells add up to the total). Draw the hidden
cells as edges of a bipartite graph between the grid's rows and columns. A hidden
cell can be moved by +d/−d around a cycle of hidden cells without changing anything
published, so it stays unknown exactly when it lies on a cycle; a hidden cell that
is a *bridge* of that graph is determined by the published cells. The rule hides
every primary cell (1–10, margins included), then, while some hidden cell is a
bridge, closes it into a four-cycle with the cheapest other non-zero cells (zeros
are never hidden: a hidden cell is then always at least 1, so every cycle can move
by one in either direction). A four-cycle always exists: a row's total is at least
any of its cells, and the grand total at least any total.
"""

import datetime
import math
from dataclasses import dataclass
from typing import Any

from ccrhub.cases.metrics import PARTNER_ROUNDING, PARTNER_SMALLEST_SHOWN, Period, partner_count
from ccrhub.partners.models import Collaborative
from ccrhub.partners.queries import can

__all__ = [
    "EXACT",
    "MIN_QUERY_SET",
    "PARTNER",
    "PARTNER_ROUNDING",
    "PARTNER_SMALLEST_SHOWN",
    "PUBLIC",
    "PUBLIC_LARGEST_HIDDEN",
    "PublicTable",
    "QuerySetTooSmall",
    "Window",
    "audience_for",
    "check_query_set",
    "partner_count",
    "public_count",
    "public_share",
    "public_table",
    "quarter_of",
    "window_for",
]

# Audiences: `EXACT` for people who may read the collaborative's cases (the figures
# could be counted from the case list they already see), `PARTNER` for other readers
# of aggregates (analysts), `PUBLIC` for anything that leaves the system and for
# community members.
EXACT, PARTNER, PUBLIC = "exact", "partner", "public"

# Public outputs hide counts from 1 to this number.
PUBLIC_LARGEST_HIDDEN = 10
# The smallest query set an interactive filter answers for.
MIN_QUERY_SET = PUBLIC_LARGEST_HIDDEN + 1


def is_primary(n: int) -> bool:
    return 0 < n <= PUBLIC_LARGEST_HIDDEN


def public_count(n: int) -> int | None:
    """A lone count as a public output may show it: 0 stays, 1–10 hidden (None).

    Only for a figure published on its own; a figure published beside others that
    add up goes through `public_table`."""
    return None if is_primary(n) else n


def public_share(numerator: int | None, denominator: int | None) -> float | None:
    """A share published only when both its counts are (a percentage of a hidden count
    would give the count away)."""
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 4)


Cell = tuple[int, int]


@dataclass(frozen=True)
class PublicTable:
    """A table after public suppression: the grid with totals; None where hidden."""

    cells: list[list[int | None]]  # R×C
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None

    @property
    def grid(self) -> list[list[int | None]]:
        """The (R+1)×(C+1) grid: cells and row totals, then the column totals and the total."""
        rows = [[*row, total] for row, total in zip(self.cells, self.row_totals, strict=True)]
        return [*rows, [*self.column_totals, self.total]]


def extended_grid(cells: list[list[int]]) -> list[list[int]]:
    """The table with its row totals as a last column and column totals as a last row."""
    columns = len(cells[0]) if cells else 0
    rows = [[*row, sum(row)] for row in cells]
    totals = [sum(row[j] for row in rows) for j in range(columns + 1)]
    return [*rows, totals]


def bridges(hidden: set[Cell]) -> set[Cell]:
    """Hidden cells not on any cycle of the hidden-cell graph (rows ↔ columns)."""
    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], Cell]]] = {}
    for i, j in hidden:
        adjacency.setdefault(("r", i), []).append((("c", j), (i, j)))
        adjacency.setdefault(("c", j), []).append((("r", i), (i, j)))
    order: dict[tuple[str, int], int] = {}
    low: dict[tuple[str, int], int] = {}
    found: set[Cell] = set()
    for root in adjacency:
        if root in order:
            continue
        # Iterative depth-first search (Tarjan's bridge finding).
        order[root] = low[root] = len(order)
        stack: list[tuple[tuple[str, int], Cell | None, int]] = [(root, None, 0)]
        while stack:
            node, via, index = stack.pop()
            neighbours = adjacency[node]
            if index < len(neighbours):
                stack.append((node, via, index + 1))
                other, edge = neighbours[index]
                if edge == via:
                    continue
                if other in order:
                    low[node] = min(low[node], order[other])
                else:
                    order[other] = low[other] = len(order)
                    stack.append((other, edge, 0))
            elif stack:
                parent = stack[-1][0]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent] and via is not None:
                    found.add(via)
    return found


def _close_cycle(grid: list[list[int]], hidden: set[Cell], bridge: Cell) -> set[Cell]:
    """The cheapest cells to hide so that `bridge` lies on a four-cycle."""
    i, j = bridge
    best: tuple[int, set[Cell]] | None = None
    for i2 in range(len(grid)):
        for j2 in range(len(grid[0])):
            if i2 == i or j2 == j:
                continue
            corners = {(i, j2), (i2, j), (i2, j2)}
            if any(grid[a][b] == 0 and (a, b) not in hidden for a, b in corners):
                continue
            new = {cell for cell in corners if cell not in hidden}
            cost = sum(grid[a][b] for a, b in new)
            if best is None or cost < best[0]:
                best = (cost, new)
    if best is None:  # cannot happen for a non-zero cell (see the module's notes)
        return {(a, b) for a, row in enumerate(grid) for b, n in enumerate(row) if n}
    return best[1]


def hidden_cells(cells: list[list[int]]) -> set[Cell]:
    """Positions in the extended grid that public outputs hide."""
    grid = extended_grid(cells)
    hidden = {(i, j) for i, row in enumerate(grid) for j, n in enumerate(row) if is_primary(n)}
    while True:
        open_bridges = sorted(bridges(hidden))
        if not open_bridges:
            return hidden
        hidden |= _close_cycle(grid, hidden, open_bridges[0])


def public_table(cells: list[list[int]]) -> PublicTable:
    """Public suppression with complementary suppression over `cells` (non-negative
    counts, every row the same length) and the totals computed from them."""
    if any(n < 0 for row in cells for n in row):
        raise ValueError("Counts are never negative.")
    grid = extended_grid(cells)
    hidden = hidden_cells(cells)
    shown: list[list[int | None]] = [
        [None if (i, j) in hidden else n for j, n in enumerate(row)] for i, row in enumerate(grid)
    ]
    body = shown[:-1]
    return PublicTable(
        cells=[row[:-1] for row in body],
        row_totals=[row[-1] for row in body],
        column_totals=shown[-1][:-1],
        total=shown[-1][-1],
    )


def public_column(counts: list[int]) -> tuple[list[int | None], int | None]:
    """A list of counts and their total (one column of a table), suppressed."""
    table = public_table([[n] for n in counts])
    return [row[0] for row in table.cells], table.total


# ---------------------------------------------------------------------------
# Interactive filters
# ---------------------------------------------------------------------------


class QuerySetTooSmall(ValueError):
    """The filter selects too few people (or leaves too few out) to answer."""


def check_query_set(size: int, population: int | None = None) -> None:
    """Refuse a query set below the minimum, or one whose complement in `population`
    is below it (otherwise the complement's figure is the difference of two answers)."""
    if size < MIN_QUERY_SET:
        raise QuerySetTooSmall("too few")
    if population is not None and 0 < population - size < MIN_QUERY_SET:
        raise QuerySetTooSmall("too few left out")


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the calendar quarter holding `day`."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    if first_month == 10:
        end = datetime.date(day.year, 12, 31)
    else:
        end = datetime.date(day.year, first_month + 3, 1) - datetime.timedelta(days=1)
    return start, end


def audience_for(user: Any, collaborative: Collaborative) -> str:
    """The disclosure rule `user` reads the collaborative's figures under: exact for case
    readers, the partner rule for other aggregate readers (analysts), the public rule
    for everyone else (community members)."""
    if can(user, "cases.view", collaborative.pk):
        return EXACT
    return PARTNER if can(user, "aggregates.view", collaborative.pk) else PUBLIC


@dataclass(frozen=True)
class Window:
    """The period figures are computed over, and whether the audience's figures move
    in whole quarters only."""

    period: Period
    whole_quarters: bool

    def bounds(self) -> tuple[datetime.date, datetime.date]:
        """Both ends of a window asked for with both ends (which it keeps)."""
        if self.period.start is None or self.period.end is None:
            raise ValueError("An open window has no bounds.")
        return self.period.start, self.period.end

    def quarters_label(self) -> str:
        """'2025 Q3 – 2026 Q2': the first and last quarter of a closed window."""
        start, end = self.bounds()
        return f"{quarter_label(start)} – {quarter_label(quarter_of(end)[0])}"

    def as_dict(self) -> dict[str, Any]:
        """How an answer says the window it used (ISO dates, None for an open end)."""
        start, end = self.period.start, self.period.end
        return {
            "from": start.isoformat() if start else None,
            "to": end.isoformat() if end else None,
            "whole_quarters": self.whole_quarters,
        }


def window_for(audience: str, asked: Period) -> Window:
    """The window of figures `audience` gets when it asks for `asked`: the one place
    that decides it, for every door.

    Exact readers get the period as asked. Everyone else gets the whole quarters
    holding its ends (an open end stays open: all time on that side), so two windows
    differ by whole quarters or not at all, never by a day or by one case.
    """
    if audience == EXACT:
        return Window(period=asked, whole_quarters=False)
    start = quarter_of(asked.start)[0] if asked.start else None
    end = quarter_of(asked.end)[1] if asked.end else None
    return Window(period=Period(start, end), whole_quarters=True)


def quarters_back(today: datetime.date, count: int) -> list[tuple[datetime.date, datetime.date]]:
    """The `count` calendar quarters ending with the one holding `today`, oldest first."""
    quarters = []
    start, _end = quarter_of(today)
    for _ in range(count):
        quarters.append(quarter_of(start))
        start = quarter_of(start - datetime.timedelta(days=1))[0]
    return list(reversed(quarters))


def quarter_label(start: datetime.date) -> str:
    return f"{start.year} Q{math.ceil(start.month / 3)}"


def shown(value: Any) -> str:
    """How a hidden figure reads in a table."""
    return "—" if value is None else str(value)
