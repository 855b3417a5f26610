"""The Bot Registry as hosts see it: definitions read from the database, credentials decrypted
only for the turn, native bots at the revision the running flow version was published with.

`bot_connector(app)` is what the chat runtime, the simulator and the "Test connection" button
share: one `RegistryBotConnector` per pinning, all using the app's one set of provider
connectors (their clients and channels are costly to build), and all vetting a bot's endpoint
against the outbound address policy before every turn.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace

from flask import Flask, current_app, has_app_context

from designer_ui.bots.crypto import CredentialsUnreadable, cipher_for
from designer_ui.bots.models import BotRecord, FlowVersionBot, NativeBotRevision
from designer_ui.extensions import db
from designer_ui.models import FlowVersion
from designer_ui.outbound import outbound_policy
from runtime.bots.connector import BotDispatcher
from runtime.bots.definition import BotDefinition, load_definition
from runtime.bots.registry import RegistryBotConnector, RegistryEntryError

DISPATCHER = "designer_bot_dispatcher"


@contextmanager
def _app_context(app: Flask) -> Iterator[None]:
    """Use the caller's app context when it is this app's (a request), else a fresh one."""
    if has_app_context() and current_app._get_current_object() is app:  # type: ignore[attr-defined]
        yield
        return
    with app.app_context():
        yield


def definition_of(record: BotRecord, native_revision: int | None = None) -> BotDefinition:
    """The runtime definition of a stored bot, credentials decrypted."""
    try:
        credentials = cipher_for(current_app).decrypt(record.credentials)
    except CredentialsUnreadable as exc:
        raise RegistryEntryError(f"bot '{record.name}': {exc}") from None
    definition = load_definition({"name": record.name, "provider": record.provider,
                                  **(record.settings or {}), "credentials": credentials,
                                  "native": record.native})
    if native_revision is not None and native_revision != record.native_revision:
        pinned = db.session.execute(db.select(NativeBotRevision).where(
            NativeBotRevision.bot_name == record.name,
            NativeBotRevision.revision == native_revision)).scalar()
        if pinned is None:
            raise RegistryEntryError(f"native bot '{record.name}' has no revision "
                                     f"{native_revision} any more")
        definition = replace(definition, native=dict(pinned.definition))
    return definition


class DatabaseDefinitions:
    """A `DefinitionSource` over the Designer's database; `pins` maps native bots to the
    revision to use (a published flow version's), others get the current definition."""

    def __init__(self, app: Flask, pins: Mapping[str, int] | None = None):
        self.app = app
        self.pins = dict(pins or {})

    def definition(self, name: str) -> BotDefinition | None:
        with _app_context(self.app):
            record = db.session.get(BotRecord, name)
            return None if record is None else definition_of(record, self.pins.get(name))


def pins_for(flow_id: str, version: int) -> dict[str, int]:
    """The native bot revisions published version `version` of `flow_id` was published with."""
    rows = db.session.execute(
        db.select(FlowVersionBot.bot_name, FlowVersionBot.native_revision)
        .join(FlowVersion, FlowVersion.id == FlowVersionBot.flow_version_id)
        .where(FlowVersion.flow_id == flow_id, FlowVersion.number == version))
    return {name: revision for name, revision in rows}


def shared_dispatcher(app: Flask) -> BotDispatcher:
    dispatcher = app.extensions.get(DISPATCHER)
    if dispatcher is None:
        dispatcher = app.extensions[DISPATCHER] = BotDispatcher({})
    return dispatcher


def bot_connector(app: Flask, *, flow_id: str | None = None,
                  version: int | None = None) -> RegistryBotConnector:
    """The registry connector for a host; with a published flow version, its pinned bots."""
    pins: dict[str, int] = {}
    if flow_id is not None and version is not None:
        with _app_context(app):
            pins = pins_for(flow_id, version)
    return RegistryBotConnector(DatabaseDefinitions(app, pins), dispatcher=shared_dispatcher(app),
                                endpoint_policy=outbound_policy(app))
