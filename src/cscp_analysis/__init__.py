"""cscp_analysis: reproducible analysis of a safeguarding partnership's multi-agency case audits."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cscp-analysis")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
