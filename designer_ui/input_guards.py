"""Guards on everything a request carries, applied to the whole application at once: JSON bodies
(depth, text), integers in URLs (range), and the few Python errors that only malformed input
causes, answered as 400s in the API's error shape instead of 500s.

Each endpoint still validates its own fields; this module makes sure no endpoint, old or new,
can be pushed into a crash by the shape of a value rather than its meaning.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Flask, Request, Response, current_app, request
from sqlalchemy.exc import DataError
from werkzeug.routing import IntegerConverter, Map

from designer_ui.errors import ApiError, error_response
from designer_ui.untrusted_json import DEFAULT_MAX_DEPTH, BoundedJSONProvider, UntrustedJsonError

MAX_URL_INTEGER = 2**31 - 1
"""The largest id or version number a URL may name: PostgreSQL's `integer` (SQLite's is wider)."""


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` that matches only 0..2^31-1, so a 30-digit version is a 404, not a crash in
    the database driver."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = None,
                 max: int | None = MAX_URL_INTEGER, signed: bool = False) -> None:
        super().__init__(map, fixed_digits, min, max, signed)


class GuardedRequest(Request):
    """A request whose JSON failures are API errors with a precise code."""

    def on_json_loading_failed(self, e: ValueError | None) -> Any:
        if e is None:
            return super().on_json_loading_failed(e)
        if isinstance(e, UntrustedJsonError):
            raise ApiError(400, str(e), code=e.code)
        raise ApiError(400, "The request body is not valid JSON.", code="invalid_json")


def _refused(status: int, message: str, code: str, exc: Exception) -> Response:
    current_app.logger.warning("refused %s %s: %s: %s", request.method, request.path,
                               type(exc).__name__, exc)
    return error_response(status, message, code)


def _too_deep(exc: RecursionError) -> Response:
    return _refused(400, "The request is nested too deeply to process.", "too_deep", exc)


def _not_unicode(exc: UnicodeError) -> Response:
    return _refused(400, "The request contains text that is not valid Unicode.",
                    "invalid_text", exc)


def _out_of_range(exc: OverflowError) -> Response:
    return _refused(400, "A number in the request is out of range.", "out_of_range", exc)


def _unstorable(exc: DataError) -> Response:
    from designer_ui.extensions import db

    db.session.rollback()
    return _refused(400, "A value in the request cannot be stored (out of range or not valid "
                    "text).", "invalid_value", exc)


def refuse_untrusted(exc: UntrustedJsonError) -> NoReturn:
    """For code that parses JSON itself (uploads, archives): the same 400 as a request body."""
    raise ApiError(400, str(exc), code=exc.code) from None


def init_app(app: Flask) -> None:
    """Call before any blueprint is registered: URL rules pick their converters when added."""
    app.config.setdefault("JSON_MAX_DEPTH", DEFAULT_MAX_DEPTH)
    app.request_class = GuardedRequest
    app.json = BoundedJSONProvider(app)
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.register_error_handler(RecursionError, _too_deep)
    app.register_error_handler(UnicodeError, _not_unicode)
    app.register_error_handler(OverflowError, _out_of_range)
    app.register_error_handler(DataError, _unstorable)
