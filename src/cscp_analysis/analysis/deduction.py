"""What a reader can work out from a table with hidden counts, and what to hide so they can't.

A published table is a set of cells (counts) tied by equations: a total is the sum of
its parts (cases = Female + Male + Other + Not recorded; answered = met + partly +
not met; a finding area's "met" = the "met" of its questions), and bounded by
inequalities the rules give (*limits*: a question is answered for at most every case; a
disputed answer is one the agencies disagreed on; a child due a stage 2 meeting is due a
stage 1 meeting). A reader who knows them and the disclosure rule can sometimes solve
for a hidden cell: with 14 cases, ``Female 8 · Male [hidden, so 0 or at least 5] ·
Other [1 to 4]`` leaves only Male = 5, Other = 1; and ``met 5 · partly 0 · not met 8 ·
not applicable [1 to 4]`` of one question, with at most 14 cases answered, leaves only
not applicable = 1.

:func:`worked_out` models such a reader exactly, as an integer programme: every shown
cell is known; a cell hidden as small lies in 1 to k-1 (0 to k-1 when zeros are hidden
too); a cell hidden to protect another is 0 or at least k (what it would have shown),
and every equation and limit holds. A hidden cell is *worked out* when no solution gives it any
other value. :func:`protect` hides the small cells, then, while any small cell can be
worked out, hides one more shown cell from the equations around it (a part before a
total, the smallest first, preferring one whose hiding alone settles it), until none can.
The integer programmes are tiny and solved with scipy's HiGHS (``scipy.optimize.milp``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np

#: How a hidden cell was hidden: small itself, or to protect another cell.
SMALL, OTHER = "small", "other"

Key = Hashable
Equation = tuple[Key, Sequence[Key]]  # (total, parts): total = sum of parts
#: (terms, at_most): sum of coefficient * cell over the (cell, coefficient) terms is at
#: most ``at_most``, a number the reader knows (the number of cases; 0)
Limit = tuple[Sequence[tuple[Key, int]], int]


def _cells_of(relation) -> tuple:
    """The cells of an equation or a limit, tagged by kind (``("=", eq)``, ``("<", lim)``)."""
    kind, (first, second) = relation
    return (first, *second) if kind == "=" else tuple(c for c, _ in first)


def _relations(equations: Sequence[Equation], limits: Sequence[Limit]) -> list:
    return [("=", e) for e in equations] + [("<", lim) for lim in limits]


def _component(start: Key, relations: Sequence, hidden: Mapping[Key, str]) -> list:
    """The relations (:func:`_relations`) a reader would chain to reach ``start``: linked
    through hidden cells."""
    linked, todo, seen = [], [start], {start}
    while todo:
        key = todo.pop()
        for number, relation in enumerate(relations):
            cells = _cells_of(relation)
            if key not in cells or number in linked:
                continue
            linked.append(number)
            for cell in cells:
                if cell in hidden and cell not in seen:
                    seen.add(cell)
                    todo.append(cell)
    return [relations[n] for n in sorted(linked)]


def _around(target: Key, relations: Sequence, hidden: Mapping[Key, str]) -> set:
    """Every cell of the relations linked to ``target``."""
    return {c for relation in _component(target, relations, hidden) for c in _cells_of(relation)}


def _feasible_otherwise(target: Key, values: Mapping[Key, int], relations: Sequence,
                        hidden: Mapping[Key, str], k: int, zero_small: bool) -> bool:
    """Whether some solution gives ``target`` a value other than its true one."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    linked = _component(target, relations, hidden)
    unknown = sorted({target} | {c for relation in linked for c in _cells_of(relation)
                                  if c in hidden}, key=str)
    big = int(sum(abs(int(v)) for v in values.values())) + k + 1
    n = len(unknown)
    others = [c for c in unknown if hidden[c] == OTHER and not zero_small]
    index = {c: i for i, c in enumerate(unknown)}
    binary = {c: n + j for j, c in enumerate(others)}  # 0 or at least k
    size = n + len(binary)
    low, high = np.zeros(size), np.ones(size)
    for c in unknown:
        i = index[c]
        if hidden[c] == SMALL:
            low[i], high[i] = (0 if zero_small else 1), k - 1
        else:
            low[i], high[i] = (k if zero_small else 0), big
    rows, lhs, rhs = [], [], []
    for kind, relation in linked:
        row, constant = np.zeros(size), 0.0
        if kind == "=":
            total, parts = relation
            terms, low_side = ((total, 1.0), *((p, -1.0) for p in parts)), None
        else:
            terms, low_side = relation[0], -np.inf
            constant = float(relation[1])
        for cell, sign in terms:
            if cell in index:
                row[index[cell]] += sign
            else:
                constant -= sign * float(values[cell])
        rows.append(row)
        lhs.append(constant if low_side is None else low_side)
        rhs.append(constant)
    for c, j in binary.items():  # x <= big * b and x >= k * b
        for coefficients, lo, hi in (({index[c]: 1.0, j: -big}, -np.inf, 0.0),
                                     ({index[c]: 1.0, j: -float(k)}, 0.0, np.inf)):
            row = np.zeros(size)
            for position, value in coefficients.items():
                row[position] = value
            rows.append(row)
            lhs.append(lo)
            rhs.append(hi)
    true = float(values[target])
    for lo, hi in ((low[index[target]], true - 1), (true + 1, high[index[target]])):
        if lo > hi:
            continue
        bounds_low, bounds_high = low.copy(), high.copy()
        bounds_low[index[target]], bounds_high[index[target]] = lo, hi
        constraints = LinearConstraint(np.array(rows), lhs, rhs) if rows else ()
        result = milp(np.zeros(size), integrality=np.ones(size),
                      bounds=Bounds(bounds_low, bounds_high), constraints=constraints)
        if result.status == 0:
            return True
    return False


def worked_out(values: Mapping[Key, int], equations: Sequence[Equation],
               hidden: Mapping[Key, str], k: int, zero_small: bool = False,
               limits: Sequence[Limit] = ()) -> set[Key]:
    """The hidden cells a reader who knows the equations and the rule can work out exactly.

    Parameters
    ----------
    values
        The true count of every cell.
    equations
        ``(total, parts)`` pairs: ``values[total] == sum(values[p] for p in parts)``.
    hidden
        The hidden cells, each :data:`SMALL` (its count is 1 to k-1) or :data:`OTHER`
        (hidden to protect another: 0 or at least k).
    k
        The threshold: counts below it are small.
    zero_small
        Zeros are hidden as small too (then a small cell is 0 to k-1, another at least k).
    limits
        ``(terms, at_most)`` pairs: ``sum(a * values[c] for c, a in terms) <= at_most``.
    """
    relations = _relations(equations, limits)
    return {cell for cell in hidden
            if not _feasible_otherwise(cell, values, relations, hidden, k, zero_small)}


def _is_small(value: int, k: int, zero_small: bool) -> bool:
    return (0 if zero_small else 1) <= int(value) < k


def protect(values: Mapping[Key, int], equations: Sequence[Equation], k: int,
            zero_small: bool = False, fixed: Iterable[Key] = (),
            start: Mapping[Key, str] | None = None,
            limits: Sequence[Limit] = ()) -> dict[Key, str]:
    """The cells to hide so that no small count can be worked out, each SMALL or OTHER.

    ``fixed`` cells are published elsewhere (e.g. the number of cases in the report's
    text), so they are hidden only when nothing else can protect a cell: the caller must
    then not publish them elsewhere either. ``start`` gives cells another output already
    hides (each SMALL or OTHER, as it marks them): they stay hidden. Small cells are
    always hidden. Cells in no equation are hidden only when small. Where hiding every
    cell around a small count still settles it (the bounds alone do), zeros are hidden
    as small as well. ``limits`` (see :func:`worked_out`) are known to the reader too.
    """
    fixed = set(fixed)
    relations = _relations(equations, limits)
    hidden = {c: SMALL for c, v in values.items() if _is_small(v, k, zero_small)}
    hidden |= dict(start or {})
    totals = {total for total, _ in equations}
    # Only small counts need protecting (a cell hidden to protect one is a count that
    # could have been shown). Hiding a cell only widens what a reader must consider, so a
    # small count that cannot be worked out stays so: only the exposed ones are rechecked.
    exposed = sorted(worked_out(values, equations, hidden, k, zero_small, limits)
                     & set(hidden), key=str)
    exposed = [c for c in exposed if hidden[c] == SMALL]
    while True:
        exposed = [c for c in exposed
                   if not _feasible_otherwise(c, values, relations, hidden, k, zero_small)]
        if not exposed:
            return _unneeded_shown(hidden, values, relations, k, zero_small, fixed,
                                   set(start or ()))
        target = exposed[0]
        shown = [c for c in _around(target, relations, hidden) if c not in hidden]
        # Cells published elsewhere are candidates only once nothing else is left.
        candidates = sorted((c for c in shown if c not in fixed),
                            key=lambda c: (c in totals, int(values[c]), str(c)))
        candidates = candidates or sorted(shown, key=lambda c: (int(values[c]), str(c)))
        if not candidates:  # everything around it is hidden: settled by the bounds alone
            if zero_small:
                raise ValueError(f"{target!r} cannot be protected at threshold {k}")
            # e.g. asked <5 of four parts each <5: all must be 1. Hiding zeros as small
            # too (0 to k-1) leaves the all-zero solution open, so no count is settled.
            return protect(values, equations, k, zero_small=True, fixed=fixed, start=start,
                           limits=limits)
        for cell in candidates:
            trial = {**hidden, cell: OTHER}
            if _feasible_otherwise(target, values, relations, trial, k, zero_small):
                hidden = trial
                break
        else:
            hidden[candidates[0]] = OTHER


def _unneeded_shown(hidden: dict[Key, str], values: Mapping[Key, int],
                    relations: Sequence, k: int, zero_small: bool,
                    fixed: set, keep: set) -> dict[Key, str]:
    """``hidden`` less the cells hidden to protect another that no longer need to be.

    Where no single cell could protect a count, :func:`protect` hid one after another;
    a later one can make an earlier one needless (the zeros tried before the number of
    cases had to go). Each such cell is shown again, those published elsewhere first,
    then the largest, if every small count around it stays impossible to work out.
    """
    for cell in sorted((c for c, how in hidden.items() if how == OTHER and c not in keep),
                       key=lambda c: (c not in fixed, -int(values[c]), str(c))):
        trial = {c: how for c, how in hidden.items() if c != cell}
        if all(_feasible_otherwise(c, values, relations, trial, k, zero_small)
               for c in _around(cell, relations, trial) if trial.get(c) == SMALL):
            hidden = trial
    return hidden

