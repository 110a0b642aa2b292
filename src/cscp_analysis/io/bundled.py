"""The bundled synthetic samples: where they are, and the one word that names them.

``"sample"`` (:data:`SAMPLE`) in a cycle file's or a notebook's ``recommendations``
means the bundled synthetic log; a bare sample id (``"2016-06-mfh"``) names a bundled
audit. Blank means none. Real cycles never get sample data silently.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The word that names the bundled synthetic recommendations log.
SAMPLE = "sample"


def sample_root() -> Path:
    """The folder of bundled synthetic sample audits inside the installed package."""
    return Path(str(resources.files("cscp_analysis") / "samples" / "data"))


def sample_audit_ids() -> list[str]:
    """Ids of the bundled sample audits (the sample folders holding an ``audit.yaml``)."""
    return sorted(p.name for p in sample_root().iterdir() if (p / "audit.yaml").is_file())


def bundled_recommendations() -> Path:
    """The sample recommendations log shipped with the package."""
    return sample_root() / "recommendations.csv"


def recommendations_path(value: str | Path | None) -> Path | None:
    """The log a ``recommendations`` setting names: ``"sample"`` = the bundled log, blank = none."""
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    return bundled_recommendations() if text == SAMPLE else Path(text)
