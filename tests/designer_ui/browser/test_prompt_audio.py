"""Prompt recordings in Business Controls: upload a WAV per language, play it back, delete it,
and clear refusals for files that are not WAV or are too large."""

from __future__ import annotations

import io
import math
import struct
import wave
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.designer_ui.browser.pages import Api

AUDIO_MAX_BYTES = 5 * 1024 * 1024


def tone_wav(seconds: float = 0.25, rate: int = 8000) -> bytes:
    """A short 440 Hz tone: 16-bit mono PCM, as a prompt recording would be."""
    frames = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
                      for i in range(int(seconds * rate)))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)
    return buffer.getvalue()


def open_prompts(page: Page) -> None:
    page.get_by_test_id("nav-business").click()
    page.get_by_test_id("business-tab-prompts").click()


def test_upload_play_and_delete_a_recording(login_as: Callable[[str], Page]) -> None:
    page = login_as("bea")
    open_prompts(page)
    page.get_by_test_id("prompts-new").fill("welcome")
    page.get_by_test_id("prompts-open").click()
    page.get_by_test_id("global-prompt-en-US").fill("Welcome to Acme.")
    page.get_by_label("Language tag").fill("es-US")
    page.get_by_role("button", name="+ Language").click()
    page.get_by_test_id("global-prompt-es-US").fill("Bienvenido a Acme.")
    english = page.get_by_test_id("prompt-audio-en-US")
    expect(english).to_contain_text("Save the prompt to add a recording.")
    expect(page.get_by_test_id("prompt-audio-file-en-US")).to_have_count(0)
    page.get_by_test_id("global-prompt-save").click()
    expect(page.get_by_test_id("global-prompts")).to_contain_text("Saved.")

    recording = tone_wav()
    page.get_by_test_id("prompt-audio-file-en-US").set_input_files(
        {"name": "welcome-en.wav", "mimeType": "audio/wav", "buffer": recording})
    expect(english).to_have_attribute("data-has-audio", "true")
    expect(page.get_by_test_id("prompt-audio-es-US")).to_have_attribute("data-has-audio", "false")
    expect(page.get_by_test_id("prompt-audio-summary")).to_have_text("Recorded in: en-US")
    expect(page.get_by_test_id("prompt-audio-info-en-US")).to_contain_text("uploaded by bea")

    # The player is fed from GET /prompts/{name}/audio/{language} and the browser can decode it.
    player = page.get_by_test_id("prompt-audio-player-en-US")
    expect(player).to_be_visible()
    page.wait_for_function(
        "el => el.readyState >= 1 && Math.abs(el.duration - 0.25) < 0.01", arg=player.element_handle())
    served = page.request.get(player.get_attribute("src") or "")
    assert served.ok and served.body() == recording
    prompt = Api(page).get("/prompts/welcome")
    assert prompt["texts"] == {"en-US": "Welcome to Acme.", "es-US": "Bienvenido a Acme."}
    assert set(prompt["audio"]) == {"en-US"} and prompt["audio"]["en-US"]["size"] == len(recording)

    page.get_by_test_id("prompt-audio-delete-en-US").click()
    page.get_by_test_id("prompt-audio-delete-confirm-en-US").click()
    expect(english).to_have_attribute("data-has-audio", "false")
    expect(page.get_by_test_id("prompt-audio-player-en-US")).to_have_count(0)
    expect(page.get_by_test_id("prompt-audio-summary")).to_contain_text("No recordings yet")
    assert Api(page).get("/prompts/welcome")["audio"] == {}


def test_files_that_are_not_wav_or_too_large_are_refused(login_as: Callable[[str], Page]) -> None:
    page = login_as("bea")
    Api(page).send("PUT", "/prompts/closed", {"texts": {"en-US": "We are closed."}})
    open_prompts(page)
    page.get_by_test_id("prompts-closed").click()
    upload = page.get_by_test_id("prompt-audio-file-en-US")
    error = page.get_by_test_id("prompt-audio-error-en-US")

    # Refused in the browser: not a WAV file by type and name.
    upload.set_input_files({"name": "closed.mp3", "mimeType": "audio/mpeg", "buffer": b"ID3" + bytes(64)})
    expect(error).to_contain_text("“closed.mp3” is not a WAV file (audio/mpeg)")
    # Refused by the server: called .wav, but no RIFF/WAVE header inside.
    upload.set_input_files({"name": "closed.wav", "mimeType": "audio/wav",
                            "buffer": b"this is plain text, not audio " * 4})
    expect(error).to_contain_text("Not uploaded: This file is not a WAV file (no RIFF/WAVE header).")
    # Too large: refused before anything is sent.
    upload.set_input_files({"name": "long.wav", "mimeType": "audio/wav",
                            "buffer": tone_wav()[:44] + bytes(AUDIO_MAX_BYTES)})
    expect(error).to_contain_text("recordings may be at most 5.0 MB")

    expect(page.get_by_test_id("prompt-audio-en-US")).to_have_attribute("data-has-audio", "false")
    assert Api(page).get("/prompts/closed")["audio"] == {}

    # A good file afterwards clears the error.
    upload.set_input_files({"name": "closed.wav", "mimeType": "audio/wav", "buffer": tone_wav()})
    expect(page.get_by_test_id("prompt-audio-en-US")).to_have_attribute("data-has-audio", "true")
    expect(error).to_have_count(0)


def test_a_developer_can_listen_but_not_upload(login_as: Callable[[str], Page]) -> None:
    business = login_as("bea")
    api = Api(business)
    api.send("PUT", "/prompts/hold", {"texts": {"en-US": "Please hold."}})
    response = business.request.put("/api/v1/prompts/hold/audio/en-US", data=tone_wav(),
                                    headers={"Content-Type": "audio/wav", "X-CSRF-Token": api.token})
    assert response.ok, response.text()

    developer = login_as("devon")
    open_prompts(developer)
    developer.get_by_test_id("prompts-hold").click()
    expect(developer.get_by_test_id("prompt-audio-player-en-US")).to_be_visible()
    expect(developer.get_by_test_id("prompt-audio-file-en-US")).to_have_count(0)
    expect(developer.get_by_test_id("prompt-audio-delete-en-US")).to_have_count(0)
