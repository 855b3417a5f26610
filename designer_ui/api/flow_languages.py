"""A flow's languages: which prompts lack a text or recording in each (the editor's panel)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from designer_ui.api.docs import documented
from designer_ui.api.schemas.languages import LanguagesOut
from designer_ui.security import requires
from designer_ui.services.flows import get_flow
from designer_ui.services.prompt_languages import LanguageReport

blueprint = Blueprint("flow_languages", __name__)


@blueprint.get("/flows/<flow_id>/languages")
@requires()
@documented("Per language of the draft: the prompts (flow prompts, shared prompt recordings, "
            "announcements) with no text or recording in it", response=LanguagesOut,
            errors=(404,))
def languages(flow_id: str) -> Any:
    flow = get_flow(flow_id)
    report = LanguageReport(flow.id, flow.document or {})
    return jsonify({"flow": flow.id, "languages": report.languages, "missing": report.gaps()})
