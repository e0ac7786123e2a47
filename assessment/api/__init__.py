"""The read-only JSON API for BI tools, with per-consultant revocable tokens."""
