"""Helpers for the tests, in one place: conftest modules hold fixtures only.

paths (where things are), questionnaires (the shipped files and a small one), answers (answer
sets), client (a test client with CSRF, the CLI runner), accounts, survey and workshops (pages
driven as a person does), drafts (questionnaire texts for authoring), csv_files (files to import),
database (the test database), browser (Chromium and axe-core), profiles (Hypothesis).
"""
