"""What the store's and the installed-MicroApps blueprints share: MicroApp errors as JSON
errors (with nothing left half-written), committing with a clear conflict, and zip bodies."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request
from sqlalchemy.exc import IntegrityError

from microapps_store.errors import MicroAppError, StoreError
from microapps_store.host import session

ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream",
             "application/vnd.designer.microapp")


def error_body(status: int, code: str, message: str, details: dict[str, object]) -> Response:
    """`{"error": {"code", "message", "details"}}`, the shape every API error of a Designer has."""
    response = jsonify({"error": {"code": code, "message": message, "details": details}})
    response.status_code = status
    return response


def _refusal(exc: MicroAppError) -> Response:
    session().rollback()
    return error_body(exc.status, exc.code, exc.message, exc.to_details())


def handle_microapp_errors(blueprint: Blueprint) -> None:
    blueprint.register_error_handler(MicroAppError, _refusal)


def commit(conflict: str) -> None:
    try:
        session().commit()
    except IntegrityError:
        session().rollback()
        raise StoreError(409, "conflict", conflict) from None


def zip_body() -> bytes:
    if request.mimetype not in ZIP_TYPES:
        raise StoreError(415, "unsupported_media_type",
                         "Send the .mapp file with 'Content-Type: application/zip'.")
    return request.get_data()


def microapp_name(publisher: str, name: str) -> str:
    return f"{publisher}/{name}"


def attachment(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
