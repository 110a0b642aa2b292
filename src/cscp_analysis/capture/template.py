"""Make the Excel audit tool one agency's auditor fills in (``cscp-analysis template``).

The tool is an openpyxl workbook laid out as in :mod:`cscp_analysis.capture.layout`: an
instructions sheet, the data sheets with frozen, protected headers and drop-down
lists for every code, and hidden ``audit`` and ``lists`` sheets.

Every cell is written by :func:`_put`: text (titles, areas, case ids, question wording
…) is stored as a string, never as a formula, and text a spreadsheet could read as
one gets a quote in front (:mod:`cscp_analysis.io.formulas`); ingest takes it off.
"""

from __future__ import annotations

from pathlib import Path

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
from cscp_analysis.capture.source import AuditSource, canonical_agency, read_audit_source
from cscp_analysis.contract.codes import DEFAULT_AREAS, PANEL, SCALES, fold
from cscp_analysis.contract.tables import CODE, DATE, DATETIME, WHOLE
from cscp_analysis.contract.themes import Theme, ThemeError, load_theme
from cscp_analysis.io.formulas import formula_safe

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
#: The most blocks of questions left for cases typed in (a tool is for one audit's cases).
MAX_BLANK_CASES = 500


def _put(ws: Worksheet, row: int, column: int, value: object):
    """Write one cell: text formula-safe and as a string, never a formula; the cell."""
    cell = ws.cell(row=row, column=column, value=formula_safe(value))
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


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
        the auditor types in (1 to :data:`MAX_BLANK_CASES`).
    """
    if isinstance(blank_cases, bool) or not isinstance(blank_cases, int) or not (
            1 <= blank_cases <= MAX_BLANK_CASES):
        raise ValueError(f"--blank-cases {blank_cases}: expected a whole number of cases from 1 "
                         f"to {MAX_BLANK_CASES}")
    out = Path(out)
    if out.exists() and not force:
        raise FileExistsError(f"{out} already exists; use --force to replace it")
    source = read_audit_source(audit) if audit is not None else AuditSource({}, [])
    audit_theme = source.meta.get("theme")
    if audit_theme is not None and not isinstance(audit_theme, str):
        raise ValueError(f"audit.yaml: theme {audit_theme!r} is not a theme id or file")
    if theme is None and audit_theme is None:
        raise ThemeError("give --theme, or an --audit whose audit.yaml names its theme")
    th = load_theme(theme if theme is not None else audit_theme)
    if audit_theme is not None and fold(audit_theme) != fold(th.id):
        raise ThemeError(
            f"audit {source.meta.get('id')!r} has theme {audit_theme!r}, not {th.id!r}"
        )
    who = canonical_agency(agency, th)
    areas = source.meta.get("areas") or DEFAULT_AREAS
    if isinstance(areas, str):  # "Area one; Area two", as check_meta reads it
        areas = [a.strip() for a in areas.split(";") if a.strip()]
    if not isinstance(areas, list | tuple) or not all(isinstance(a, str) for a in areas):
        raise ValueError(f"audit.yaml: areas {areas!r} is not a list of names (write "
                         "[Name one, Name two] or Name one; Name two)")
    areas = tuple(areas)
    has_missing = any(a.rule for a in th.finding_areas)

    wb = Workbook()
    _instructions(wb.active, th, source.meta, who, has_missing)
    bound = {"areas": areas, "cohort_groups": th.cohort_groups, "agencies": th.agencies,
             "finding_areas": tuple(a.title for a in th.finding_areas)}
    lists = _lists_sheet(wb, bound)
    case_ids = [c["case_id"] for c in source.cases]
    for name in sheets_for({"mfh"} if has_missing else set(), panel=who == PANEL):
        ws = wb.create_sheet(name)
        _header(ws, name)
        if name == "cases":
            _fill_cases(ws, source.cases, lists, bound)
        elif name == "judgements":
            _fill_judgements(ws, th, case_ids, blank_cases, lists)
        else:
            _fill_open_sheet(ws, name, lists, bound)
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
        lines += [
            ("learning: the panel's learning, one line a row, in plain English: what is "
             "working well, what must improve, what practitioners said, and each action "
             "taken (with its date in 'on'). Pick the finding area it belongs to, or leave "
             "it blank for the audit as a whole. It may be published: never a case id.",
             False),
            ("The panel's answer settles a question where agencies disagree.", False),
        ]
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
        cell = _put(ws, i, 1, text or None)
        cell.font = Font(bold=bold, size=13 if i == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 110
    ws.protection.sheet = True


def _codes(spec, bound: dict) -> tuple[str, ...] | None:
    """The drop-down values of a coded tool column (None: no list, e.g. an answer's scale
    that depends on the row's question, or a theme without cohort groups)."""
    if spec.kind != CODE:
        return None
    codes = spec.declared.bound_codes(bound)
    return tuple(str(c) for c in codes) if codes else None


def _lists_sheet(wb: Workbook, bound: dict) -> dict[tuple[str, ...], str]:
    """A hidden sheet holding every drop-down list: each answer scale and the code list of
    each coded column; returns each list's range formula, keyed by its values."""
    ws = wb.create_sheet(LISTS_SHEET)
    named: dict[str, tuple[str, ...]] = {f"scale:{k}": v for k, v in SCALES.items()}
    for sheet, columns in SHEETS.items():
        for spec in columns:
            codes = _codes(spec, bound)
            if codes and codes not in named.values():  # (episodes and learning have a kind)
                named[spec.name if spec.name not in named else f"{sheet}:{spec.name}"] = codes
    formulas: dict[tuple[str, ...], str] = {}
    for col, (key, values) in enumerate(named.items(), start=1):
        _put(ws, 1, col, key)
        for row, value in enumerate(values, start=2):
            _put(ws, row, col, value)
        letter = get_column_letter(col)
        formulas[values] = f"={LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}"
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    return formulas


def _header(ws: Worksheet, sheet: str) -> None:
    for col, spec in enumerate(SHEETS[sheet], start=1):
        cell = _put(ws, 1, col, spec.name)
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
            if spec.kind == DATETIME:
                cell.number_format = DATETIME_FORMAT
            elif spec.kind == DATE:
                cell.number_format = DATE_FORMAT


def _column_range(sheet: str, name: str, first: int, last: int) -> str:
    index = [c.name for c in SHEETS[sheet]].index(name) + 1
    letter = get_column_letter(index)
    return f"{letter}{first}:{letter}{last}"


def _cell_checks(ws: Worksheet, sheet: str, first: int, last: int,
                 lists: dict[tuple[str, ...], str], bound: dict) -> None:
    """Excel's own checks on the input rows, from the declaration of each column: a
    drop-down for a code, whole numbers within the range, dates."""
    for spec in SHEETS[sheet]:
        cells = _column_range(sheet, spec.name, first, last)
        codes = _codes(spec, bound)
        if codes:
            _drop_down(ws, lists[codes], cells, spec.name)
        elif spec.kind == WHOLE:
            _whole_number(ws, cells, spec.declared.low, spec.declared.high, spec.name)
        elif spec.kind in (DATE, DATETIME):
            _date_check(ws, cells, spec.name)


def _fill_cases(ws: Worksheet, cases: list[dict[str, str]], lists: dict[tuple[str, ...], str],
                bound: dict) -> None:
    """Prefill the audit's cases (their ids locked) and leave rows open for more."""
    for row, case in enumerate(cases, start=2):
        for col, spec in enumerate(SHEETS["cases"], start=1):
            value = case.get(spec.name, "")
            if spec.kind == WHOLE and value.isdigit():
                value = int(value)
            _put(ws, row, col, value if value != "" else None)
    last = max(len(cases) + 1, INPUT_ROWS + 1)
    _unlock(ws, "cases", 2, last)
    for row in range(2, len(cases) + 2):
        ws.cell(row=row, column=1).protection = Protection(locked=True)
        ws.cell(row=row, column=1).fill = LOCKED_FILL
    _cell_checks(ws, "cases", 2, last, lists, bound)


def _fill_judgements(
    ws: Worksheet, theme: Theme, case_ids: list[str], blank_cases: int,
    lists: dict[tuple[str, ...], str],
) -> None:
    """One row per (case, question); without known cases, blocks whose case id is typed in."""
    blocks: list[str | None] = list(case_ids) or [None] * blank_cases
    row = 2
    by_scale: dict[str, list[int]] = {}
    for case_id in blocks:
        for q in theme.questions:
            values = (case_id, q.finding_area, q.text, None, None, q.id)
            for col, value in enumerate(values, start=1):
                _put(ws, row, col, value)
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
        _drop_down(ws, lists[SCALES[scale]], _runs("judgements", "answer", rows), "answer")


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


def _fill_open_sheet(ws: Worksheet, sheet: str, lists: dict[tuple[str, ...], str],
                     bound: dict) -> None:
    """An empty sheet for the auditor to type rows into (voice, episodes, meetings, the
    panel's learning)."""
    last = INPUT_ROWS + 1
    _unlock(ws, sheet, 2, last)
    _cell_checks(ws, sheet, 2, last, lists, bound)
    names = [c.name for c in SHEETS[sheet]]
    if "case_id" in names:
        case_list = f"=cases!$A$2:$A${INPUT_ROWS + 1}"
        _drop_down(ws, case_list, _column_range(sheet, "case_id", 2, last), "case_id")
    if "text" in names:  # a line of learning wraps in its cell
        for row in range(2, last + 1):
            ws.cell(row=row, column=names.index("text") + 1).alignment = Alignment(
                wrap_text=True, vertical="top")


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
    _put(ws, 1, 1, "key")
    _put(ws, 1, 2, "value")
    for row, key in enumerate(META_KEYS, start=2):
        _put(ws, row, 1, key)
        _put(ws, row, 2, None if values[key] is None else str(values[key]))
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
