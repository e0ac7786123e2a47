"""The web application around `scoring`: persistence, use-cases, blueprints and commands."""
