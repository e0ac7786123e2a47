"""Workshops: consultants' organisations and dashboards, participants joining with a code, imported answers."""
