"""Administration: teams, accounts, the audit log, the retention of raw answers, configuration warnings."""
