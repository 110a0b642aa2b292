"""cscp_analysis: reproducible analysis of a safeguarding partnership's multi-agency case audits.

For an analyst in JupyterLab::

    import cscp_analysis as cscp

    results = cscp.analyse("2016-06-mfh")      # a bundled sample, an audit folder or a workbook
    results.questions                          # each question: counts, rate, 95 % interval
    results.areas, results.agencies, results.cohort, results.voice
    results.episodes, results.stages, results.placed_in   # missing-from-home rules
    results.summary()                          # what ``cscp-analysis summary`` prints

``load_audit`` reads and validates an audit on its own; ``load_theme`` reads a theme.
Names (and ``__version__``) are found when first used, so the command line starts quickly.
"""

from importlib import import_module

#: The analyst's API: name -> the module that defines it (imported on first use).
_API = {
    "analyse": "cscp_analysis.analysis.results",
    "AuditResults": "cscp_analysis.analysis.results",
    "load_audit": "cscp_analysis.io.load",
    "Audit": "cscp_analysis.io.audit",
    "AuditValidationError": "cscp_analysis.contract.errors",
    "load_theme": "cscp_analysis.contract.themes",
    "Theme": "cscp_analysis.contract.themes",
}

__all__ = ["__version__", *_API]


def _version() -> str:
    """The installed package's version (read when first asked for: reading the installed
    metadata takes longer than a quick command should wait)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cscp-analysis")
    except PackageNotFoundError:  # running from a source tree without an install
        return "0.0.0+unknown"


def __getattr__(name: str):
    if name == "__version__":
        globals()[name] = _version()
        return globals()[name]
    if name in _API:
        value = getattr(import_module(_API[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cscp_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
