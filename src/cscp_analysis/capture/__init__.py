"""Excel audit tools: the layout, making them, and ingest of returned tools."""
