"""Errors as the API promises them: `{"error": {"code", "message", "details"}}` with a fitting
status, for every failure under /api — raised on purpose or not."""

from __future__ import annotations

import sqlite3
from typing import Any

from flask import Flask, Response, jsonify, request
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 412: "precondition_failed",
    413: "payload_too_large", 415: "unsupported_media_type", 422: "invalid_flow",
    423: "locked", 428: "precondition_required", 429: "too_many_requests",
    500: "internal_error", 503: "service_unavailable",
}
BUSY_RETRY_AFTER_SECONDS = 2


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


def _database_busy() -> Response:
    """503 with Retry-After: the request found no free pooled connection in time, or SQLite
    stayed locked by other writers past its busy timeout. Nothing was changed; try again."""
    from flask import current_app

    from designer_ui.extensions import db

    db.session.rollback()
    current_app.logger.warning("database busy on %s %s: answered 503", request.method,
                               request.path)
    retry = str(BUSY_RETRY_AFTER_SECONDS)
    if _wants_json():
        response = error_response(503, "The server is busy; try again in a moment.",
                                  details={"retry_after": BUSY_RETRY_AFTER_SECONDS})
    else:
        response = Response("The server is busy; try again in a moment.\n", 503,
                            mimetype="text/plain")
    response.headers["Retry-After"] = retry
    return response


def _pool_timeout(exc: PoolTimeoutError) -> Response:
    return _database_busy()


def _operational(exc: OperationalError) -> Response | HTTPException:
    if isinstance(exc.orig, sqlite3.OperationalError) and "is locked" in str(exc.orig):
        return _database_busy()
    return _unexpected(exc)


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
    app.register_error_handler(PoolTimeoutError, _pool_timeout)
    app.register_error_handler(OperationalError, _operational)
    app.register_error_handler(Exception, _unexpected)
