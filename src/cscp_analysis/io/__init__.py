"""Reading audits: files to validated, tidy tables (and the 903 import)."""
