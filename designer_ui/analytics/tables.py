"""The analytics tables on the Designer's metadata, so migrations, tests and queries see them."""

from __future__ import annotations

from designer_ui.extensions import db
from runtime.analytics.schema import analytics_tables

TABLES = analytics_tables(db.metadata)
