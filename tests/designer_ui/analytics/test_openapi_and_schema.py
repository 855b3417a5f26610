"""The analytics endpoints in the OpenAPI document, and the migration that creates exactly the
tables the code writes."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from designer_ui.extensions import db
from runtime.analytics.schema import TABLE_NAMES


def test_documented_with_query_parameters_and_roles(app: Flask) -> None:
    spec = app.test_client().get("/api/v1/openapi.json").json
    analytics = {path: ops for path, ops in spec["paths"].items() if path.startswith("/analytics")}
    assert set(analytics) == {
        "/analytics/summary", "/analytics/series", "/analytics/facets", "/analytics/status",
        "/analytics/sessions", "/analytics/sessions/{session_id}",
        "/analytics/flows/{flow_id}/blocks", "/analytics/flows/{flow_id}/paths",
        "/analytics/flows/{flow_id}/funnel", "/analytics/flows/{flow_id}/milestones",
        "/analytics/surveys", "/analytics/callbacks"}
    summary = analytics["/analytics/summary"]["get"]
    assert summary["x-roles"] == ["business", "developer"]
    names = {parameter["name"] for parameter in summary["parameters"]}
    assert {"from", "to", "flow", "version", "channel", "environment", "entry_point", "origin",
            "format"} <= names
    assert summary["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/AnalyticsSummaryOut")
    assert "format=csv" in summary["description"]


def test_the_migration_matches_the_tables(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
    ours = [diff for diff in differences if any(name in repr(diff) for name in TABLE_NAMES)]
    assert ours == []
