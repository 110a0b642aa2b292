"""The bundled synthetic sample audits: writing them, and the figures they should give.

Every row is invented. No real child, worker, date or place-level detail is described;
the samples only mimic the *shape* of the partnership's 2016 CSE and Missing from Home audits
and its 2022 neglect scrutiny, so that notebooks, ``make report`` and tests have something
realistic to run on. Each file written is marked synthetic (a leading comment and
``synthetic: true`` in ``audit.yaml``; a ``synthetic`` column valued ``SYNTHETIC`` in every CSV).

The rows are written by hand, not drawn at random, because tests hold the package's computed
numbers to :data:`INTENDED`, which was worked out by hand from the rows (the reasoning is in
the comments beside them). Each audit's rows and figures are a module of their own
(``cse_audit.py``, ``mfh_audit.py``, ``neglect_audit.py``; the recommendations log in
``recommendation_log.py``), in the contract's column order (``contract/tables.py``).
``docs/sample-data.md`` explains what each case illustrates.

``scripts/make_samples.py`` calls :func:`write_samples` to regenerate the package data; the
output is byte-for-byte the same on every run (no clock, no randomness).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cscp_analysis.contract.tables import AUDIT_TABLES, RECOMMENDATIONS, Table
from cscp_analysis.io.bundled import sample_audit_ids, sample_root  # noqa: F401  (re-exported)
from cscp_analysis.samples import cse_audit, mfh_audit, neglect_audit, recommendation_log
from cscp_analysis.samples.design import CW, WF, Row

SYNTHETIC = "SYNTHETIC"
MARK = (
    "SYNTHETIC SAMPLE DATA: invented for testing and demonstration; "
    "it describes no real child."
)
_AUDITS = (cse_audit, mfh_audit, neglect_audit)

#: The figures each audit's rows were designed to give, worked by hand, by audit id.
INTENDED: dict[str, dict] = {a.AUDIT["id"]: a.INTENDED for a in _AUDITS}
#: The recommendations figures at ``as_of`` 2023-03-31.
INTENDED_RECOMMENDATIONS: dict[str, object] = recommendation_log.INTENDED

_README = f"""# Bundled sample audits: SYNTHETIC

{MARK}

Every file in this folder was written by `scripts/make_samples.py`
(`cscp_analysis.samples.synth`). Do not edit by hand: change the rows in
`cscp_analysis.samples` (`*_audit.py`, `recommendation_log.py`) and regenerate.

- `2016-06-cse/`: five children at risk of child sexual exploitation.
- `2016-06-mfh/`: fourteen children who went missing from home or care, with their
  episodes and stage 1 / stage 2 meetings.
- `2022-09-neglect/`: twelve children, aged five months to eighteen years, experiencing neglect.
- `recommendations.csv`: the partnership's recommendations from these three audits.

Every CSV has a `synthetic` column whose value is `SYNTHETIC` on every row, and every
`audit.yaml` says `synthetic: true`. The design of each sample is described in
`docs/sample-data.md` of the project.
"""


def _csv_bytes(table: Table, rows: list[Row]) -> bytes:
    """A CSV file's bytes: the declared header, rows, and the ``synthetic`` marker column."""
    columns = list(table.names)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*columns, "synthetic"])
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"row {row!r} does not match columns {columns}")
        writer.writerow([*("" if v is None else v for v in row), SYNTHETIC])
    return buffer.getvalue().encode("utf-8")


def _audit_yaml(spec: dict) -> bytes:
    text = (
        f"# {MARK}\n"
        f"id: {spec['id']}\n"
        f"theme: {spec['theme']}\n"
        f"title: {spec['title']}\n"
        f"conducted: \"{spec['conducted']}\"\n"
        f"conducted_by: {spec['conducted_by']}\n"
        f"areas: [{CW}, {WF}]\n"
        "synthetic: true\n"
    )
    return text.encode("utf-8")


def sample_files() -> dict[str, bytes]:
    """Every bundled sample file, keyed by its path relative to the sample folder.

    Returns
    -------
    dict
        ``"2016-06-cse/cases.csv"`` -> file bytes, and so on, plus ``recommendations.csv``
        and ``README.md``. The same bytes on every call.
    """
    files: dict[str, bytes] = {"README.md": _README.encode("utf-8")}
    for audit in _AUDITS:
        audit_id = audit.AUDIT["id"]
        files[f"{audit_id}/audit.yaml"] = _audit_yaml(audit.AUDIT)
        for name, rows in audit.tables().items():
            files[f"{audit_id}/{name}.csv"] = _csv_bytes(AUDIT_TABLES[name], rows)
    files["recommendations.csv"] = _csv_bytes(RECOMMENDATIONS, recommendation_log.ROWS)
    return files


def write_samples(dest: Path | str) -> list[Path]:
    """Write the bundled synthetic sample audits into ``dest`` (created if needed).

    Parameters
    ----------
    dest
        The folder to write into, normally ``src/cscp_analysis/sample``. Existing files of
        the same names are overwritten; nothing else is touched.

    Returns
    -------
    list of Path
        The files written, in a fixed order.
    """
    root = Path(dest)
    written = []
    for relative, content in sample_files().items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written


