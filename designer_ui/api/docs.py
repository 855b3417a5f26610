"""The OpenAPI 3 document, generated with apispec from the schemas and access rules each view
declares, and a plain server-rendered page to browse it (no CDN, no script)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Blueprint, Flask, current_app, jsonify, render_template
from marshmallow import Schema

from designer_ui.api.schemas.common import ErrorResponse
from designer_ui.security import public

View = TypeVar("View", bound=Callable[..., Any])
API_PREFIX = "/api/v1"
blueprint = Blueprint("docs", __name__)


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


def _access_text(access: Any) -> str:
    if access is None:
        return "No log-in needed."
    if not access:
        return "Any logged-in user."
    return "Roles: " + ", ".join(access) + " (admins may do everything)."


def _operation(view: Callable[..., Any], rule_args: list[tuple[str, str]], tag: str) -> dict[str, Any]:
    meta: dict[str, Any] = getattr(view, "openapi", None) or {"summary": view.__name__}
    access = getattr(view, "access", None)
    operation: dict[str, Any] = {
        "summary": meta["summary"], "tags": [tag], "operationId": f"{tag}.{view.__name__}",
        "description": " ".join(filter(None, [meta.get("description", ""), _access_text(access)])),
        "x-roles": None if access is None else list(access),
        "parameters": [{"in": "path", "name": name, "required": True,
                        "schema": {"type": kind}} for name, kind in rule_args],
    }
    if access is not None:
        operation["security"] = [{"sessionCookie": [], "csrfToken": []}, {"bearerToken": []}]
    else:
        operation["security"] = []
    if meta.get("query"):
        operation["parameters"].append({"in": "query", "schema": meta["query"]})
    if meta.get("body"):
        operation["requestBody"] = {"required": True, "content": {
            meta["content_type"]: {"schema": meta["body"]}}}
    elif meta.get("content_type") != "application/json":
        operation["requestBody"] = {"required": True, "content": {
            meta["content_type"]: {"schema": {"type": "string", "format": "binary"}}}}
    success: dict[str, Any] = {"description": "Success"}
    if meta.get("response"):
        schema: Any = meta["response"]
        if meta.get("many"):
            schema = {"type": "array", "items": schema}
        success["content"] = {meta["produces"]: {"schema": schema}}
    elif meta.get("produces") != "application/json":
        success["content"] = {meta["produces"]: {"schema": {"type": "string", "format": "binary"}}}
    responses: dict[str, Any] = {str(meta.get("status", 200)): success}
    codes = set(meta.get("errors", ()))
    codes |= {400} if meta.get("body") else set()
    codes |= set() if access is None else {401, 403} if access else {401}
    for code in sorted(codes):
        responses[str(code)] = {"description": "Error",
                                "content": {"application/json": {"schema": ErrorResponse}}}
    operation["responses"] = responses
    return operation


def build_spec(app: Flask) -> dict[str, Any]:
    spec = APISpec(title="Designer REST API", version="1.0.0", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "The REST API the Designer's editor and automation use. "
                                        "See docs/api-v1.md."},
                   servers=[{"url": API_PREFIX}])
    spec.components.security_scheme("sessionCookie", {
        "type": "apiKey", "in": "cookie", "name": app.config["SESSION_COOKIE_NAME"]})
    spec.components.security_scheme("csrfToken", {
        "type": "apiKey", "in": "header", "name": "X-CSRF-Token"})
    spec.components.security_scheme("bearerToken", {"type": "http", "scheme": "bearer"})
    paths: dict[str, dict[str, Any]] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(API_PREFIX + "/"):
            continue
        view = app.view_functions[rule.endpoint]
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule[len(API_PREFIX):])
        kinds = {name: "integer" if converter == "int" else "string"
                 for converter, name in re.findall(r"<([a-z]+):([a-z_]+)>", rule.rule)}
        rule_args = [(name, kinds.get(name, "string")) for name in
                     re.findall(r"<(?:[a-z]+:)?([a-z_]+)>", rule.rule)]
        tag = rule.endpoint.split(".")[0]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(view, rule_args, tag)
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


@blueprint.get("/api/v1/openapi.json")
@public
@documented("This OpenAPI document")
def openapi_document() -> Any:
    spec = current_app.extensions.get("designer_openapi")
    if spec is None:
        spec = current_app.extensions["designer_openapi"] = build_spec(current_app)
    return jsonify(spec)


@blueprint.get("/api/docs")
@public
def docs_page() -> Any:
    spec = current_app.extensions.get("designer_openapi") or build_spec(current_app)
    return render_template("api_docs.html", spec=spec)
