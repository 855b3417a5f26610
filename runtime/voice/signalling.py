"""Transfers and routes: handing the caller to someone else on the SIP network.

A blind transfer sends a REFER and hangs up when the final NOTIFY says the new call was
answered; a bridged one places a second call and connects the two calls' audio. A `route`
block's queue (or agent) is looked up in the flow source's directory, which says its SIP
address and whether to refer or bridge; the interaction's attached data travels along as `X-`
headers. The outcome goes back to the flow as a `TransferResult` or `RouteResult`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from interpreter.engine.effects import Route, Transfer
from interpreter.engine.events import Event, RouteResult, TransferResult
from runtime.secure_output import recorded_target
from runtime.voice.flows import RouteTarget
from runtime.voice.invite import data_headers
from runtime.voice.scheduler import Timer

SECRET_MASK = "••••"
"""A route target or transfer destination computed from a secure value, in call records."""

if TYPE_CHECKING:
    from runtime.voice.call_session import CallSession

log = logging.getLogger(__name__)
TRANSFER_TIMEOUT_S = 30.0
SCHEMES = ("sip:", "sips:", "tel:")


class Signalling:
    def __init__(self, session: CallSession):
        self.session = session
        self.effect: Transfer | Route | None = None
        self.mode = ""
        self.uri = ""
        self.timer: Timer | None = None
        self.bridged = False

    @property
    def pending(self) -> bool:
        return self.effect is not None

    def start(self, effect: Transfer | Route) -> None:
        target = self._target(effect)
        if target is None:
            shown = recorded_target(effect, SECRET_MASK)
            what = f"{effect.target_type} '{shown}'" if isinstance(effect, Route) else f"'{shown}'"
            self._report(effect, "", "failed", f"no SIP address is configured for {what}")
            return
        self.effect = effect
        self.mode = target.mode
        self.uri = target.uri
        extra = ({"queue": effect.target, "skills": ",".join(effect.skills),
                  "priority": effect.priority} if isinstance(effect, Route) else {})
        headers = data_headers(effect.data, extra)
        timeout = (effect.timeout_ms / 1000 if isinstance(effect, Route) and effect.timeout_ms
                   else TRANSFER_TIMEOUT_S)
        self.timer = self.session.scheduler.call_later(timeout, self._timed_out)
        try:
            if target.mode == "bridge":
                self.session.port.bridge(target.uri, headers)
            else:
                self.session.port.refer(target.uri, headers)
        except Exception as exc:
            log.warning("voice: %s to %s failed: %s", target.mode, target.uri, exc)
            self._done("failed", str(exc))

    def _target(self, effect: Transfer | Route) -> RouteTarget | None:
        source = self.session.services.source
        if isinstance(effect, Route):
            return source.route_target(effect.target_type, effect.target,
                                       self.session.flow.environment)
        destination = effect.destination.strip()
        mode = "bridge" if effect.mode == "bridge" else "refer"
        if destination.startswith(SCHEMES):
            return RouteTarget(destination, mode)
        known = source.route_target("number", destination, self.session.flow.environment)
        return RouteTarget(known.uri, mode) if known is not None else None

    def on_transfer_status(self, code: int, final: bool) -> None:
        """REFER progress from NOTIFYs (or the REFER's own rejection)."""
        if self.effect is None or self.mode != "refer" or not final:
            return
        if 200 <= code < 300:
            self.session.cdr.ended_by = "transfer"
            self._done("success", str(code), code)
            self.session.hangup("transfer")
        else:
            self._done("busy" if code in (486, 600) else "failed", f"SIP {code}", code)

    def on_bridge_result(self, connected: bool, code: int) -> None:
        if self.effect is None or self.mode != "bridge":
            return
        if connected:
            self.bridged = True
            self._done("success", str(code), code)
        else:
            self._done("busy" if code in (486, 600) else "failed", f"SIP {code}", code)

    def _timed_out(self) -> None:
        self.timer = None
        self._done("timeout", "no answer in time")

    def _done(self, status: str, detail: str, code: int | None = None) -> None:
        effect = self.effect
        if effect is None:
            return
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        self.effect = None
        self._report(effect, self.uri, status, detail, code)

    def _report(self, effect: Transfer | Route, uri: str, status: str, detail: str,
                code: int | None = None) -> None:
        kind = "route" if isinstance(effect, Route) else "transfer"
        self.session.cdr.transfers.append({
            "block": effect.block, "kind": kind, "uri": uri, "mode": self.mode or "",
            "status": status, "sip_status": code,
            "target": recorded_target(effect, SECRET_MASK)})
        event: Event = (RouteResult(status=status, detail=detail) if isinstance(effect, Route)
                        else TransferResult(status=status, detail=detail))
        self.session.resume(event)

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.effect is not None and not self.bridged:
            effect, self.effect = self.effect, None
            kind = "route" if isinstance(effect, Route) else "transfer"
            self.session.cdr.transfers.append({"block": effect.block, "kind": kind,
                                               "uri": self.uri, "mode": self.mode,
                                               "status": "abandoned", "sip_status": None})
