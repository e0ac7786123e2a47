"""Workshops: consultants' organisations and dashboards, and participants joining with a code."""

from assessment.workshops import imports  # noqa: F401  (adds the CSV import routes to the workshops blueprint)
