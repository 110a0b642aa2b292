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

import datetime as dt
import os
import uuid
from pathlib import Path

import pandas as pd

from cscp_analysis.contract.codes import EPISODE_KINDS
from cscp_analysis.contract.dates import parse_dates
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.tables import EPISODES
from cscp_analysis.io.read import read_csv_text

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


def _dates(raw: pd.Series) -> list[dt.date | None]:
    """903 dates (``dd/mm/yyyy`` as in the return, or ISO), read by the contract's one
    date parser; None where a value is blank or not a date."""
    values, _ = parse_dates(raw, time_ok=False)
    return [None if pd.isna(v) else v.date() for v in values]


def read_903(path: str | Path) -> pd.DataFrame:
    """Read and check an SSDA903 missing table.

    Returns
    -------
    DataFrame
        One row per episode, in file order: ``row`` (spreadsheet row, header = 1),
        ``CHILD`` (trimmed), ``kind`` (``M``/``A``), ``start`` and ``end``
        (``datetime.date``; ``end`` None while still missing).

    Raises
    ------
    AuditValidationError
        With every problem found, each located by file, row, column and value: missing
        columns, blank child or start, unknown code, unparseable date, end before start,
        and episodes of one child that overlap.
    """
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise FileNotFoundError(f"{path} not found (expected the SSDA903 missing table, .csv)")
    raw, read_problems = read_csv_text(path, name)
    if raw is None or read_problems:
        raise AuditValidationError(read_problems)
    raw.columns = [str(c).strip().upper() for c in raw.columns]
    missing_cols = [c for c in REQUIRED_903_COLUMNS if c not in raw.columns]
    if missing_cols:
        raise AuditValidationError(
            [
                Problem(name, 1, col, None, f"required column {col} is missing")
                for col in missing_cols
            ]
        )
    problems: list[Problem] = []
    records = []
    kinds = tuple(EPISODE_KINDS)
    starts, ends = _dates(raw["MIS_START"]), _dates(raw["MIS_END"])
    for i, (row, *values) in enumerate(raw[list(REQUIRED_903_COLUMNS)].itertuples(index=True)):
        child, code, start_text, end_text = (str(v).strip() for v in values)
        ok = True
        if not child:
            problems.append(Problem(name, row, "CHILD", "", "is blank (expected the child's id)"))
            ok = False
        kind = code.upper()
        if kind not in kinds:
            problems.append(
                Problem(name, row, "MISSING", code,
                        f"{code!r} is not a known code (expected {' or '.join(kinds)})")
            )
            ok = False
        start = starts[i]
        if not start_text:
            problems.append(
                Problem(name, row, "MIS_START", "", "is blank (expected a date dd/mm/yyyy)")
            )
            ok = False
        elif start is None:
            problems.append(
                Problem(
                    name,
                    row,
                    "MIS_START",
                    start_text,
                    f"{start_text!r} is not a date (expected dd/mm/yyyy)",
                )
            )
            ok = False
        end = ends[i]
        if end_text and end is None:
            problems.append(
                Problem(
                    name,
                    row,
                    "MIS_END",
                    end_text,
                    f"{end_text!r} is not a date (expected dd/mm/yyyy, or blank if still missing)",
                )
            )
            ok = False
        elif start is not None and end is not None and end < start:
            problems.append(
                Problem(
                    name,
                    row,
                    "MIS_END",
                    end_text,
                    f"{end_text} is before MIS_START {start_text} (expected on or after it)",
                )
            )
            ok = False
        records.append((row, child, kind, start, end, ok))
    table = pd.DataFrame(records, columns=["row", "CHILD", "kind", "start", "end", "_ok"])
    problems.extend(_overlaps(table[table["_ok"]], name))
    if problems:
        raise AuditValidationError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    return table.drop(columns="_ok").reset_index(drop=True)


def _overlaps(table: pd.DataFrame, name: str) -> list[Problem]:
    """Episodes that start before the child's previous episode has ended.

    Dates carry no clock time, so an episode starting on the day the previous one ended
    is allowed; one starting while the previous is still open (blank end) is not.
    """
    problems = []
    ordered = table.assign(_end=table["end"].fillna(dt.date.max)).sort_values(
        ["CHILD", "start", "_end", "row"], kind="stable"
    )
    for _, part in ordered.groupby("CHILD", sort=False):
        prev = None
        for rec in part.itertuples(index=False):
            if prev is not None and (prev.end is None or rec.start < prev.end):
                until = "still open" if prev.end is None else f"ended {prev.end:%d/%m/%Y}"
                problems.append(
                    Problem(
                        name,
                        rec.row,
                        "MIS_START",
                        f"{rec.start:%d/%m/%Y}",
                        f"{rec.start:%d/%m/%Y} overlaps the same child's episode on row "
                        f"{prev.row} ({until}); expected on or after that episode's end",
                    )
                )
            if prev is None or prev.end is not None and (rec.end is None or rec.end > prev.end):
                prev = rec
    return problems


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
    children = pd.unique(table["CHILD"].astype(object))
    width = max(4, len(str(len(children))))
    case_of = {child: f"{prefix}{i:0{width}d}" for i, child in enumerate(children, start=1)}
    ordered = table.assign(case_id=table["CHILD"].map(case_of)).sort_values(
        ["case_id", "start", "row"], kind="stable"
    )
    episode_no = ordered.groupby("case_id", sort=False).cumcount() + 1
    episodes = pd.DataFrame(
        {
            "case_id": ordered["case_id"].astype(object),
            "episode_id": episode_no.astype(str).astype(object),
            "kind": ordered["kind"].astype(object),
            "missing_from": [d.isoformat() for d in ordered["start"]],
            "returned": [d.isoformat() if d is not None else "" for d in ordered["end"]],
        }
    )[list(EPISODE_OUT_COLUMNS)].reset_index(drop=True)
    lookup = pd.DataFrame({"CHILD": list(case_of), "case_id": list(case_of.values())})
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
