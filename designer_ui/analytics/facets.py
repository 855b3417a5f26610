"""The values the dashboard's filters can take: the flows, versions, environments, channels
and entry points analytics have seen."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from designer_ui.analytics.tables import TABLES


def _version_order(version: str) -> tuple[int, int | str]:
    return (0, int(version)) if version.isdigit() else (1, version)


def facets(conn: sa.Connection, origin: str) -> dict[str, Any]:
    dims = TABLES.dimensions
    query = sa.select(dims.c.flow_id, dims.c.flow_version, dims.c.environment, dims.c.channel,
                      dims.c.entry_point).distinct()
    if origin != "all":
        query = query.where(dims.c.origin == origin)
    versions: dict[str, set[str]] = defaultdict(set)
    environments, channels, entry_points = set(), set(), set()
    for row in conn.execute(query):
        versions[row.flow_id].add(row.flow_version)
        environments.add(row.environment)
        channels.add(row.channel)
        entry_points.add(row.entry_point)
    return {
        "flows": [{"flow_id": flow, "versions": sorted(found, key=_version_order)}
                  for flow, found in sorted(versions.items())],
        "environments": sorted(environments),
        "channels": sorted(channels),
        "entry_points": sorted(entry_points),
    }
