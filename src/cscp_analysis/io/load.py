"""Read an audit (a folder of CSVs or one .xlsx workbook), validate it, and tidy it.

``load_audit`` is the one call analysts and notebooks use. It reads every cell as
text, checks the tables against the declared schemas (``contract.py``) and the
cross-table rules, and either returns an :class:`~cscp_analysis.io.audit.Audit` with
canonical tables or raises :class:`~cscp_analysis.contract.errors.AuditValidationError`
listing every problem found, each located as the analyst sees it in a spreadsheet.
Input files are only ever read.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import hashlib
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
import yaml

from cscp_analysis.contract import schemas as contract
from cscp_analysis.contract.codes import (
    CASE_TYPES,
    DEFAULT_AGENCIES,
    DEFAULT_AREAS,
    EPISODE_KINDS,
    GENDERS,
    PANEL,
    SCALES,
    YES_NO,
    YES_NO_UNKNOWN,
    canonical_map,
    fold,
)
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.themes import Theme, ThemeError, builtin_theme_ids, load_theme
from cscp_analysis.io.audit import (
    EPISODE_COLUMNS,
    MEETING_COLUMNS,
    VOICE_COLUMNS,
    Audit,
    AuditInfo,
)
from cscp_analysis.io.bundled import sample_audit_ids, sample_root

TABLE_FILES = ("cases", "judgements", "voice", "episodes", "meetings")
FIRST_DATA_ROW = 2  # the header is row 1 in a spreadsheet


@dataclass
class RawTable:
    """One input table as the analyst typed it: every cell text, blank = ""."""

    name: str  # cases, judgements, ...
    file: str  # how problems name it: "cases.csv", or the workbook's name
    frame: pd.DataFrame  # index = the spreadsheet row number
    sheet: str | None = None  # the sheet, for a workbook

    def problem(self, **kwargs) -> Problem:
        """A problem located in this table."""
        return Problem(self.file, sheet=self.sheet, **kwargs)


# ---------------------------------------------------------------- reading


def resolve_audit_path(audit: str | Path) -> Path:
    """A path to an audit folder or workbook; a bare bundled sample name also works."""
    path = Path(audit)
    if path.exists():
        return path
    candidate = sample_root() / str(audit)
    if "/" not in str(audit) and candidate.is_dir():
        return candidate
    raise FileNotFoundError(
        f"no audit folder or workbook at {str(audit)!r} "
        f"(bundled samples: {', '.join(sample_audit_ids())})"
    )


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_from_rows(
    rows: list[list[str]], file: str, sheet: str | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """A text frame indexed by spreadsheet row from a header row and data rows.

    Wholly blank rows are dropped (their numbers still count), and so are columns with
    neither a name nor a value (Excel often saves a few). A header that repeats a name,
    a column with values but no name, and a row with more values than the header has
    names are located problems: nothing typed is silently lost.
    """
    from openpyxl.utils import get_column_letter

    problems: list[Problem] = []
    if not rows or not any(h.strip() for h in rows[0]):
        what = "sheet" if sheet else "file"
        return None, [Problem(file, sheet=sheet,
                              message=f"the {what} is empty (expected a header row)")]
    header = [h.strip() for h in rows[0]]
    width = len(header)
    data = [(r + [""] * width)[:width] for r in rows[1:]]
    for number, r in enumerate(rows[1:], start=FIRST_DATA_ROW):
        extra = [v for v in r[width:] if v.strip()]
        if extra:
            problems.append(Problem(file, sheet=sheet, row=number, value=extra[0],
                                    message=f"'{extra[0]}' is beyond the last named column "
                                    f"({get_column_letter(width)}): give the column a name"))
    keep, seen = [], {}
    for i, name in enumerate(header):
        letter = get_column_letter(i + 1)
        if not name:
            if any(r[i].strip() for r in data):
                problems.append(Problem(file, sheet=sheet, row=1, column=letter,
                                        message="this column has values but no name"))
            continue
        if fold(name) in seen:
            problems.append(Problem(file, sheet=sheet, row=1, column=name, value=name,
                                    message=f"'{name}' names two columns "
                                    f"({seen[fold(name)]} and {letter})"))
            continue
        seen[fold(name)] = letter
        keep.append(i)
    index = range(FIRST_DATA_ROW, FIRST_DATA_ROW + len(data))
    frame = pd.DataFrame([[r[i] for i in keep] for r in data], columns=[header[i] for i in keep],
                         index=index, dtype="str")
    if len(keep):
        frame = frame[~(frame.apply(lambda s: s.str.strip() == "").all(axis=1))]
    return frame, problems


def read_csv_text(path: Path, label: str) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read a CSV as text; a UTF-8 byte-order mark (Excel "CSV UTF-8") is accepted."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            Problem(label, row=data[: exc.start].count(b"\n") + 1,
                    message="the file is not UTF-8 text (this row has a character that cannot "
                    "be read); in Excel use Save As > 'CSV UTF-8 (Comma delimited)'")
        ]
    return table_from_rows(list(csv.reader(io.StringIO(text, newline=""))), label)


def _cell_text(cell) -> str:
    """The text an analyst sees in a workbook cell, in the same form a CSV would hold."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        shows_time = any(ch in (cell.number_format or "").lower() for ch in ("h", "s"))
        if value.time() == dt.time(0, 0) and not shows_time:
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_rows(ws) -> list[list[str]]:
    """Every row of a worksheet as the text an analyst sees (see ``_cell_text``)."""
    return [[_cell_text(c) for c in r] for r in ws.iter_rows()]


def read_workbook(path: Path) -> tuple[dict, dict[str, RawTable], list[Problem]]:
    """Read the ``audit`` key/value sheet and every table sheet of an audit workbook."""
    from openpyxl import load_workbook

    problems: list[Problem] = []
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a non-workbook
        raise AuditValidationError(
            [Problem(path.name, message=f"cannot be read as an .xlsx workbook ({exc})")]
        ) from None
    sheets = {fold(name): name for name in wb.sheetnames}
    tables: dict[str, RawTable] = {}
    meta: dict = {}
    try:
        if "audit" not in sheets:
            problems.append(Problem(path.name, sheet="audit", message="required sheet is missing"))
        else:
            for row in wb[sheets["audit"]].iter_rows(min_row=2):
                cells = [_cell_text(c) for c in row[:2]]
                if len(cells) == 2 and cells[0].strip():
                    meta[cells[0].strip()] = cells[1].strip()
        for name in TABLE_FILES:
            if fold(name) not in sheets:
                continue
            frame, found = table_from_rows(sheet_rows(wb[sheets[fold(name)]]), path.name,
                                           sheet=name)
            problems += found
            if frame is not None:
                tables[name] = RawTable(name, path.name, frame, sheet=name)
    finally:
        wb.close()
    return meta, tables, problems


def read_folder(path: Path) -> tuple[dict, dict[str, RawTable], list[Problem], dict[str, str]]:
    """Read audit.yaml and the CSV tables of an audit folder."""
    problems: list[Problem] = []
    inputs: dict[str, str] = {}
    meta: dict = {}
    yaml_path = path / "audit.yaml"
    if not yaml_path.exists():
        problems.append(Problem("audit.yaml", message="required file is missing"))
    else:
        inputs["audit.yaml"] = _sha256(yaml_path)
        try:
            meta = yaml.safe_load(yaml_path.read_text(encoding="utf-8-sig")) or {}
        except UnicodeDecodeError:
            problems.append(Problem("audit.yaml", message="the file is not UTF-8 text"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)  # where the YAML parser gave up
            what = getattr(exc, "problem", None) or "not valid YAML"
            problems.append(Problem("audit.yaml", row=mark.line + 1 if mark else None,
                                    message=f"{what} (expected key: value lines, "
                                    "e.g. 'theme: cse')"))
        if not isinstance(meta, dict):
            problems.append(Problem("audit.yaml", message="expected key: value lines, "
                                    "e.g. 'theme: cse'"))
            meta = {}
    tables: dict[str, RawTable] = {}
    for name in TABLE_FILES:
        file = path / f"{name}.csv"
        if not file.exists():
            continue
        inputs[file.name] = _sha256(file)
        frame, found = read_csv_text(file, file.name)
        problems += found
        if frame is not None:
            tables[name] = RawTable(name, file.name, frame)
    return meta, tables, problems, inputs


# ---------------------------------------------------------------- checking


def check_meta(
    meta: dict, where: Problem, base: Path | None
) -> tuple[AuditInfo | None, Theme | None, list[Problem]]:
    """Check audit.yaml (or the workbook's ``audit`` sheet) and load its theme.

    ``where`` is an empty problem naming the file (and sheet) that holds the keys.
    """
    problems: list[Problem] = []

    def bad(key: str, value, message: str) -> None:
        problems.append(replace(where, column=key, value=str(value), message=message))

    for key in ("id", "theme", "title", "conducted"):
        if str(meta.get(key) or "").strip() == "":
            problems.append(replace(where, column=key, message=f"key {key} is required"))
    audit_id = str(meta.get("id") or "").strip()
    if audit_id and not contract.AUDIT_ID.fullmatch(audit_id):
        bad("id", audit_id, f"'{audit_id}' may use only a-z, 0-9 and - (it names output folders)")
    conducted = meta.get("conducted")
    if isinstance(conducted, dt.date):  # YAML read 2016-06-01 as a date
        conducted = conducted.strftime("%Y-%m")
    conducted = str(conducted or "").strip()
    if re.fullmatch(r"\d{4}-\d\d-\d\d", conducted):  # a workbook cell Excel made a date
        conducted = conducted[:7]
    if conducted and not contract.CONDUCTED.fullmatch(conducted):
        bad("conducted", conducted,
            f"'{conducted}' is not a month (expected YYYY-MM, e.g. 2016-06)")
    lists = {}
    for key, default in (("areas", DEFAULT_AREAS), ("agencies", ())):
        value = meta.get(key) or list(default)
        if isinstance(value, str):
            value = [a.strip() for a in value.split(";") if a.strip()]
        if not isinstance(value, list) or not all(isinstance(a, str) for a in value):
            bad(key, value, f"'{value}' is not a list of names (write [Name one, Name two] "
                "or Name one; Name two)")
            value = list(default)
        lists[key] = tuple(a.strip() for a in value)
    theme = None
    theme_name = str(meta.get("theme") or "").strip()
    if theme_name:
        candidate = (base / theme_name) if base is not None else Path(theme_name)
        is_file = candidate.suffix in {".yaml", ".yml"} and candidate.exists()
        try:
            theme = load_theme(candidate if is_file else theme_name)
        except ThemeError as exc:
            bad("theme", theme_name, f"'{theme_name}' cannot be used: {exc}" if is_file else
                f"'{theme_name}' is not a known theme "
                f"(one of {', '.join(builtin_theme_ids())}, or a theme .yaml file)")
    if problems:
        return None, theme, problems
    info = AuditInfo(
        id=audit_id, theme=theme.id, title=str(meta["title"]).strip(), conducted=conducted,
        conducted_by=str(meta.get("conducted_by") or "").strip(),
        areas=lists["areas"], agencies=lists["agencies"],
    )
    return info, theme, problems


def _quote(value) -> str:
    return f"'{value}'"


def check_schema(table: RawTable, schema: pa.DataFrameSchema) -> list[Problem]:
    """Run a declared schema over a raw table and turn its failures into located problems."""
    problems: list[Problem] = []
    missing = [c for c, col in schema.columns.items() if col.required and c not in table.frame]
    # a spare column whose name is close to a missing one ("Case ID" for case_id) is a hint
    spare = {fold(c).replace(" ", "_"): c for c in table.frame.columns if c not in schema.columns}
    for col in missing:
        near = difflib.get_close_matches(col, list(spare), n=1, cutoff=0.6)
        hint = f" (is '{spare[near[0]]}' meant to be {col}?)" if near else ""
        problems.append(table.problem(row=1, column=col,
                                      message=f"required column {col} is missing{hint}"))
    present = {c: col for c, col in schema.columns.items() if c in table.frame}
    try:
        contract.schema(present, schema.name).validate(table.frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        for case in exc.failure_cases.itertuples(index=False):
            value = "" if case.failure_case is None else str(case.failure_case)
            row = None if case.index is None else int(case.index)
            message = case.check.replace("{v}", _quote(value))
            problems.append(table.problem(row=row, column=case.column, value=value,
                                    message=message))
    return problems


def _column_or_blank(frame: pd.DataFrame, column: str) -> pd.Series:
    if column in frame:
        return frame[column]
    return pd.Series("", index=frame.index, dtype="str")


def _canonical(raw: pd.Series, values) -> pd.Series:
    """Canonical spellings of coded text; blank becomes <NA>."""
    mapping = canonical_map(values)
    return raw.str.strip().str.casefold().map(mapping).astype("str")


def _case_refs(table: RawTable, case_keys: dict[str, str]) -> list[Problem]:
    """Every row's case_id must name a case in cases.csv (ignoring case and spaces)."""
    ids = _column_or_blank(table.frame, "case_id")
    folded = ids.str.strip().str.casefold()
    unknown = (folded != "") & ~folded.isin(case_keys.keys())
    return [
        table.problem(row=int(r), column="case_id", value=v,
                message=f"{_quote(v)} is not a case in cases.csv")
        for r, v in ids[unknown].items()
    ]


def _duplicates(table: RawTable, keys: list[str], what: str) -> list[Problem]:
    """Rows whose key repeats an earlier row's (compared ignoring case and spaces)."""
    if any(k not in table.frame for k in keys):
        return []
    folded = pd.DataFrame({k: table.frame[k].str.strip().str.casefold() for k in keys})
    dup = folded.duplicated(keep="first") & ~(folded == "").any(axis=1)
    first_row = folded.reset_index().groupby(keys, sort=False)["index"].first()
    problems = []
    for row in folded.index[dup]:
        key = tuple(folded.loc[row, k] for k in keys)
        first = int(first_row.loc[key if len(keys) > 1 else key[0]])
        shown = ", ".join(table.frame.loc[row, k].strip() or "(blank)" for k in keys)
        problems.append(table.problem(row=int(row), column=keys[-1], value=shown,
                                message=f"{_quote(shown)} duplicates row {first} ({what})"))
    return problems


def check_judgements(table: RawTable, theme: Theme, agencies) -> list[Problem]:
    """Question ids must be the theme's, answers on that question's scale, agencies known."""
    problems = []
    f = table.frame
    qmap = {fold(q.id): q for q in theme.questions}
    known_agencies = canonical_map([*agencies, PANEL])
    for row in f.index:
        qid = f.at[row, "question_id"] if "question_id" in f else ""
        if qid.strip() == "":
            continue
        q = qmap.get(fold(qid))
        if q is None:
            problems.append(table.problem(row=int(row), column="question_id", value=qid,
                                    message=f"{_quote(qid)} is not a question of theme "
                                    f"{theme.id} ({', '.join(x.id for x in theme.questions)})"))
        elif "answer" in f and f.at[row, "answer"].strip():
            answer = f.at[row, "answer"]
            if fold(answer) not in canonical_map(SCALES[q.scale]):
                problems.append(table.problem(row=int(row), column="answer", value=answer,
                                        message=f"{_quote(answer)} is not on the {q.scale} scale "
                                        f"of {q.id} ({', '.join(SCALES[q.scale])})"))
        agency = f.at[row, "agency"] if "agency" in f else ""
        if agency.strip() and fold(agency) not in known_agencies:
            problems.append(table.problem(row=int(row), column="agency", value=agency,
                                    message=f"{_quote(agency)} is not a known agency "
                                    f"({', '.join(known_agencies.values())})"))
    if {"case_id", "question_id"} <= set(f.columns):
        keyed = table.frame.copy()
        keyed["agency"] = _column_or_blank(f, "agency").map(
            lambda a: a.strip() or PANEL)
        problems += _duplicates(replace(table, frame=keyed),
                                ["case_id", "question_id", "agency"],
                                "one answer per case, question and agency")
    return problems


def _order_problem(table, rows, column, later, later_only, earlier, earlier_only,
                   later_raw, earlier_col, earlier_raw, word) -> list[Problem]:
    """Rows where ``later`` is before ``earlier``; date-only values compare by calendar date."""
    coarse = later_only | earlier_only
    before = (later < earlier) & ~coarse | (later.dt.normalize() < earlier.dt.normalize()) & coarse
    before &= later.notna() & earlier.notna()
    return [
        table.problem(row=int(r), column=column, value=later_raw[r],
                message=f"{later_raw[r]} is {word} {earlier_col} {earlier_raw[r]}")
        for r in rows[before]
    ]


def check_episodes(table: RawTable) -> list[Problem]:
    """Returns after starts, interviews after returns, no overlapping episodes of a child."""
    f = table.frame
    if not {"case_id", "missing_from"} <= set(f.columns):
        return []
    start, start_d = contract.parse_dates(f["missing_from"])
    ret, ret_d = contract.parse_dates(_column_or_blank(f, "returned"))
    held, held_d = contract.parse_dates(_column_or_blank(f, "rhi_held"))
    raw_ret = _column_or_blank(f, "returned").str.strip()
    raw_held = _column_or_blank(f, "rhi_held").str.strip()
    raw_start = f["missing_from"].str.strip()
    rows = f.index.to_series()
    problems = _order_problem(table, rows, "returned", ret, ret_d, start, start_d,
                              raw_ret, "missing_from", raw_start, "before")
    problems += _order_problem(table, rows, "rhi_held", held, held_d, ret, ret_d,
                               raw_held, "returned", raw_ret, "before")
    no_return = held.notna() & (raw_ret == "")
    problems += [
        table.problem(row=int(r), column="rhi_held", value=raw_held[r],
                message=f"{raw_held[r]} is an interview for an episode with no returned date")
        for r in rows[no_return]
    ]
    # overlap: sort each child's episodes by start; an episode must not start before the
    # latest return among the child's earlier episodes (a still-missing one never returns)
    open_end = np.iinfo(np.int64).max
    ep = pd.DataFrame({"child": f["case_id"].str.strip().str.casefold(), "start": start,
                       "start_d": start_d, "end_d": ret_d, "row": rows,
                       "end": ret.to_numpy(dtype="datetime64[ns]").astype(np.int64)})
    ep.loc[ret.isna(), "end"] = open_end
    unreadable = ret.isna() & (raw_ret != "")  # reported as a bad date; its end is unknown
    ep = ep[ep["start"].notna() & ~unreadable].sort_values(["child", "start", "row"],
                                                          kind="stable")
    by_child = ep.groupby("child", sort=False)
    latest = by_child["end"].cummax()
    holder = ep["row"].where(ep["end"] == latest)  # the row whose return is the latest so far
    ep["latest"], ep["holder"] = latest, holder.groupby(ep["child"]).ffill()
    ep["holder_d"] = ep["end_d"].where(ep["end"] == latest).groupby(ep["child"]).ffill()
    prev = ep.groupby("child", sort=False)[["latest", "holder", "holder_d"]].shift()
    has_prev = prev["latest"].notna()
    prev_open = has_prev & (prev["latest"] == open_end)
    prev_end = pd.to_datetime(prev["latest"].where(has_prev & ~prev_open), unit="ns")
    coarse = prev["holder_d"].fillna(False).astype(bool) | ep["start_d"]
    overlaps = prev_open | (has_prev & ~prev_open & (
        (~coarse & (ep["start"] < prev_end))
        | (coarse & (ep["start"].dt.normalize() < prev_end.dt.normalize()))
    ))
    for i in ep.index[overlaps]:
        other = int(prev.at[i, "holder"])
        why = "still missing" if prev_open[i] else f"returned {raw_ret[other]}"
        problems.append(table.problem(row=int(ep.at[i, "row"]), column="missing_from",
                                      value=raw_start[i],
                                      message=f"{raw_start[i]} overlaps the episode on row "
                                      f"{other} of the same child ({why})"))
    if "episode_id" in f:
        with_id = replace(table, frame=f[f["episode_id"].str.strip() != ""])
        problems += _duplicates(with_id, ["case_id", "episode_id"], "episode ids are unique "
                                "within a case")
    return problems


# ---------------------------------------------------------------- tidying


def _text_or_na(raw: pd.Series) -> pd.Series:
    stripped = raw.str.strip()
    return stripped.where(stripped != "").astype("str")


def _list_canonical(raw: pd.Series, values) -> pd.Series:
    mapping = canonical_map(values)
    joined = raw.map(lambda cell: "; ".join(mapping[fold(p)] for p in cell.split(";")
                                            if p.strip()))
    return joined.where(joined != "").astype("str")


def _tidy(frame: pd.DataFrame, columns: dict[str, pd.Series]) -> pd.DataFrame:
    """Contract columns first (canonical), then ``row``, then any extra columns untouched."""
    out = pd.DataFrame(columns, index=frame.index)
    out["row"] = pd.Series(frame.index, index=frame.index, dtype="int64")
    for extra in frame.columns:
        if extra not in out:
            out[extra] = frame[extra]
    return out.reset_index(drop=True)


def tidy_cases(f: pd.DataFrame, areas, agencies, cohort_groups=()) -> pd.DataFrame:
    years = pd.to_numeric(f["age_years"].str.strip()).astype("int64")
    months = pd.to_numeric(_column_or_blank(f, "age_months").str.strip().replace("", "0"))
    months = months.astype("int64")
    return _tidy(f, {
        "case_id": f["case_id"].str.strip(),
        "area": _canonical(f["area"], areas),
        "case_type": _canonical(f["case_type"], CASE_TYPES),
        "age_years": years,
        "age_months": months,
        "age_in_months": years * 12 + months,
        "gender": _canonical(f["gender"], GENDERS),
        "cohort_group": _canonical(_column_or_blank(f, "cohort_group"), cohort_groups)
        if cohort_groups else _text_or_na(_column_or_blank(f, "cohort_group")),
        "agencies": _list_canonical(_column_or_blank(f, "agencies"), agencies),
    })


def _case_ids(raw: pd.Series, case_keys: dict[str, str]) -> pd.Series:
    return raw.str.strip().str.casefold().map(case_keys).astype("str")


def tidy_judgements(f: pd.DataFrame, theme: Theme, agencies, case_keys) -> pd.DataFrame:
    qmap = {fold(q.id): q for q in theme.questions}
    answers = [q_scale_value(qmap[fold(q)], a) for q, a in zip(f["question_id"], f["answer"],
                                                                strict=True)]
    agency = _column_or_blank(f, "agency")
    agency = agency.where(agency.str.strip() != "", PANEL)
    return _tidy(f, {
        "case_id": _case_ids(f["case_id"], case_keys),
        "question_id": f["question_id"].map(lambda q: qmap[fold(q)].id).astype("str"),
        "answer": pd.Series(answers, index=f.index, dtype="str"),
        "agency": _canonical(agency, [*agencies, PANEL]),
        "comment": _text_or_na(_column_or_blank(f, "comment")),
    })


def q_scale_value(question, answer: str) -> str:
    """The canonical spelling of an answer on its question's scale."""
    return canonical_map(SCALES[question.scale])[fold(answer)]


def tidy_voice(f: pd.DataFrame, case_keys) -> pd.DataFrame:
    tags = _column_or_blank(f, "tags").map(
        lambda cell: "; ".join(p.strip() for p in cell.split(";") if p.strip()))
    return _tidy(f, {
        "case_id": _case_ids(f["case_id"], case_keys),
        "said": f["said"].str.strip(),
        "consent_to_share": _canonical(f["consent_to_share"], YES_NO),
        "tags": tags.where(tags != "").astype("str"),
    })


def tidy_episodes(f: pd.DataFrame, case_keys) -> pd.DataFrame:
    start, start_d = contract.parse_dates(f["missing_from"])
    ret, ret_d = contract.parse_dates(_column_or_blank(f, "returned"))
    held, held_d = contract.parse_dates(_column_or_blank(f, "rhi_held"))
    kind = _column_or_blank(f, "kind")
    return _tidy(f, {
        "case_id": _case_ids(f["case_id"], case_keys),
        "episode_id": _text_or_na(_column_or_blank(f, "episode_id")),
        "kind": _canonical(kind.where(kind.str.strip() != "", "M"), EPISODE_KINDS),
        "missing_from": start,
        "returned": ret,
        "rhi_held": held,
        "missing_from_date_only": start_d,
        "returned_date_only": ret_d & ret.notna(),
        "rhi_held_date_only": held_d & held.notna(),
        "rhi_offered": _canonical(_column_or_blank(f, "rhi_offered"), YES_NO_UNKNOWN),
        "rhi_accepted": _canonical(_column_or_blank(f, "rhi_accepted"), YES_NO_UNKNOWN),
        "placing_authority": _text_or_na(_column_or_blank(f, "placing_authority")),
        "rhi_report_received": _canonical(_column_or_blank(f, "rhi_report_received"), YES_NO),
    })


def tidy_meetings(f: pd.DataFrame, agencies, case_keys) -> pd.DataFrame:
    held, _ = contract.parse_dates(f["held_on"], time_ok=False)
    return _tidy(f, {
        "case_id": _case_ids(f["case_id"], case_keys),
        "stage": pd.to_numeric(f["stage"].str.strip()).astype("int64"),
        "held_on": held,
        "agencies_invited": _list_canonical(_column_or_blank(f, "agencies_invited"), agencies),
        "agencies_attended": _list_canonical(_column_or_blank(f, "agencies_attended"), agencies),
    })


def _no_rows(columns: list[str]) -> pd.DataFrame:
    """A raw table with the contract's columns and no rows (an optional file not given)."""
    return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})


# ---------------------------------------------------------------- the one call


def load_audit(audit: str | Path) -> Audit:
    """Load and validate one audit from a folder, a workbook, or a bundled sample name.

    Raises
    ------
    AuditValidationError
        With every problem found, each located by file (and sheet), row and column.
    """
    path = resolve_audit_path(audit)
    workbook = not path.is_dir()
    if not workbook:
        meta, tables, problems, inputs = read_folder(path)
        meta_where, base = Problem("audit.yaml"), path
    elif path.suffix.lower() in {".xlsx", ".xlsm"}:
        meta, tables, problems = read_workbook(path)
        inputs = {path.name: _sha256(path)}
        meta_where, base = Problem(path.name, sheet="audit"), path.parent
    else:
        raise FileNotFoundError(f"{path} is neither an audit folder nor an .xlsx workbook")

    unreadable_meta = any(p.file == "audit.yaml" and p.column is None for p in problems)
    info, theme, meta_problems = (None, None, []) if unreadable_meta else check_meta(
        meta, meta_where, base)
    problems += meta_problems
    areas = list(info.areas) if info else list(DEFAULT_AREAS)
    agencies = [*(theme.agencies if theme else DEFAULT_AGENCIES), *(info.agencies if info else ())]
    needs_episodes = theme is not None and any(a.rule for a in theme.finding_areas)
    unreadable = {p.sheet if workbook else p.file for p in problems}
    for name in ["cases", "judgements"] + (["episodes"] if needs_episodes else []):
        if name in tables or (name if workbook else f"{name}.csv") in unreadable:
            continue
        problems.append(Problem(path.name, sheet=name, message="required sheet is missing")
                        if workbook else
                        Problem(f"{name}.csv", message="required file is missing"))

    case_keys: dict[str, str] | None = None  # None: cases unusable, so no reference checks
    if "cases" in tables:
        t = tables["cases"]
        problems += check_schema(t, contract.cases_schema(
            areas, theme.cohort_groups if theme else (), agencies))
        problems += _duplicates(t, ["case_id"], "case ids are unique within an audit")
        if "case_id" in t.frame:
            ids = t.frame["case_id"].str.strip()
            case_keys = dict(zip(ids.str.casefold(), ids, strict=True))
            case_keys.pop("", None)
    if "judgements" in tables:
        t = tables["judgements"]
        problems += check_schema(t, contract.judgements_schema())
        problems += _case_refs(t, case_keys) if case_keys is not None else []
        if theme is not None:
            problems += check_judgements(t, theme, agencies)
    if "voice" in tables:
        problems += check_schema(tables["voice"], contract.voice_schema())
        problems += _case_refs(tables["voice"], case_keys) if case_keys is not None else []
    if "episodes" in tables:
        problems += check_schema(tables["episodes"], contract.episodes_schema())
        problems += _case_refs(tables["episodes"], case_keys) if case_keys is not None else []
        problems += check_episodes(tables["episodes"])
    if "meetings" in tables:
        problems += check_schema(tables["meetings"], contract.meetings_schema(agencies))
        problems += _case_refs(tables["meetings"], case_keys) if case_keys is not None else []

    if problems or info is None or theme is None:
        raise AuditValidationError(_in_reading_order(problems))

    def frame(name: str, columns: list[str] | None = None) -> pd.DataFrame:
        return tables[name].frame if name in tables else _no_rows(columns or [])

    return Audit(
        info=info,
        theme=theme,
        cases=tidy_cases(frame("cases"), areas, agencies, theme.cohort_groups),
        judgements=tidy_judgements(frame("judgements"), theme, agencies, case_keys),
        voice=tidy_voice(frame("voice", VOICE_COLUMNS), case_keys),
        episodes=tidy_episodes(frame("episodes", EPISODE_COLUMNS), case_keys),
        meetings=tidy_meetings(frame("meetings", MEETING_COLUMNS), agencies, case_keys),
        source=path,
        inputs=inputs,
    )


def _in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Problems by table in contract order, then row, then column: as an analyst reads them."""
    order = {name: i for i, name in enumerate(("audit", *TABLE_FILES))}

    def key(p: Problem):
        table = p.sheet or p.file.split(".")[0]
        return (order.get(table, 99), p.file, p.row or 0, p.column or "")

    return sorted(problems, key=key)
