"""Prompts: texts per language and WAV uploads with type and size checks."""

from __future__ import annotations

import io
import struct

from flask import Flask

from tests.designer_ui.helpers import Api, wav_bytes


def test_prompt_texts(business: Api, developer: Api) -> None:
    saved = business.put("prompts/greeting", json={"texts": {"en-US": "Hello", "es-US": "Hola"}})
    assert saved.status_code == 200 and saved.json["audio"] == {}
    assert developer.get("prompts/greeting").json["texts"]["es-US"] == "Hola"
    assert developer.put("prompts/greeting", json={"texts": {}}).status_code == 403
    bad = business.put("prompts/greeting", json={"texts": {"not a language!": "x"}})
    assert bad.status_code == 400


def test_wav_upload_download_and_delete(business: Api, developer: Api) -> None:
    business.put("prompts/greeting", json={"texts": {"en-US": "Hello"}})
    audio = wav_bytes()
    uploaded = business.put("prompts/greeting/audio/en-US", data=audio,
                            headers={"Content-Type": "audio/wav"})
    assert uploaded.status_code == 200, uploaded.json
    assert uploaded.json["size"] == len(audio)
    downloaded = developer.get("prompts/greeting/audio/en-US")
    assert downloaded.data == audio and downloaded.mimetype == "audio/wav"
    assert "en-US" in developer.get("prompts/greeting").json["audio"]
    multipart = business.put("prompts/greeting/audio/es-US",
                             data={"file": (io.BytesIO(audio), "hola.wav", "audio/wav")},
                             content_type="multipart/form-data")
    assert multipart.status_code == 200, multipart.json
    assert business.delete("prompts/greeting/audio/en-US").status_code == 204
    assert developer.get("prompts/greeting/audio/en-US").status_code == 404


def test_upload_refuses_other_types_and_fakes(business: Api) -> None:
    business.put("prompts/greeting", json={"texts": {"en-US": "Hello"}})
    mp3 = business.put("prompts/greeting/audio/en-US", data=b"ID3" + b"\x00" * 100,
                       headers={"Content-Type": "audio/mpeg"})
    assert mp3.status_code == 415
    fake = business.put("prompts/greeting/audio/en-US", data=b"<script>alert(1)</script>" * 4,
                        headers={"Content-Type": "audio/wav"})
    assert fake.status_code == 415 and fake.json["error"]["code"] == "not_wav"
    strange = bytearray(wav_bytes())
    strange[20:22] = struct.pack("<H", 85)
    assert business.put("prompts/greeting/audio/en-US", data=bytes(strange),
                        headers={"Content-Type": "audio/wav"}).status_code == 415
    assert business.put("prompts/nothing/audio/en-US", data=wav_bytes(),
                        headers={"Content-Type": "audio/wav"}).status_code == 404


def test_upload_size_limit(app: Flask, business: Api) -> None:
    business.put("prompts/greeting", json={"texts": {"en-US": "Hello"}})
    too_big = wav_bytes(frames=(app.config["AUDIO_MAX_BYTES"] // 2) + 10)
    response = business.put("prompts/greeting/audio/en-US", data=too_big,
                            headers={"Content-Type": "audio/wav"})
    assert response.status_code == 413
    huge = b"RIFF" + b"\x00" * (app.config["AUDIO_UPLOAD_LIMIT"] + 10)
    response = business.put("prompts/greeting/audio/en-US", data=huge,
                            headers={"Content-Type": "audio/wav"})
    assert response.status_code == 413
