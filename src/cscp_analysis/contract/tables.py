"""The contract's input tables, each declared once (data-contract sections 3-6, 5a and 8).

A table is its columns in order; a column says whether a value is required and what
kind of value it holds. Everything that needs the contract takes it from here:

- the cell checks that ``load_audit`` and ingest check cells with (``schemas.py``),
- the tidy column lists (``io/audit.py``) and the tidying itself (``io/tidy.py``),
- the Excel tool's sheets (``capture/layout.py``: widths and locking are the tool's own),
- the columns ingest writes, the sample generator's files and the SSDA903 import.

Some code lists are known only when an audit is checked: the audit's areas, the
theme's cohort groups and agencies, each question's answer scale. Those columns name
the list (:class:`Bound`) and the caller binds it at check time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cscp_analysis.contract.codes import (
    CASE_TYPES,
    EPISODE_KINDS,
    GENDERS,
    LEARNING_KINDS,
    MEETING_STAGES,
    PANEL,
    REC_STATUSES,
    YES_NO,
    YES_NO_UNKNOWN,
)

# The kinds of value a column holds.
TEXT = "text"  # free text
TEXT_LIST = "text list"  # ;-separated free text (voice tags)
CODE = "code"  # one value of a code list, matched ignoring case and surrounding spaces
CODE_LIST = "code list"  # ;-separated values of a code list
WHOLE = "whole"  # a whole number from ``low`` to ``high``
DATE = "date"  # a date (data-contract section 2)
DATETIME = "datetime"  # a date or a date-time

#: How a value off a code list is described; ``{v}`` is the value, ``{codes}`` the list.
NOT_ON_LIST = "{v} is not one of {codes}"


@dataclass(frozen=True)
class Bound:
    """A code list bound when an audit is checked, named by ``key``.

    ``plus`` are codes always added to the bound list (``Panel`` for a judgement's
    agency). An empty bound list allows any value (a theme without cohort groups).
    ``by_row`` names the column whose value picks the list row by row (an answer's
    question): such a column is checked one list at a time by whoever knows the rows.
    """

    key: str
    plus: tuple[str, ...] = ()
    by_row: str = ""


AREAS = Bound("areas")
COHORT_GROUPS = Bound("cohort_groups")
AGENCIES = Bound("agencies")
AGENCY_OR_PANEL = Bound("agencies", plus=(PANEL,))
SCALE = Bound("scale", by_row="question_id")
#: The titles of the theme's finding areas.
FINDING_AREAS = Bound("finding_areas")


@dataclass(frozen=True)
class Column:
    """One declared column of an input table."""

    name: str
    kind: str = TEXT
    required: bool = False
    codes: tuple = ()  # the code list (strings, or whole numbers), or a Bound
    low: int | None = None
    high: int | None = None
    #: the phrase for a value not on the code list (``{v}`` and ``{codes}``)
    off_list: str = NOT_ON_LIST
    #: what a blank cell means, when the contract gives it a meaning
    blank_means: str | None = None
    #: an id (a case, an episode, a question, a recommendation): text that may hold no
    #: hidden character (NUL, a right-to-left mark, a zero-width space)
    is_id: bool = False
    #: text written for publication (the panel's learning): may hold no control
    #: character (NUL and the like: no page or workbook can show them) and, when not
    #: blank, must show something (not only zero-width or direction characters)
    published: bool = False

    def bound_codes(self, lists: Mapping[str, Sequence]) -> tuple | None:
        """The codes this column allows, with bound lists taken from ``lists``.

        None means any value (a bound list that is empty). A ``by_row`` list that is
        not in ``lists`` is also None: it is checked row by row elsewhere.
        """
        if not isinstance(self.codes, Bound):
            return tuple(self.codes)
        if self.codes.key not in lists and self.codes.by_row:
            return None
        values = tuple(lists[self.codes.key])
        return (*values, *self.codes.plus) if values else None


@dataclass(frozen=True)
class Table:
    """One input table: its name (the file is ``<name>.csv``) and its columns in order."""

    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def of_kind(self, *kinds: str) -> tuple[str, ...]:
        """The names of the columns of these kinds, in order."""
        return tuple(c.name for c in self.columns if c.kind in kinds)


def _text(name: str, required: bool = False) -> Column:
    return Column(name, TEXT, required)


def _id(name: str, required: bool = False) -> Column:
    return Column(name, TEXT, required, is_id=True)


def _code(name: str, codes, required: bool = False, **kw) -> Column:
    return Column(name, CODE, required, codes=codes, **kw)


AGENCY_LIST = "{v} names an agency not on the list: {codes}"

CASES = Table("cases", (
    _id("case_id", required=True),
    _code("area", AREAS, True, off_list="{v} is not one of the audit's areas: {codes}"),
    _code("case_type", tuple(CASE_TYPES), True),
    Column("age_years", WHOLE, True, low=0, high=18),
    Column("age_months", WHOLE, low=0, high=11, blank_means="0"),
    _code("gender", GENDERS, True),
    _code("cohort_group", COHORT_GROUPS,
          off_list="{v} is not one of the theme's cohort groups: {codes}"),
    Column("agencies", CODE_LIST, codes=AGENCIES, off_list=AGENCY_LIST),
))
JUDGEMENTS = Table("judgements", (
    _id("case_id", required=True),
    _id("question_id", required=True),
    _code("answer", SCALE, True),
    _code("agency", AGENCY_OR_PANEL, off_list="{v} is not a known agency ({codes})",
          blank_means=PANEL),
    _text("comment"),
))
VOICE = Table("voice", (
    _id("case_id", required=True),
    _text("said", required=True),
    _code("consent_to_share", YES_NO, True),
    Column("tags", TEXT_LIST),
))
EPISODES = Table("episodes", (
    _id("case_id", required=True),
    _id("episode_id"),
    _code("kind", tuple(EPISODE_KINDS), blank_means="M"),
    Column("missing_from", DATETIME, True),
    Column("returned", DATETIME),
    _code("rhi_offered", YES_NO_UNKNOWN),
    _code("rhi_accepted", YES_NO_UNKNOWN),
    Column("rhi_held", DATETIME),
    _text("placing_authority"),
    _code("rhi_report_received", YES_NO),
))
MEETINGS = Table("meetings", (
    _id("case_id", required=True),
    _code("stage", MEETING_STAGES, True),
    Column("held_on", DATE, True),
    Column("agencies_invited", CODE_LIST, codes=AGENCIES, off_list=AGENCY_LIST),
    Column("agencies_attended", CODE_LIST, codes=AGENCIES, off_list=AGENCY_LIST),
))
#: The panel's learning (data-contract section 5a): no case column, as it names no case.
LEARNING = Table("learning", (
    _code("finding_area", FINDING_AREAS,
          off_list="{v} is not a finding area of the audit's theme: {codes}"),
    _code("kind", LEARNING_KINDS, True),
    Column("text", TEXT, True, published=True),
    Column("on", DATE),
))
RECOMMENDATIONS = Table("recommendations", (
    _id("rec_id", required=True),
    _text("audit_id", required=True),
    _text("finding_area"),
    _text("recommendation", required=True),
    _text("owner", required=True),
    Column("agreed_on", DATE, True),
    Column("due_by", DATE),
    _code("status", REC_STATUSES, True),
    Column("fed_back_on", DATE),
))

#: The tables of one audit, in the contract's order (recommendations span audits).
AUDIT_TABLES: dict[str, Table] = {t.name: t for t in (CASES, JUDGEMENTS, VOICE, EPISODES,
                                                      MEETINGS, LEARNING)}

#: audit.yaml (data-contract section 1): its keys; the audit id names output folders;
#: conducted is a month.
AUDIT_KEYS = ("id", "theme", "title", "conducted", "conducted_by", "areas", "agencies",
              "synthetic")
AUDIT_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
CONDUCTED = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
