"""What the editor needs to draw and check flows: the block palette, the flow JSON Schema, and
the expression checker it calls as the user types."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import Blueprint, jsonify

from designer_ui.api.docs import documented
from designer_ui.api.http import json_body
from designer_ui.api.schemas.catalog import BlockTypeOut, ExpressionCheckIn, ExpressionCheckOut
from designer_ui.security import requires

blueprint = Blueprint("catalog", __name__)


@cache
def palette() -> list[dict[str, Any]]:
    from blocks import shared_registry

    return [{**block_type.describe(), "flow_kinds": flow_kinds(block_type)}
            for block_type in shared_registry()]


def flow_kinds(block_type: Any) -> list[str]:
    """The kinds of flow a block may be used in, as validation decides (`module_only`
    blocks in modules; no `route`/`transfer` in in-queue flows; no `callback` in outbound
    ones), so the editor's palette offers only those."""
    from interpreter.flow_model import FLOW_KINDS
    from interpreter.validation.graph import NOT_IN_QUEUE, NOT_OUTBOUND

    if block_type.module_only:
        return ["module"]
    excluded = {"in_queue": NOT_IN_QUEUE, "outbound": NOT_OUTBOUND}
    return [kind for kind in FLOW_KINDS if block_type.name not in excluded.get(kind, ())]


@cache
def flow_schema() -> dict[str, Any]:
    from designer_ui.cli.schema import full_document_schema

    return full_document_schema()


@blueprint.get("/blocks")
@requires()
@documented("The block palette: every block type the server knows", response=BlockTypeOut, many=True)
def blocks() -> Any:
    return jsonify(palette())


@blueprint.get("/schema")
@requires()
@documented("The flow document JSON Schema")
def schema() -> Any:
    return jsonify(flow_schema())


@blueprint.post("/expressions/check")
@requires()
@documented("Check an expression or a {{ }} template as the server parses it",
            body=ExpressionCheckIn, response=ExpressionCheckOut)
def check_expression() -> Any:
    from interpreter.expressions import ExpressionSyntaxError, compile_expression, compile_template
    from interpreter.expressions.errors import parse_error_dict

    data = json_body(ExpressionCheckIn())
    try:
        if "expression" in data:
            compiled: Any = compile_expression(data["expression"])
        else:
            compiled = compile_template(data["template"])
    except ExpressionSyntaxError as exc:
        return jsonify({"ok": False, "error": parse_error_dict(exc)})
    return jsonify({"ok": True, "names": sorted(compiled.names)})
