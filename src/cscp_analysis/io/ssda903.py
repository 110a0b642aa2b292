"""Import of the DfE SSDA903 missing table into contract-form ``episodes.csv``.

The SSDA903 return's missing table has one row per missing (``M``) or away from
placement without authorisation (``A``) episode of a looked-after child: ``CHILD``
(the local child id), ``MISSING``, ``MIS_START``, ``MIS_END`` (dates dd/mm/yyyy; a blank
end means still missing) and often ``DOB`` and other columns. The import keeps only what
the contract needs, gives each child a pseudonymous case id (``X0001``, ``X0002``, ... in
order of first appearance) and writes the ``CHILD`` -> case id lookup to a separate file
the user names, never into an ``outputs`` folder. ``DOB`` and every other column are
never written out.

The case ids are *new* pseudonyms: they match no audit's ``cases.csv`` until the analyst
links them through the lookup, and the 903 table has no return-interview columns, so
the ``rhi_*`` columns must be added from the interview records (see
``docs/missing-rules.md``; :data:`AFTER_IMPORT` is the reminder the command prints).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import numpy as np
import pandas as pd

from cscp_analysis.contract.codes import EPISODE_KINDS
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.tables import EPISODES
from cscp_analysis.io.read import RawTable, read_csv_text
from cscp_analysis.io.validate import overlapping

REQUIRED_903_COLUMNS: tuple[str, ...] = ("CHILD", "MISSING", "MIS_START", "MIS_END")
#: The declared episodes columns a 903 table fills: up to ``returned`` (it has no
#: return-interview columns).
EPISODE_OUT_COLUMNS: tuple[str, ...] = EPISODES.names[: EPISODES.names.index("returned") + 1]
LOOKUP_COLUMNS: tuple[str, ...] = ("CHILD", "case_id")
#: What an analyst must do after the import, printed by ``cscp-analysis import-903``.
AFTER_IMPORT = (
    "next: the case ids are new pseudonyms, so give the audit's cases.csv the same ids (via "
    "the lookup, kept private), and add the rhi_* columns from the return-interview records "
    "(the 903 table has none: otherwise every returned episode counts as interview not held)"
)


#: The DfE's 903 validation rules a missing table is checked against, quoted in messages.
RULE_BLANK_START, RULE_END_BEFORE_START, RULE_OVERLAP, RULE_BEFORE_BIRTH = 564, 567, 574, 586


def _rule(code: int) -> str:
    return f" (DfE 903 validation rule {code})"


def read_903(path: str | Path) -> pd.DataFrame:
    """Read and check an SSDA903 missing table.

    Returns
    -------
    DataFrame
        One row per episode, in file order: ``row`` (spreadsheet row, header = 1),
        ``CHILD`` (trimmed), ``kind`` (``M``/``A``), ``start`` and ``end``
        (datetime64 dates; ``end`` NaT while still missing).

    Raises
    ------
    AuditValidationError
        With every problem found, each located by file, row, column and value: missing
        columns, no episodes, blank child or start, unknown code, unparseable date, end
        before start, episodes of one child that overlap, and an episode that starts
        before the child's date of birth (when the table has ``DOB``). The DfE rule a
        problem breaks is quoted.
    """
    path = Path(path)
    name = path.name
    if not path.exists() and not path.is_symlink():
        raise FileNotFoundError(f"{path} not found (expected the SSDA903 missing table, .csv)")
    frame, read_problems = read_csv_text(path, name)
    if frame is None or read_problems:
        raise AuditValidationError(read_problems)
    frame.columns = [str(c).strip().upper() for c in frame.columns]
    missing_cols = [c for c in REQUIRED_903_COLUMNS if c not in frame.columns]
    if missing_cols:
        raise AuditValidationError(
            [Problem(name, 1, col, None, f"required column {col} is missing")
             for col in missing_cols])
    if not len(frame):
        raise AuditValidationError([Problem(name, 2, message="the table has a header but no "
                                            "episodes (expected one row per episode)")])
    raw = RawTable("missing", name, frame)
    rows = frame.index.to_numpy()
    child, code = raw.cells("CHILD"), raw.cells("MISSING")
    start_cells, end_cells = raw.cells("MIS_START"), raw.cells("MIS_END")
    kinds = tuple(EPISODE_KINDS)
    kind = code.stripped.str.upper()
    start, end = start_cells.dates(time_ok=False)[0], end_cells.dates(time_ok=False)[0]
    bad_child = child.blank
    bad_code = ~kind.isin(kinds).to_numpy(dtype=bool)
    blank_start = start_cells.blank
    bad_start = ~blank_start & start.isna().to_numpy()
    bad_end = ~end_cells.blank & end.isna().to_numpy()
    before = (end < start).to_numpy(dtype=bool)  # False where either is NaT
    problems: list[Problem] = []

    def located(mask: np.ndarray, column: str, values: pd.Series | None, message) -> None:
        for i in np.flatnonzero(mask):
            value = "" if values is None else values.iat[i]
            problems.append(Problem(name, int(rows[i]), column, value, message(i, value)))

    located(bad_child, "CHILD", None, lambda i, v: "is blank (expected the child's id)")
    located(bad_code, "MISSING", code.stripped, lambda i, v: (
        f"{v!r} is not a known code (expected {' or '.join(kinds)})"))
    located(blank_start, "MIS_START", None, lambda i, v: (
        "is blank (expected a date dd/mm/yyyy)" + _rule(RULE_BLANK_START)))
    located(bad_start, "MIS_START", start_cells.stripped, lambda i, v: (
        f"{v!r} is not a date (expected dd/mm/yyyy)"))
    located(bad_end, "MIS_END", end_cells.stripped, lambda i, v: (
        f"{v!r} is not a date (expected dd/mm/yyyy, or blank if still missing)"))
    located(before, "MIS_END", end_cells.stripped, lambda i, v: (
        f"{v} is before MIS_START {start_cells.stripped.iat[i]} (expected on or after it)"
        + _rule(RULE_END_BEFORE_START)))
    if "DOB" in frame.columns:  # checked here: the date of birth is never written out
        born = raw.cells("DOB").dates(time_ok=False)[0]
        located((start < born).to_numpy(dtype=bool), "MIS_START", start_cells.stripped,
                lambda i, v: f"{v} is before the child's date of birth "
                f"{raw.cells('DOB').stripped.iat[i]}" + _rule(RULE_BEFORE_BIRTH))
    ok = ~(bad_child | bad_code | blank_start | bad_start | bad_end | before)
    every = np.ones(len(frame), dtype=bool)
    for later, earlier, still_open in overlapping(pd.factorize(child.stripped)[0], start, every,
                                                  end, every, ok):
        until = "still open" if still_open else f"ended {end.iat[earlier]:%d/%m/%Y}"
        when = f"{start.iat[later]:%d/%m/%Y}"
        problems.append(Problem(name, int(rows[later]), "MIS_START", when,
                                f"{when} overlaps the same child's episode on row "
                                f"{int(rows[earlier])} ({until}); expected on or after that "
                                f"episode's end" + _rule(RULE_OVERLAP)))
    if problems:
        raise AuditValidationError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    return pd.DataFrame({"row": rows.astype(np.int64), "CHILD": child.stripped.to_numpy(),
                         "kind": kind.to_numpy(), "start": start.to_numpy(),
                         "end": end.to_numpy()})


def _iso(dates: pd.Series) -> pd.Series:
    """Dates as ISO text (``2016-03-01``); blank where there is none."""
    import pyarrow as pa

    text = pa.array(dates.to_numpy(dtype="datetime64[ns]")).cast(pa.date32()).cast(pa.string())
    return pd.Series(text.fill_null(""), dtype="str")


def to_episodes(table: pd.DataFrame, prefix: str = "X") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Contract-form episodes and the CHILD -> case id lookup from a :func:`read_903` table.

    Case ids are ``prefix`` plus a zero-padded number (at least four digits) in order of
    the child's first appearance in the file; episode ids number each child's episodes
    ``1, 2, ...`` by start date. Dates are written ISO (date-only values).

    Returns
    -------
    (episodes, lookup)
        ``episodes`` has exactly the columns case_id, episode_id, kind, missing_from,
        returned (strings; returned blank while still missing), sorted by case id then
        start; ``lookup`` has CHILD and case_id.
    """
    number, children = pd.factorize(table["CHILD"])  # in order of first appearance
    width = max(4, len(str(len(children))))
    ids = np.array([f"{prefix}{i:0{width}d}" for i in range(1, len(children) + 1)], dtype=object)
    order = np.lexsort((table["row"].to_numpy(), table["start"].to_numpy(), number))
    ordered = table.iloc[order]
    case = number[order]
    first = np.ones(len(case), dtype=bool)
    first[1:] = case[1:] != case[:-1]
    start_at = np.maximum.accumulate(np.where(first, np.arange(len(case)), 0))
    episodes = pd.DataFrame({
        "case_id": ids[case],
        "episode_id": (np.arange(len(case)) - start_at + 1).astype(str).astype(object),
        "kind": ordered["kind"].to_numpy(dtype=object),
        "missing_from": _iso(ordered["start"]).to_numpy(dtype=object),
        "returned": _iso(ordered["end"]).to_numpy(dtype=object),
    })[list(EPISODE_OUT_COLUMNS)]
    lookup = pd.DataFrame({"CHILD": np.asarray(children, dtype=object), "case_id": ids})
    return episodes, lookup


def check_lookup_path(lookup: str | Path, out: str | Path, source: str | Path) -> None:
    """Refuse a lookup path inside an ``outputs`` folder or equal to another file in play."""
    resolved = Path(lookup).resolve()
    if any(part.casefold() == "outputs" for part in resolved.parent.parts):
        raise ValueError(
            f"refusing to write the CHILD -> case_id lookup inside an outputs folder ({lookup}): "
            "it re-identifies children; keep it in a private location"
        )
    for other, what in ((out, "the episodes file"), (source, "the 903 table")):
        if resolved == Path(other).resolve():
            raise ValueError(f"the lookup path {lookup} is the same as {what}")


def import_903(
    source: str | Path, out: str | Path, lookup: str | Path, prefix: str = "X",
    force: bool = False,
) -> tuple[int, int]:
    """Read a 903 missing table and write contract episodes and the lookup file.

    Nothing is written unless the whole table is valid, the lookup path is allowed and
    neither output exists (an existing one is replaced only with ``force``). Each file is
    written to a temporary file beside it and moved into place.

    Returns
    -------
    (episodes, children)
        How many episodes and children were written.
    """
    check_lookup_path(lookup, out, source)
    if Path(out).resolve() == Path(source).resolve():
        raise ValueError(f"the output path {out} is the same as the 903 table")
    existing = [str(p) for p in (Path(out), Path(lookup)) if p.exists()]
    if existing and not force:
        raise FileExistsError(
            f"{' and '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
            "use --force to replace"
            f" {'it' if len(existing) == 1 else 'them'}"
        )
    episodes, table = to_episodes(read_903(source), prefix)
    for frame, target in ((episodes, Path(out)), (table, Path(lookup))):
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            frame.to_csv(tmp, index=False, encoding="utf-8")
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    return len(episodes), len(table)
