"""Make the Excel audit tool one agency's auditor fills in (``cscp-analysis template``).

The tool is an openpyxl workbook laid out as in :mod:`cscp_analysis.capture.layout`: an
instructions sheet, the data sheets with frozen, protected headers and drop-down
lists for every code, and hidden ``audit`` and ``lists`` sheets.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cscp_analysis.capture.layout import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    INPUT_ROWS,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    META_KEYS,
    META_SHEET,
    SHEETS,
    TOOL_MARK,
    TOOL_VERSION,
    sheets_for,
)
from cscp_analysis.contract.codes import (
    CASE_TYPES,
    DEFAULT_AREAS,
    EPISODE_KINDS,
    GENDERS,
    MEETING_STAGES,
    PANEL,
    SCALES,
    YES_NO,
    YES_NO_UNKNOWN,
    fold,
)
from cscp_analysis.contract.themes import Theme, ThemeError, load_theme

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")


@dataclass(frozen=True)
class AuditSource:
    """What the template knows of the audit: its audit.yaml and, when present, its cases."""

    meta: dict
    cases: list[dict[str, str]]


def read_audit_source(audit: str | Path) -> AuditSource:
    """Read an audit.yaml (with a ``cases.csv`` beside it, if any), an audit folder, or a
    bundled sample by id; only the description and the cases are needed.

    Raises
    ------
    FileNotFoundError
        Saying what was expected when ``audit`` is none of these (a missing path, or a
        folder without ``audit.yaml``).
    """
    path = Path(audit)
    sample = resources.files("cscp_analysis") / "samples" / "data" / str(audit)
    if path.is_dir():
        yaml_path = path / "audit.yaml"
        if not yaml_path.is_file():
            raise FileNotFoundError(
                f"{path} has no audit.yaml: write it first (id, theme, title, conducted; "
                "data contract section 1), optionally with cases.csv beside it"
            )
    elif path.is_file():
        if path.suffix.lower() not in {".yaml", ".yml"}:
            raise FileNotFoundError(
                f"{path} is not an audit.yaml: give the audit's audit.yaml or its folder"
            )
        yaml_path = path
    elif "/" not in str(audit) and "\\" not in str(audit) and sample.is_dir():
        yaml_path = Path(str(sample)) / "audit.yaml"
    else:
        bundled = resources.files("cscp_analysis").joinpath("samples", "data")
        samples = sorted(p.name for p in bundled.iterdir() if p.joinpath("audit.yaml").is_file())
        raise FileNotFoundError(
            f"{audit} does not exist: expected an audit folder holding audit.yaml (e.g. "
            f"data/2024-03-neglect), that audit.yaml itself, or a bundled sample "
            f"({', '.join(samples)}); write the folder's audit.yaml first (id, theme, title, "
            "conducted; data contract section 1)"
        )
    meta = yaml.safe_load(yaml_path.read_text(encoding="utf-8")) or {}
    if not isinstance(meta, dict):
        raise ValueError(f"{yaml_path}: expected id, theme, title and conducted")
    cases_path = yaml_path.parent / "cases.csv"
    cases: list[dict[str, str]] = []
    if cases_path.is_file():
        with cases_path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                clean = {k.strip(): (v or "").strip() for k, v in row.items() if k}
                if clean.get("case_id"):
                    cases.append(clean)
    return AuditSource(meta, cases)


def canonical_agency(agency: str | None, theme: Theme) -> str:
    """The canonical spelling of an agency of the theme (blank or ``None`` = the panel)."""
    if agency is None or not agency.strip():
        return PANEL
    known = {fold(a): a for a in (*theme.agencies, PANEL)}
    if fold(agency) not in known:
        raise ValueError(f"unknown agency {agency!r}: expected one of {', '.join(known.values())}")
    return known[fold(agency)]


def make_template(
    out: str | Path,
    theme: str | Path | None = None,
    audit: str | Path | None = None,
    agency: str | None = None,
    force: bool = False,
    blank_cases: int = 10,
) -> Path:
    """Write the audit tool for one agency's auditor (the panel's when ``agency`` is None).

    Parameters
    ----------
    out : where to write the ``.xlsx``; an existing file is refused unless ``force``.
    theme : theme id or theme file; may be left out when ``audit`` names the theme.
    audit : audit.yaml, audit folder or bundled sample id; its cases prefill the tool.
    agency : the agency whose auditor fills the tool; ``None`` makes the panel's tool.
    blank_cases : without known cases, how many blocks of questions to leave for cases
        the auditor types in.
    """
    out = Path(out)
    if out.exists() and not force:
        raise FileExistsError(f"{out} already exists; use --force to replace it")
    source = read_audit_source(audit) if audit is not None else AuditSource({}, [])
    audit_theme = source.meta.get("theme")
    if theme is None and audit_theme is None:
        raise ThemeError("give --theme, or an --audit whose audit.yaml names its theme")
    th = load_theme(theme if theme is not None else audit_theme)
    if audit_theme is not None and fold(audit_theme) != fold(th.id):
        raise ThemeError(
            f"audit {source.meta.get('id')!r} has theme {audit_theme!r}, not {th.id!r}"
        )
    who = canonical_agency(agency, th)
    areas = tuple(source.meta.get("areas") or DEFAULT_AREAS)
    has_missing = any(a.rule for a in th.finding_areas)

    wb = Workbook()
    _instructions(wb.active, th, source.meta, who, has_missing)
    lists = _lists_sheet(wb, th, areas)
    case_ids = [c["case_id"] for c in source.cases]
    for name in sheets_for({"mfh"} if has_missing else set()):
        ws = wb.create_sheet(name)
        _header(ws, name)
        if name == "cases":
            _fill_cases(ws, source.cases, lists)
        elif name == "judgements":
            _fill_judgements(ws, th, case_ids, blank_cases, lists)
        else:
            _fill_open_sheet(ws, name, lists)
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
    _meta_sheet(wb, th, source.meta, who, areas)
    wb.security = WorkbookProtection(lockStructure=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    wb.save(tmp)
    tmp.replace(out)
    return out


def _instructions(ws: Worksheet, theme: Theme, meta: dict, agency: str, has_missing: bool) -> None:
    ws.title = INSTRUCTIONS_SHEET
    who = "the multi-agency panel" if agency == PANEL else f"the {agency} auditor"
    audit_line = theme.title
    if meta.get("id"):
        audit_line = f"{meta.get('title', theme.title)} ({meta['id']})"
    lines = [
        (f"Audit tool: {audit_line}", True),
        (f"To be completed by {who}.", False),
        ("", False),
        ("What to fill in", True),
        ("cases: one row per audited child. Use only the audit's own case reference "
         "(for example C01). Pick codes from the drop-down lists.", False),
        ("judgements: answer each question for each case from the drop-down list, and add a "
         "comment if it helps the panel. Choose 'Not applicable' where a question does not "
         "apply; leave the answer blank only if the case was not looked at.", False),
        ("voice: what the child told you, in their own words, already de-identified; "
         "consent_to_share says whether the child agreed it may be quoted.", False),
    ]
    if has_missing:
        lines += [
            ("episodes: one row per missing or away episode, with dates as 2016-03-01 22:30.",
             False),
            ("meetings: one row per stage 1 or stage 2 intervention meeting.", False),
        ]
    if agency == PANEL:
        lines.append(("The panel's answer settles a question where agencies disagree.", False))
    lines += [
        ("", False),
        ("Never write", True),
        ("Names, addresses, dates of birth, NHS numbers, case-system IDs or any other detail "
         "that identifies a child, family member or worker: not in case ids, not in comments, "
         "not in what the child said.", False),
        ("", False),
        ("Please do not rename sheets, change headers or move columns: the tool is read "
         "back automatically. Grey columns are filled in for you.", False),
    ]
    for i, (text, bold) in enumerate(lines, start=1):
        cell = ws.cell(row=i, column=1, value=text or None)
        cell.font = Font(bold=bold, size=13 if i == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


def _lists_sheet(wb: Workbook, theme: Theme, areas: tuple[str, ...]) -> dict[str, str]:
    """A hidden sheet holding every drop-down list; returns each list's range formula."""
    ws = wb.create_sheet(LISTS_SHEET)
    named: dict[str, tuple[str, ...]] = {
        **{f"scale:{k}": v for k, v in SCALES.items()},
        "area": areas,
        "case_type": tuple(CASE_TYPES),
        "gender": GENDERS,
        "cohort_group": theme.cohort_groups,
        "yes_no": YES_NO,
        "yes_no_unknown": YES_NO_UNKNOWN,
        "kind": tuple(EPISODE_KINDS),
        "stage": tuple(str(s) for s in MEETING_STAGES),
    }
    formulas: dict[str, str] = {}
    for col, (key, values) in enumerate(named.items(), start=1):
        ws.cell(row=1, column=col, value=key)
        for row, value in enumerate(values, start=2):
            ws.cell(row=row, column=col, value=value)
        if values:
            letter = get_column_letter(col)
            formulas[key] = f"={LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return formulas


def _header(ws: Worksheet, sheet: str) -> None:
    for col, spec in enumerate(SHEETS[sheet], start=1):
        cell = ws.cell(row=1, column=col, value=spec.name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        ws.column_dimensions[get_column_letter(col)].width = spec.width
    ws.freeze_panes = "A2"


def _drop_down(ws: Worksheet, formula: str, cells: str | list[str], title: str) -> None:
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False)
    dv.showErrorMessage = True
    dv.errorTitle = "Not on the list"
    dv.error = f"Pick the {title} from the drop-down list."
    ws.add_data_validation(dv)
    for part in [cells] if isinstance(cells, str) else cells:
        dv.add(part)


def _whole_number(ws: Worksheet, cells: str, low: int, high: int, title: str) -> None:
    dv = DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high),
                        allow_blank=True)
    dv.showErrorMessage = True
    dv.error = f"{title} is a whole number from {low} to {high}."
    ws.add_data_validation(dv)
    dv.add(cells)


def _date_check(ws: Worksheet, cells: str, title: str) -> None:
    # Excel stores dates as day numbers: 36526 = 2000-01-01, 73050 = 2099-12-31.
    dv = DataValidation(type="date", operator="between", formula1="36526", formula2="73050",
                        allow_blank=True)
    dv.showErrorMessage = True
    dv.error = f"{title} is a date such as 2016-03-01 (with a time, 2016-03-01 22:30)."
    ws.add_data_validation(dv)
    dv.add(cells)


def _unlock(ws: Worksheet, sheet: str, first: int, last: int, skip: set[str] = frozenset()) -> None:
    for col, spec in enumerate(SHEETS[sheet], start=1):
        locked = spec.locked or spec.name in skip
        for row in range(first, last + 1):
            cell = ws.cell(row=row, column=col)
            if locked:
                cell.fill = LOCKED_FILL
            else:
                cell.protection = Protection(locked=False)
            if spec.kind == "datetime":
                cell.number_format = DATETIME_FORMAT
            elif spec.kind == "date":
                cell.number_format = DATE_FORMAT


def _column_range(sheet: str, name: str, first: int, last: int) -> str:
    index = [c.name for c in SHEETS[sheet]].index(name) + 1
    letter = get_column_letter(index)
    return f"{letter}{first}:{letter}{last}"


def _fill_cases(ws: Worksheet, cases: list[dict[str, str]], lists: dict[str, str]) -> None:
    """Prefill the audit's cases (their ids locked) and leave rows open for more."""
    for row, case in enumerate(cases, start=2):
        for col, spec in enumerate(SHEETS["cases"], start=1):
            value = case.get(spec.name, "")
            if spec.kind == "int" and value.isdigit():
                value = int(value)
            ws.cell(row=row, column=col, value=value if value != "" else None)
    last = max(len(cases) + 1, INPUT_ROWS + 1)
    _unlock(ws, "cases", 2, last)
    for row in range(2, len(cases) + 2):
        ws.cell(row=row, column=1).protection = Protection(locked=True)
        ws.cell(row=row, column=1).fill = LOCKED_FILL
    for name in ("area", "case_type", "gender", "cohort_group"):
        if name in lists:
            _drop_down(ws, lists[name], _column_range("cases", name, 2, last), name)
    _whole_number(ws, _column_range("cases", "age_years", 2, last), 0, 18, "age_years")
    _whole_number(ws, _column_range("cases", "age_months", 2, last), 0, 11, "age_months")


def _fill_judgements(
    ws: Worksheet, theme: Theme, case_ids: list[str], blank_cases: int, lists: dict[str, str]
) -> None:
    """One row per (case, question); without known cases, blocks whose case id is typed in."""
    blocks: list[str | None] = list(case_ids) or [None] * blank_cases
    row = 2
    by_scale: dict[str, list[int]] = {}
    for case_id in blocks:
        for q in theme.questions:
            values = (case_id, q.finding_area, q.text, None, None, q.id)
            for col, value in enumerate(values, start=1):
                ws.cell(row=row, column=col, value=value)
            ws.cell(row=row, column=3).alignment = Alignment(wrap_text=True, vertical="top")
            by_scale.setdefault(q.scale, []).append(row)
            row += 1
    last = row - 1
    _unlock(ws, "judgements", 2, last)
    if not case_ids and last >= 2:
        for r in range(2, last + 1):
            cell = ws.cell(row=r, column=1)
            cell.protection = Protection(locked=False)
            cell.fill = PatternFill(fill_type=None)
        case_list = f"=cases!$A$2:$A${INPUT_ROWS + 1}"
        _drop_down(ws, case_list, _column_range("judgements", "case_id", 2, last), "case_id")
    for scale, rows in by_scale.items():
        _drop_down(ws, lists[f"scale:{scale}"], _runs("judgements", "answer", rows), "answer")


def _runs(sheet: str, name: str, rows: list[int]) -> list[str]:
    """Ranges covering ``rows`` of one column, consecutive rows merged (D2:D12, D14:D24)."""
    ranges: list[str] = []
    start = prev = rows[0]
    for r in [*rows[1:], None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        ranges.append(_column_range(sheet, name, start, prev))
        if r is not None:
            start = prev = r
    return ranges


def _fill_open_sheet(ws: Worksheet, sheet: str, lists: dict[str, str]) -> None:
    """An empty sheet for the auditor to type rows into (voice, episodes, meetings)."""
    last = INPUT_ROWS + 1
    _unlock(ws, sheet, 2, last)
    codes = {
        "consent_to_share": "yes_no",
        "kind": "kind",
        "rhi_offered": "yes_no_unknown",
        "rhi_accepted": "yes_no_unknown",
        "rhi_report_received": "yes_no",
        "stage": "stage",
    }
    for spec in SHEETS[sheet]:
        cells = _column_range(sheet, spec.name, 2, last)
        if spec.name in codes:
            _drop_down(ws, lists[codes[spec.name]], cells, spec.name)
        elif spec.kind in {"date", "datetime"}:
            _date_check(ws, cells, spec.name)
    case_list = f"=cases!$A$2:$A${INPUT_ROWS + 1}"
    _drop_down(ws, case_list, _column_range(sheet, "case_id", 2, last), "case_id")


def _meta_sheet(wb: Workbook, theme: Theme, meta: dict, agency: str, areas) -> None:
    """The hidden ``audit`` sheet: which audit, theme and agency this tool is for."""
    ws = wb.create_sheet(META_SHEET)
    values = {
        "tool": TOOL_MARK,
        "tool_version": TOOL_VERSION,
        "id": meta.get("id"),
        "theme": theme.id,
        "title": meta.get("title"),
        "conducted": meta.get("conducted"),
        "conducted_by": meta.get("conducted_by"),
        "areas": "; ".join(areas) if meta.get("areas") else None,
        "agency": agency,
    }
    ws.append(["key", "value"])
    for key in META_KEYS:
        value = values[key]
        ws.append([key, None if value is None else str(value)])
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
