"""A brute-force reader of disclosure-controlled tables, for the tests.

It knows what a reader of a published report knows: the shown counts, which cells are
hidden and how (``<5``: 1 to 4; ``*``: 0 or at least 5, a count that would have been
shown), and the equations that tie the counts (a total is the sum of its parts). It tries
every integer assignment of the hidden cells, independently of the integer programmes
in ``cscp_analysis.analysis.deduction``. A count nobody publishes (the children not heard,
the rest of the cases) is :data:`UNKNOWN`: any value from 0.
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


def reader_solutions(shown: dict, hidden: dict, equations, bound: int, zeros: bool = False):
    """Every assignment of the hidden cells consistent with what is published.

    ``hidden`` maps a cell to SMALL (1 to K-1), OTHER (0, or K to ``bound``) or UNKNOWN
    (0 to ``bound``); with ``zeros`` (the rule's fallback: zeros hidden as small), SMALL
    is 0 to K-1 and OTHER is K to ``bound``. A plain search: try each value of the hidden
    cell with the fewest possible values, and fill in any cell that an equation then
    leaves as the only unknown; a branch stops as soon as some equation cannot be met by
    any values of its unknowns.
    """
    def domain(name):
        return [v for v in range(bound + 1) if _allowed(hidden[name], v, bound, zeros)]

    sizes = {name: len(domain(name)) for name in hidden}
    ranges = {name: (min(domain(name), default=0), max(domain(name), default=-1))
              for name in hidden}

    def possible(cell: dict) -> bool:
        """No equation is out of reach of its unknowns' smallest and largest values."""
        for total, parts in equations:
            low = sum(cell[p] if p in cell else ranges[p][0] for p in parts)
            high = sum(cell[p] if p in cell else ranges[p][1] for p in parts)
            t_low, t_high = (cell[total], cell[total]) if total in cell else ranges[total]
            if high < t_low or low > t_high:
                return False
        return True

    def search(cell: dict):
        changed = True
        while changed:  # fill in what the equations force; stop at a contradiction
            changed = False
            for total, parts in equations:
                cells = (total, *parts)
                unknown = [c for c in cells if c not in cell]
                if len(unknown) > 1:
                    continue
                if not unknown:
                    if cell[total] != sum(cell[p] for p in parts):
                        return
                    continue
                (free,) = unknown
                rest = sum(cell[p] for p in parts if p != free)
                value = cell[total] - rest if free != total else rest
                if not _allowed(hidden[free], value, bound, zeros):
                    return
                cell = {**cell, free: value}
                changed = True
        if not possible(cell):
            return
        todo = sorted((n for n in hidden if n not in cell), key=lambda n: (sizes[n], str(n)))
        if not todo:
            yield {n: cell[n] for n in hidden}
            return
        name = todo[0]
        for value in domain(name):
            yield from search({**cell, name: value})

    yield from search(dict(shown))


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


def _components(hidden: Mapping, equations: Sequence) -> list[tuple[set, list]]:
    """The hidden cells in groups a reader must solve together: linked by equations."""
    groups: list[tuple[set, list]] = []
    left = set(hidden)
    while left:
        cells, todo, linked = set(), [left.pop()], []
        while todo:
            cell = todo.pop()
            cells.add(cell)
            for number, (total, parts) in enumerate(equations):
                if number in linked or cell not in (total, *parts):
                    continue
                linked.append(number)
                for other in (total, *parts):
                    if other in left:
                        left.discard(other)
                        todo.append(other)
        groups.append((cells, [equations[n] for n in sorted(linked)]))
    return groups


def settled(shown: Mapping, hidden: Mapping, equations: Sequence, bound: int,
            targets: Iterable, zeros: bool = False) -> set:
    """The ``targets`` (hidden cells) a reader can work out exactly: those with only one
    value in every assignment of the hidden cells consistent with what is published.

    Solves each group of linked hidden cells on its own, and stops trying values of a
    target once two are possible; fit for a whole published folder.
    """
    targets = set(targets)
    found = set()
    for cells, linked in _components(hidden, equations):
        mine = {c: hidden[c] for c in cells}
        known = {c: v for total, parts in linked for c in (total, *parts)
                 if c in shown for v in (shown[c],)}
        for target in sorted(cells & targets, key=str):
            rest = {c: how for c, how in mine.items() if c != target}
            possible = 0
            for value in range(bound + 1):
                if not _allowed(mine[target], value, bound, zeros):
                    continue
                if next(reader_solutions({**known, target: value}, rest, linked, bound, zeros),
                        None) is not None:
                    possible += 1
                    if possible == 2:
                        break
            if possible < 2:
                found.add(target)
    return found
