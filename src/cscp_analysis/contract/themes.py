"""Themes: the question banks and rule settings of each kind of themed audit.

A theme is a YAML data file (``themes/<id>.yaml`` inside the package, or a file of
the user's own). Adding a theme means adding a file, not code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from cscp_analysis.contract.codes import DEFAULT_AGENCIES, SCALES


class ThemeError(ValueError):
    """A theme file that cannot be used (unknown id, missing keys, bad scale)."""


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
    """Settings of the missing-from-home rules 6.1 and 6.2 (data-contract section 6)."""

    rhi_hours: int = 72
    window_days: int = 90
    stage1_threshold: int = 5
    stage2_threshold: int = 9
    counted_kinds: tuple[str, ...] = ("M",)
    required_agencies: tuple[str, ...] = ()


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


def builtin_theme_ids() -> list[str]:
    """Ids of the themes shipped with the package."""
    folder = resources.files("cscp_analysis") / "themes"
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_theme(theme: str | Path) -> Theme:
    """Load a built-in theme by id (``"cse"``) or a theme file of the user's own by path."""
    text_path = Path(theme)
    if text_path.suffix in {".yaml", ".yml"} and text_path.exists():
        source = str(text_path)
        try:
            raw = yaml.safe_load(text_path.read_text(encoding="utf-8-sig"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" line {mark.line + 1}" if mark is not None else ""
            raise ThemeError(f"{source}{where}: cannot be read as YAML "
                             f"({getattr(exc, 'problem', None) or exc})") from None
    else:
        key = str(theme).strip().casefold()
        if key not in builtin_theme_ids():
            raise ThemeError(
                f"unknown theme {str(theme)!r}: expected one of {', '.join(builtin_theme_ids())} "
                "or the path of a theme .yaml file"
            )
        resource = resources.files("cscp_analysis") / "themes" / f"{key}.yaml"
        raw = yaml.safe_load(resource.read_text(encoding="utf-8"))
        source = f"built-in theme {key}"
    return theme_from_dict(raw, source)


def theme_from_dict(raw: dict, source: str = "theme") -> Theme:
    """Build a :class:`Theme` from the parsed YAML, checking what reports rely on."""
    if not isinstance(raw, dict):
        raise ThemeError(f"{source}: expected a mapping with id, title and finding_areas")
    for key in ("id", "title", "finding_areas"):
        if key not in raw:
            raise ThemeError(f"{source}: missing key {key!r}")
    areas = []
    seen: set[str] = set()
    for area in raw["finding_areas"]:
        if not isinstance(area, dict) or "title" not in area:
            raise ThemeError(f"{source}: every finding area needs a title and questions")
        questions = []
        for q in area.get("questions") or []:
            if not isinstance(q, dict) or not {"id", "text"} <= set(q):
                raise ThemeError(f"{source}: a question of {area['title']!r} needs an id "
                                 "and a text")
            scale = q.get("scale", "yes_no")
            if scale not in SCALES:
                raise ThemeError(f"{source}: question {q.get('id')!r} has unknown scale {scale!r}")
            if q["id"] in seen:
                raise ThemeError(f"{source}: question id {q['id']!r} appears twice")
            seen.add(q["id"])
            questions.append(Question(q["id"], q["text"], area["title"], scale))
        areas.append(FindingArea(area["title"], tuple(questions), area.get("rule")))
    rules_raw = raw.get("rules") or {}
    rules = MissingRules(
        rhi_hours=int(rules_raw.get("rhi_hours", 72)),
        window_days=int(rules_raw.get("window_days", 90)),
        stage1_threshold=int(rules_raw.get("stage1_threshold", 5)),
        stage2_threshold=int(rules_raw.get("stage2_threshold", 9)),
        counted_kinds=tuple(str(k).upper() for k in rules_raw.get("counted_kinds", ["M"])),
        required_agencies=tuple(rules_raw.get("required_agencies", ())),
    )
    agencies = tuple(DEFAULT_AGENCIES) + tuple(
        a for a in raw.get("extra_agencies", []) if a not in DEFAULT_AGENCIES
    )
    return Theme(
        id=str(raw["id"]),
        title=str(raw["title"]),
        description=str(raw.get("description", "")).strip(),
        finding_areas=tuple(areas),
        cohort_groups=tuple(raw.get("cohort_groups") or ()),
        agencies=agencies,
        rules=rules,
        notebook=str(raw.get("notebook") or "").strip(),
    )
