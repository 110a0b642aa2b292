"""``python -m cscp_analysis``: the same command line as ``cscp-analysis``."""

from cscp_analysis.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
