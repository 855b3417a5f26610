"""SRGS grammars per name and language: uploaded as text, checked, read by flows by name.

A grammar that does not parse is refused with 400 and the line of the problem in `details`, so
a flow can only ever name grammars that compile. The text is at most
`interpreter.grammars.srgs.limits.MAX_SOURCE_CHARS` characters (413 beyond).
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, jsonify, request
from marshmallow import Schema, fields

from designer_ui.api.docs import documented
from designer_ui.api.http import no_content
from designer_ui.api.prompts import _language
from designer_ui.api.schemas.common import NAME_PATTERN
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models.base import utcnow
from designer_ui.models.grammars import SrgsGrammarRecord
from designer_ui.security import current_user, requires
from designer_ui.services import audit
from interpreter.grammars.srgs import SrgsError, parse_srgs
from interpreter.grammars.srgs.limits import MAX_SOURCE_CHARS

blueprint = Blueprint("grammars", __name__)
GRAMMAR_TYPES = ("text/plain", "application/srgs", "application/srgs+xml", "application/xml",
                 "text/xml")


class GrammarOut(Schema):
    name = fields.String()
    language = fields.String()
    mode = fields.String()
    size = fields.Integer()
    updated_at = fields.String()
    updated_by = fields.String(allow_none=True)
    source = fields.String()


def _record(name: str, language: str) -> SrgsGrammarRecord:
    record = db.session.execute(db.select(SrgsGrammarRecord).where(
        SrgsGrammarRecord.name == name, SrgsGrammarRecord.language == language)).scalar()
    if record is None:
        raise ApiError(404, f"There is no grammar '{name}' in {language}.")
    return record


def _uploaded_text() -> str:
    upload = request.files.get("file")
    data = upload.read(4 * MAX_SOURCE_CHARS + 1) if upload is not None else request.get_data()
    if upload is None and request.mimetype not in GRAMMAR_TYPES:
        raise ApiError(415, "Send the grammar as text/plain, application/srgs (ABNF) or "
                            "application/srgs+xml (GRXML).")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "The grammar is not UTF-8 text.") from None
    if len(text) > MAX_SOURCE_CHARS:
        raise ApiError(413, f"A grammar is at most {MAX_SOURCE_CHARS:,} characters.")
    return text


@blueprint.get("/grammars")
@requires()
@documented("List SRGS grammars (every name and language)", response=GrammarOut, many=True)
def list_grammars() -> Any:
    records = db.session.execute(db.select(SrgsGrammarRecord).order_by(
        SrgsGrammarRecord.name, SrgsGrammarRecord.language)).scalars()
    return jsonify([record.to_dict() for record in records])


@blueprint.get("/grammars/<name>/<language>")
@requires()
@documented("Read an SRGS grammar with its text", response=GrammarOut, errors=(404,))
def read_grammar(name: str, language: str) -> Any:
    return jsonify(_record(name, language).to_dict(with_source=True))


@blueprint.put("/grammars/<name>/<language>")
@requires("business")
@documented("Upload an SRGS grammar (GRXML or ABNF text; 400 with the line when it does not "
            "compile)", content_type="text/plain", response=GrammarOut,
            errors=(400, 413, 415))
def upload_grammar(name: str, language: str) -> Any:
    if not re.match(NAME_PATTERN, name):
        raise ApiError(400, "Grammar names are 1-64 letters, digits, spaces and _ . -.")
    _language(language)
    source = _uploaded_text()
    try:
        grammar = parse_srgs(source)
    except SrgsError as exc:
        raise ApiError(400, f"The grammar does not compile: {exc}", code="invalid_grammar",
                       details={"line": exc.line, "column": exc.column,
                                "problem": exc.message}) from None
    record = db.session.execute(db.select(SrgsGrammarRecord).where(
        SrgsGrammarRecord.name == name, SrgsGrammarRecord.language == language)).scalar()
    if record is None:
        record = SrgsGrammarRecord(name=name, language=language)
        db.session.add(record)
    record.source, record.mode = source, grammar.mode
    record.updated_at, record.updated_by = utcnow(), current_user().username
    audit.record("grammar.upload", f"grammar:{name}", language=language, size=len(source))
    db.session.commit()
    return jsonify(record.to_dict(with_source=True))


@blueprint.delete("/grammars/<name>/<language>")
@requires("business")
@documented("Delete an SRGS grammar in one language", status=204, errors=(404,))
def delete_grammar(name: str, language: str) -> Response:
    db.session.delete(_record(name, language))
    audit.record("grammar.delete", f"grammar:{name}", language=language)
    db.session.commit()
    return no_content()
