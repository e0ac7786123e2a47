"""Background jobs as people see them: progress, results, and the failed jobs with retry."""
