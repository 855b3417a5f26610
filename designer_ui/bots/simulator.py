"""How the simulator reaches real bots: turns of a bot the run did not mock go to the registry.

A simulation of a published version talks to the native bot revisions that version pins; a
simulation of the draft talks to the current definitions. A bot the registry does not have is
left to the user (the simulator then waits for a `world: {bot}` answer), as before bots were
registered.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app

from designer_ui.bots.source import bot_connector
from interpreter.engine.effects import BotTurn
from interpreter.engine.events import BotResponse
from runtime.bots.registry import RegistryBotConnector


def registry_answers(flow_id: str, version: str) -> Callable[[BotTurn], BotResponse | None]:
    """An answerer for the simulator's world; built lazily, as most runs never meet a bot."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    built: list[RegistryBotConnector] = []

    def answer(turn: BotTurn) -> BotResponse | None:
        if not built:
            number = int(version) if version.isdigit() else None
            built.append(bot_connector(app, flow_id=flow_id, version=number))
        connector = built[0]
        return connector.turn(turn) if connector.knows(turn.bot) else None

    return answer
