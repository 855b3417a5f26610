"""The Bot Registry's rules: what a valid entry is, how it is stored, how it is shown.

An entry is checked with the same loader the runtime uses (`runtime.bots.load_definition`, and
`load_native_bot` for native definitions), so anything the Designer accepts the hosts can run.
Credentials are validated per provider, encrypted, and from then on only reported as "set".
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from flask import current_app
from marshmallow import ValidationError

from designer_ui.bots.crypto import CredentialsUnreadable, cipher_for
from designer_ui.bots.models import BotRecord, FlowVersionBot, NativeBotRevision
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import Flow, FlowVersion, User
from designer_ui.models.base import isoformat, utcnow
from designer_ui.outbound import SETTING as OUTBOUND_SETTING
from designer_ui.outbound import outbound_policy
from designer_ui.services import audit
from runtime.bots.definition import BotDefinition, load_definition
from runtime.bots.endpoint_policy import (
    EndpointRefusedError,
    same_origin,
    token_uri_problem,
    vet_endpoint,
)
from runtime.bots.native.model import digest_of, load_native_bot

SETTINGS = ("bot_id", "alias_id", "locale", "project", "agent", "environment", "region",
            "language", "endpoint", "timeout_ms", "max_retries", "opening")
CREDENTIAL_FIELDS: dict[str, dict[str, type]] = {
    "lex": {"aws_access_key_id": str, "aws_secret_access_key": str, "aws_session_token": str,
            "profile_name": str},
    "dialogflow_es": {"service_account_info": dict},
    "dialogflow_cx": {"service_account_info": dict},
    "native": {},
    "google_speech": {"service_account_info": dict},
    "amazon_transcribe": {"aws_access_key_id": str, "aws_secret_access_key": str,
                          "aws_session_token": str, "ca_file": str},
}
KEEP = object()
"""`credentials` left out of a request: the stored ones stay."""


def invalid(field: str, message: Any) -> ApiError:
    return ApiError(400, "Some fields of the request are wrong.", code="invalid_body",
                    details={"fields": {field: message if isinstance(message, list | dict)
                                        else [message]}})


def get_bot(name: str) -> BotRecord:
    record = db.session.get(BotRecord, name)
    if record is None:
        raise ApiError(404, f"There is no bot '{name}' in the Bot Registry.")
    return record


def list_bots() -> list[BotRecord]:
    return list(db.session.execute(db.select(BotRecord).order_by(BotRecord.name)).scalars())


def checked_credentials(provider: str, given: Any) -> dict[str, Any]:
    """The credentials as stored; a 400 names a wrong field but never repeats a value."""
    if given is None:
        return {}
    allowed = CREDENTIAL_FIELDS[provider]
    if given and not allowed:
        raise invalid("credentials", "Native bots need no credentials.")
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise invalid("credentials", f"Unknown field '{unknown[0]}'; a {provider} bot takes "
                                     f"{', '.join(allowed)}.")
    credentials: dict[str, Any] = {}
    for key, value in given.items():
        if value in (None, ""):
            continue
        if allowed[key] is dict and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise invalid("credentials", f"'{key}' is not valid JSON.") from None
        if not isinstance(value, allowed[key]):
            raise invalid("credentials", f"'{key}' must be "
                                         f"{'an object' if allowed[key] is dict else 'a text'}.")
        credentials[key] = value
    return credentials


def _checked_definition(name: str, data: Mapping[str, Any],
                        credentials: Mapping[str, Any]) -> BotDefinition:
    document = {"name": name, "provider": data["provider"],
                **{key: data[key] for key in SETTINGS if data.get(key) is not None},
                "credentials": dict(credentials), "native": data.get("native")}
    try:
        return load_definition(document)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        raise ApiError(400, "Some fields of the request are wrong.", code="invalid_body",
                       details={"fields": {key: value for key, value in messages.items()
                                           if key != "credentials"}}) from None


def _check_native(data: Mapping[str, Any]) -> None:
    if data["provider"] != "native":
        if data.get("native"):
            raise invalid("native", "Only native bots have a native definition.")
        return
    if data.get("intents"):
        raise invalid("intents", "A native bot's intents come from its definition.")
    try:
        load_native_bot(data.get("native") or {})
    except ValidationError as exc:
        raise invalid("native", exc.messages) from None


def _check_endpoint(data: Mapping[str, Any]) -> None:
    """The endpoint must pass the outbound address policy (no loopback, private, link-local or
    metadata addresses, only http(s)) unless the administrator allow-listed it."""
    endpoint = data.get("endpoint")
    if not endpoint:
        return
    try:
        vet_endpoint(endpoint, outbound_policy(current_app))
    except EndpointRefusedError as exc:
        reason = str(exc)
        raise invalid("endpoint", f"{reason[:1].upper()}{reason[1:]}. An administrator can "
                                  f"allow internal hosts in {OUTBOUND_SETTING}.") from None


def _check_token_uri(data: Mapping[str, Any]) -> None:
    """A service account key may only send its signed assertion to Google's token endpoint."""
    credentials = data.get("credentials")
    info = credentials.get("service_account_info") if isinstance(credentials, Mapping) else None
    if isinstance(info, str):  # the key file's text, as pasted
        try:
            info = json.loads(info)
        except ValueError:
            info = None
    problem = token_uri_problem(info) if isinstance(info, Mapping) else None
    if problem is not None:
        raise invalid("credentials", f"{problem[:1].upper()}{problem[1:]}.")


def endpoint_moved(record: BotRecord | None, data: Mapping[str, Any]) -> bool:
    """Whether the change points the bot at another server: another provider, another scheme,
    host or port of its `endpoint`, or, with no endpoint (the provider's host is built from
    the region), another `region`."""
    if record is None:
        return False
    settings = record.settings or {}
    before, after = settings.get("endpoint"), data.get("endpoint")
    if record.provider != data.get("provider", record.provider) or \
            not same_origin(before, after):
        return True
    return not after and (settings.get("region") or None) != (data.get("region") or None)


def drops_credentials(record: BotRecord | None, data: Mapping[str, Any]) -> bool:
    """Whether saving `data` removes stored credentials nobody asked to remove: they are bound
    to the server they were entered for, so a new endpoint without new credentials drops them."""
    return (record is not None and bool(record.credential_fields)
            and "credentials" not in data and endpoint_moved(record, data))


def save_bot(name: str, data: Mapping[str, Any], user: User, record: BotRecord | None) -> BotRecord:
    """Create (record None) or replace a bot; what changed goes to the audit log, not values."""
    _check_native(data)
    _check_endpoint(data)
    _check_token_uri(data)
    given = data.get("credentials", KEEP)
    cipher = cipher_for(current_app)
    provider_changed = record is not None and record.provider != data["provider"]
    moved = endpoint_moved(record, data)
    dropped = drops_credentials(record, data)
    if given is KEEP:
        credentials = {} if record is None or provider_changed or moved else _stored(record)
    else:
        credentials = checked_credentials(data["provider"], given)
    _checked_definition(name, data, credentials)
    creating = record is None
    if record is None:
        record = BotRecord(name=name, created_at=utcnow())
        db.session.add(record)
    changed = _changed_fields(record, data) if not creating else []
    record.provider = data["provider"]
    record.description = data.get("description", "")
    record.settings = {key: data[key] for key in SETTINGS if data.get(key) is not None}
    record.intents = [dict(intent) for intent in data.get("intents", [])]
    record.native = dict(data["native"]) if data["provider"] == "native" else None
    if given is not KEEP or provider_changed or moved or creating:
        record.credentials = cipher.encrypt(credentials)
        record.credential_fields = sorted(credentials)
    record.updated_at, record.updated_by = utcnow(), user.username
    _new_native_revision(record, user)
    db.session.flush()
    audit.record("bot.create" if creating else "bot.update", f"bot:{name}",
                 provider=record.provider, changed=changed,
                 credentials="set" if credentials else "none",
                 credentials_changed=given is not KEEP, credentials_dropped=dropped,
                 native_revision=record.native_revision)
    return record


def _stored(record: BotRecord) -> dict[str, Any]:
    """The stored credentials; none when the key changed (they stay stored, and turns say why)."""
    try:
        return cipher_for(current_app).decrypt(record.credentials)
    except CredentialsUnreadable:
        return {}


def _changed_fields(record: BotRecord, data: Mapping[str, Any]) -> list[str]:
    before = {"provider": record.provider, "description": record.description,
              **record.settings, "intents": record.intents, "native": record.native}
    after = {"provider": data["provider"], "description": data.get("description", ""),
             **{key: data[key] for key in SETTINGS if data.get(key) is not None},
             "intents": [dict(intent) for intent in data.get("intents", [])],
             "native": data.get("native") if data["provider"] == "native" else None}
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


def _new_native_revision(record: BotRecord, user: User) -> None:
    """A native definition that changed becomes the next numbered revision."""
    if record.native is None:
        record.native_hash = None
        return
    digest = digest_of(record.native)
    if digest == record.native_hash:
        return
    number = (record.native_revision or 0) + 1
    record.native_revision, record.native_hash = number, digest
    db.session.add(NativeBotRevision(bot_name=record.name, revision=number, hash=digest,
                                     definition=dict(record.native), created_by=user.username))


def flows_using(name: str) -> dict[str, list[Any]]:
    """Drafts with a `bot` block naming this bot, and published versions that pin it."""
    drafts = [flow.id for flow in db.session.execute(db.select(Flow)).scalars()
              if name in bots_in(flow.document)]
    pinned = db.session.execute(
        db.select(FlowVersion.flow_id, FlowVersion.number).join(
            FlowVersionBot, FlowVersionBot.flow_version_id == FlowVersion.id)
        .where(FlowVersionBot.bot_name == name).order_by(FlowVersion.flow_id, FlowVersion.number))
    return {"flows": sorted(drafts), "versions": [f"{flow}@{number}" for flow, number in pinned]}


def bots_in(document: Any) -> set[str]:
    """The bot names a flow document's `bot` blocks use (drafts may be half-made)."""
    blocks = document.get("blocks") if isinstance(document, dict) else None
    if not isinstance(blocks, dict):
        return set()
    return {block["props"]["bot"] for block in blocks.values()
            if isinstance(block, dict) and block.get("type") == "bot"
            and isinstance(block.get("props"), dict) and isinstance(block["props"].get("bot"), str)}


def delete_bot(record: BotRecord) -> None:
    used = flows_using(record.name)
    if used["flows"] or used["versions"]:
        raise ApiError(409, f"Bot '{record.name}' is in use; remove it from these flows first.",
                       code="in_use", details=used)
    db.session.delete(record)
    audit.record("bot.delete", f"bot:{record.name}", provider=record.provider)


def pins_of(name: str) -> list[dict[str, Any]]:
    rows = db.session.execute(
        db.select(FlowVersion.flow_id, FlowVersion.number, FlowVersionBot.native_revision)
        .join(FlowVersionBot, FlowVersionBot.flow_version_id == FlowVersion.id)
        .where(FlowVersionBot.bot_name == name).order_by(FlowVersion.flow_id, FlowVersion.number))
    return [{"flow_id": flow, "version": number, "native_revision": revision}
            for flow, number, revision in rows]


def bot_dict(record: BotRecord) -> dict[str, Any]:
    """The entry as the API shows it: never its credentials, only which fields are set."""
    settings: dict[str, Any] = {key: None for key in SETTINGS}
    settings.update({"language": "en-US", "timeout_ms": 8000, "max_retries": 2})
    settings.update(record.settings or {})
    return {
        "name": record.name, "provider": record.provider, "description": record.description,
        **settings, "intents": list(record.intents or []), "native": record.native,
        "native_revision": record.native_revision, "native_hash": record.native_hash,
        "credentials_set": bool(record.credential_fields),
        "credential_fields": list(record.credential_fields or []),
        "pinned_by": pins_of(record.name) if record.provider == "native" else [],
        "revision": record.revision, "created_at": isoformat(record.created_at),
        "updated_at": isoformat(record.updated_at), "updated_by": record.updated_by,
    }
