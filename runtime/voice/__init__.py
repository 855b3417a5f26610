"""The voice channel: SIP calls answered by media workers (pjsua2) running flows.

- `VoiceSettings`: one configuration for the supervisor and its workers;
- `Supervisor` / `run_voice`: the worker pool behind Kamailio (`designer voice`);
- `FlowSource` (and `FileFlowSource`): which flow serves a number, where queues are;
- `CallSession`: one call's dialogue, driven through a `CallPort`;
- call detail records (`runtime.voice.cdr`) and analytics sinks (`runtime.voice.analytics`).

pjsua2 is imported only by the worker modules, so the rest loads without it.
"""

from runtime.voice.flows import CallFlow, FlowSource, RouteTarget, open_flow_source
from runtime.voice.settings import VoiceSettings
from runtime.voice.supervisor import Supervisor, VoiceStartError, run_voice

__all__ = [
    "CallFlow", "FlowSource", "RouteTarget", "Supervisor", "VoiceSettings", "VoiceStartError",
    "open_flow_source", "run_voice",
]
