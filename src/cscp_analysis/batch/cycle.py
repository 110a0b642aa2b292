"""The cycle's parameter file (``params/<cycle>.yaml``): read it, check it, the Cycle it describes.

Every problem of the file is collected and located (file, line, key, value, what was
expected); the inputs the file names are loaded and validated by ``batch.inputs``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cscp_analysis.contract.codes import AUDIENCES
from cscp_analysis.contract.errors import AuditValidationError, Problem
from cscp_analysis.io.bundled import SAMPLE, bundled_recommendations


@dataclass(frozen=True)
class Cycle:
    """One audit cycle, as its parameter file describes it.

    ``audits`` holds each audit as written (a bundled sample name or a path resolved
    against the parameter file's folder); ``as_of`` is the ISO date the report speaks for;
    ``recommendations`` is the path of the recommendations log, ``""`` when the cycle
    gives none (``recommendations: sample`` in the file names the bundled synthetic log).
    ``audit_entries`` keeps each audit as typed in the file with its line, for messages.
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


#: The keys a cycle parameter file may have, and those of its ``settings``.
CYCLE_KEYS = ("cycle", "title", "audits", "as_of", "audience", "suppress_below",
              "recommendations", "settings")
SETTINGS_KEYS = ("timeout",)
#: ``recommendations: sample`` names the bundled synthetic recommendations log.
_CYCLE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class _TextDatesLoader(yaml.SafeLoader):
    """YAML's safe loader, but dates stay the text typed (so 2023-13-01 is located, not a crash)."""


_TextDatesLoader.add_constructor("tag:yaml.org,2002:timestamp",
                                 lambda loader, node: loader.construct_scalar(node))


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


def _unknown_key(where: str, key: str, known: Sequence[str], line: int | None,
                 prefix: str = "") -> Problem:
    """An unknown key, with the nearest known key suggested when one is close."""
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f": did you mean {prefix}{close[0]}?" if close else ""
    return Problem(where, row=line, column=f"{prefix}{key}", value=key,
                   message=f"unknown key '{prefix}{key}'{hint} (expected one of "
                   f"{', '.join(prefix + k for k in known)})")


def _lines(text: str) -> tuple[dict[str, int], list[int], dict[str, int]]:
    """Line numbers (1-based) of the top-level keys, the audits items and the settings keys."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError:
        return {}, [], {}
    if not isinstance(root, yaml.MappingNode):
        return {}, [], {}
    keys: dict[str, int] = {}
    items: list[int] = []
    settings: dict[str, int] = {}
    for key, value in root.value:
        keys.setdefault(str(key.value), key.start_mark.line + 1)
        if key.value == "audits" and isinstance(value, yaml.SequenceNode):
            items = [item.start_mark.line + 1 for item in value.value]
        if key.value == "settings" and isinstance(value, yaml.MappingNode):
            settings = {str(k.value): k.start_mark.line + 1 for k, _ in value.value}
    return keys, items, settings


def _parse_as_of(value: Any) -> str | None:
    """The ISO text of an ``as_of`` date written 2023-03-31 or 31/03/2023; None if neither."""
    import pandas as pd

    from cscp_analysis.contract.dates import parse_dates

    parsed = parse_dates(pd.Series([str(value)], dtype="str"), time_ok=False)[0].iloc[0]
    return None if pd.isna(parsed) else parsed.date().isoformat()


def parse_cycle(path: str | Path) -> tuple[Cycle | None, list[Problem]]:
    """Read a cycle parameter file, collecting every problem in it.

    Returns the cycle as far as it could be read (None when the file cannot be read as a
    YAML mapping at all) and the problems, each naming the file, the line, the key, the
    value and what was expected.
    """
    path = Path(path)
    where = path.name
    if not path.is_file():
        return None, [Problem(where, message=f"the parameter file {path} does not exist")]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem(where, message="the file is not UTF-8 text: save it as UTF-8")]
    try:
        raw = yaml.load(text, Loader=_TextDatesLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        return None, [Problem(where, row=row, message=f"is not valid YAML ({type(exc).__name__})")]
    if not isinstance(raw, dict):
        return None, [Problem(where, message="expected a mapping with at least the keys "
                              "audits and as_of")]
    line, item_lines, setting_lines = _lines(text)
    base = path.resolve().parent
    problems = [_unknown_key(where, str(k), CYCLE_KEYS, line.get(str(k)))
                for k in raw if str(k) not in CYCLE_KEYS]

    def problem(key: str, value: Any, message: str) -> None:
        shown = None if value is None else str(value)
        problems.append(Problem(where, row=line.get(key), column=key, value=shown,
                                message=message))

    name = raw.get("cycle")
    name = path.stem if name in (None, "") else str(name)
    if not _CYCLE_NAME.fullmatch(name):
        problem("cycle", name, f"'{name}' is not a folder name (expected letters, digits, "
                "'-', '_' or '.', e.g. 2024-cycle-1)")
    audits = raw.get("audits")
    entries: list[tuple[str, int | None]] = []
    if isinstance(audits, list) and audits:
        for i, entry in enumerate(audits):
            at = item_lines[i] if i < len(item_lines) else line.get("audits")
            if entry is None or isinstance(entry, (dict, list)) or str(entry).strip() == "":
                problems.append(Problem(where, row=at, column="audits", value=str(entry or ""),
                                        message="a list item is not an audit (expected an "
                                        "audit folder, a workbook or a bundled sample name)"))
                continue
            entries.append((str(entry).strip(), at))
    else:
        problem("audits", None if audits is None else audits,
                "expected a non-empty list of audit folders, workbooks or bundled sample names")
    as_of_raw = raw.get("as_of")
    as_of = _parse_as_of(as_of_raw) if as_of_raw not in (None, "") else None
    if as_of_raw in (None, ""):
        problem("as_of", None, "as_of is missing (expected the date the reports speak for, "
                "e.g. 2023-03-31 or 31/03/2023)")
    elif as_of is None:
        problem("as_of", as_of_raw, f"'{as_of_raw}' is not a date (expected 2023-03-31 or "
                "31/03/2023)")
    audience = raw.get("audience")
    audience = "business_group" if audience in (None, "") else str(audience)
    if audience not in AUDIENCES:
        problem("audience", audience, f"'{audience}' is not one of {', '.join(AUDIENCES)}")
    suppress = raw.get("suppress_below")
    suppress = 0 if suppress in (None, "") else suppress
    if not isinstance(suppress, int) or isinstance(suppress, bool) or suppress < 0:
        problem("suppress_below", suppress, f"'{suppress}' is not a whole number of 0 or more")
        suppress = 0
    recs = raw.get("recommendations")
    recs = "" if recs is None else str(recs).strip()
    if recs == SAMPLE:
        recs = str(bundled_recommendations())
    elif recs:
        found = _resolve_input(recs, base)
        if not Path(found).is_file():
            problem("recommendations", recs, f"'{recs}' is not a file (expected the path of "
                    f"a recommendations.csv or .xlsx relative to {where}, "
                    f"'{SAMPLE}' for the bundled synthetic log, or blank for "
                    "none)")
        recs = found
    settings = raw.get("settings")
    settings = {} if settings is None else settings
    if not isinstance(settings, dict):
        problem("settings", settings, "expected a mapping such as 'timeout: 600'")
        settings = {}
    for key in settings:
        if str(key) not in SETTINGS_KEYS:
            problems.append(_unknown_key(where, str(key), SETTINGS_KEYS,
                                         setting_lines.get(str(key)), prefix="settings."))
    timeout = settings.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int | float)
                                or timeout <= 0):
        problems.append(Problem(where, row=setting_lines.get("timeout"),
                                column="settings.timeout", value=str(timeout),
                                message=f"'{timeout}' is not a number of seconds above 0"))
    cycle = Cycle(
        name=name,
        title=str(raw.get("title") or f"Audit cycle {path.stem}"),
        audits=tuple(_resolve_input(a, base) for a, _ in entries),
        as_of=as_of or "",
        audience=audience,
        suppress_below=int(suppress),
        recommendations=recs,
        settings=dict(settings),
        source=path.resolve(),
        audit_entries=tuple(entries),
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

