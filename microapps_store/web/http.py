"""Request helpers of the store's blueprints: who is asking and may they, JSON and query
arguments checked against their schemas, per-endpoint body limits, OpenAPI descriptions and
small response builders.

They follow the conventions of whatever app mounts the store without importing it: a view
carries `access` (the roles it needs; an empty tuple: any logged-in user), `body_limit` (the
config key of its largest body) and `openapi` (its description) as attributes, which a
Designer's OpenAPI document and body-size guard read, and which the standalone store applies
itself.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Response, jsonify, request
from marshmallow import Schema, ValidationError

from microapps_store.errors import StoreError
from microapps_store.host import StoreUser, current_host

View = TypeVar("View", bound=Callable[..., Any])


def current_user() -> StoreUser:
    return current_host().current_user()


def requires(*roles: str) -> Callable[[View], View]:
    """Only logged-in users, and with `roles` only those holding one of them."""

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if roles and not user.has_role(*roles):
                raise StoreError(403, "forbidden", f"This needs the {' or '.join(roles)} role.",
                                 details={"required_roles": list(roles)})
            return view(*args, **kwargs)

        guarded.access = roles  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def body_limit(config_key: str) -> Callable[[View], View]:
    """Let this endpoint accept bodies up to the size in config[config_key]."""

    def decorate(view: View) -> View:
        view.body_limit = config_key  # type: ignore[attr-defined]
        return view

    return decorate


def documented(summary: str, *, body: type[Schema] | None = None,
               response: type[Schema] | None = None, status: int = 200, many: bool = False,
               query: type[Schema] | None = None, errors: tuple[int, ...] = (),
               content_type: str = "application/json",
               produces: str = "application/json", description: str = "") -> Callable[[View], View]:
    """Describe a view for the OpenAPI document (the schemas are the ones the view uses)."""

    def decorate(view: View) -> View:
        view.openapi = {  # type: ignore[attr-defined]
            "summary": summary, "body": body, "response": response, "status": status,
            "many": many, "query": query, "errors": errors, "content_type": content_type,
            "produces": produces, "description": description,
        }
        return view

    return decorate


def json_body(schema: Schema) -> dict[str, Any]:
    """The request's JSON, loaded with `schema`; 400 names every field that is wrong."""
    if not request.is_json:
        raise StoreError(415, "unsupported_media_type",
                         "Send JSON with 'Content-Type: application/json'.")
    data = request.get_json()
    if not isinstance(data, dict):
        raise StoreError(400, "invalid_body", "The request body must be a JSON object.")
    try:
        loaded: dict[str, Any] = schema.load(data)
    except ValidationError as exc:
        raise StoreError(400, "invalid_body", "Some fields of the request are wrong.",
                         details={"fields": exc.messages}) from None
    return loaded


def query_args(schema: Schema) -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = schema.load(request.args.to_dict())
    except ValidationError as exc:
        raise StoreError(400, "invalid_query", "Some query parameters are wrong.",
                         details={"fields": exc.messages}) from None
    return loaded


def created(body: Any) -> Response:
    response = jsonify(body)
    response.status_code = 201
    return response


def no_content() -> Response:
    return Response(status=204)
