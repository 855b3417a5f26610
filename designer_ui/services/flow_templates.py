"""Starting points for a new flow: the bundled examples and the installed MicroApps.

A template is a whole flow document; a new flow starts as a copy of it under a new id and name,
with no history. MicroApps are read from the store's table without importing the store (it is
mounted beside the Designer, not under it); before the store's table exists there are none.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import current_app

from designer_ui.errors import ApiError
from designer_ui.extensions import Base, db
from designer_ui.services.examples import find_example_flows

EXAMPLE_PREFIX = "example:"
MICROAPP_PREFIX = "microapp:"
INSTALLED_TABLE = "installed_microapps"


def _summary(template_id: str, source: str, document: dict[str, Any]) -> dict[str, Any]:
    return {"id": template_id, "source": source, "name": str(document.get("name", "")),
            "description": str(document.get("description", "")),
            "kind": document.get("kind", "application"),
            "channels": list(document.get("channels") or [])}


def _examples() -> dict[str, dict[str, Any]]:
    folder = Path(current_app.config["EXAMPLES_DIR"])
    return {f"{EXAMPLE_PREFIX}{flow_id}": document
            for flow_id, (_, document) in find_example_flows(folder).items()}


def _microapps() -> dict[str, dict[str, Any]]:
    """Each installed MicroApp's own flow (the one named like it), newest install per name."""
    table = Base.metadata.tables.get(INSTALLED_TABLE)
    if table is None:
        return {}
    newest: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, version, flows in db.session.execute(
            sa.select(table.c.name, table.c.version, table.c.flows).order_by(table.c.id)):
        document = flows.get(str(name).partition("/")[2]) if isinstance(flows, dict) else None
        if isinstance(document, dict):
            newest[name] = (version, document)
    return {f"{MICROAPP_PREFIX}{name}@{version}": document
            for name, (version, document) in sorted(newest.items())}


def list_templates() -> list[dict[str, Any]]:
    found = [_summary(template_id, "example", document)
             for template_id, document in sorted(_examples().items())]
    found += [_summary(template_id, "microapp", document)
              for template_id, document in _microapps().items()]
    return found


def template_document(template_id: str) -> dict[str, Any]:
    """A copy of a template's document, to be given a new id and name."""
    source = _examples() if template_id.startswith(EXAMPLE_PREFIX) else _microapps()
    document = source.get(template_id)
    if document is None:
        raise ApiError(404, f"There is no template '{template_id[:140]}'.")
    return copy.deepcopy(document)


def renamed(document: dict[str, Any], flow_id: str, name: str | None) -> dict[str, Any]:
    """The document under a new id (and name, when given)."""
    document["id"] = flow_id
    if name:
        document["name"] = name
    return document
