"""Signing in and out of consultant accounts (who is signed in, and what they may open: `assessment.access`)."""
