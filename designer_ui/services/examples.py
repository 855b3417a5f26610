"""`designer serve --examples`: the example flows, published and promoted, and a demo admin, so a
new user has something to open at once."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path
from typing import Any

from flask import Flask

from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import (
    ENVIRONMENTS,
    AnnouncementRecord,
    BusinessHoursRecord,
    DataTableRecord,
    EmergencyFlag,
    EntryPoint,
    EnvironmentBinding,
    Flow,
    FlowTestSuite,
    FlowVersion,
    SpecialDaysRecord,
    User,
)
from designer_ui.security.passwords import set_strong_password
from designer_ui.services import audit
from designer_ui.services.business import control
from designer_ui.services.flows import FLOW_ID, problems_of
from interpreter.flow_model import FORMAT_NAME
from runtime.flowtests.yaml_source import YamlSyntaxError, parse_yaml

SYSTEM_USER = "examples"
TEST_SUFFIX = ".flowtest.yaml"
ENTRY_POINTS_FILE = "entry-points.json"
BUSINESS_FILE = "business.json"


def find_example_flows(folder: Path) -> dict[str, tuple[Path, dict[str, Any]]]:
    found: dict[str, tuple[Path, dict[str, Any]]] = {}
    for path in sorted(folder.rglob("*.json")) if folder.is_dir() else []:
        if "node_modules" in path.parts or "microapps" in path.parts:
            continue
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if (isinstance(document, dict) and document.get("format") == FORMAT_NAME
                and isinstance(document.get("id"), str) and FLOW_ID.match(document["id"])):
            found.setdefault(document["id"], (path, document))
    return found


def _tests_for(folder: Path, flows: dict[str, tuple[Path, dict[str, Any]]]) -> dict[str, str]:
    paths = {path.resolve(): flow_id for flow_id, (path, _) in flows.items()}
    tests: dict[str, str] = {}
    for path in sorted(folder.rglob(f"*{TEST_SUFFIX}")) if folder.is_dir() else []:
        try:
            text = path.read_text(encoding="utf-8")
            target = (parse_yaml(text) or {}).get("flow")
        except (OSError, ValueError, YamlSyntaxError, AttributeError):
            continue
        if not isinstance(target, str):
            continue
        flow_id = paths.get((path.parent / target).resolve(), target if target in flows else None)
        if flow_id is not None and flow_id not in tests:
            tests[flow_id] = text
    return tests


def load_examples(app: Flask) -> None:
    folder = Path(app.config["EXAMPLES_DIR"])
    flows = find_example_flows(folder)
    new = [flow_id for flow_id in flows if db.session.get(Flow, flow_id) is None]
    for flow_id in new:
        record = Flow(id=flow_id, updated_by=SYSTEM_USER)
        record.set_document(flows[flow_id][1])
        db.session.add(record)
        audit.record("flow.create", f"flow:{flow_id}", username=SYSTEM_USER, source="examples")
    db.session.flush()
    modules_first = sorted(new, key=lambda flow_id: flows[flow_id][1].get("kind") != "module")
    for flow_id in modules_first:
        document = flows[flow_id][1]
        if any(p["severity"] == "error" for p in problems_of(document)):
            app.logger.warning("example flow %s has errors; not published", flow_id)
            continue
        db.session.add(FlowVersion(flow_id=flow_id, number=1, comment="Example",
                                   document=document, created_by=SYSTEM_USER))
        for environment in ("dev", "test", "live"):
            db.session.add(EnvironmentBinding(environment=environment, flow_id=flow_id,
                                              version=1, updated_by=SYSTEM_USER))
        db.session.flush()
    for flow_id, text in _tests_for(folder, flows).items():
        if flow_id in new:
            db.session.add(FlowTestSuite(flow_id=flow_id, yaml=text, updated_by=SYSTEM_USER))
    _load_entry_points(folder / ENTRY_POINTS_FILE, flows)
    _load_business_controls(folder / BUSINESS_FILE)
    ensure_demo_admin(app)
    db.session.commit()


def _load_business_controls(path: Path) -> None:
    """The hours, special days, flags and tables the examples read; existing ones are kept."""
    try:
        declared = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(declared, dict):
        return
    makers = {
        "hours": lambda env, name, value: BusinessHoursRecord(
            environment=env, name=name, schedule=value, updated_by=SYSTEM_USER),
        "special_days": lambda env, name, value: SpecialDaysRecord(
            environment=env, name=name, days=value, updated_by=SYSTEM_USER),
        "emergency": lambda env, name, value: EmergencyFlag(
            environment=env, name=name, on=bool(value), updated_by=SYSTEM_USER),
        "tables": lambda env, name, value: DataTableRecord(
            environment=env, name=name, key_column=value["key"], rows=value["rows"],
            columns=list(dict.fromkeys(k for row in value["rows"] for k in row)),
            updated_by=SYSTEM_USER),
        "announcements": lambda env, name, value: AnnouncementRecord(
            environment=env, name=name, texts=dict(value.get("texts") or {}),
            recordings=dict(value.get("recordings") or {}), version=1, updated_by=SYSTEM_USER),
    }
    models = {"hours": BusinessHoursRecord, "special_days": SpecialDaysRecord,
              "emergency": EmergencyFlag, "tables": DataTableRecord,
              "announcements": AnnouncementRecord}
    for kind, resources in declared.items():
        if kind not in makers or not isinstance(resources, dict):
            continue
        for name, value in resources.items():
            for environment in ENVIRONMENTS:  # the examples start alike everywhere
                if control(models[kind], environment, name) is None:
                    db.session.add(makers[kind](environment, name, value))


def _load_entry_points(path: Path, flows: dict[str, tuple[Path, dict[str, Any]]]) -> None:
    """The examples' phone numbers and chat keys, so calls and chats reach them at once."""
    try:
        declared = json.loads(path.read_text(encoding="utf-8")).get("entry_points", [])
    except (OSError, ValueError, AttributeError):
        return
    for entry in declared:
        if not isinstance(entry, dict) or entry.get("flow_id") not in flows:
            continue
        exists = db.session.execute(db.select(EntryPoint.id).where(
            EntryPoint.kind == entry.get("kind"), EntryPoint.address == entry.get("address"))
        ).first()
        if exists is None:
            db.session.add(EntryPoint(kind=entry["kind"], address=entry["address"],
                                      flow_id=entry["flow_id"],
                                      environment=entry.get("environment", "live"),
                                      fields=entry.get("fields", {})))


def ensure_demo_admin(app: Flask) -> None:
    if db.session.execute(db.select(User.id).limit(1)).first() is not None:
        return
    password = app.config.get("DEMO_PASSWORD") or secrets.token_urlsafe(12)
    admin = User(username="admin", display_name="Demo admin", roles=["admin"],
                 can_promote_live=True, active=True)
    try:
        set_strong_password(admin, password)
    except ApiError as exc:
        raise RuntimeError(f"DESIGNER_DEMO_PASSWORD is not accepted. {exc.message}") from None
    db.session.add(admin)
    audit.record("user.create", "user:admin", username=SYSTEM_USER, roles=["admin"])
    if not os.environ.get("DESIGNER_DEMO_PASSWORD"):
        print(f"Demo admin created: username 'admin', password '{password}' "
              "(shown once; change it under Users).", file=sys.stdout, flush=True)
    else:
        print("Demo admin created: username 'admin', password from DESIGNER_DEMO_PASSWORD.",
              file=sys.stdout, flush=True)
