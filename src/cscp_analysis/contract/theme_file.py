"""What a theme file may say (docs/themes.md): its keys, their ranges and the words of
each problem, checked with pydantic (:mod:`cscp_analysis.contract.yaml_schema`).

:func:`check_theme_file` turns a parsed theme file into its checked keys, every default
filled in, for :func:`cscp_analysis.contract.themes.theme_of`; or raises
:class:`~cscp_analysis.contract.themes.ThemeError` naming every problem by line and key.
The rule settings take their keys and defaults from
:class:`~cscp_analysis.contract.themes.MissingRules` and :class:`~.themes.Levels`.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import StrictFloat, StrictInt, ValidationInfo, field_validator, model_validator
from pydantic.dataclasses import dataclass as pydantic_dataclass

from cscp_analysis.contract.codes import EPISODE_KINDS, SCALES
from cscp_analysis.contract.errors import Problem
from cscp_analysis.contract.themes import AREA_RULES, Levels, MissingRules, ThemeError
from cscp_analysis.contract.yaml_safe import YamlDoc
from cscp_analysis.contract.yaml_schema import (
    KEYS,
    Keys,
    Text,
    VisibleText,
    blank_is_default,
    check_keys,
    key,
)

_RULES, _LEVELS = MissingRules(), Levels()


@pydantic_dataclass(frozen=True, config=KEYS)
class RulesFile:
    """A theme file's ``rules:``, the settings of :class:`MissingRules` with their ranges."""

    rhi_hours: StrictInt = key(_RULES.rhi_hours, "a whole number of hours of 1 or more", ge=1)
    window_days: StrictInt = key(_RULES.window_days, "a whole number of days of 1 or more",
                                 ge=1)
    stage1_threshold: StrictInt = key(_RULES.stage1_threshold,
                                      "a whole number of episodes of 1 or more", ge=1)
    stage2_threshold: StrictInt = key(_RULES.stage2_threshold,
                                      "a whole number of episodes of 1 or more", ge=1)
    counted_kinds: tuple[Literal[tuple(EPISODE_KINDS)], ...] = key(
        _RULES.counted_kinds,
        f"a list of episode kinds (for example [{', '.join(EPISODE_KINDS)}])",
        each=f"an episode kind ({' or '.join(EPISODE_KINDS)})", min_length=1)
    required_agencies: tuple[Text, ...] = key(
        _RULES.required_agencies, "a list of agencies (for example [Police, Health])",
        each="an agency's name")

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
class LevelsFile:
    """A theme file's ``levels:``, the key messages' :class:`Levels` with their ranges."""

    to_improve_below: StrictFloat = key(
        _LEVELS.to_improve_below, "a share between 0 and 1 (for example 0.6 for 60%)",
        gt=0, lt=1)
    working_well_above: StrictFloat = key(
        _LEVELS.working_well_above, "a share between 0 and 1 (for example 0.8 for 80%)",
        gt=0, lt=1)

    _blank = model_validator(mode="before")(blank_is_default)

    @field_validator("working_well_above")
    @classmethod
    def _above_the_lower_level(cls, above: float, info: ValidationInfo) -> float:
        below = info.data.get("to_improve_below")
        if below is not None and above < below:
            raise ValueError(f"'{above}' is below to_improve_below ({below}): an area cannot "
                             "be working well at a rate that needs improving")
        return above


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
    rules: RulesFile = key(RulesFile(), "a mapping of rule settings (docs/themes.md)")
    levels: LevelsFile = key(LevelsFile(), "a mapping of the key messages' levels "
                             "(docs/themes.md)")
    notebook: Text = key("", "a notebook's file name (for example my_theme.ipynb)")


def check_theme_file(raw: Any, doc: YamlDoc | None, source: str,
                     problems: list[Problem]) -> dict:
    """The checked keys of a parsed theme file, every default filled in; or
    :class:`ThemeError` with ``problems`` and every problem found, in line order."""
    if not isinstance(raw, dict):
        raise ThemeError.of([*problems, Problem(source, message="expected a mapping with id, "
                                                "title and finding_areas")])
    checked, found = check_keys(ThemeFile, raw, doc, source)
    problems = [*problems, *found, *_repeated_questions(raw, doc, source)]
    if problems or checked is None:
        raise ThemeError.of(sorted(problems, key=lambda p: p.row or 0))
    return checked.model_dump()


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
