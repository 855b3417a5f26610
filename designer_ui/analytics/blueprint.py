"""The analytics area of the REST API (`/api/v1/analytics/…`): one blueprint, and the helpers
its views share (who may read, JSON or CSV, a database connection)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import Blueprint, Response, jsonify
from marshmallow import Schema

from designer_ui.analytics.csv_export import csv_response
from designer_ui.analytics.filters import Filters
from designer_ui.api.http import query_args
from designer_ui.extensions import db
from designer_ui.security import requires

View = TypeVar("View", bound=Callable[..., Any])
blueprint = Blueprint("analytics", __name__)
READERS = ("business", "developer")
"""Business users and up (developers, admins): reviewers and agents see no analytics."""


def readers(view: View) -> View:
    return requires(*READERS)(view)


def filters_from(schema: Schema, **overrides: Any) -> tuple[Filters, dict[str, Any]]:
    args = query_args(schema)
    return Filters.from_args(args, **overrides), args


@contextmanager
def connection() -> Iterator[sa.Connection]:
    with db.engine.connect() as conn:
        yield conn


def respond(args: dict[str, Any], body: dict[str, Any], columns: Sequence[str],
            rows: Callable[[dict[str, Any]], Iterable[dict[str, Any]]], filename: str) -> Response:
    """JSON by default; `?format=csv` gives the same figures as a table."""
    if args.get("format") == "csv":
        return csv_response(columns, list(rows(body)), filename)
    return jsonify(body)
