"""Workshops: consultants' organisations and dashboards, and participants joining with a code."""
