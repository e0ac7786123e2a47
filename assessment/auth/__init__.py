"""Signing in and out; `login_required` and `current_user` for the consultant pages."""
