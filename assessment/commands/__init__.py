"""The `readiness` commands, one module per area; `assessment.cli` loads each on demand."""
