"""Caller input for a call: keys and speech for a `Collect`, and recordings for a `Record`.

Keys pressed while a bargeable prompt plays stop the prompts and count as the answer to the
`Collect` they lead to; keys during a prompt that may not be interrupted, or when nothing asks
for input, are dropped. A `Collect`'s no-input timer starts when its prompts have finished; the
inter-digit timer after each key. Keys typed for a secure input (a PIN) are masked in the call
record.

A `bot` block's turn (`Collect(mode="bot")`) is listened to like a spoken menu answer, up to
the final silence or 10 s, but decoded free-form; the engine gets the transcript (`text`, or
`nomatch` when the decoder heard no words) and the recording is kept for the `BotTurn` that
follows (`take_utterance`), so a Lex bot hears the caller's own voice.

A secure input's spoken answer is captured outside the recordings folder, read into memory and
deleted before it is decoded (`runtime.voice.secure_capture`); the call's own recording, when
the call records, is silent until the answer is in (`runtime.voice.call_recording`).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from interpreter.engine.effects import Collect, Record
from interpreter.engine.events import Input, Recorded
from runtime.voice.audio_files import Heard
from runtime.voice.call_speech import CallRecognizer, speech_for
from runtime.voice.capture import SpeechWatch
from runtime.voice.digits import DigitCollector
from runtime.voice.scheduler import Timer
from runtime.voice.secure_capture import private_capture, take_samples
from runtime.voice.speech import Recognition, Utterance, phrases_of

if TYPE_CHECKING:
    from runtime.voice.call_session import CallSession


def srgs_source(collect: Collect) -> str | None:
    """The SRGS grammar text a collect is answered with by speech, if it has one."""
    grammar = collect.grammar
    if isinstance(grammar, dict) and grammar.get("mode") == "voice":
        source = grammar.get("source")
        return source if isinstance(source, str) else None
    return None


def decodable(collect: Collect, capture: Path) -> Callable[[], Heard]:
    """What the decoder is given, called in its background job: a secure answer's samples,
    read and their file deleted first; any other answer's file (deleted once decoded)."""
    if collect.secure:
        return lambda: take_samples(capture)
    return lambda: capture


log = logging.getLogger(__name__)
SPEECH_END_SILENCE_MS = 700
SPEECH_MAX_MS = 10_000
RECORD_NO_SPEECH_MS = 5_000
MASK = "•"


class InputHandler:
    def __init__(self, session: CallSession):
        self.session = session
        self.port = session.port
        self.scheduler = session.scheduler
        self.collect: Collect | None = None
        self.collector: DigitCollector | None = None
        self.record: Record | None = None
        self.timer: Timer | None = None
        self.watch: SpeechWatch | None = None
        self.capture: Path | None = None
        self.record_id = ""
        self.record_started = 0.0
        self.decoding = False
        self.utterance: tuple[str, Utterance] | None = None

    @property
    def active(self) -> bool:
        return self.collect is not None or self.record is not None

    # -- keys ----------------------------------------------------------------------------------

    def on_dtmf(self, digit: str) -> None:
        if self.record is not None:
            if self.record.dtmf_terminates:
                self._end_record(heard=self.watch.heard if self.watch else False)
            return
        if self.collect is not None:
            if not self.decoding:
                self._digit(digit)
            return
        player = self.session.player
        if player.busy and player.bargeable and self.session.collect_ahead():
            collect = self.session.barge_in()
            if collect is not None:
                self.start_collect(collect)
                self._digit(digit)
            return
        self.session.cdr.metrics["ignored_keys"] = self.session.cdr.metrics.get(
            "ignored_keys", 0) + 1

    def start_collect(self, effect: Collect) -> None:
        if effect.secure:  # already, unless a key skipped the question (barge-in)
            self.session.recording.pause(effect.block)
        self.collect = effect
        self.collector = DigitCollector(effect)
        self.utterance = None
        if effect.timeout_ms > 0:
            self.timer = self.scheduler.call_later(effect.timeout_ms / 1000,
                                                   lambda: self._answer(Input("noinput")))
        if effect.speech and self._recognizer(effect) is not None and (
                effect.options or effect.mode in ("bot", "input")):
            self._listen()

    def take_utterance(self, block: str) -> Utterance | None:
        """The caller's recorded turn for `block`'s bot (once), if the turn was spoken."""
        kept, self.utterance = self.utterance, None
        if kept is None or kept[0] != block:
            return None
        return kept[1]

    def _digit(self, digit: str) -> None:
        assert self.collect is not None and self.collector is not None
        self._stop_timer()
        self._stop_listening()
        if self.collector.add(digit):
            self._answer(Input("dtmf", self.collector.digits))
            return
        collector = self.collector
        self.timer = self.scheduler.call_later(
            self.collect.interdigit_timeout_ms / 1000,
            lambda: self._answer(Input("dtmf", collector.digits)))

    def _answer(self, event: Input) -> None:
        collect = self.collect
        if collect is None:
            return
        self._stop_timer()
        self._stop_listening()
        self.collect = None
        self.collector = None
        self.decoding = False
        if event.type == "dtmf":
            shown = MASK * len(event.value) if collect.secure else event.value
            self.session.cdr.dtmf.append({"block": collect.block, "digits": shown})
        elif event.type == "text":
            heard = MASK * len(event.value) if collect.secure else event.value
            self.session.cdr.metrics.setdefault("speech", []).append(
                {"block": collect.block, "text": heard})
        if collect.secure:
            self.session.recording.resume()
        self.session.answer_input(event)

    # -- speech --------------------------------------------------------------------------------

    def _listen(self) -> None:
        if self.collect is not None and self.collect.secure:
            self.capture = private_capture()
        else:
            folder = self.session.services.recordings_dir / "speech"
            folder.mkdir(parents=True, exist_ok=True)
            self.capture = folder / f"{uuid.uuid4().hex}.wav"
        self.port.start_recording(self.capture)
        self.watch = SpeechWatch(self.port, self.scheduler,
                                 final_silence_ms=SPEECH_END_SILENCE_MS, max_ms=SPEECH_MAX_MS,
                                 no_speech_ms=None, on_end=self._speech_ended,
                                 on_speech=self._stop_timer)

    def _speech_ended(self, heard: bool) -> None:
        collect, capture = self.collect, self.capture
        self.watch = None
        self.port.stop_recording()
        self.capture = None
        if collect is None or capture is None:
            return
        if not heard:
            capture.unlink(missing_ok=True)
            self._answer(Input("noinput"))
            return
        self.decoding = True
        recognizer = self._recognizer(collect)
        assert recognizer is not None
        if collect.mode == "bot":
            self._transcribe(collect, capture)
            return
        if srgs_source(collect) is not None:
            self._recognize_srgs(collect, capture)
            return
        if collect.mode == "input":
            self._recognize_input(collect, capture)
            return
        phrases = phrases_of(collect.options)

        def done(result: object) -> None:
            capture.unlink(missing_ok=True)
            if self.collect is not collect:
                return
            if isinstance(result, Recognition):
                self._answer(Input("text", result.text, result.confidence))
            else:
                if isinstance(result, Exception):
                    log.error("voice: speech recognition failed: %s", result)
                self._answer(Input("nomatch"))

        audio = decodable(collect, capture)
        self.scheduler.submit(lambda: recognizer.recognize(audio(), phrases), done)

    def _recognize_input(self, collect: Collect, capture: Path) -> None:
        """An input block's spoken answer, decoded in its grammar's words; the engine reads
        the transcript with the grammar and weighs the confidence."""
        recognizer = self._recognizer(collect)
        assert recognizer is not None
        grammar = collect.grammar if isinstance(collect.grammar, str) else "text"
        audio = decodable(collect, capture)
        self.scheduler.submit(lambda: recognizer.recognize_words(
            audio(), grammar, collect.min_length, collect.max_length),
            self._recognized(collect, capture, "speech recognition"))

    def _recognize_srgs(self, collect: Collect, capture: Path) -> None:
        """An answer to an SRGS grammar (input or menu): decoded against the grammar's words;
        the engine matches the transcript with the grammar for its meaning."""
        recognizer = self._recognizer(collect)
        assert recognizer is not None
        source = srgs_source(collect) or ""
        audio = decodable(collect, capture)
        self.scheduler.submit(lambda: recognizer.recognize_srgs(audio(), source),
                              self._recognized(collect, capture, "SRGS speech recognition"))

    def _recognized(self, collect: Collect, capture: Path, what: str) -> Callable[[object], None]:
        """What to do with a recognition result for `collect`: the capture is removed; if the
        call still waits on that collect, a transcript is its text answer (with confidence),
        anything else a no-match (a failure is logged as `what` failed)."""

        def done(result: object) -> None:
            capture.unlink(missing_ok=True)
            if self.collect is not collect:
                return
            if isinstance(result, Recognition):
                self._answer(Input("text", result.text, result.confidence))
                return
            if isinstance(result, Exception):
                log.error("voice: %s failed: %s", what, result)
            self._answer(Input("nomatch"))

        return done

    def _transcribe(self, collect: Collect, capture: Path) -> None:
        """A bot turn: free-form transcript for the engine, the audio kept for the bot."""
        recognizer = self._recognizer(collect)
        assert recognizer is not None

        def done(result: object) -> None:
            capture.unlink(missing_ok=True)
            if self.collect is not collect:
                return
            if isinstance(result, Utterance):
                self.utterance = (collect.block, result)
                self._answer(Input("text", result.text) if result.text else Input("nomatch"))
                return
            log.error("voice: speech transcription failed: %s", result)
            self._answer(Input("nomatch"))

        audio = decodable(collect, capture)
        self.scheduler.submit(lambda: recognizer.transcribe(audio()), done)

    def _recognizer(self, collect: Collect) -> CallRecognizer | None:
        """The recogniser for the collect's language (`runtime.voice.call_speech`)."""
        return speech_for(self.session.services, collect.language)

    def _stop_listening(self) -> None:
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        if self.capture is not None:
            self.port.stop_recording()
            self.capture.unlink(missing_ok=True)
            self.capture = None

    # -- recordings ----------------------------------------------------------------------------

    def start_record(self, effect: Record) -> None:
        self.record = effect
        self.record_id = uuid.uuid4().hex
        folder = self.session.services.recordings_dir
        folder.mkdir(parents=True, exist_ok=True)
        self.capture = folder / f"{self.record_id}.wav"
        self.record_started = self.scheduler.clock()
        self.port.start_recording(self.capture)
        self.watch = SpeechWatch(self.port, self.scheduler,
                                 final_silence_ms=effect.final_silence_ms,
                                 max_ms=effect.max_seconds * 1000,
                                 no_speech_ms=max(effect.final_silence_ms, RECORD_NO_SPEECH_MS),
                                 on_end=lambda heard: self._end_record(heard))

    def _end_record(self, heard: bool) -> None:
        effect, path = self.record, self.capture
        if effect is None or path is None:
            return
        if self.watch is not None:
            self.watch.stop()
            self.watch = None
        self.port.stop_recording()
        self.record = None
        self.capture = None
        length_ms = int((self.scheduler.clock() - self.record_started) * 1000)
        if not heard:
            path.unlink(missing_ok=True)
            self.session.resume(Input("noinput"))
            return
        self.session.cdr.recordings.append({"id": self.record_id, "block": effect.block,
                                            "path": str(path), "duration_ms": length_ms})
        self.session.resume(Recorded(recording_id=self.record_id, duration_ms=length_ms))

    # -- clean-up ------------------------------------------------------------------------------

    def _stop_timer(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def cancel(self) -> None:
        """The call is gone (or an in-queue flow is stopped): stop timers and listening; a
        recording in progress is kept, and the call's recording is no longer silenced."""
        self.session.recording.resume()
        self._stop_timer()
        if self.record is not None and self.capture is not None:
            self._end_record(heard=self.watch.heard if self.watch else False)
        self._stop_listening()
        self.collect = None
        self.collector = None
        self.utterance = None

