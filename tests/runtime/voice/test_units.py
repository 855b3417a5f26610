"""The voice runtime's pieces that need no SIP: keys, INVITE parsing, headers, settings, CDRs,
speech."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

from interpreter.engine.effects import Collect, MenuOption
from runtime.voice.audio_files import duration_ms, ensure_beep, is_phone_format
from runtime.voice.cdr import CallDetailRecord, SqliteCdrStore
from runtime.voice.digits import DigitCollector
from runtime.voice.invite import data_headers, parse_invite
from runtime.voice.kamailio import dispatcher_list, kamailio_config
from runtime.voice.settings import VoiceSettings
from runtime.voice.speech import SpeechRecognizer, phrases_of
from runtime.voice.tts import Synthesizer

MENU = Collect("m", "menu", (), options=(MenuOption("1", "Balance", ("balance",)),
                                         MenuOption("2", "Cards"), MenuOption("10", "Ten")))


def test_menu_keys_complete_as_soon_as_no_longer_key_fits() -> None:
    collector = DigitCollector(MENU)
    assert collector.add("2")
    collector = DigitCollector(MENU)
    assert not collector.add("1")
    assert collector.add("0") and collector.digits == "10"
    assert DigitCollector(MENU).add("7")


def test_inputs_end_at_the_terminator_or_the_maximum_length() -> None:
    pin = Collect("p", "input", (), terminator="#", max_length=6)
    collector = DigitCollector(pin)
    assert [collector.add(key) for key in "4321#"] == [False] * 4 + [True]
    assert collector.digits == "4321#"
    collector = DigitCollector(pin)
    assert [collector.add(key) for key in "123456"][-1]
    assert not DigitCollector(pin).add("x")


def test_the_invite_gives_caller_number_and_headers() -> None:
    message = ("INVITE sip:+18005550100@10.0.0.1:5060;user=phone SIP/2.0\r\n"
               "f: \"Dana\" <sip:+15551230001@example.com>;tag=1\r\n"
               "To: <sip:other@10.0.0.1>\r\ni: abc@host\r\nX-Customer: 42\r\n\r\nv=0\r\n")
    invite = parse_invite(message)
    assert (invite.ani, invite.dnis, invite.call_id) == ("+15551230001", "+18005550100",
                                                         "abc@host")
    assert invite.headers["X-Customer"] == "42"


def test_attached_data_becomes_x_headers() -> None:
    headers = data_headers({"customer_id": "C-1", "verified": True, "note": "a\r\nb"},
                           {"queue": "cards"})
    assert headers == {"X-Queue": "cards", "X-Customer-Id": "C-1", "X-Verified": "true",
                       "X-Note": "a  b"}


def test_settings_travel_as_json(tmp_path: Path) -> None:
    settings = VoiceSettings(workers=3, prompt_dirs=("a",))
    settings.save(tmp_path / "s.json")
    loaded = VoiceSettings.load(tmp_path / "s.json")
    assert loaded == settings
    assert loaded.worker_sip_port(2) == 5102
    assert VoiceSettings(direct=True, sip_port=5070).worker_sip_port(0) == 5070


def test_kamailio_configuration_lists_the_workers(tmp_path: Path) -> None:
    listing = dispatcher_list([("127.0.0.1", 5100), ("127.0.0.1", 5101)])
    assert listing == "1 sip:127.0.0.1:5100 0 0\n1 sip:127.0.0.1:5101 0 0\n"
    config = kamailio_config(host="127.0.0.1", port=5060, list_file=tmp_path / "d.list",
                             mpath="/m", probe_s=2)
    (tmp_path / "k.cfg").write_text(config)
    (tmp_path / "d.list").write_text(listing)
    from runtime.voice.kamailio import kamailio_binary, module_dir

    config = config.replace('mpath="/m"', f'mpath="{module_dir()}"')
    (tmp_path / "k.cfg").write_text(config)
    checked = subprocess.run([str(kamailio_binary()), "-c", "-f", str(tmp_path / "k.cfg")],
                             capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stderr[-2000:]


def test_call_records_are_stored(tmp_path: Path) -> None:
    store = SqliteCdrStore(tmp_path / "cdr.db")
    store.save(CallDetailRecord(id="s1", sip_call_id="c1", ani="1", dnis="2", worker=0,
                                started_at=1.0, path=["a", "b"], dtmf=[{"digits": "1"}]))
    (record,) = store.all()
    assert record["path"] == ["a", "b"] and record["dtmf"] == [{"digits": "1"}]
    store.close()


def test_prompts_are_synthesised_once_at_8_khz(tmp_path: Path) -> None:
    synthesizer = Synthesizer(tmp_path, rate=200)
    first = synthesizer.synthesize("Hello   there.", "en-US")
    assert is_phone_format(first) and duration_ms(first) > 300
    assert synthesizer.synthesize("Hello there.", "en-US") == first
    assert synthesizer.path_for("Hello there.", "es-US") != first
    assert is_phone_format(ensure_beep(tmp_path))


def test_spoken_menu_answers_are_recognised(tmp_path: Path) -> None:
    synthesizer = Synthesizer(tmp_path, rate=175)
    speech = synthesizer.synthesize("I would like my account balance please", "en-US")
    options = (MenuOption("1", "Account balance", ("balance", "account balance")),
               MenuOption("2", "Card services", ("cards", "lost card")))
    result = SpeechRecognizer().recognize(speech, phrases_of(options))
    assert result is not None and result.text == "account balance"


def test_a_recording_is_read_once_pjmedia_has_finished_it(tmp_path: Path) -> None:
    """pjmedia fills in a WAV header's lengths only when the recorder's port is destroyed, a
    little after the worker dropped it; until then the header says the file is empty."""
    from runtime.voice.audio_files import read_recording, tone, write_pcm

    finished = tmp_path / "finished.wav"
    write_pcm(finished, tone(440, 300))
    whole = finished.read_bytes()
    pending = tmp_path / "pending.wav"
    pending.write_bytes(whole[:4] + b"\0\0\0\0" + whole[8:40] + b"\0\0\0\0" + whole[44:2000])
    timer = threading.Timer(0.1, lambda: pending.write_bytes(whole))
    timer.start()
    samples, rate = read_recording(pending)
    timer.join()
    assert (len(samples), rate) == (len(whole) - 44, 8000)
    pending.write_bytes(whole[:4] + b"\0\0\0\0" + whole[8:40] + b"\0\0\0\0" + whole[44:2000])
    samples, _ = read_recording(pending, wait_s=0.05)  # never finished: read what is there
    assert len(samples) == 2000 - 44
