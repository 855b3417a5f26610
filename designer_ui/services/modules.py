"""Finds the flows a flow calls as modules, in the Designer's database.

`id@N` is published version N, `id@latest` the newest published version (or the draft while
none is published), `id@draft` the draft. Validation gets loaded flows; the engine gets them
compiled. Results are cached for the life of one resolver (one request).
"""

from __future__ import annotations

from typing import Any

from flask import current_app

from blocks import shared_registry
from designer_ui.extensions import db
from designer_ui.models import Flow as FlowRecord
from designer_ui.models import FlowVersion
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.flow_model import Flow
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError


def split_ref(ref: str) -> tuple[str, str]:
    flow_id, _, version = ref.rpartition("@")
    return (flow_id, version) if flow_id else (ref, "latest")


def stored_document(flow_id: str, version: str) -> tuple[dict[str, Any], str] | None:
    """(document, version label) for a reference's parts, or None when there is none.

    Namespaced ids (`publisher/name`) are installed MicroApps, found by the look-up the store
    registers in `app.extensions["installed_modules"]`."""
    if "/" in flow_id:
        installed = current_app.extensions.get("installed_modules")
        return installed(flow_id, version) if installed is not None else None
    if version == "draft":
        record = db.session.get(FlowRecord, flow_id)
        return (record.document, "draft") if record is not None else None
    query = db.select(FlowVersion).where(FlowVersion.flow_id == flow_id)
    if version == "latest":
        found = db.session.execute(query.order_by(FlowVersion.number.desc()).limit(1)).scalar()
        if found is None:
            return stored_document(flow_id, "draft")
    elif version.isdigit():
        found = db.session.execute(query.where(FlowVersion.number == int(version))).scalar()
    else:
        return None
    return (found.document, str(found.number)) if found is not None else None


class ModuleResolver:
    def __init__(self) -> None:
        self._flows: dict[str, Flow | None] = {}
        self._compiled: dict[str, CompiledFlow] = {}

    def flow(self, ref: str) -> Flow | None:
        if ref not in self._flows:
            flow_id, version = split_ref(ref)
            found = stored_document(flow_id, version)
            loaded: Flow | None = None
            if found is not None:
                try:
                    loaded = load_flow(found[0], version=found[1])
                except FlowFormatError:
                    loaded = None
            self._flows[ref] = loaded
        return self._flows[ref]

    def compiled(self, ref: str) -> CompiledFlow:
        """The engine's module resolver: raises LookupError when there is no such module."""
        if ref not in self._compiled:
            flow = self.flow(ref)
            if flow is None:
                raise LookupError(f"module '{ref}' cannot be found in this Designer")
            try:
                self._compiled[ref] = compile_flow(flow, shared_registry())
            except FlowFormatError as exc:
                raise LookupError(f"module '{ref}' has errors: {exc}") from None
        return self._compiled[ref]
