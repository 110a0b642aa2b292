"""Every number a report shows, computed from tidy tables."""
