"""The questionnaire file format: safe YAML reading, schema, checks and loading."""
