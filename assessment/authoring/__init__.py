"""Questionnaire authoring in the browser: drafts, validation at the line, preview, publish."""
