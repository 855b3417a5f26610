"""Publishes a bench flow at a chat entry point in a fresh Designer database: the set-up the
chat throughput and stream benchmarks share."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def publish_at_chat_entry(instance: Path, document: dict[str, Any], entry: str) -> None:
    """Version 1 of `document`, live, reachable at the chat entry `entry`."""
    from designer_ui.app import create_app
    from designer_ui.extensions import db
    from designer_ui.models import EntryPoint, EnvironmentBinding, Flow, FlowVersion

    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "bench",
                      "BOT_CREDENTIALS_KEY_REQUIRED": False})
    with app.app_context():
        flow = Flow(id=document["id"])
        flow.set_document(document)
        db.session.add(flow)
        db.session.flush()
        db.session.add(FlowVersion(flow_id=flow.id, number=1, document=document))
        db.session.add(EnvironmentBinding(environment="live", flow_id=flow.id, version=1))
        db.session.add(EntryPoint(kind="chat", address=entry, flow_id=flow.id,
                                  environment="live", fields={}))
        db.session.commit()
        db.engine.dispose()
