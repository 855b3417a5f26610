"""Flow drafts and versions: checking, saving, locking and publishing.

Drafts are saved even when they have problems (an unfinished flow must not be lost); only a
draft without errors can be published. Every change is audited in its own transaction.

Validating a large flow is the costliest part of a save, so each process remembers the problems
of the documents it validated last: publishing (or opening, or restoring) a draft right after
it was saved does not validate the same document again.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from datetime import timedelta
from typing import Any

from flask import current_app

from blocks import shared_registry
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import (
    EditLock,
    EntryPoint,
    EnvironmentBinding,
    Flow,
    FlowVersion,
    SimulatorSession,
    User,
)
from designer_ui.models.base import utcnow
from designer_ui.services import audit
from designer_ui.services.flow_references import where_used
from designer_ui.services.modules import ModuleResolver
from designer_ui.services.resources import StoredResources
from interpreter.flow_model import FORMAT_NAME
from interpreter.flow_model import Flow as LoadedFlow
from interpreter.validation import validate_document

FLOW_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def check_document_shape(document: Any, flow_id: str | None = None) -> dict[str, Any]:
    """The least a draft must be to be stored: a flow document object with a usable id."""
    if not isinstance(document, dict):
        raise ApiError(400, "'document' must be a JSON object.", code="invalid_document")
    if document.get("format") != FORMAT_NAME:
        raise ApiError(400, f"This is not a flow document ('format' must be '{FORMAT_NAME}').",
                       code="invalid_document")
    doc_id = document.get("id")
    if not isinstance(doc_id, str) or not FLOW_ID.match(doc_id):
        raise ApiError(400, "The flow's 'id' must be a slug: lower-case letters, digits and "
                       "dashes, at most 64.", code="invalid_document")
    if flow_id is not None and doc_id != flow_id:
        raise ApiError(400, f"The document's id '{doc_id}' is not this flow's id '{flow_id}'.",
                       code="invalid_document")
    return document


VALIDATED_MEMO_SIZE = 32
_validated: OrderedDict[bytes, tuple[dict[str, Any], ...]] = OrderedDict()
_validated_lock = threading.Lock()


def _content_key(document: Any) -> bytes | None:
    """A digest of the document exactly as given (key order included: it orders problems)."""
    try:
        text = json.dumps(document, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError):
        return None
    return hashlib.sha256(text.encode()).digest()


def forget_validations() -> None:
    """Empty this process's memo of validation results."""
    with _validated_lock:
        _validated.clear()


def problems_of(document: dict[str, Any], resolver: ModuleResolver | None = None) -> list[dict[str, Any]]:
    """The document's problems, as dicts.

    Without modules, bots, data tables or announcements, problems depend only on the document
    (the block registry is closed), so they are remembered by the document's digest. A flow
    that uses any of them is validated every time: its problems depend on what is stored now.
    """
    key = _content_key(document)
    if key is not None:
        with _validated_lock:
            known = _validated.get(key)
            if known is not None:
                _validated.move_to_end(key)
        if known is not None:
            return [dict(problem) for problem in known]
    resolver = resolver or ModuleResolver()
    consulted = False

    def modules(ref: str) -> LoadedFlow | None:
        nonlocal consulted
        consulted = True
        return resolver.flow(ref)

    resources = StoredResources(document.get("id"))
    _, problems = validate_document(document, shared_registry(), modules=modules,
                                    resources=resources)
    found = [problem.to_dict() for problem in problems]
    if key is not None and not consulted and not resources.consulted:
        with _validated_lock:
            _validated[key] = tuple(dict(problem) for problem in found)
            _validated.move_to_end(key)
            while len(_validated) > VALIDATED_MEMO_SIZE:
                _validated.popitem(last=False)
    return found


def get_flow(flow_id: str) -> Flow:
    flow = db.session.get(Flow, flow_id)
    if flow is None:
        raise ApiError(404, f"There is no flow '{flow_id}'.")
    return flow


def get_version(flow_id: str, number: int) -> FlowVersion:
    version = db.session.execute(db.select(FlowVersion).where(
        FlowVersion.flow_id == flow_id, FlowVersion.number == number)).scalar()
    if version is None:
        raise ApiError(404, f"Flow '{flow_id}' has no version {number}.")
    return version


def active_lock(flow_id: str) -> EditLock | None:
    lock = db.session.get(EditLock, flow_id)
    return lock if lock is not None and lock.active() else None


def ensure_not_locked_by_other(flow_id: str, user: User) -> None:
    lock = active_lock(flow_id)
    if lock is not None and lock.holder_id != user.id:
        raise ApiError(423, f"{lock.holder} is editing this flow; try again when they are done "
                       f"(the lock lapses at {lock.to_dict()['expires_at']}).",
                       details={"lock": lock.to_dict()})


def take_lock(flow_id: str, user: User) -> EditLock:
    """Take the lock, or renew it when the user holds it already."""
    ensure_not_locked_by_other(flow_id, user)
    lock = db.session.get(EditLock, flow_id)
    expires = utcnow() + timedelta(seconds=int(current_app.config["EDIT_LOCK_SECONDS"]))
    renewal = lock is not None and lock.active() and lock.holder_id == user.id
    if lock is None:
        lock = EditLock(flow_id=flow_id, holder_id=user.id, holder=user.username, expires_at=expires)
        db.session.add(lock)
    else:
        lock.holder_id, lock.holder, lock.expires_at = user.id, user.username, expires
    if not renewal:
        audit.record("flow.lock", f"flow:{flow_id}")
    return lock


def release_lock(flow_id: str, user: User) -> None:
    lock = db.session.get(EditLock, flow_id)
    if lock is None:
        return
    if lock.active() and lock.holder_id != user.id and not user.has_role("admin"):
        raise ApiError(423, f"{lock.holder} holds this lock; only they (or an admin) can "
                       "release it.", details={"lock": lock.to_dict()})
    db.session.delete(lock)
    audit.record("flow.unlock", f"flow:{flow_id}", holder=lock.holder)


def create_flow(document: dict[str, Any], user: User) -> Flow:
    flow_id = document["id"]
    if db.session.get(Flow, flow_id) is not None:
        raise ApiError(409, f"A flow with id '{flow_id}' already exists.", code="exists")
    flow = Flow(id=flow_id, updated_by=user.username)
    flow.set_document(document)
    db.session.add(flow)
    audit.record("flow.create", f"flow:{flow_id}", revision=1)
    return flow


def save_draft(flow: Flow, document: dict[str, Any], user: User, action: str = "flow.save",
               **details: Any) -> None:
    ensure_not_locked_by_other(flow.id, user)
    flow.set_document(document)
    flow.updated_at = utcnow()
    flow.updated_by = user.username
    if active_lock(flow.id) is not None:
        take_lock(flow.id, user)
    db.session.flush()
    audit.record(action, f"flow:{flow.id}", revision=flow.revision, **details)


def publish(flow: Flow, comment: str, user: User) -> FlowVersion:
    problems = problems_of(flow.document)
    errors = [p for p in problems if p["severity"] == "error"]
    if errors:
        raise ApiError(422, f"The flow has {len(errors)} error(s); fix them before publishing.",
                       details={"problems": problems})
    latest = db.session.execute(db.select(db.func.max(FlowVersion.number)).where(
        FlowVersion.flow_id == flow.id)).scalar()
    version = FlowVersion(flow_id=flow.id, number=(latest or 0) + 1, comment=comment,
                          document=flow.document, created_by=user.username)
    db.session.add(version)
    audit.record("flow.publish", f"flow:{flow.id}", version=version.number,
                 revision=flow.revision, comment=comment)
    return version


def usages(flow_id: str) -> dict[str, Any]:
    """What keeps a flow from being deleted: environments running it, entry points starting it,
    and other flows (drafts or versions environments run) calling it as a module."""
    environments = db.session.execute(db.select(EnvironmentBinding.environment).where(
        EnvironmentBinding.flow_id == flow_id)).scalars().all()
    entry_points = db.session.execute(db.select(EntryPoint.id).where(
        EntryPoint.flow_id == flow_id)).scalars().all()
    callers, _ = where_used("module", flow_id, limit=50)
    return {"environments": sorted(environments), "entry_points": sorted(entry_points),
            "called_by": [use for use in callers if use["flow_id"] != flow_id]}


def in_use_explanation(used: dict[str, Any]) -> str:
    """Why a flow cannot be deleted, in one sentence per reason."""
    reasons = []
    if used["environments"]:
        reasons.append(f"it runs in {', '.join(used['environments'])} (take it out there)")
    if used["entry_points"]:
        reasons.append(f"entry point(s) {', '.join(map(str, used['entry_points']))} start it "
                       "(point them at another flow)")
    callers = sorted({f"{use['flow_id']} ({use['source']}"
                      + (f" v{use['version']})" if use["version"] else ")")
                      for use in used["called_by"]})
    if callers:
        reasons.append(f"{', '.join(callers)} call it as a module (remove those blocks)")
    return "This flow is in use: " + "; ".join(reasons) + "."


def delete_flow(flow: Flow) -> None:
    used = usages(flow.id)
    if used["environments"] or used["entry_points"] or used["called_by"]:
        raise ApiError(409, in_use_explanation(used), code="in_use", details=used)
    db.session.execute(db.delete(SimulatorSession).where(SimulatorSession.flow_id == flow.id))
    db.session.delete(flow)
    audit.record("flow.delete", f"flow:{flow.id}", revision=flow.revision)
