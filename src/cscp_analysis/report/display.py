"""How a report's items reach the page: headings, paragraphs and tables as HTML.

Every item a section shows is either a chart (:mod:`cscp_analysis.report.figures`) or
HTML rendered from a Jinja2 template in ``templates/report/`` with autoescape on, so
input text (the audit's title, areas, theme wording, quotes …) is always shown as
text: never as HTML, and never as Markdown, which nbconvert would render as live
markup. The project's own prose lives in those templates too (``text/*.html.j2``), not
in Python. Values are escaped as :func:`html.escape` escapes them (quotes included),
and a value holding Unicode direction controls (a right-to-left override …) is set in
a direction isolate first (:func:`isolate_bidi`), so it cannot reverse the words
around it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from cscp_analysis.analysis.narrative import long_date


def templates_root() -> Path:
    """The folder of the report's templates inside the package (``templates/report``)."""
    return Path(str(resources.files("cscp_analysis") / "templates" / "report"))


#: Unicode's explicit direction controls: embeddings, overrides (U+202A to U+202E) and
#: isolates (U+2066 to U+2069).
_EMBEDDINGS = frozenset("\u202a\u202b\u202c\u202d\u202e")
_ISOLATES, _POP_ISOLATE = frozenset("\u2066\u2067\u2068"), "\u2069"


def isolate_bidi(text: str) -> str:
    """``text`` unchanged, or, if it holds direction controls, set in a first-strong isolate.

    Inside the isolate an override such as U+202E (right-to-left) reaches only the
    text's own end: the closing U+2069 ends every embedding and override opened within
    (Unicode's bidirectional algorithm), so the words after it read as written. An
    isolate the text closes without opening is dropped, one it leaves open is closed.
    """
    if _EMBEDDINGS.isdisjoint(text) and _ISOLATES.isdisjoint(text) and _POP_ISOLATE not in text:
        return text
    kept, open_isolates = [], 0
    for char in text:
        if char in _ISOLATES:
            open_isolates += 1
        elif char == _POP_ISOLATE:
            if not open_isolates:
                continue
            open_isolates -= 1
        kept.append(char)
    return "\u2068" + "".join(kept) + _POP_ISOLATE * (open_isolates + 1)


def as_text(value: object):
    """Every ``{{ value }}`` of a template: escaped as text unless already markup."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return value
    return Markup(html.escape(isolate_bidi("" if value is None else str(value))))


@cache
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_root())),
        autoescape=True,
        finalize=as_text,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def labels(group: str) -> dict[str, str]:
    """The reader's words for the code names of one group of ``templates/report/labels.yaml``."""
    import yaml

    text = (templates_root() / "labels.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text)[group])


def render(template: str, **context: Any) -> str:
    """A template of ``templates/report/`` rendered with ``context`` (input text escaped)."""
    return _environment().get_template(template).render(**context).strip()


def snippet(template: str, **context: Any):
    """A rendered template as HTML for the notebook to display."""
    from IPython.display import HTML

    return HTML(render(template, **context))


def text(name: str, **context: Any):
    """The project's own prose ``templates/report/text/<name>.html.j2``, for display."""
    return snippet(f"text/{name}.html.j2", **context)


def show(*items) -> None:
    """Display each item in turn (HTML, charts; lists are flattened) in the running notebook."""
    from IPython.display import display

    for item in items:
        if isinstance(item, (list, tuple)):
            show(*item)
        elif item is not None:
            display(item)


def heading_id(text: str) -> str:
    """The id a heading is linked by from the contents: its words joined by hyphens."""
    return "-".join(str(text).split()) or "section"


def heading(level: int, title: str):
    """A heading (h1 the report's title, h2 sections, h3 finding areas: the contents)."""
    return snippet("parts/heading.html.j2", level=int(level), title=title,
                   ident=heading_id(title))


def paragraphs(*texts: str):
    """Sentences built from input (names, areas, wording …) as paragraphs of text."""
    return snippet("parts/paragraphs.html.j2", paragraphs=[t for t in texts if t])


def cell_text(value: object) -> str:
    """A table cell as text: blank for missing, dates as "31 March 2023", 0.5 not 0.500000."""
    if value is None:
        return ""
    try:
        import pandas as pd

        if not isinstance(value, (list, tuple, dict)) and pd.isna(value):
            return ""
        if isinstance(value, pd.Timestamp):
            return long_date(value)
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def html_table(frame, caption: str, numeric: Sequence[str] = ()):
    """An accessible HTML table (caption, header row) of a small report table.

    Raises ``ValueError`` if the table has a ``case_id`` column: case ids never reach
    a report.
    """
    if "case_id" in frame.columns:
        raise ValueError("a report table may not show case ids")
    columns = [{"name": str(c), "numeric": c in numeric} for c in frame.columns]
    rows = [[{"text": cell_text(v), "numeric": c in numeric}
             for c, v in zip(frame.columns, row, strict=True)]
            for row in frame.itertuples(index=False)]
    return snippet("parts/table.html.j2", caption=caption, columns=columns, rows=rows)
