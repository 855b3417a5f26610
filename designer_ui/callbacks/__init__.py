"""Callbacks that really call back (docs/callbacks.md): requests stored in the Designer database
with a life cycle, booked through one set of rules by the REST API, the `callback` block on chat
and voice and the simulator, and claimed atomically by a dialer.

- `booking.CallbackBooking`: availability, book, reschedule, cancel;
- `dialing.CallbackDialing`: claim due callbacks, record attempts, retry, connect, complete;
- `flow_requests.DesignerCallbackService`: the runtime's `CallbackService` over the database;
- `voice.designer_callback_service`: the factory voice workers name in their settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask

from designer_ui.callbacks.analytics_events import CallbackEvents
from designer_ui.callbacks.flow_requests import DesignerCallbackService, SessionScope
from designer_ui.callbacks.queue_rules import DbSession
from designer_ui.callbacks.settings import CallbackSettings
from designer_ui.extensions import db

EXTENSION = "designer_callbacks"


def settings_of(app: Flask) -> CallbackSettings:
    settings: CallbackSettings = app.extensions[EXTENSION]
    return settings


def app_sessions(app: Flask) -> SessionScope:
    """A session scope of its own (a fresh app context), apart from the request's session."""

    @contextmanager
    def scope() -> Iterator[DbSession]:
        with app.app_context():
            try:
                yield db.session
            finally:
                db.session.remove()

    return scope


def callback_events(app: Flask) -> CallbackEvents:
    """The callback life-cycle events of this application, written through its analytics sink."""
    from designer_ui.analytics.sink import analytics_sink

    return CallbackEvents(analytics_sink(app))


def callback_service(app: Flask, *, dry_run: bool = False) -> DesignerCallbackService:
    return DesignerCallbackService(app_sessions(app), settings_of(app), dry_run=dry_run,
                                   events=None if dry_run else callback_events(app))


def init_callbacks(app: Flask) -> None:
    from designer_ui.callbacks import api, report

    app.extensions[EXTENSION] = CallbackSettings.from_config(app.config)
    app.register_blueprint(api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(report.blueprint, url_prefix="/api/v1")
    _start_dialer_when_serving(app)


def _start_dialer_when_serving(app: Flask) -> None:
    """`CALLBACK_DIALER` (`on` unless testing): run the dialer loop in every serving process,
    from its first request; the dialer's lease lets one of them act."""
    import os
    import threading

    default = "off" if app.config.get("TESTING") else "on"
    mode = str(app.config.get("CALLBACK_DIALER") or os.environ.get("CALLBACK_DIALER")
               or default).lower()
    if mode not in ("on", "off"):
        raise ValueError("CALLBACK_DIALER is 'on' or 'off'")
    if mode == "off":
        return
    from designer_ui.callbacks.dialer_loop import start_dialer_thread

    started: dict[int, object] = {}
    lock = threading.Lock()

    def ensure_started() -> None:
        if os.getpid() in started:
            return
        with lock:
            if os.getpid() not in started:
                started[os.getpid()] = start_dialer_thread(app)

    app.before_request(ensure_started)
