"""The callback service a voice worker's `callback` blocks register with, named in the voice
settings as `module:function` (the Designer's lives in its database, so the runtime never
imports the Designer); none configured: every callback fails and says so."""

from __future__ import annotations

from runtime.effects.connectors import CallbackService, NoCallbackService
from runtime.voice.flows import load_factory


def open_callback_service(spec: str) -> CallbackService:
    if not spec:
        return NoCallbackService()
    service: CallbackService = load_factory(spec)()
    return service
