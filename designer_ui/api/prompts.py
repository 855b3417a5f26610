"""Shared prompts: text per language, and uploaded WAV recordings per language."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from designer_ui.api.docs import documented
from designer_ui.api.http import body_limit, json_body, no_content
from designer_ui.api.schemas.business import AudioOut, PromptIn, PromptOut
from designer_ui.api.schemas.common import NAME_PATTERN
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import Prompt, PromptAudio
from designer_ui.models.base import isoformat, utcnow
from designer_ui.security import current_user, requires
from designer_ui.services import audit
from designer_ui.services.audio import WAV_TYPE, check_wav

blueprint = Blueprint("prompts", __name__)
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")


def prompt_dict(prompt: Prompt) -> dict[str, Any]:
    recordings = db.session.execute(db.select(PromptAudio).where(
        PromptAudio.prompt_name == prompt.name)).scalars()
    return {"name": prompt.name, "texts": prompt.texts,
            "audio": {audio.language: audio.to_dict() for audio in recordings},
            "updated_at": isoformat(prompt.updated_at), "updated_by": prompt.updated_by}


def _prompt(name: str) -> Prompt:
    prompt = db.session.get(Prompt, name)
    if prompt is None:
        raise ApiError(404, f"There is no prompt '{name}'.")
    return prompt


def _language(language: str) -> str:
    if not LANGUAGE.match(language):
        raise ApiError(400, f"'{language}' is not a language tag such as 'en-US'.")
    return language


@blueprint.get("/prompts")
@requires()
@documented("List prompts", response=PromptOut, many=True)
def list_prompts() -> Any:
    prompts = db.session.execute(db.select(Prompt).order_by(Prompt.name)).scalars()
    return jsonify([prompt_dict(prompt) for prompt in prompts])


@blueprint.get("/prompts/<name>")
@requires()
@documented("Read a prompt", response=PromptOut, errors=(404,))
def read_prompt(name: str) -> Any:
    return jsonify(prompt_dict(_prompt(name)))


@blueprint.put("/prompts/<name>")
@requires("business")
@documented("Create or change a prompt's texts", body=PromptIn, response=PromptOut)
def write_prompt(name: str) -> Any:
    if not re.match(NAME_PATTERN, name):
        raise ApiError(400, "Prompt names are 1-64 letters, digits, spaces and _ . -.")
    data = json_body(PromptIn())
    prompt = db.session.get(Prompt, name)
    if prompt is None:
        prompt = Prompt(name=name)
        db.session.add(prompt)
    prompt.texts = data["texts"]
    prompt.updated_at, prompt.updated_by = utcnow(), current_user().username
    audit.record("prompt.save", f"prompt:{name}", texts=data["texts"])
    db.session.commit()
    return jsonify(prompt_dict(prompt))


@blueprint.delete("/prompts/<name>")
@requires("business")
@documented("Delete a prompt and its recordings", status=204, errors=(404,))
def delete_prompt(name: str) -> Any:
    db.session.delete(_prompt(name))
    audit.record("prompt.delete", f"prompt:{name}")
    db.session.commit()
    return no_content()


def _uploaded() -> tuple[bytes, str]:
    upload = request.files.get("file")
    if upload is not None:
        return upload.read(), (upload.mimetype or "")
    return request.get_data(), request.mimetype


@blueprint.put("/prompts/<name>/audio/<language>")
@requires("business")
@body_limit("AUDIO_UPLOAD_LIMIT")
@documented("Upload a WAV recording (raw audio/wav body, or multipart field 'file'; at most 5 MB)",
            content_type=WAV_TYPE, response=AudioOut, errors=(404, 413, 415))
def upload_audio(name: str, language: str) -> Any:
    prompt = _prompt(name)
    _language(language)
    data, declared = _uploaded()
    check_wav(data, declared, int(current_app.config["AUDIO_MAX_BYTES"]))
    audio = db.session.execute(db.select(PromptAudio).where(
        PromptAudio.prompt_name == prompt.name, PromptAudio.language == language)).scalar()
    if audio is None:
        audio = PromptAudio(prompt_name=prompt.name, language=language)
        db.session.add(audio)
    audio.content_type, audio.size, audio.data = WAV_TYPE, len(data), data
    audio.uploaded_at, audio.uploaded_by = utcnow(), current_user().username
    audit.record("prompt.audio.upload", f"prompt:{name}", language=language, size=len(data))
    db.session.commit()
    return jsonify(audio.to_dict())


def _audio(name: str, language: str) -> PromptAudio:
    audio = db.session.execute(db.select(PromptAudio).where(
        PromptAudio.prompt_name == name, PromptAudio.language == language)).scalar()
    if audio is None:
        raise ApiError(404, f"Prompt '{name}' has no recording in {language}.")
    return audio


@blueprint.get("/prompts/<name>/audio/<language>")
@requires()
@documented("Download a recording", produces=WAV_TYPE, errors=(404,))
def download_audio(name: str, language: str) -> Any:
    audio = _audio(name, language)
    response = Response(audio.data, mimetype=WAV_TYPE)
    response.headers["Content-Disposition"] = f'inline; filename="{audio.id}.wav"'
    return response


@blueprint.delete("/prompts/<name>/audio/<language>")
@requires("business")
@documented("Delete a recording", status=204, errors=(404,))
def delete_audio(name: str, language: str) -> Any:
    db.session.delete(_audio(name, language))
    audit.record("prompt.audio.delete", f"prompt:{name}", language=language)
    db.session.commit()
    return no_content()
