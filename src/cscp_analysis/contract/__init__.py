"""The data contract declared once: codes, tables, date formats, themes."""
