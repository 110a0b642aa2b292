"""The cycle's parameter file (``params/<cycle>.yaml``): read it, check it, the Cycle it describes.

Every problem of the file is collected and located (file, line, key, value, what was
expected); the inputs the file names are loaded and validated by ``batch.inputs``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    Field,
    StrictFloat,
    StrictInt,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from cscp_analysis.contract.codes import AUDIENCES
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.contract.names import MAX_ID_LENGTH
from cscp_analysis.contract.yaml_safe import YamlDoc, read_yaml
from cscp_analysis.contract.yaml_schema import Keys, Text, check_keys, key, unexpected
from cscp_analysis.io.bundled import SAMPLE, bundled_recommendations


@dataclass(frozen=True)
class Cycle:
    """One audit cycle, as its parameter file describes it.

    ``audits`` holds each audit as written (a bundled sample name or a path resolved
    against the parameter file's folder); ``as_of`` is the ISO date the report speaks for;
    ``recommendations`` is the path of the recommendations log, ``""`` when the cycle
    gives none (``recommendations: sample`` in the file names the bundled synthetic log).
    ``audit_entries`` keeps each audit as typed in the file with its line, for messages;
    ``given`` the values of :data:`GIVEN_KEYS` as the file gives them (text, and a list
    of text for ``audits``), for the reports' run details.
    """

    name: str
    title: str
    audits: tuple[str, ...]
    as_of: str
    audience: str = "business_group"
    suppress_below: int = 0
    recommendations: str = ""  # a path; "" = no recommendations for this cycle
    settings: Mapping[str, Any] = field(default_factory=dict)
    source: Path | None = None
    audit_entries: tuple[tuple[str, int | None], ...] = ()
    given: Mapping[str, Any] = field(default_factory=dict)


#: The keys of a parameter file the reports' run details show as the file gives them.
GIVEN_KEYS = ("cycle", "audits", "as_of", "audience", "suppress_below", "recommendations")


def _as_given(raw: dict) -> dict[str, Any]:
    """The values of :data:`GIVEN_KEYS` the file gives, as text (a date as the file
    writes it, ``2023-03-31``); ``audits`` as a list of text."""
    return {name: [str(v) for v in value] if isinstance(value, list) else str(value)
            for name in GIVEN_KEYS if (value := raw.get(name)) is not None}


AUDITS = "expected a non-empty list of audit folders, workbooks or bundled sample names"
#: One audit of the cycle, as the file names it.
AuditEntry = Annotated[Text, Field(min_length=1)]
_ENTRY = TypeAdapter(AuditEntry)


class CycleSettings(Keys):
    """The ``settings:`` of a cycle parameter file."""

    timeout: StrictFloat | None = key(None, "a number of seconds above 0", gt=0)


class CycleFile(Keys):
    """The keys a cycle parameter file may have (docs/reports.md)."""

    cycle: Text = key(expected="a folder name (expected letters, digits, '-', '_' or '.', "
                      "e.g. 2024-cycle-1)", pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    title: Text = key("", "the cycle's title (text)")
    audits: list[AuditEntry] = key(message=AUDITS, missing=AUDITS, min_length=1,
        each_message="a list item is not an audit (expected an audit folder, a workbook or "
        "a bundled sample name)")
    as_of: Text = key(expected="a date (expected 2023-03-31 or 31/03/2023)",
                      missing="as_of is missing (expected the date the reports speak for, "
                      "e.g. 2023-03-31 or 31/03/2023)")
    audience: Literal[tuple(AUDIENCES)] = key("business_group", f"one of {', '.join(AUDIENCES)}")
    suppress_below: StrictInt = key(0, "a whole number of 0 or more", ge=0)
    recommendations: Text = key("", "a path (text)")
    settings: CycleSettings = key(CycleSettings(), message="expected a mapping such as "
                                  "'timeout: 600'")

    @field_validator("cycle")
    @classmethod
    def _short(cls, name: str) -> str:
        if len(name) > MAX_ID_LENGTH:
            raise ValueError(f"'{name[:MAX_ID_LENGTH]}…' is {len(name)} characters long: a cycle "
                             f"name may have at most {MAX_ID_LENGTH} (it names the output folder)")
        return name

    @field_validator("as_of")
    @classmethod
    def _a_date(cls, as_of: str) -> str:
        """The ISO text of a date written 2023-03-31 or 31/03/2023."""
        import pandas as pd

        from cscp_analysis.contract.dates import parse_dates

        parsed = parse_dates(pd.Series([as_of], dtype="str"), time_ok=False)[0].iloc[0]
        if pd.isna(parsed):
            raise unexpected()
        return parsed.date().isoformat()


def _resolve_input(value: str, base: Path) -> str:
    """A path relative to the parameter file, made absolute; a bare sample name unchanged."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return str(path)
    if (base / path).exists():
        return str((base / path).resolve())
    if path.exists():
        return str(path.resolve())
    return value


def _entries(raw: dict, doc: YamlDoc) -> tuple[tuple[str, int | None], ...]:
    """Each usable audit entry of the file with its line (the others are problems)."""
    items = raw.get("audits")
    entries = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        try:
            entries.append((_ENTRY.validate_python(item).strip(), doc.line(("audits", i))))
        except ValidationError:
            continue
    return tuple(entries)


def parse_cycle(path: str | Path) -> tuple[Cycle | None, list[Problem]]:
    """Read a cycle parameter file, collecting every problem in it.

    Returns the cycle as far as it could be read (None when the file cannot be read as a
    YAML mapping at all: with problems, its audits and recommendations are still named,
    so that they are checked too) and the problems, each naming the file, the line, the
    key, the value and what was expected.
    """
    path = Path(path)
    where = path.name
    if not path.is_file():
        return None, [Problem(where, message=f"the parameter file {path} does not exist")]
    doc, problems = read_yaml(path, where)
    if doc is None:
        return None, problems
    raw = doc.data
    if not isinstance(raw, dict):
        return None, [Problem(where, message="expected a mapping with at least the keys "
                              "audits and as_of")]
    given = _as_given(raw)
    if raw.get("cycle") in (None, ""):
        raw = {**raw, "cycle": path.stem}  # the file's name names the cycle
    checked, found = check_keys(CycleFile, raw, doc, where)
    problems += found
    base = path.resolve().parent
    recs = checked.recommendations if checked else raw.get("recommendations")
    recs = recs.strip() if isinstance(recs, str) else ""
    if recs == SAMPLE:
        recs = str(bundled_recommendations())
    elif recs:
        resolved = _resolve_input(recs, base)
        if not Path(resolved).is_file():
            problems.append(Problem(
                where, row=doc.line(("recommendations",)), column="recommendations", value=recs,
                message=f"'{recs}' is not a file (expected the path of a recommendations.csv "
                f"or .xlsx relative to {where}, '{SAMPLE}' for the bundled synthetic log, or "
                "blank for none)"))
        recs = resolved
    entries = _entries(raw, doc)
    checked = checked or CycleFile.model_construct(cycle=path.stem, as_of="")
    cycle = Cycle(
        name=checked.cycle,
        title=checked.title or f"Audit cycle {path.stem}",
        audits=tuple(_resolve_input(a, base) for a, _ in entries),
        as_of=checked.as_of,
        audience=checked.audience,
        suppress_below=checked.suppress_below,
        recommendations=recs,
        settings=checked.settings.model_dump(exclude_unset=True),
        source=path.resolve(),
        audit_entries=entries,
        given=given,
    )
    return cycle, sorted(problems, key=lambda p: p.row or 0)


def read_cycle(path: str | Path) -> Cycle:
    """Read and check a cycle parameter file (YAML).

    Raises
    ------
    AuditValidationError
        Every problem in the file, each naming the line, the key, the value and what was
        expected.
    """
    cycle, problems = parse_cycle(path)
    if problems or cycle is None:
        raise AuditValidationError(problems)
    return cycle

