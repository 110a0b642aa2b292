"""Kernel side: turns analysis results into report sections and HTML (formats, never computes)."""
