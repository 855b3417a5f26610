"""The flow list's tools beyond open and save: copy a flow, start one from a template (an
example or an installed MicroApp), search inside flows, and find where a module, bot, data
table, announcement or Business Control is used."""

from __future__ import annotations

import copy
from typing import Any

from flask import Blueprint, current_app, jsonify

from designer_ui.api.docs import documented
from designer_ui.api.flows import detail, with_etag
from designer_ui.api.http import json_body, query_args
from designer_ui.api.schemas.flow_library import (
    CopyIn,
    FromTemplateIn,
    SearchOut,
    SearchQuery,
    TemplateOut,
    WhereUsedOut,
    WhereUsedQuery,
)
from designer_ui.api.schemas.flows import FlowDetail
from designer_ui.extensions import db
from designer_ui.security import current_user, requires
from designer_ui.services import audit
from designer_ui.services import flows as store
from designer_ui.services.flow_references import where_used
from designer_ui.services.flow_search import search_flows
from designer_ui.services.flow_size import check_flow_size
from designer_ui.services.flow_templates import list_templates, renamed, template_document

blueprint = Blueprint("flow_library", __name__)


def _create(document: dict[str, Any], **audited: Any) -> Any:
    document = store.check_document_shape(document)
    check_flow_size(document)
    flow = store.create_flow(document, current_user())
    audit.record("flow.copy", f"flow:{flow.id}", **audited)
    db.session.commit()
    response = with_etag(detail(flow), flow, 201)
    response.headers["Location"] = f"/api/v1/flows/{flow.id}"
    return response


@blueprint.post("/flows/<flow_id>/copy")
@requires("developer")
@documented("Copy a flow's draft under a new id (and name); its versions, environments and "
            "tests stay with the original", body=CopyIn, response=FlowDetail, status=201,
            errors=(404, 409))
def copy_flow(flow_id: str) -> Any:
    data = json_body(CopyIn())
    original = store.get_flow(flow_id)
    document = renamed(copy.deepcopy(original.document), data["new_id"],
                       data["name"] or f"{original.name} (copy)")
    return _create(document, source=f"flow:{flow_id}", revision=original.revision)


@blueprint.get("/templates")
@requires()
@documented("Starting points for a new flow: the examples and the installed MicroApps",
            response=TemplateOut, many=True)
def templates() -> Any:
    return jsonify(list_templates())


@blueprint.post("/flows/from-template")
@requires("developer")
@documented("Create a flow from a template (GET /templates) under a new id and name",
            body=FromTemplateIn, response=FlowDetail, status=201, errors=(404, 409))
def from_template() -> Any:
    data = json_body(FromTemplateIn())
    document = renamed(template_document(data["template"]), data["id"], data["name"])
    return _create(document, source=data["template"])


@blueprint.get("/flow-search")
@requires()
@documented("Search inside every flow's draft: labels, prompt texts, expressions, URLs "
            "(case-insensitive; at most FLOW_SEARCH_MAX_RESULTS hits)",
            query=SearchQuery, response=SearchOut)
def search() -> Any:
    query = query_args(SearchQuery())["q"]
    hits, truncated = search_flows(query, int(current_app.config["FLOW_SEARCH_MAX_RESULTS"]))
    return jsonify({"hits": hits, "truncated": truncated})


@blueprint.get("/where-used")
@requires()
@documented("Where a module, bot, data table, announcement, business hours, emergency flag or "
            "special days are used, in drafts and in the versions environments run",
            query=WhereUsedQuery, response=WhereUsedOut)
def where_used_view() -> Any:
    args = query_args(WhereUsedQuery())
    uses, truncated = where_used(args["kind"], args["name"],
                                 int(current_app.config["WHERE_USED_MAX_RESULTS"]))
    return jsonify({"kind": args["kind"], "name": args["name"], "uses": uses,
                    "truncated": truncated})
