"""What every page of a cycle's reports says about itself, and the batch's own templates.

Each report page, printed page and the index name the cycle, the date the reports speak
for (``as_of``) and the audience marking: "For the Business Group — not for
publication" for the internal audiences, "Published version" for the public; the
wording is ``templates/batch/marking.txt.j2``'s. The batch's pages (the index, the
printed header and footer) are Jinja2 templates in ``templates/batch/``, rendered with
autoescape on, so every title is shown as text (``report.display.as_text``).
"""

from __future__ import annotations

import functools

from cscp_analysis.batch.cycle import Cycle
from cscp_analysis.batch.render import INDEX_LINK, templates_dir
from cscp_analysis.report.display import as_text


@functools.cache
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(str(templates_dir() / "batch")),
                       autoescape=True, finalize=as_text, undefined=StrictUndefined,
                       keep_trailing_newline=True)


def batch_template(name: str):
    """One of the batch's templates (``templates/batch/<name>``), autoescaping."""
    return _environment().get_template(name)


def audience_marking(audience: str) -> str:
    """The marking at the top of every page for ``audience`` (plain text)."""
    from markupsafe import Markup

    from cscp_analysis.analysis.disclosure import audience_label

    marking = batch_template("marking.txt.j2").render(
        audience=audience_label(audience), public=audience == "public")
    return Markup(marking).unescape().strip()  # text: each page escapes it as it shows it


def page_header(cycle: Cycle) -> dict[str, str]:
    """What a report's page header names: the cycle, its date, its audience and marking."""
    from cscp_analysis.analysis.disclosure import audience_label
    from cscp_analysis.analysis.narrative import long_date

    return {"cycle": cycle.title, "as_of": long_date(cycle.as_of),
            "audience": audience_label(cycle.audience),
            "marking": audience_marking(cycle.audience), "index": INDEX_LINK}
