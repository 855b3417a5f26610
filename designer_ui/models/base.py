"""Column types and helpers every model shares (defined once in `runtime.sql_columns`, which
the MicroApps store's tables use too)."""

from __future__ import annotations

from runtime.sql_columns import JSONColumn, UTCDateTime, isoformat, utcnow

__all__ = ["JSONColumn", "UTCDateTime", "isoformat", "utcnow"]
