"""A media worker: one pjsua2 endpoint, its own SIP and RTP ports, at most a few calls.

The PyPI pjsua2 build handles at most four calls per process, so voice scales by running many
workers behind Kamailio. Each worker is one thread: pjsua2 is created with `threadCnt=0` and
`mainThreadOnly`, the loop polls `libHandleEvents` and then runs due timers and finished
background jobs. It waits at most `poll_ms` while it has calls or jobs, `idle_poll_ms` while it
has none (an idle worker costs almost nothing), and never past its next timer
(`runtime.voice.loop_pacing`). A worker that is full answers 486 so
Kamailio tries the next one; an unknown number gets 404 unless a default flow is configured.

Run: `python -m runtime.voice.worker --settings FILE --index N`.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pjsua2 as pj

from interpreter.engine.limits import SessionLimits
from runtime.voice.analytics import open_analytics_sink
from runtime.voice.answer_guard import (
    TOO_LATE_STATUS,
    hang_up_unless_acknowledged,
    too_late_to_answer,
)
from runtime.voice.audio_files import ensure_beep
from runtime.voice.call_journal import CallJournal, JournalingAnalytics, journal_folder
from runtime.voice.call_session import CallServices, CallSession
from runtime.voice.call_speech import open_speech
from runtime.voice.callbacks import open_callback_service
from runtime.voice.cdr import CallDetailRecord, open_cdr_store
from runtime.voice.dialer import OutboundDialer, open_dial_desk
from runtime.voice.endpoint import event_poller, open_endpoint
from runtime.voice.file_players import FilePlayers
from runtime.voice.flows import CallFlow, close_source, open_flow_source, prepare_source
from runtime.voice.invite import InviteInfo, parse_invite
from runtime.voice.loop_pacing import LoopPacing
from runtime.voice.scheduler import Scheduler
from runtime.voice.settings import VoiceSettings
from runtime.voice.sip_call import PjCallPort, SipCall
from runtime.voice.tts import Synthesizer

log = logging.getLogger("runtime.voice.worker")
DRAIN_S = 3.0
RETRIED_ELSEWHERE = frozenset({486, 500, 503})
"""Statuses after which Kamailio offers the call to the next worker (its failure route): not
the call's end, so no record of a rejection."""


class IncomingAccount(pj.Account):
    def __init__(self, worker: MediaWorker):
        super().__init__()
        self.worker = worker

    def onIncomingCall(self, prm: Any) -> None:
        self.worker.incoming(self, prm.callId, str(prm.rdata.wholeMsg))


class MediaWorker:
    def __init__(self, settings: VoiceSettings, index: int):
        self.settings = settings
        self.index = index
        self.capacity = min(settings.calls_per_worker, 4)
        self.scheduler = Scheduler()
        self.players = FilePlayers(self.scheduler, settings.player_grace_ms / 1000)
        self.calls: dict[int, SipCall] = {}
        self.sessions: set[CallSession] = set()
        self.stopping = False
        source = open_flow_source(settings.flow_source)
        prepare_source(source)
        recognizer, asr = open_speech(settings, source)
        settings.instance.mkdir(parents=True, exist_ok=True)
        self.journal = CallJournal(journal_folder(settings.instance, index))
        self.services = CallServices(
            scheduler=self.scheduler,
            synthesizer=Synthesizer(settings.cache_dir, settings.tts_engine, settings.tts_rate),
            source=source,
            cdrs=open_cdr_store(settings.cdr_path),
            analytics=JournalingAnalytics(open_analytics_sink(settings.analytics_path),
                                          self.journal),
            recordings_dir=settings.recordings_dir, record_calls=settings.record_calls,
            beep=ensure_beep(settings.cache_dir),
            recognizer=recognizer, asr=asr, worker=index, bot_audio_rate=settings.bot_audio_rate,
            limits=SessionLimits(max_duration_s=settings.max_session_s,
                                 max_waits_per_block=settings.max_waits_per_block),
            callbacks=open_callback_service(settings.callback_service))
        self.endpoint, self.account = open_endpoint(
            settings, index, lambda: IncomingAccount(self), self.refused_by_pjsua)
        desk = open_dial_desk(settings.callback_dial_desk) if settings.callback_trunk else None
        self.dialer = OutboundDialer(self, desk, settings) if desk is not None else None

    # -- calls ---------------------------------------------------------------------------------

    def incoming(self, account: pj.Account, call_id: int, message: str) -> None:
        received_at = self.services.wall_clock()
        call = SipCall(account, call_id, self.forget)
        self.calls[id(call)] = call
        invite = parse_invite(message, received_at)
        if too_late_to_answer(invite.headers, received_at, self.settings.invite_timeout_ms):
            log.warning("voice: INVITE %s came after the front door gave up on it",
                        invite.call_id)
            call.end(TOO_LATE_STATUS)
            return
        if self.stopping or len(self.sessions) >= self.capacity or (
                self.dialer is not None and self.dialer.agents_short_of_slots()):
            call.end(486 if not self.stopping else 503)
            return
        try:
            flow = self.services.source.flow_for(invite.dnis)
        except Exception:
            log.exception("voice: looking up the flow for %s failed", invite.dnis)
            call.end(500)
            return
        if flow is None:
            self._record_rejection(invite, 404)
            call.end(404)
            return
        self._answer(call, invite, flow)

    def _answer(self, call: SipCall, invite: InviteInfo, flow: CallFlow) -> None:
        port = PjCallPort(call, self._new_leg, self.players)
        session = CallSession(port, flow, invite, self.services,
                              on_finished=self._session_over)
        call.session = session
        self.sessions.add(session)
        self.journal.answered(
            call_id=invite.call_id, ani=invite.ani, dnis=invite.dnis, worker=self.index,
            started_at=session.cdr.started_at, answered_at=self.services.wall_clock(),
            flow=flow.compiled.id, version=flow.compiled.version,
            environment=flow.environment, entry_point=flow.entry_point)
        param = pj.CallOpParam()
        param.statusCode = 200
        try:
            call.answer(param)
        except pj.Error as exc:
            log.warning("voice: answering failed: %s", exc.info())
            self._session_over(session)
            return
        hang_up_unless_acknowledged(self.scheduler, call, self.settings.unacknowledged_answer_s)

    def _session_over(self, session: CallSession) -> None:
        self.sessions.discard(session)
        self.journal.ended(session.invite.call_id)

    def _new_leg(self) -> SipCall:
        leg = SipCall(self.account, pj.PJSUA_INVALID_ID, self.forget)
        self.calls[id(leg)] = leg
        return leg

    def forget(self, call: SipCall) -> None:
        """Called inside DISCONNECTED: the only safe moment to drop the pjsua2 wrapper."""
        self.calls.pop(id(call), None)

    def refused_by_pjsua(self, message: str, status: int) -> None:
        """An INVITE pjsua answered itself (488 for an offer without a common codec): a
        rejected call, unless the front door tries another worker with it."""
        if status not in RETRIED_ELSEWHERE:
            self._record_rejection(parse_invite(message, self.services.wall_clock()), status)

    def _record_rejection(self, invite: InviteInfo, status: int) -> None:
        now = self.services.wall_clock()
        started = invite.received_at if invite.received_at is not None else now
        record = CallDetailRecord(id=f"rejected-{invite.call_id}", sip_call_id=invite.call_id,
                                  ani=invite.ani, dnis=invite.dnis, worker=self.index,
                                  started_at=started, ended_at=now, disposition="rejected",
                                  ended_by="worker", sip_status=status)
        self.scheduler.submit(lambda: self.services.cdrs.save(record), lambda _: None)

    # -- the loop ------------------------------------------------------------------------------

    def has_work(self) -> bool:
        """Whether anything may need the loop before a SIP packet or a timer wakes it: calls
        (pjsua2 queues their digits and media events for this thread), sessions, file players,
        background jobs whose results wait in the scheduler, or a shutdown to drain."""
        return bool(self.calls or self.sessions or self.stopping or self.players.live
                    or self.players.parked or self.scheduler.jobs_in_flight)

    def run(self) -> None:
        """The loop: wait for SIP events (as long as `pacing` allows), then the scheduler's
        turn, which also gives the time to the next timer."""
        pacing = LoopPacing.from_settings(self.settings)
        scheduler = self.scheduler
        handle_events = event_poller(self.endpoint)
        next_timer_s = scheduler.seconds_to_next()
        drain_until: float | None = None
        while True:
            timeout = pacing.timeout_ms(busy=self.has_work(), next_timer_s=next_timer_s)
            handle_events(timeout)
            next_timer_s = scheduler.turn()
            if self.stopping:
                if drain_until is None:
                    drain_until = time.monotonic() + DRAIN_S
                    self.endpoint.hangupAllCalls()
                if (not self.calls and not self.sessions) or time.monotonic() > drain_until:
                    break

    def close(self) -> None:
        self.players.close(self.endpoint.libHandleEvents)
        self.scheduler.shutdown()
        self.calls.clear()
        self.services.cdrs.close()
        self.services.analytics.close()
        self.journal.close()
        if self.services.asr is not None:
            self.services.asr.close()
        close_source(self.services.source)
        self.account.shutdown()
        self.endpoint.libDestroy()

    def stop(self, *_: Any) -> None:
        self.stopping = True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="A voice media worker.")
    parser.add_argument("--settings", required=True, type=Path)
    parser.add_argument("--index", type=int, default=0)
    args = parser.parse_args(argv)
    settings = VoiceSettings.load(args.settings)
    logging.basicConfig(level=os.environ.get("VOICE_LOG_LEVEL", "INFO"),
                        format=f"%(asctime)s worker-{args.index} %(levelname)s %(message)s")
    worker = MediaWorker(settings, args.index)
    signal.signal(signal.SIGTERM, worker.stop)
    signal.signal(signal.SIGINT, worker.stop)
    log.info("worker %d answering on %s:%d", args.index, settings.worker_host,
             settings.worker_sip_port(args.index))
    print(f"READY {args.index}", flush=True)
    try:
        worker.run()
    finally:
        worker.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
