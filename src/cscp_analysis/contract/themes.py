"""Themes: the question banks and rule settings of each kind of themed audit.

A theme is a YAML data file (``themes/<id>.yaml`` inside the package, or a file of
the user's own). Adding a theme means adding a file, not code.

This module holds what a theme *is* (plain frozen dataclasses) and how one is loaded.
What a theme *file* may say, with its ranges and the words of each problem, is declared
in :mod:`cscp_analysis.contract.theme_file` (pydantic), imported only when a file is
checked: a theme file of the user's own always is. The built-in themes ship inside the
package and are checked by the test suite the same way (``tests/contract/test_themes.py``
asserts that each one, checked, gives exactly the theme read here), so a quick command
such as ``cscp-analysis validate`` does not load pydantic to read one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from cscp_analysis.contract.codes import DEFAULT_AGENCIES
from cscp_analysis.contract.errors import Problem, printable
from cscp_analysis.contract.yaml_safe import YamlDoc, parse_yaml, read_yaml


class ThemeError(ValueError):
    """A theme that cannot be used (unknown id, a file with problems); ``problems`` are
    the file's, each located by line and key."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])

    @classmethod
    def of(cls, problems: list[Problem]) -> ThemeError:
        """The error of a theme file's problems: one line each, naming line and key."""
        return cls("\n".join(_said(p) for p in problems), problems)


def _said(problem: Problem) -> str:
    """A theme file's problem in its own words: ``<file> line 7, key rules.window_days: …``."""
    where = problem.file
    if problem.row is not None:
        where += f" line {problem.row}"
    if problem.column:
        where += f", key {problem.column}"
    return printable(f"{where}: {problem.message}")


@dataclass(frozen=True)
class Question:
    """One audit question: its id, the wording shown in reports, its finding area and scale."""

    id: str
    text: str
    finding_area: str
    scale: str = "yes_no"


@dataclass(frozen=True)
class FindingArea:
    """A heading under which a theme's findings are reported (e.g. 'Risk Assessment Tools')."""

    title: str
    questions: tuple[Question, ...]
    rule: str | None = None  # a computed rule reported in this area: rhi, stage_meetings, placed_in


@dataclass(frozen=True)
class MissingRules:
    """Settings of the missing-from-home rules 6.1 and 6.2 (data-contract section 6).

    A theme file's ``rules:`` is checked against their ranges
    (:class:`~cscp_analysis.contract.theme_file.RulesFile`, which takes its keys and
    defaults from here).
    """

    rhi_hours: int = 72
    window_days: int = 90
    stage1_threshold: int = 5
    stage2_threshold: int = 9
    counted_kinds: tuple[str, ...] = ("M",)
    required_agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Levels:
    """The levels a finding area's or question's met rate is judged against for the key
    messages (docs/assumptions.md, "Key messages"): listed "to improve" only when its
    whole 95% interval lies below ``to_improve_below``, "working well" only when the
    whole interval lies above ``working_well_above``.
    """

    to_improve_below: float = 0.6
    working_well_above: float = 0.8


@dataclass(frozen=True)
class Theme:
    """A themed audit's question bank, expected cohort groups and rule settings."""

    id: str
    title: str
    description: str
    finding_areas: tuple[FindingArea, ...]
    cohort_groups: tuple[str, ...] = ()
    agencies: tuple[str, ...] = DEFAULT_AGENCIES
    rules: MissingRules = field(default_factory=MissingRules)
    notebook: str = ""  # the theme's own report notebook (a file name); "" = the default
    levels: Levels = field(default_factory=Levels)  # the key messages' levels

    @property
    def questions(self) -> tuple[Question, ...]:
        """Every question, in the order of the theme file."""
        return tuple(q for area in self.finding_areas for q in area.questions)

    def question(self, question_id: str) -> Question:
        """The question with this id (``KeyError`` if the theme has none)."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


#: The computed rules a finding area may report (data-contract section 6).
AREA_RULES = ("rhi", "stage_meetings", "placed_in")


def builtin_theme_ids() -> list[str]:
    """Ids of the themes shipped with the package."""
    folder = resources.files("cscp_analysis") / "themes"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_theme(theme: str | Path) -> Theme:
    """Load a built-in theme by id (``"cse"``) or a theme file of the user's own by path.

    Raises
    ------
    ThemeError
        Naming every problem of the file, each with its line and key.
    """
    text_path = Path(theme)
    if text_path.suffix in {".yaml", ".yml"} and text_path.exists():
        source = str(text_path)
        doc, problems = read_yaml(text_path, source, "cannot be read as YAML ({problem})")
        if doc is None:
            raise ThemeError.of(problems)
        return checked_theme(doc.data, doc, source, problems)
    key_ = str(theme).strip().casefold()
    if key_ not in builtin_theme_ids():
        raise ThemeError(
            f"unknown theme {str(theme)!r}: expected one of {', '.join(builtin_theme_ids())} "
            "or the path of a theme .yaml file"
        )
    doc, problems = parse_yaml(builtin_theme_text(key_), f"built-in theme {key_}")
    if doc is None:  # the test suite reads every built-in theme: not reached
        raise ThemeError.of(problems)
    return theme_of(doc.data)


def builtin_theme_text(theme_id: str) -> str:
    """The YAML text of a built-in theme."""
    resource = resources.files("cscp_analysis") / "themes" / f"{theme_id}.yaml"
    return resource.read_text(encoding="utf-8")


def theme_from_dict(raw: dict, source: str = "theme") -> Theme:
    """Build a :class:`Theme` from the parsed YAML, checking what reports rely on."""
    return checked_theme(raw, None, source, [])


def checked_theme(raw: Any, doc: YamlDoc | None, source: str,
                  problems: list[Problem]) -> Theme:
    """The theme of a parsed theme file, checked against its declared keys
    (:class:`ThemeError` naming every problem, each located by ``doc``)."""
    from cscp_analysis.contract.theme_file import check_theme_file

    return theme_of(check_theme_file(raw, doc, source, problems))


def theme_of(data: dict) -> Theme:
    """The :class:`Theme` a theme file's mapping describes, read as it is: the file must
    already be known to be good (a built-in theme, or one :func:`checked_theme` checked,
    which hands over its checked keys with every default filled in)."""
    areas = tuple(
        FindingArea(area["title"], tuple(Question(q["id"], q["text"], area["title"],
                                                  q.get("scale", "yes_no"))
                                         for q in area.get("questions") or ()),
                    area.get("rule"))
        for area in data["finding_areas"])
    extra = data.get("extra_agencies") or ()
    agencies = tuple(DEFAULT_AGENCIES) + tuple(
        a for a in dict.fromkeys(extra) if a not in DEFAULT_AGENCIES)
    rules = {k: tuple(v) if isinstance(v, list) else v
             for k, v in (data.get("rules") or {}).items()}
    return Theme(id=data["id"], title=data["title"],
                 description=(data.get("description") or "").strip(),
                 finding_areas=areas, cohort_groups=tuple(data.get("cohort_groups") or ()),
                 agencies=agencies, rules=MissingRules(**rules),
                 notebook=data.get("notebook") or "",
                 levels=Levels(**(data.get("levels") or {})))
