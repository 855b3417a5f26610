"""`/api/v1/bots`: the Bot Registry (list, create, read, change, delete), a connection test
that sends one utterance through the real connector, and a bot's intents for the editor.

Anyone logged in may read the registry (flows name its bots); only developers change it or
spend a provider call on a test. No response carries a credential.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from designer_ui.api.docs import documented
from designer_ui.api.http import json_body, no_content
from designer_ui.bots import registry
from designer_ui.bots.intents import intents_of
from designer_ui.bots.models import BotRecord
from designer_ui.bots.schemas import BotFields, BotIn, BotOut, IntentsOut, TestIn, TestOut
from designer_ui.bots.source import bot_connector
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.security import current_user, requires
from designer_ui.services import audit
from interpreter.engine.effects import BotTurn

blueprint = Blueprint("bots", __name__)


def _with_etag(record: BotRecord, status: int = 200, **extra: Any) -> Response:
    response = jsonify({**registry.bot_dict(record), **extra})
    response.status_code = status
    response.headers["ETag"] = record.etag
    return response


def _check_if_match(record: BotRecord) -> None:
    given = request.headers.get("If-Match")
    if given and "*" not in given and record.etag not in [tag.strip() for tag in given.split(",")]:
        raise ApiError(412, "Someone else changed this bot since you opened it; reload it.",
                       details={"current": registry.bot_dict(record)})


@blueprint.get("/bots")
@requires()
@documented("List the Bot Registry", response=BotOut, many=True)
def list_bots() -> Any:
    return jsonify([registry.bot_dict(record) for record in registry.list_bots()])


@blueprint.post("/bots")
@requires("developer")
@documented("Register a bot", body=BotIn, response=BotOut, status=201, errors=(409,))
def create_bot() -> Any:
    data = json_body(BotIn())
    name = data.pop("name")
    if db.session.get(BotRecord, name) is not None:
        raise ApiError(409, f"There is already a bot '{name}'.", code="exists")
    record = registry.save_bot(name, data, current_user(), None)
    db.session.commit()
    response = _with_etag(record, 201)
    response.headers["Location"] = f"/api/v1/bots/{name}"
    return response


@blueprint.get("/bots/<name>")
@requires()
@documented("Read a bot (never its credentials)", response=BotOut, errors=(404,))
def read_bot(name: str) -> Any:
    return _with_etag(registry.get_bot(name))


@blueprint.put("/bots/<name>")
@requires("developer")
@documented("Change a bot; `If-Match` is optional", body=BotFields, response=BotOut,
            errors=(404, 412),
            description="Leave `credentials` out to keep the stored ones; send null to remove "
                        "them. An `endpoint` on another scheme, host or port drops the stored "
                        "credentials unless new ones come along (`credentials_dropped`: true). "
                        "A changed native definition becomes its next revision.")
def update_bot(name: str) -> Any:
    record = registry.get_bot(name)
    _check_if_match(record)
    data = json_body(BotFields())
    dropped = registry.drops_credentials(record, data)
    registry.save_bot(name, data, current_user(), record)
    db.session.commit()
    return _with_etag(record, credentials_dropped=dropped)


@blueprint.delete("/bots/<name>")
@requires("developer")
@documented("Remove a bot (refused while a flow uses it)", status=204, errors=(404, 409))
def delete_bot(name: str) -> Any:
    registry.delete_bot(registry.get_bot(name))
    db.session.commit()
    return no_content()


@blueprint.post("/bots/<name>/test")
@requires("developer")
@documented("Test connection: send one utterance to the bot and show its answer", body=TestIn,
            response=TestOut, errors=(404,),
            description="A failure of the bot is a 200 with ok=false and the error, as a flow "
                        "would see it in system.LastError.")
def test_bot(name: str) -> Any:
    record = registry.get_bot(name)
    data = json_body(TestIn())
    language = data["language"] or (record.settings or {}).get("language") or "en-US"
    turn = BotTurn("registry-test", name, data["text"], 1, f"registry-test-{uuid.uuid4().hex}",
                   language)
    connector = bot_connector(current_app._get_current_object())  # type: ignore[attr-defined]
    started = time.monotonic()
    answer = connector.turn(turn)
    elapsed_ms = round((time.monotonic() - started) * 1000)
    audit.record("bot.test", f"bot:{name}", ok=answer.error is None, state=answer.state,
                 intent=answer.intent, elapsed_ms=elapsed_ms)
    db.session.commit()
    return jsonify({"ok": answer.error is None, "state": answer.state, "intent": answer.intent,
                    "slots": answer.slots, "confidence": answer.confidence,
                    "messages": list(answer.messages), "error": answer.error,
                    "elapsed_ms": elapsed_ms})


@blueprint.get("/bots/<name>/intents")
@requires()
@documented("The bot's intents and their slots (for choosing the bot block's ports)",
            response=IntentsOut, errors=(404,))
def bot_intents(name: str) -> Any:
    return jsonify(intents_of(registry.get_bot(name)))
