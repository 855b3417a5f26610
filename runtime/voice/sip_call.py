"""The pjsua2 side of a call: SIP callbacks in, media operations out.

`SipCall` receives pjsua2's callbacks (state, media, DTMF, transfer progress) on the worker's
loop thread and passes them to the call's session; `PjCallPort` is the `CallPort` the session
drives: file players and recorders on the conference bridge, REFER, a second call for bridged
transfers. The worker keeps a reference to every pjsua2 call and drops it inside the
DISCONNECTED callback: dropping it later would let the wrapper's destructor hang up whichever
new call has reused the slot by then (pjsua2's `~Call` clears the slot's user data and hangs up
the slot's call), or, after `libDestroy`, abort the process. So nothing else may keep a call
alive: the port refers to its call weakly (the session, its timers and its background jobs
outlive the call), and peers drop each other on disconnect.
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

if TYPE_CHECKING:
    from runtime.voice.call_session import CallSession
    from runtime.voice.file_players import FilePlayers

log = logging.getLogger(__name__)


def audio_media(call: pj.Call) -> pj.AudioMedia | None:
    info = call.getInfo()
    for index, media in enumerate(info.media):
        if media.type == pj.PJMEDIA_TYPE_AUDIO and media.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
            return call.getAudioMedia(index)
    return None


def tx_option(headers: Mapping[str, str]) -> pj.CallOpParam:
    param = pj.CallOpParam(True)
    for name, value in headers.items():
        header = pj.SipHeader()
        header.hName = name
        header.hValue = value
        param.txOption.headers.append(header)
    return param


class SipCall(pj.Call):
    """An incoming call (or a bridged transfer's outgoing leg)."""

    def __init__(self, account: pj.Account, call_id: int, forget: Callable[[SipCall], None]):
        super().__init__(account, call_id)
        self.account = account
        self.forget = forget
        self.session: CallSession | None = None
        self.port: PjCallPort | None = None
        self.media: pj.AudioMedia | None = None
        self.peer: SipCall | None = None
        self.on_leg_result: Callable[[bool, int], None] | None = None
        self.on_leg_end: Callable[[], None] | None = None
        """A queue agent's leg: when it ends first the caller stays (see `bridge_agent`)."""
        self.on_leg_hold: Callable[[bool], None] | None = None
        """A queue agent's leg: the agent put the call on hold (True) or resumed it (False)."""
        self.held = False
        self.confirmed = False
        self.started = False
        self.gone = False

    def onCallState(self, prm: Any) -> None:
        info = self.getInfo()
        if info.state == pj.PJSIP_INV_STATE_CONFIRMED:
            self.confirmed = True
            self._connect_peer()
        elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.gone = True
            code = int(info.lastStatusCode)
            if self.port is not None:
                self.port.release()
            self.media = None
            self.forget(self)
            peer, self.peer = self.peer, None
            if peer is not None:
                peer.peer = None
            if self.on_leg_result is not None and not self.started:
                callback, self.on_leg_result = self.on_leg_result, None
                callback(False, code)
            elif peer is not None and self.on_leg_end is not None:
                agent_left, self.on_leg_end = self.on_leg_end, None
                agent_left()
            elif peer is not None:
                peer.end()
            if self.session is not None:
                self.session.on_disconnected()

    def onCallMediaState(self, prm: Any) -> None:
        self.media = audio_media(self)
        self._note_hold()
        if self.media is None:
            return
        if self.session is not None and not self.started:
            self.started = True
            self.session.start()
        self._connect_peer()

    def _note_hold(self) -> None:
        """Tell a queue agent's leg's owner when the agent holds or resumes the call."""
        if self.on_leg_hold is None or not self.started:
            return
        info = self.getInfo()  # kept: its media list lives only as long as it does
        held = any(media.type == pj.PJMEDIA_TYPE_AUDIO
                   and media.status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
                   for media in info.media)
        if held != self.held:
            self.held = held
            self.on_leg_hold(held)

    def _connect_peer(self) -> None:
        """A bridged leg: once it is answered and has audio, cross-connect the two calls."""
        peer = self.peer
        if not self.confirmed or self.media is None or peer is None or peer.media is None:
            return
        if self.on_leg_result is None:
            if self.started and self.on_leg_end is not None:
                # a queue agent's media is back after hold (a re-INVITE may give the call a
                # new conference slot): connect the two again
                self.media.startTransmit(peer.media)
                peer.media.startTransmit(self.media)
            return
        if peer.port is not None:
            peer.port.stop_playing()
            peer.port.stop_recording()
        self.media.startTransmit(peer.media)
        peer.media.startTransmit(self.media)
        self.started = True
        callback, self.on_leg_result = self.on_leg_result, None
        callback(True, 200)

    def onDtmfEvent(self, prm: Any) -> None:
        """Each key comes as several events (its RFC 4733 packets) before `onDtmfDigit`; the
        binding's default would call back into its empty C++ method, checking its arguments,
        for each of them. Nothing to do here."""

    def onDtmfDigit(self, prm: Any) -> None:
        if self.session is not None and self.peer is None:
            self.session.on_dtmf(str(prm.digit))
        elif self.session is None and self.peer is not None and self.on_leg_end is not None:
            self.peer.send_key(str(prm.digit))  # a queue agent's key: on to the caller

    def send_key(self, digit: str) -> None:
        """One key to the other side: RFC 4733 when the call has telephone-event, else SIP
        INFO (the conference bridge carries no keys between calls)."""
        if self.gone or digit not in "0123456789*#ABCDabcd" or len(digit) != 1:
            return
        try:
            self.dialDtmf(digit)
            return
        except pj.Error:
            pass
        param = pj.CallSendDtmfParam()
        param.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
        param.digits = digit
        try:
            self.sendDtmf(param)
        except pj.Error as exc:
            log.debug("voice: sending key %s failed: %s", digit, exc.info())

    def received_packets(self) -> int | None:
        """RTP packets received on the audio stream so far; None when the other side sends
        none by agreement (media inactive, not yet up) or the call is gone."""
        if self.gone:
            return None
        try:
            info = self.getInfo()
            for index, media in enumerate(info.media):
                if media.type != pj.PJMEDIA_TYPE_AUDIO or media.status not in (
                        pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
                    continue
                if not media.dir & pj.PJMEDIA_DIR_DECODING:
                    return None
                return int(self.getStreamStat(index).rtcp.rxStat.pkt)
        except pj.Error:
            return None
        return None

    def onCallTransferStatus(self, prm: Any) -> None:
        if self.session is not None:
            self.session.signalling.on_transfer_status(int(prm.statusCode), bool(prm.finalNotify))
        if prm.finalNotify:
            prm.cont = False

    def end(self, code: int = 200) -> None:
        if self.gone:
            return
        param = pj.CallOpParam()
        param.statusCode = code
        try:
            self.hangup(param)
        except pj.Error as exc:
            log.debug("voice: hang-up failed: %s", exc.info())


NOT_PLACED = 503
"""The result a leg reports when pjsua would not place it (no free call slot, bad URI)."""


def _place(leg: SipCall, call: SipCall, uri: str, headers: Mapping[str, str]) -> bool:
    """Dial `leg`; when pjsua refuses, unlink it at once and report it unanswered, so nothing
    later hangs up a call pjsua never had (that aborts the process)."""
    try:
        leg.makeCall(uri, tx_option(headers))
    except pj.Error as exc:
        log.warning("voice: the outbound leg to %s could not be placed: %s", uri, exc.info())
        leg.gone = True
        leg.peer = None
        call.peer = None
        leg.on_leg_end = None
        leg.forget(leg)
        callback, leg.on_leg_result = leg.on_leg_result, None
        if callback is not None:
            callback(False, NOT_PLACED)
        return False
    return True


class PjCallPort:
    """`CallPort` over a pjsua2 call."""

    def __init__(self, call: SipCall, make_leg: Callable[[], SipCall], players: FilePlayers):
        self._call = weakref.ref(call)
        self.make_leg = make_leg
        self.players = players
        self.player: pj.AudioMediaPlayer | None = None
        self.recorder: pj.AudioMediaRecorder | None = None
        self.call_recorder: pj.AudioMediaRecorder | None = None
        """The whole call's recording (`runtime.voice.call_recording`), beside `recorder`."""
        self.music: pj.AudioMediaPlayer | None = None
        call.port = self

    @property
    def call(self) -> SipCall | None:
        """The pjsua2 call while it exists (None once it has disconnected)."""
        return self._call()

    @property
    def media(self) -> pj.AudioMedia | None:
        call = self._call()
        return call.media if call is not None else None

    def play(self, path: Path) -> None:
        self.stop_playing()
        media = self.media
        if media is None:
            return
        self.player = self.players.start(path, media)

    def stop_playing(self) -> None:
        """Disconnect the prompt; the worker's `FilePlayers` destroys the player later, when
        no end-of-file callback can reach it any more."""
        player, self.player = self.player, None
        if player is not None:
            self.players.retire(player, self.media)

    def start_recording(self, path: Path) -> None:
        self.stop_recording()
        media = self.media
        if media is None:
            return
        recorder = pj.AudioMediaRecorder()
        recorder.createRecorder(str(path))
        media.startTransmit(recorder)
        self.recorder = recorder

    def stop_recording(self) -> None:
        recorder, self.recorder = self.recorder, None
        media = self.media
        if recorder is not None and media is not None:
            with contextlib.suppress(pj.Error):
                media.stopTransmit(recorder)

    def start_call_recording(self, path: Path) -> None:
        """Record the caller for the rest of the call, whatever else records or plays."""
        self.stop_call_recording()
        media = self.media
        if media is None:
            return
        recorder = pj.AudioMediaRecorder()
        recorder.createRecorder(str(path))
        media.startTransmit(recorder)
        self.call_recorder = recorder

    def mute_call_recording(self, muted: bool) -> None:
        """Silence in the call's recording (muted) or the caller again. The caller stays
        connected to the recorder at level 0, so the file goes on at the call's pace with
        zeros; the connection's level is set by connecting anew (a recorder's own tx level
        is not applied to a single source, and connecting again keeps the old level)."""
        recorder, media = self.call_recorder, self.media
        if recorder is None or media is None:
            return
        level = pj.AudioMediaTransmitParam()
        level.level = 0.0 if muted else 1.0
        with contextlib.suppress(pj.Error):
            media.stopTransmit(recorder)
            media.startTransmit2(recorder, level)

    def stop_call_recording(self) -> None:
        recorder, self.call_recorder = self.call_recorder, None
        media = self.media
        if recorder is not None and media is not None:
            with contextlib.suppress(pj.Error):
                media.stopTransmit(recorder)

    def rx_level(self) -> int:
        media = self.media
        return int(media.getTxLevel()) if media is not None else 0

    def hangup(self) -> None:
        call = self.call
        if call is not None:
            call.end()

    def refer(self, uri: str, headers: Mapping[str, str]) -> None:
        call = self.call
        if call is not None:
            call.xfer(uri, tx_option(headers))

    def bridge(self, uri: str, headers: Mapping[str, str]) -> None:
        call = self.call
        if call is None:
            return
        leg = self.make_leg()
        leg.peer = call
        call.peer = leg
        session = call.session
        assert session is not None
        leg.on_leg_result = session.signalling.on_bridge_result
        _place(leg, call, uri, headers)

    def start_music(self, path: Path) -> None:
        """Loop `path` to the caller (queue music) beside the prompts, until `stop_music`."""
        self.stop_music()
        media = self.media
        if media is not None:
            self.music = self.players.start(path, media, loop=True)

    def stop_music(self) -> None:
        player, self.music = self.music, None
        if player is not None:
            self.players.retire(player, self.media)

    def bridge_agent(self, uri: str, headers: Mapping[str, str],
                     on_result: Callable[[bool, int], None],
                     on_leg_end: Callable[[], None],
                     on_hold: Callable[[bool], None] | None = None) -> SipCall | None:
        """A bridged call to a queue's agent: `on_result` when it is answered (or not);
        `on_leg_end` when the agent's leg ends first, and then the caller is not hung up;
        `on_hold` when the agent holds (True) or resumes (False) the call."""
        call = self.call
        if call is None:
            return None
        leg = self.make_leg()
        leg.peer = call
        call.peer = leg
        leg.on_leg_result = on_result
        leg.on_leg_end = on_leg_end
        leg.on_leg_hold = on_hold
        return leg if _place(leg, call, uri, headers) else None

    def release(self) -> None:
        """The call is gone: drop players and recorders (a recorder closes its file here)."""
        self.stop_music()
        self.stop_playing()
        self.stop_recording()
        self.stop_call_recording()
