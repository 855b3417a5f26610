"""The voice workers' view of the Designer: published flows behind phone entry points.

A worker names this source in its settings (`designer_ui.voice_source:open_designer_source`),
so the runtime never imports the Designer. For a dialled number the source finds the phone
entry point with that address, the version its environment runs, and compiles that published
version once (versions are immutable). Business Controls (hours, flags, tables,
announcements) are read from the database at each look-up, in the environment the entry point
is bound to, so switching an emergency flag affects the next call's next block and a reworded
announcement is heard on the next call without publishing. Queues are configured in the
Designer as the Business Controls data table `voice-queues` of that environment (columns
`queue`, `sip_uri`, and optionally `mode`: `refer` or `bridge`), unless a Designer queue with the
voice channel has that name: then the worker keeps the call in that queue through
`queue_desk()` (`designer_ui.voice_queue_desk`) and dials the accepting agent at `agent_uri`
(default `sip:agent-{username}@127.0.0.1`); `audio` prompts and
announcement recordings come from the shared prompts' uploaded recordings. `bot` blocks are answered
through the Bot Registry (`designer_ui.bots.bot_connector`), with the native bot revisions the
running version was published with; registry edits count from the next turn.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from blocks import shared_registry
from designer_ui.extensions import db
from designer_ui.models import DataTableRecord, EntryPoint, EnvironmentBinding, FlowVersion, PromptAudio
from designer_ui.queue_entry import compiled_queue_entry
from designer_ui.queues.voice_desk import DEFAULT_AGENT_URI
from designer_ui.services.business import DEFAULT_ENVIRONMENT, ControlsHost, control
from designer_ui.services.modules import ModuleResolver
from designer_ui.voice_queue_desk import DesignerQueueDesk
from interpreter.compiler import CompiledFlow, compile_flow
from interpreter.loader import load_flow
from interpreter.problems import FlowFormatError
from runtime.effects.addresses import AddressPolicy
from runtime.effects.connectors import BotConnector
from runtime.effects.http import HttpExecutor
from runtime.voice.flows import CallFlow, RouteTarget, same_number, sip_target

QUEUE_TABLE = "voice-queues"
MODULE_CACHE_S = 30.0


class DesignerFlowSource:
    def __init__(self, app: Any, audio_cache: Path, agent_uri: str = DEFAULT_AGENT_URI):
        self.app = app
        self.agent_uri = agent_uri
        self.context = app.app_context()
        self.context.push()
        self.audio_cache = audio_cache
        self.http = HttpExecutor(AddressPolicy.from_setting(os.environ.get("HTTP_ALLOWLIST")))
        self._compiled: dict[tuple[str, int], CompiledFlow] = {}
        self._bots: dict[tuple[str, int], BotConnector] = {}
        self._modules = ModuleResolver()
        self._modules_at = time.monotonic()

    def _fresh(self) -> None:
        """End the last read transaction so each call sees the database as it is now."""
        db.session.rollback()
        if time.monotonic() - self._modules_at > MODULE_CACHE_S:
            self._modules = ModuleResolver()
            self._modules_at = time.monotonic()

    def flow_for(self, dnis: str) -> CallFlow | None:
        self._fresh()
        entries = db.session.execute(db.select(EntryPoint).where(EntryPoint.kind == "phone")
                                     ).scalars().all()
        entry = next((e for e in entries if same_number(e.address, dnis)), None)
        if entry is None:
            return None
        if entry.queue is not None:  # straight into the queue
            return CallFlow(compiled_queue_entry(entry.queue.name), self._modules.compiled,
                            ControlsHost(environment=entry.environment), self.http.execute,
                            environment=entry.environment, entry_point=entry.address)
        binding = db.session.get(EnvironmentBinding, (entry.environment, entry.flow_id))
        if binding is None or entry.flow_id is None:
            return None
        compiled = self._compile(entry.flow_id, binding.version)
        if compiled is None or "voice" not in compiled.flow.channels:
            return None
        return CallFlow(compiled, self._modules.compiled,
                        ControlsHost(environment=entry.environment), self.http.execute,
                        environment=entry.environment, entry_point=entry.address,
                        bots=self._bots_for(entry.flow_id, binding.version))

    def queue_desk(self) -> DesignerQueueDesk:
        """The Designer's queues for the worker's `route` blocks (used from its job pool)."""
        return DesignerQueueDesk(self.app, self.agent_uri, self._in_queue_flow)

    def _in_queue_flow(self, flow_id: str, version: int, environment: str) -> CallFlow | None:
        compiled = self._compile(flow_id, version)
        if compiled is None or compiled.flow.kind != "in_queue" \
                or "voice" not in compiled.flow.channels:
            return None
        return CallFlow(compiled, self._modules.compiled, ControlsHost(environment=environment),
                        self.http.execute, environment=environment, entry_point=flow_id,
                        bots=self._bots_for(flow_id, version))

    def outbound_flow(self, flow_id: str, environment: str) -> CallFlow | None:
        """A callback's outbound flow as published in `environment` (kind `outbound`)."""
        self._fresh()
        binding = db.session.get(EnvironmentBinding, (environment, flow_id))
        if binding is None:
            return None
        compiled = self._compile(flow_id, binding.version)
        if compiled is None or compiled.flow.kind != "outbound" \
                or "voice" not in compiled.flow.channels:
            return None
        return CallFlow(compiled, self._modules.compiled, ControlsHost(environment=environment),
                        self.http.execute, environment=environment, entry_point=flow_id,
                        bots=self._bots_for(flow_id, binding.version))

    def _bots_for(self, flow_id: str, version: int) -> BotConnector:
        """The registry connector of a published version (its pinned native bot revisions)."""
        key = (flow_id, version)
        if key not in self._bots:
            from designer_ui.bots import bot_connector

            self._bots[key] = bot_connector(self.app, flow_id=flow_id, version=version)
        return self._bots[key]

    def speech_definitions(self) -> Any:
        """The Bot Registry entries cloud speech recognition reads (`runtime.voice.call_speech`)."""
        from designer_ui.bots.source import DatabaseDefinitions

        return DatabaseDefinitions(self.app)

    def close(self) -> None:
        """Close the provider connectors the registry connectors share (gRPC channels)."""
        from designer_ui.bots.source import shared_dispatcher

        shared_dispatcher(self.app).close()

    def _compile(self, flow_id: str, version: int) -> CompiledFlow | None:
        key = (flow_id, version)
        if key not in self._compiled:
            record = db.session.execute(db.select(FlowVersion).where(
                FlowVersion.flow_id == flow_id, FlowVersion.number == version)).scalar()
            if record is None:
                return None
            try:
                flow = load_flow(record.document, version=str(version))
                self._compiled[key] = compile_flow(flow, shared_registry())
            except FlowFormatError:
                return None
        return self._compiled[key]

    def route_target(self, kind: str, value: str, environment: str = "") -> RouteTarget | None:
        table = control(DataTableRecord, environment or DEFAULT_ENVIRONMENT, QUEUE_TABLE)
        row = None
        if table is not None:
            row = table.row(value) or table.row(f"{kind}:{value}")
        if row and row.get("sip_uri"):
            return RouteTarget(str(row["sip_uri"]), str(row.get("mode") or "refer"))
        return sip_target(kind, value)

    def audio_file(self, ref: str, language: str) -> Path | None:
        record = db.session.execute(db.select(PromptAudio).where(
            PromptAudio.prompt_name == ref, PromptAudio.language == language)).scalar()
        if record is None:
            return None
        stamp = int(record.uploaded_at.timestamp()) if record.uploaded_at else 0
        path = self.audio_cache / f"{record.id}-{stamp}.wav"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.part")
            temporary.write_bytes(record.data)
            os.replace(temporary, path)
        return path


def open_designer_source(database_url: str | None = None, instance_path: str | None = None,
                         audio_cache: str = "instance/voice/prompt-audio",
                         agent_uri: str = DEFAULT_AGENT_URI) -> DesignerFlowSource:
    """The factory the voice settings name; builds the Designer app for its database only."""
    from designer_ui.app import create_app

    config: dict[str, Any] = {"AUTO_MIGRATE": False, "LOAD_EXAMPLES": False}
    if database_url:
        config["SQLALCHEMY_DATABASE_URI"] = database_url
    if instance_path:
        config["INSTANCE_PATH"] = instance_path
    return DesignerFlowSource(create_app(config), Path(audio_cache), agent_uri)
