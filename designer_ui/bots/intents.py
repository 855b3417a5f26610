"""A bot's intents and slots, for the editor's bot picker (which intents become ports).

Native bots have them in their definition. Lex and Dialogflow runtime APIs cannot list a bot's
intents, so those bots carry the list the developer declared in the registry entry.
"""

from __future__ import annotations

from typing import Any

from designer_ui.bots.models import BotRecord
from runtime.bots.native.model import load_native_bot


def intents_of(record: BotRecord) -> dict[str, Any]:
    if record.provider == "native":
        bot = load_native_bot(record.native or {})
        descriptions = {item.get("name"): item.get("description", "")
                        for item in (record.native or {}).get("intents", [])
                        if isinstance(item, dict)}
        intents = [{"name": intent.name, "description": descriptions.get(intent.name, ""),
                    "slots": [{"name": slot.name, "type": slot.type, "required": slot.required}
                              for slot in intent.slots]}
                   for intent in bot.intents]
        source = "definition"
    else:
        intents = [{"name": item["name"], "description": item.get("description", ""),
                    "slots": [{"name": slot["name"], "type": slot.get("type"), "required": None}
                              for slot in item.get("slots", [])]}
                   for item in record.intents or []]
        source = "declared"
    return {"bot": record.name, "provider": record.provider, "source": source,
            "intents": intents}
