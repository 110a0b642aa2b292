"""Themes: the question banks and rule settings of each kind of themed audit.

A theme is a YAML data file (``themes/<id>.yaml`` inside the package, or a file of
the user's own). Adding a theme means adding a file, not code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import StrictFloat, StrictInt, ValidationInfo, field_validator, model_validator
from pydantic.dataclasses import dataclass as pydantic_dataclass

from cscp_analysis.contract.codes import DEFAULT_AGENCIES, EPISODE_KINDS, SCALES
from cscp_analysis.contract.errors import Problem, printable
from cscp_analysis.contract.yaml_safe import YamlDoc, parse_yaml, read_yaml
from cscp_analysis.contract.yaml_schema import (
    KEYS,
    Keys,
    Text,
    VisibleText,
    blank_is_default,
    check_keys,
    key,
)


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


@pydantic_dataclass(frozen=True, config=KEYS)
class MissingRules:
    """Settings of the missing-from-home rules 6.1 and 6.2 (data-contract section 6).

    Declared with their ranges: a theme file's ``rules:`` is checked against them.
    """

    rhi_hours: StrictInt = key(72, "a whole number of hours of 1 or more", ge=1)
    window_days: StrictInt = key(90, "a whole number of days of 1 or more", ge=1)
    stage1_threshold: StrictInt = key(5, "a whole number of episodes of 1 or more", ge=1)
    stage2_threshold: StrictInt = key(9, "a whole number of episodes of 1 or more", ge=1)
    counted_kinds: tuple[Literal[tuple(EPISODE_KINDS)], ...] = key(
        ("M",), f"a list of episode kinds (for example [{', '.join(EPISODE_KINDS)}])",
        each=f"an episode kind ({' or '.join(EPISODE_KINDS)})", min_length=1)
    required_agencies: tuple[Text, ...] = key(
        (), "a list of agencies (for example [Police, Health])", each="an agency's name")

    _blank = model_validator(mode="before")(blank_is_default)

    @field_validator("counted_kinds", mode="before")
    @classmethod
    def _kinds_in_capitals(cls, kinds: Any) -> Any:
        if isinstance(kinds, list | tuple):
            return tuple(k.strip().upper() if isinstance(k, str) else k for k in kinds)
        return kinds

    @field_validator("stage2_threshold")
    @classmethod
    def _stage2_after_stage1(cls, stage2: int, info: ValidationInfo) -> int:
        stage1 = info.data.get("stage1_threshold")
        if stage1 is not None and stage2 <= stage1:
            raise ValueError(f"'{stage2}' is not above stage1_threshold ({stage1}): stage 2 is "
                             "due after more episodes than stage 1")
        return stage2


@pydantic_dataclass(frozen=True, config=KEYS)
class Levels:
    """The levels a finding area's or question's met rate is judged against for the key
    messages (docs/assumptions.md, "Key messages"): listed "to improve" only when its
    whole 95% interval lies below ``to_improve_below``, "working well" only when the
    whole interval lies above ``working_well_above``.
    """

    to_improve_below: StrictFloat = key(
        0.6, "a share between 0 and 1 (for example 0.6 for 60%)", gt=0, lt=1)
    working_well_above: StrictFloat = key(
        0.8, "a share between 0 and 1 (for example 0.8 for 80%)", gt=0, lt=1)

    _blank = model_validator(mode="before")(blank_is_default)

    @field_validator("working_well_above")
    @classmethod
    def _above_the_lower_level(cls, above: float, info: ValidationInfo) -> float:
        below = info.data.get("to_improve_below")
        if below is not None and above < below:
            raise ValueError(f"'{above}' is below to_improve_below ({below}): an area cannot "
                             "be working well at a rate that needs improving")
        return above


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


class QuestionFile(Keys):
    """One question of a theme file."""

    id: VisibleText = key(expected="a question id (text without hidden characters)",
                          min_length=1)
    text: Text = key(expected="the question's wording (text)", min_length=1)
    scale: Text = key("yes_no", f"a scale ({' or '.join(SCALES)})")

    @field_validator("scale")
    @classmethod
    def _known_scale(cls, scale: str, info: ValidationInfo) -> str:
        if scale not in SCALES:
            raise ValueError(f"question '{info.data.get('id', '')}' has unknown scale '{scale}' "
                             f"(expected {' or '.join(SCALES)})")
        return scale


class AreaFile(Keys):
    """One finding area of a theme file."""

    title: Text = key(expected="the area's title (text)", min_length=1)
    rule: Literal[AREA_RULES] | None = key(None, f"a rule ({', '.join(AREA_RULES)})")
    questions: list[QuestionFile] = key(
        [], "a list of questions, each with an id and a text",
        each="a question (a mapping with id and text)")


class ThemeFile(Keys):
    """The keys of a theme file (docs/themes.md)."""

    # its form ([a-z0-9-], at most 64) is checked where it names a report, by the batch
    id: VisibleText = key(expected="a theme id (text without hidden characters)",
                          min_length=1)
    title: Text = key(expected="the theme's title (text)", min_length=1)
    description: Text = key("", "the theme's description (text)")
    cohort_groups: list[Text] = key(
        [], "a list of cohort groups (write [Single episode, Multiple episodes], or one "
        "per line starting with '- ')", each="a cohort group's name (text)")
    extra_agencies: list[Text] = key(
        [], "a list of agencies (for example [CAMHS])", each="an agency's name (text)")
    finding_areas: list[AreaFile] = key(
        expected="a list of finding areas, each with a title and questions",
        each="a finding area (a mapping with a title and questions)", min_length=1)
    rules: MissingRules = key(MissingRules(), "a mapping of rule settings (docs/themes.md)")
    levels: Levels = key(Levels(), "a mapping of the key messages' levels (docs/themes.md)")
    notebook: Text = key("", "a notebook's file name (for example my_theme.ipynb)")


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
    else:
        key_ = str(theme).strip().casefold()
        if key_ not in builtin_theme_ids():
            raise ThemeError(
                f"unknown theme {str(theme)!r}: expected one of {', '.join(builtin_theme_ids())} "
                "or the path of a theme .yaml file"
            )
        resource = resources.files("cscp_analysis") / "themes" / f"{key_}.yaml"
        source = f"built-in theme {key_}"
        doc, problems = parse_yaml(resource.read_text(encoding="utf-8"), source,
                                   "cannot be read as YAML ({problem})")
    if doc is None:
        raise ThemeError.of(problems)
    return _theme(doc.data, doc, source, problems)


def theme_from_dict(raw: dict, source: str = "theme") -> Theme:
    """Build a :class:`Theme` from the parsed YAML, checking what reports rely on."""
    return _theme(raw, None, source, [])


def _theme(raw: Any, doc: YamlDoc | None, source: str, problems: list[Problem]) -> Theme:
    if not isinstance(raw, dict):
        raise ThemeError.of([*problems, Problem(source, message="expected a mapping with id, "
                                                "title and finding_areas")])
    checked, found = check_keys(ThemeFile, raw, doc, source)
    problems = [*problems, *found, *_repeated_questions(raw, doc, source)]
    if problems or checked is None:
        raise ThemeError.of(sorted(problems, key=lambda p: p.row or 0))
    areas = tuple(
        FindingArea(area.title, tuple(Question(q.id, q.text, area.title, q.scale)
                                      for q in area.questions), area.rule)
        for area in checked.finding_areas)
    agencies = tuple(DEFAULT_AGENCIES) + tuple(
        a for a in dict.fromkeys(checked.extra_agencies) if a not in DEFAULT_AGENCIES)
    return Theme(id=checked.id, title=checked.title, description=checked.description.strip(),
                 finding_areas=areas, cohort_groups=tuple(checked.cohort_groups),
                 agencies=agencies, rules=checked.rules, notebook=checked.notebook,
                 levels=checked.levels)


def _repeated_questions(raw: dict, doc: YamlDoc | None, source: str) -> list[Problem]:
    """A question id used twice in the theme (their answers could not be told apart)."""
    problems, first = [], {}
    areas = raw.get("finding_areas")
    for i, area in enumerate(areas if isinstance(areas, list) else []):
        questions = area.get("questions") if isinstance(area, dict) else None
        for j, q in enumerate(questions if isinstance(questions, list) else []):
            qid = q.get("id") if isinstance(q, dict) else None
            if not isinstance(qid, str):
                continue
            line = doc.line(("finding_areas", i, "questions", j, "id")) if doc else None
            if qid.strip() in first:
                also = first[qid.strip()]
                problems.append(Problem(source, row=line, column="finding_areas.questions.id",
                                        value=qid, message=f"question id '{qid}' appears "
                                        "twice" + (f" (also line {also})" if also else "")))
            else:
                first[qid.strip()] = line
    return problems
