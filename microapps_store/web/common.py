"""What the store's and the installed-MicroApps blueprints share: MicroApp errors as API
errors (with nothing left half-written), committing with a clear conflict, and zip bodies."""

from __future__ import annotations

from flask import Blueprint, Response, request
from sqlalchemy.exc import IntegrityError

from designer_ui.errors import ApiError, error_response
from designer_ui.extensions import db
from microapps_store.errors import MicroAppError

ZIP_TYPES = ("application/zip", "application/x-zip-compressed", "application/octet-stream",
             "application/vnd.designer.microapp")


def _refusal(exc: MicroAppError) -> Response:
    db.session.rollback()
    return error_response(exc.status, exc.message, exc.code, exc.to_details())


def handle_microapp_errors(blueprint: Blueprint) -> None:
    blueprint.register_error_handler(MicroAppError, _refusal)


def commit(conflict: str) -> None:
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ApiError(409, conflict) from None


def zip_body() -> bytes:
    if request.mimetype not in ZIP_TYPES:
        raise ApiError(415, "Send the .mapp file with 'Content-Type: application/zip'.")
    return request.get_data()


def microapp_name(publisher: str, name: str) -> str:
    return f"{publisher}/{name}"


def attachment(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
