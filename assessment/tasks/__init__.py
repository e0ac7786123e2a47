"""Background job functions. Each runs in its own app context (see `assessment.jobqueue`),
takes plain values, commits its own work and returns plain values for the page that waits."""
