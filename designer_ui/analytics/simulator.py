"""Simulator sessions into analytics, marked `origin=simulator` so they never count in the
production figures (the dashboard shows them when its origin filter asks for them)."""

from __future__ import annotations

from flask import current_app

from designer_ui.analytics.sink import analytics_sink
from designer_ui.models import SimulatorSession
from interpreter.engine.engine import Step
from runtime.analytics.context import SIMULATOR, AnalyticsContext


def record_simulator_step(session: SimulatorSession, step: Step) -> None:
    if not step.events or not current_app.config.get("ANALYTICS_RECORD_SIMULATOR", True):
        return
    context = AnalyticsContext(session_id=session.id, flow_id=session.flow_id,
                               flow_version=str(session.version), channel=session.channel,
                               origin=SIMULATOR)
    analytics_sink(current_app).record(step.events, context)
