"""A brute-force reader of disclosure-controlled tables, for the tests.

It knows what a reader of a published report knows: the shown counts, which cells are
hidden and how (``<5``: 1 to 4; ``*``: 0 or at least 5, a count that would have been
shown), the equations that tie the counts (a total is the sum of its parts) and the
inequalities the rules give (``limits``: a question is answered for at most every case,
a disputed answer is one the agencies disagreed on, a child due a stage 2 meeting is due
a stage 1 meeting; each a sum of ``(cell, coefficient)`` terms that is at most 0). It tries
every integer assignment of the hidden cells (narrowing each cell's range by the equations
and limits first, so that a whole published folder is read in seconds), independently of
the integer programmes in ``cscp_analysis.analysis.deduction``. A count nobody publishes
(the children not heard, the rest of the cases) is :data:`UNKNOWN`: any value from 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from cscp_analysis.analysis.deduction import OTHER, SMALL
from cscp_analysis.analysis.disclosure import SECONDARY_MARKER, suppression_marker

K = 5
#: A cell no output shows: the reader knows only that it is a count (0 or more).
UNKNOWN = "unknown"


def _allowed(how: str, value: int, bound: int, zeros: bool) -> bool:
    if not 0 <= value <= bound:
        return False
    if how == SMALL:
        return (0 if zeros else 1) <= value < K
    if how == OTHER:
        return (value == 0 and not zeros) or value >= K
    return True


def _snap(how: str, low: int, high: int, zeros: bool) -> tuple[int, int]:
    """A range narrowed to the values the cell's marker allows at its ends."""
    if how == OTHER and not zeros:  # 0, or K and above: no value from 1 to K-1
        if 0 < low < K:
            low = K
        if 0 < high < K:
            high = 0
    return low, high


def _tighten(low: dict, high: dict, hidden: dict, equations, limits, zeros: bool) -> bool:
    """Narrow every cell's range by what each equation and limit allows, over and over,
    until nothing changes (bounds propagation); False at a contradiction. ``low`` and
    ``high`` are changed in place."""
    def narrow(cell, new_low, new_high) -> bool:
        new_low, new_high = max(low[cell], new_low), min(high[cell], new_high)
        if cell in hidden:
            new_low, new_high = _snap(hidden[cell], new_low, new_high, zeros)
        if new_low > new_high:
            raise ValueError(cell)
        moved = (new_low, new_high) != (low[cell], high[cell])
        low[cell], high[cell] = new_low, new_high
        return moved

    try:
        changed = True
        while changed:
            changed = False
            for total, parts in equations:
                least, most = sum(low[p] for p in parts), sum(high[p] for p in parts)
                changed |= narrow(total, least, most)
                for part in parts:
                    others_low, others_high = least - low[part], most - high[part]
                    changed |= narrow(part, low[total] - others_high, high[total] - others_low)
                    least, most = others_low + low[part], others_high + high[part]
            for terms in limits:  # sum(a * cell) <= 0
                least = sum(a * (low[c] if a > 0 else high[c]) for c, a in terms)
                if least > 0:
                    return False
                for cell, a in terms:
                    rest = least - a * (low[cell] if a > 0 else high[cell])
                    if a > 0:
                        changed |= narrow(cell, low[cell], (-rest) // a)
                    else:
                        changed |= narrow(cell, -((-rest) // (-a)), high[cell])  # ceiling
                    least = rest + a * (low[cell] if a > 0 else high[cell])
    except ValueError:
        return False
    return True


def reader_solutions(shown: dict, hidden: dict, equations, bound: int, zeros: bool = False,
                     limits=()):
    """Every assignment of the hidden cells consistent with what is published.

    ``hidden`` maps a cell to SMALL (1 to K-1), OTHER (0, or K to ``bound``) or UNKNOWN
    (0 to ``bound``); with ``zeros`` (the rule's fallback: zeros hidden as small), SMALL
    is 0 to K-1 and OTHER is K to ``bound``. A plain search: narrow every cell's range by
    the equations and limits (a branch stops at a contradiction), then try each value of
    the hidden cell with the fewest possible values; a full assignment is checked
    against every equation and limit.
    """
    def domain(name, low, high):
        return [v for v in range(low, high + 1) if _allowed(hidden[name], v, bound, zeros)]

    start_low = {**shown, **{n: min(domain(n, 0, bound), default=1) for n in hidden}}
    start_high = {**shown, **{n: max(domain(n, 0, bound), default=0) for n in hidden}}

    def exact(cell: dict) -> bool:
        return (all(cell[t] == sum(cell[p] for p in parts) for t, parts in equations)
                and all(sum(a * cell[c] for c, a in terms) <= 0 for terms in limits))

    def search(low: dict, high: dict):
        low, high = dict(low), dict(high)
        if not _tighten(low, high, hidden, equations, limits, zeros):
            return
        open_ = [(len(domain(n, low[n], high[n])), str(n), n) for n in hidden
                 if low[n] != high[n]]
        if not open_:
            if all(_allowed(hidden[n], low[n], bound, zeros) for n in hidden) and exact(low):
                yield {n: low[n] for n in hidden}
            return
        _, _, name = min(open_)
        for value in domain(name, low[name], high[name]):
            yield from search({**low, name: value}, {**high, name: value})

    yield from search(start_low, start_high)


def solved_cells(shown, hidden, equations, bound):
    """The small hidden cells a reader can settle: one value across every solution the
    reader must consider (zeros shown; and, unless a zero is shown, zeros hidden as small).
    """
    seen: dict[str, set[int]] = {n: set() for n in hidden if hidden[n] == SMALL}
    for zeros in (False, True) if 0 not in shown.values() else (False,):
        for solution in reader_solutions(shown, hidden, equations, bound, zeros):
            for name in seen:
                seen[name].add(solution[name])
    return {n for n, values in seen.items() if len(values) <= 1}


def read_back(row: pd.Series, columns) -> tuple[dict, dict]:
    """What a reader sees in a published row: shown numbers and the hidden cells' markers."""
    shown, hidden = {}, {}
    for c in columns:
        value = row[c]
        if value == suppression_marker(K):
            hidden[c] = SMALL
        elif value == SECONDARY_MARKER:
            hidden[c] = OTHER
        else:
            shown[c] = int(value)
    return shown, hidden


def read_cell(value: object) -> tuple[int | None, str | None]:
    """A published cell as (count, None) or (None, how it is hidden)."""
    text = str(value).strip()
    if text == suppression_marker(K):
        return None, SMALL
    if text == SECONDARY_MARKER:
        return None, OTHER
    return int(text), None


def _components(hidden: Mapping, equations: Sequence, limits: Sequence = ()
                ) -> list[tuple[set, list, list]]:
    """The hidden cells in groups a reader must solve together, linked by equations or
    limits; each group with its equations and its limits."""
    relations = [(total, *parts) for total, parts in equations]
    relations += [tuple(c for c, _ in terms) for terms in limits]
    groups: list[tuple[set, list, list]] = []
    left = set(hidden)
    while left:
        cells, todo, linked = set(), [left.pop()], set()
        while todo:
            cell = todo.pop()
            cells.add(cell)
            for number, members in enumerate(relations):
                if number in linked or cell not in members:
                    continue
                linked.add(number)
                for other in members:
                    if other in left:
                        left.discard(other)
                        todo.append(other)
        groups.append((cells, [equations[n] for n in sorted(linked) if n < len(equations)],
                       [limits[n - len(equations)] for n in sorted(linked)
                        if n >= len(equations)]))
    return groups


def settled(shown: Mapping, hidden: Mapping, equations: Sequence, bound: int,
            targets: Iterable, zeros: bool = False, limits: Sequence = ()) -> set:
    """The ``targets`` (hidden cells) a reader can work out exactly: those with only one
    value in every assignment of the hidden cells consistent with what is published
    (the ``equations`` and the ``limits``).

    Solves each group of linked hidden cells on its own, and stops trying values of a
    target once two are possible; fit for a whole published folder.
    """
    targets = set(targets)
    found = set()
    for cells, linked, bounds in _components(hidden, equations, limits):
        mine = {c: hidden[c] for c in cells}
        members = [c for total, parts in linked for c in (total, *parts)]
        members += [c for terms in bounds for c, _ in terms]
        known = {c: shown[c] for c in members if c in shown}
        for target in sorted(cells & targets, key=str):
            rest = {c: how for c, how in mine.items() if c != target}
            possible = 0
            for value in range(bound + 1):
                if not _allowed(mine[target], value, bound, zeros):
                    continue
                if next(reader_solutions({**known, target: value}, rest, linked, bound, zeros,
                                         bounds), None) is not None:
                    possible += 1
                    if possible == 2:
                        break
            if possible < 2:
                found.add(target)
    return found


def published_tables(folder, specs: Mapping) -> dict[str, pd.DataFrame]:
    """The tables beside a published report as a reader opens them: each CSV of ``specs``
    found in ``folder/tables`` (every cell as text, blanks as ""), after checking that
    its sheet of ``folder/results.xlsx`` holds the same counts, cell by cell."""
    from openpyxl import load_workbook

    book = load_workbook(folder / "results.xlsx")
    tables = {}
    for name, spec in specs.items():
        path = folder / "tables" / spec.file
        if not path.is_file():
            assert spec.sheet not in book.sheetnames, (folder, spec.sheet)
            continue
        table = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
        rows = [["" if v is None else str(v) for v in r]
                for r in book[spec.sheet].iter_rows(min_row=2, values_only=True)]
        assert len(rows) == len(table), path
        for column in (c.heading for c in spec.columns if c.kind == "count"):
            i = list(table.columns).index(column)
            assert [r[i] for r in rows] == list(table[column]), (path, column)
        tables[name] = table
    return tables
