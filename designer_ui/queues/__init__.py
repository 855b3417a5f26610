"""Queues and agents for assisted service, one model for chat and voice (docs/queues.md,
docs/agents.md): the tables (`designer_ui.models.queues`), the REST API, the agents' actions
and the distributor that offers waiting interactions to ready agents.

The Python API other parts build on is small:

- a channel runtime exposes its queued sessions as a `ChannelBridge`
  (`designer_ui.queues.bridge`); the distributor picks them up every round, so there is no
  separate enqueue call to lose;
- `designer_ui.queues.agents`: `profile_of`, `set_state`, `offers_for`, `accept_offer`,
  `decline_offer`;
- `designer_ui.queues.distributor.Distributor(holder, bridges).round(session)`;
- `designer_ui.queues.matching.match(waiting, agents)`, the pure rules;
- `designer_ui.queues.figures`: `realtime`, `intervals`.
"""

from __future__ import annotations

import os
import threading

from flask import Flask

from designer_ui.chat.service import chat_service
from designer_ui.extensions import db
from designer_ui.queues import api, softphone
from designer_ui.queues.bridge import ChannelBridge
from designer_ui.queues.chat_bridge import ChatBridge
from designer_ui.queues.distributor import (
    Distributor,
    DistributorSettings,
    DistributorThread,
    RoundReport,
    default_holder,
)
from designer_ui.queues.voice_bridge import VoiceBridge
from designer_ui.queues.wake import EXTENSION

MODES = ("on", "off")


def chat_bridge(app: Flask) -> ChatBridge:
    return ChatBridge(lambda: chat_service(app))


def distributor_for(app: Flask, holder: str | None = None,
                    bridges: list[ChannelBridge] | None = None) -> Distributor:
    settings = DistributorSettings.from_config(app.config)
    return Distributor(holder or default_holder(),
                       bridges or [chat_bridge(app), VoiceBridge(lambda: db.session)],
                       lease_s=settings.lease_s)


def run_round(app: Flask, distributor: Distributor) -> RoundReport:
    with app.app_context():
        try:
            return distributor.round(db.session)
        finally:
            db.session.remove()


class _ProcessDistributor:
    """This process's distributor thread, started with the first request the process serves
    (and again after a fork), so CLI commands and apps that never serve run none."""

    def __init__(self, app: Flask, settings: DistributorSettings):
        self.app = app
        self.settings = settings
        self.thread: DistributorThread | None = None
        self.pid = 0
        self.lock = threading.Lock()

    def ensure_started(self) -> None:
        if self.thread is not None and self.pid == os.getpid():
            return
        with self.lock:
            if self.thread is not None and self.pid == os.getpid():
                return
            distributor = distributor_for(self.app)
            self.thread = DistributorThread(lambda: run_round(self.app, distributor),
                                            self.settings.tick_s)
            self.pid = os.getpid()
            self.thread.start()

    def wake(self) -> None:
        """Run a round now (an agent became ready), if this process runs the distributor."""
        if self.thread is not None and self.pid == os.getpid():
            self.thread.wake()


def init_queues(app: Flask) -> None:
    """Mount the API; run a distributor in every serving process (`QUEUE_DISTRIBUTOR`, `on`
    unless testing); the lease lets only one of them act."""
    app.register_blueprint(api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(softphone.blueprint, url_prefix="/api/v1")
    default = "off" if app.config.get("TESTING") else "on"
    mode = str(app.config.get("QUEUE_DISTRIBUTOR") or os.environ.get("QUEUE_DISTRIBUTOR")
               or default).lower()
    if mode not in MODES:
        raise ValueError("QUEUE_DISTRIBUTOR is 'on' or 'off'")
    settings = DistributorSettings.from_config(app.config)
    if mode == "on":
        process = _ProcessDistributor(app, settings)
        app.extensions[EXTENSION] = process
        app.before_request(process.ensure_started)
