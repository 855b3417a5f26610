"""The store's declarative base: the project's shared column types and constraint naming
(`runtime.sql_columns`), so the store's tables are the same whether a Designer's migrations or
the standalone store create them."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from runtime.sql_columns import NAMING_CONVENTION, JSONColumn, UTCDateTime, isoformat, utcnow

__all__ = ["NAMING_CONVENTION", "JSONColumn", "StoreBase", "UTCDateTime", "isoformat", "utcnow"]


class StoreBase(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)
