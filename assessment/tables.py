"""Every table of the schema: importing this module registers each model module on `Base.metadata`.

Whatever needs the whole schema (Alembic's autogenerate and migration checks, the tests that
empty or create tables) takes `metadata` from here, so a new model module is listed once.
"""

from __future__ import annotations

from assessment import (  # noqa: F401  (importing them registers their tables)
    models,
    models_aggregates,
    models_benchmarks,
    models_branding,
    models_campaigns,
    models_imports,
)
from assessment.db import Base

metadata = Base.metadata
