"""Disclosure control (domain notes §7), proven over random tables with hypothesis.

Public rule: no published cell (margins included) is from 1 to 10, and no hidden cell
can be worked out from the published cells and the additivity of the table (row and
column totals): for every hidden cell, the linear system has a solution that moves it.
Partner rule: 1–7 hidden, others rounded to 5. Interactive filters: query sets below
the minimum are refused, and periods move in whole quarters.
"""

import datetime
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ccrhub.cases.metrics import Period
from ccrhub.evaluation import disclosure

small_or_not = st.one_of(st.integers(0, 12), st.integers(0, 60))
tables = st.integers(1, 5).flatmap(
    lambda columns: st.lists(
        st.lists(small_or_not, min_size=columns, max_size=columns), min_size=1, max_size=5
    )
)


def determined_cells(grid: list[list[int | None]]) -> set[tuple[int, int]]:
    """Hidden cells of an (R+1)×(C+1) grid (last row and column the totals) whose value
    the published cells and the table's sums fix; by exact Gaussian elimination."""
    hidden = [(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if v is None]
    if not hidden:
        return set()
    index = {cell: k for k, cell in enumerate(hidden)}
    rows_n, cols_n = len(grid), len(grid[0])
    equations: list[list[Fraction]] = []

    def relation(cells: list[tuple[int, int]], total: tuple[int, int]) -> None:
        coefficients = [Fraction(0)] * (len(hidden) + 1)
        for cell, sign in [*((c, 1) for c in cells), (total, -1)]:
            value = grid[cell[0]][cell[1]]
            if value is None:
                coefficients[index[cell]] += sign
            else:
                coefficients[-1] -= sign * value
        equations.append(coefficients)

    for i in range(rows_n):
        relation([(i, j) for j in range(cols_n - 1)], (i, cols_n - 1))
    for j in range(cols_n):
        relation([(i, j) for i in range(rows_n - 1)], (rows_n - 1, j))
    # Reduced row echelon form over the unknowns.
    matrix = [row[:-1] for row in equations]
    pivots: list[int] = []
    r = 0
    for c in range(len(hidden)):
        pivot = next((k for k in range(r, len(matrix)) if matrix[k][c] != 0), None)
        if pivot is None:
            continue
        matrix[r], matrix[pivot] = matrix[pivot], matrix[r]
        matrix[r] = [v / matrix[r][c] for v in matrix[r]]
        for k in range(len(matrix)):
            if k != r and matrix[k][c] != 0:
                factor = matrix[k][c]
                matrix[k] = [a - factor * b for a, b in zip(matrix[k], matrix[r], strict=True)]
        pivots.append(c)
        r += 1
    # An unknown is fixed when its pivot row has no free unknown in it.
    fixed = set()
    for row_index, c in enumerate(pivots):
        if all(matrix[row_index][k] == 0 for k in range(len(hidden)) if k != c):
            fixed.add(hidden[c])
    return fixed


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_published_cell_is_from_1_to_10(cells) -> None:
    grid = disclosure.public_table(cells).grid
    assert all(v is None or v == 0 or v > 10 for row in grid for v in row)


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_cell_is_recoverable_from_the_margins(cells) -> None:
    table = disclosure.public_table(cells)
    assert determined_cells(table.grid) == set()


@settings(max_examples=200, deadline=None)
@given(tables)
def test_published_cells_are_the_true_ones_and_zeros_show(cells) -> None:
    truth = disclosure.extended_grid(cells)
    grid = disclosure.public_table(cells).grid
    for true_row, row in zip(truth, grid, strict=True):
        for true, shown in zip(true_row, row, strict=True):
            assert shown is None or shown == true
            if true == 0:
                assert shown == 0


def test_a_lone_small_cell_takes_its_row_and_column_partners_with_it() -> None:
    table = disclosure.public_table([[3, 40], [25, 30]])
    assert table.cells[0][0] is None
    # Its row total (43) and column total (28) would give it away: something else hides.
    hidden = sum(v is None for row in table.grid for v in row)
    assert hidden >= 4
    assert determined_cells(table.grid) == set()


def test_the_checker_finds_a_cell_given_away_by_its_margin() -> None:
    # The checker itself can fail: a lone hidden cell is fixed by its row total.
    grid: list[list[int | None]] = [[None, 40, 43], [25, 30, 55], [28, 70, 98]]
    assert determined_cells(grid) == {(0, 0)}


def test_a_share_is_published_only_with_both_counts() -> None:
    assert disclosure.public_share(None, 40) is None
    assert disclosure.public_share(12, None) is None
    assert disclosure.public_share(12, 40) == 0.3


@given(st.integers(0, 500))
def test_partner_rule_hides_1_to_7_and_rounds_to_5(n) -> None:
    shown = disclosure.partner_count(n)
    if n == 0:
        assert shown == 0
    elif n <= 7:
        assert shown is None
    else:
        assert shown is not None and shown % 5 == 0 and abs(shown - n) <= 2


@given(st.integers(0, 100))
def test_public_count_hides_1_to_10(n) -> None:
    assert disclosure.public_count(n) == (None if 1 <= n <= 10 else n)


@pytest.mark.parametrize("size", [0, 1, 10])
def test_query_sets_below_the_minimum_are_refused(size) -> None:
    with pytest.raises(disclosure.QuerySetTooSmall):
        disclosure.check_query_set(size)


def test_a_query_set_leaving_too_few_out_is_refused() -> None:
    disclosure.check_query_set(11)
    disclosure.check_query_set(11, population=40)
    with pytest.raises(disclosure.QuerySetTooSmall):
        disclosure.check_query_set(35, population=40)


@given(st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 1, 1)), st.integers(0, 400))
def test_periods_move_in_whole_quarters(start, days) -> None:
    end = start + datetime.timedelta(days=days)
    first, last = disclosure.window_for(disclosure.PARTNER, Period(start, end)).bounds()
    assert first.day == 1 and first.month in (1, 4, 7, 10)
    assert (last + datetime.timedelta(days=1)).month in (1, 4, 7, 10)
    assert first <= start and end <= last
    # A day more or less inside the same quarters gives the same period.
    assert disclosure.window_for(disclosure.PARTNER, Period(first, last)).bounds() == (
        first,
        last,
    )


day = st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31))
open_or_day = st.one_of(st.none(), day)


@given(open_or_day, open_or_day, st.sampled_from([disclosure.PARTNER, disclosure.PUBLIC]))
def test_aggregate_only_windows_are_the_whole_quarters_holding_the_ends(start, end, audience):
    asked = Period(start, end)
    window = disclosure.window_for(audience, asked)
    assert window.whole_quarters
    if start is None:
        assert window.period.start is None
    else:
        assert window.period.start == disclosure.quarter_of(start)[0] <= start
    if end is None:
        assert window.period.end is None
    else:
        assert window.period.end == disclosure.quarter_of(end)[1] >= end
    # Any other day in the same quarters asks for the same window.
    moved = Period(
        None if start is None else disclosure.quarter_of(start)[1],
        None if end is None else disclosure.quarter_of(end)[0],
    )
    assert disclosure.window_for(audience, moved).period == window.period


@given(open_or_day, open_or_day)
def test_exact_readers_keep_the_window_they_ask_for(start, end):
    window = disclosure.window_for(disclosure.EXACT, Period(start, end))
    assert window.period == Period(start, end) and not window.whole_quarters
