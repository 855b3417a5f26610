"""Request helpers every API blueprint uses: JSON bodies checked against their schemas, body
size limits per endpoint, and small response builders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, current_app, jsonify, request
from marshmallow import Schema, ValidationError

from designer_ui.errors import ApiError

View = TypeVar("View", bound=Callable[..., Any])


def body_limit(config_key: str) -> Callable[[View], View]:
    """Let this endpoint accept bodies up to the size in config[config_key] (default 1 MB)."""

    def decorate(view: View) -> View:
        view.body_limit = config_key  # type: ignore[attr-defined]
        return view

    return decorate


def apply_body_limit() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    key = getattr(view, "body_limit", "JSON_BODY_LIMIT")
    request.max_content_length = int(current_app.config[key])


def raw_json() -> Any:
    if not request.is_json:
        raise ApiError(415, "Send JSON with 'Content-Type: application/json'.")
    return request.get_json()  # failures: 400 from designer_ui.input_guards.GuardedRequest


def json_body(schema: Schema) -> dict[str, Any]:
    """The request's JSON, loaded with `schema`; 400 names every field that is wrong."""
    data = raw_json()
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.", code="invalid_body")
    try:
        loaded: dict[str, Any] = schema.load(data)
    except ValidationError as exc:
        raise ApiError(400, "Some fields of the request are wrong.", code="invalid_body",
                       details={"fields": exc.messages}) from None
    return loaded


def query_args(schema: Schema) -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = schema.load(request.args.to_dict())
    except ValidationError as exc:
        raise ApiError(400, "Some query parameters are wrong.", code="invalid_query",
                       details={"fields": exc.messages}) from None
    return loaded


def created(body: Any, location: str | None = None) -> Response:
    response = jsonify(body)
    response.status_code = 201
    if location:
        response.headers["Location"] = location
    return response


def no_content() -> Response:
    return Response(status=204)
