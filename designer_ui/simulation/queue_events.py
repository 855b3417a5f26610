"""Queue events a simulator user plays by hand, as flow tests do (see docs/flow-tests.md):

- `{queue: {position, ewt_s}}`: the distributor's figures changed; `system.Queue` is updated in
  the saved state and nothing runs (an in-queue flow's next prompt reads them);
- `{agent: answers}`: an agent takes the route (or transfer) the flow waits at; nothing runs
  while they talk;
- `{agent: hangs_up}`: the agent leaves first: the route hears `agent_hangup` (its
  `after_agent` port).

A caller who hangs up while talking with the agent ends it as a successful route. Which block
an agent answered is kept in the session's settings (`agent_answered`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from designer_ui.errors import ApiError
from designer_ui.models import SimulatorSession
from interpreter.engine.events import Event, Hangup, RouteResult, TransferResult
from interpreter.engine.queue_status import with_queue_status

QUEUE_EVENTS = ("queue", "agent")
AGENT_ANSWERS, AGENT_HANGS_UP = "answers", "hangs_up"
AGENT_ANSWERED = "agent_answered"
SIMULATED_AGENT = "simulator-agent"
MAX_POSITION = 1_000_000
MAX_EWT_S = 86_400


def is_queue_event(world: Mapping[str, Any]) -> bool:
    return len(world) == 1 and next(iter(world)) in QUEUE_EVENTS


def queue_figures(value: Any) -> dict[str, Any]:
    """`{position, ewt_s}` (either or both) checked; ValueError saying what is wrong."""
    if not isinstance(value, Mapping) or not value or not set(value) <= {"position", "ewt_s"}:
        raise ValueError("'queue' is {position, ewt_s} (either or both).")
    figures: dict[str, Any] = {}
    position = value.get("position")
    if position is not None:
        if isinstance(position, bool) or not isinstance(position, int) \
                or not 0 <= position <= MAX_POSITION:
            raise ValueError(f"'position' is a whole number 0-{MAX_POSITION}.")
        figures["position"] = position
    ewt_s = value.get("ewt_s")
    if ewt_s is not None:
        if isinstance(ewt_s, bool) or not isinstance(ewt_s, int | float) \
                or not 0 <= ewt_s <= MAX_EWT_S:
            raise ValueError(f"'ewt_s' is a number of seconds 0-{MAX_EWT_S}.")
        figures["ewt_s"] = ewt_s
    return figures


def apply_queue_figures(session: SimulatorSession, figures: Mapping[str, Any]) -> None:
    session.state = with_queue_status(dict(session.state), position=figures.get("position"),
                                      ewt_s=figures.get("ewt_s"))


def agent_event(session: SimulatorSession, value: Any) -> Event | None:
    """The event an agent's move sends (None for `answers`: nothing runs); 409 when the flow
    waits for no route or transfer, or the move does not fit."""
    if value not in (AGENT_ANSWERS, AGENT_HANGS_UP):
        raise ValueError(f"'agent' is '{AGENT_ANSWERS}' or '{AGENT_HANGS_UP}'.")
    waiting = session.waiting_for
    if waiting not in ("route", "transfer"):
        raise ApiError(409, f"An agent can only answer a route or a transfer; the flow is "
                       f"waiting for {waiting or 'nothing'}.", code="unexpected_event",
                       details={"waiting_for": waiting})
    block = str(session.state.get("block"))
    answered = (session.settings or {}).get(AGENT_ANSWERED)
    if value == AGENT_ANSWERS:
        if answered == block:
            raise ApiError(409, f"An agent has already answered at block '{block}'.",
                           code="unexpected_event")
        session.settings = {**session.settings, AGENT_ANSWERED: block}
        return None
    return talk_ended(session, "agent_hangup")


def talk_ended(session: SimulatorSession, status: str) -> Event:
    """The result the waiting route or transfer hears when the talk with the agent ends."""
    session.settings = {key: value for key, value in session.settings.items()
                        if key != AGENT_ANSWERED}
    if session.waiting_for == "transfer":
        return TransferResult(status)
    return RouteResult(status, agent=SIMULATED_AGENT)


def caller_event_with_agent(session: SimulatorSession, event: Event) -> Event:
    """The caller hanging up while talking with an agent ends a successful route."""
    if isinstance(event, Hangup) and (session.settings or {}).get(AGENT_ANSWERED):
        return talk_ended(session, "success")
    return event
