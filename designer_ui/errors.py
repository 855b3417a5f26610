"""Errors as the API promises them: `{"error": {"code", "message", "details"}}` with a fitting
status, for every failure under /api — raised on purpose or not."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 412: "precondition_failed",
    413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_flow",
    423: "locked", 428: "precondition_required", 429: "too_many_requests",
    500: "internal_error",
}


class ApiError(Exception):
    """Raise anywhere in a request: becomes a JSON error response."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 details: dict[str, Any] | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or CODES.get(status, "error")
        self.details = details or {}
        self.headers = headers or {}


def error_response(status: int, message: str, code: str | None = None,
                   details: dict[str, Any] | None = None) -> Response:
    body: dict[str, Any] = {"code": code or CODES.get(status, "error"), "message": message}
    body["details"] = details or {}
    response = jsonify({"error": body})
    response.status_code = status
    return response


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _api_error(exc: ApiError) -> Response:
    response = error_response(exc.status, exc.message, exc.code, exc.details)
    response.headers.update(exc.headers)
    return response


def _http_error(exc: HTTPException) -> Response | HTTPException:
    if not _wants_json():
        return exc
    status = exc.code or 500
    message = exc.description or exc.name
    if status == 413:
        message = "The request body is larger than this endpoint accepts."
    response = error_response(status, message)
    allowed = getattr(exc, "valid_methods", None)
    if status == 405 and allowed:
        response.headers["Allow"] = ", ".join(allowed)
    return response


def _concurrent_change(exc: StaleDataError) -> Response:
    from designer_ui.extensions import db

    db.session.rollback()
    return error_response(409, "Someone else changed this at the same moment; reload and try "
                          "again.", "conflict")


def _unexpected(exc: Exception) -> Response | HTTPException:
    if isinstance(exc, HTTPException):
        return _http_error(exc)
    if not _wants_json():
        return InternalServerError()
    from flask import current_app

    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(500, "Something went wrong on the server; the error was logged.")


def init_app(app: Flask) -> None:
    app.register_error_handler(ApiError, _api_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(StaleDataError, _concurrent_change)
    app.register_error_handler(Exception, _unexpected)
