"""The queues and agents API (`/api/v1/queues`, `/api/v1/agents`).

Who may do what: admins and business users manage queues and agents' profiles (queues are
business configuration, like hours and data tables); developers and agents may read queues and
their figures; an agent changes their own state and answers their own offers (admins and
business users may change any agent's state, e.g. to log out one who left).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify

from designer_ui.api.docs import documented
from designer_ui.api.http import created, json_body, no_content, query_args
from designer_ui.chat.service import chat_service
from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models.base import utcnow
from designer_ui.models.environments import ENVIRONMENTS, EntryPoint
from designer_ui.models.queues import Interaction, Queue
from designer_ui.models.routing import bump_routing_revision
from designer_ui.models.users import User
from designer_ui.queues import agents, figures, voice_desk
from designer_ui.queues.schemas import (
    AgentOut,
    AgentProfileIn,
    AgentStateIn,
    IntervalOut,
    IntervalsQuery,
    QueueIn,
    QueueOut,
    QueueUpdate,
    RealtimeOut,
)
from designer_ui.queues.wake import wake_distributor
from designer_ui.security import current_user, requires
from designer_ui.services import audit
from runtime.chat.errors import ChatStateError
from runtime.sessions.errors import SessionNotFoundError

blueprint = Blueprint("queues", __name__)
MANAGERS = ("business",)
READERS = ("business", "developer", "agent")
MAX_INTERVAL_DAYS = 7


def _queue(queue_id: int) -> Queue:
    queue = db.session.get(Queue, queue_id)
    if queue is None:
        raise ApiError(404, f"There is no queue {queue_id}.", code="not_found")
    return queue


def _apply(queue: Queue, data: dict[str, Any]) -> None:
    simple = ("name", "description", "channels", "skills", "in_queue_flows", "max_wait_seconds",
              "at_max_wait", "hours", "rona_seconds", "wrap_up_seconds")
    for key in simple:
        if key in data:
            setattr(queue, key, data[key])
    if "service_level" in data:
        queue.sl_percent = data["service_level"]["percent"]
        queue.sl_seconds = data["service_level"]["seconds"]


def _name_free(name: str, queue_id: int | None = None) -> None:
    found = db.session.execute(sa.select(Queue.id).where(Queue.name == name)).scalar()
    if found is not None and found != queue_id:
        raise ApiError(409, f"There is already a queue '{name}'.", code="exists")


@blueprint.get("/queues")
@requires(*READERS)
@documented("List queues", response=QueueOut, many=True)
def list_queues() -> Any:
    queues = db.session.execute(sa.select(Queue).order_by(Queue.name)).scalars()
    return jsonify([q.to_dict() for q in queues])


@blueprint.post("/queues")
@requires(*MANAGERS)
@documented("Create a queue", body=QueueIn, response=QueueOut, status=201, errors=(409,))
def create_queue() -> Any:
    data = json_body(QueueIn())
    _name_free(data["name"])
    queue = Queue()
    _apply(queue, data)
    db.session.add(queue)
    db.session.flush()
    audit.record("queue.create", f"queue:{queue.name}")
    db.session.commit()
    return created(queue.to_dict(), f"/api/v1/queues/{queue.id}")


@blueprint.get("/queues/<int:queue_id>")
@requires(*READERS)
@documented("A queue", response=QueueOut, errors=(404,))
def get_queue(queue_id: int) -> Any:
    return jsonify(_queue(queue_id).to_dict())


@blueprint.patch("/queues/<int:queue_id>")
@requires(*MANAGERS)
@documented("Change a queue", body=QueueUpdate, response=QueueOut, errors=(404, 409))
def update_queue(queue_id: int) -> Any:
    queue = _queue(queue_id)
    data = json_body(QueueUpdate(partial=True))
    renamed = "name" in data and data["name"] != queue.name
    if "name" in data:
        _name_free(data["name"], queue.id)
    _apply(queue, data)
    audit.record("queue.update", f"queue:{queue.name}", fields=sorted(data))
    if renamed and db.session.execute(sa.select(EntryPoint.id).where(
            EntryPoint.queue_id == queue.id).limit(1)).first() is not None:
        # entry points that lead into it now name it differently: workers look them up again
        bump_routing_revision(db.session.connection())
    db.session.commit()
    return jsonify(queue.to_dict())


@blueprint.delete("/queues/<int:queue_id>")
@requires(*MANAGERS)
@documented("Delete a queue", status=204, errors=(404, 409),
            description="409 while interactions wait in it or are with its agents, or entry "
                        "points lead straight into it.")
def delete_queue(queue_id: int) -> Any:
    queue = _queue(queue_id)
    busy = db.session.execute(sa.select(sa.func.count()).select_from(Interaction).where(
        Interaction.queue_id == queue.id, Interaction.active_key.is_not(None))).scalar()
    if busy:
        raise ApiError(409, f"{busy} interaction(s) are still in this queue.", code="in_use")
    entries = db.session.execute(sa.select(EntryPoint.address).where(
        EntryPoint.queue_id == queue.id).order_by(EntryPoint.address)).scalars().all()
    if entries:
        raise ApiError(409, f"Entry point(s) {', '.join(entries)} lead straight into this "
                       "queue; point them elsewhere first.", code="in_use")
    audit.record("queue.delete", f"queue:{queue.name}")
    db.session.delete(queue)
    db.session.commit()
    return no_content()


@blueprint.get("/queues/<int:queue_id>/realtime")
@requires(*READERS)
@documented("A queue's real-time figures", response=RealtimeOut, errors=(404,))
def queue_realtime(queue_id: int) -> Any:
    return jsonify(figures.realtime(db.session, _queue(queue_id), utcnow()))


@blueprint.get("/queues/<int:queue_id>/intervals")
@requires(*READERS)
@documented("A queue's figures per interval", query=IntervalsQuery, response=IntervalOut,
            many=True, errors=(400, 404),
            description=f"At most {MAX_INTERVAL_DAYS} days and {figures.MAX_BUCKETS} buckets.")
def queue_intervals(queue_id: int) -> Any:
    queue = _queue(queue_id)
    wanted = query_args(IntervalsQuery())
    start, end = wanted["start"], wanted["end"]
    if not start < end <= start + timedelta(days=MAX_INTERVAL_DAYS):
        raise ApiError(400, f"'end' is after 'start' and at most {MAX_INTERVAL_DAYS} days "
                            "later.", code="invalid_query")
    if (end - start).total_seconds() / wanted["size"] > figures.MAX_BUCKETS:
        raise ApiError(400, f"At most {figures.MAX_BUCKETS} intervals; choose a larger size.",
                       code="invalid_query")
    return jsonify(figures.intervals(db.session, queue, start, end, wanted["size"]))


# -- agents ----------------------------------------------------------------------------------

def _agent_dict(user: User) -> dict[str, Any]:
    profile = agents.profile_of(db.session, user)
    offers = agents.offers_for(db.session, user.id)
    return {"id": user.id, "username": user.username,
            "display_name": user.display_name or user.username, "skills": dict(profile.skills),
            "channels": list(profile.channels), "capacity": dict(profile.capacity),
            "environments": list(profile.environments), **profile.state_dict(),
            "offers": [agents.offer_dict(db.session, row) for row in offers]}


def _agent_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.active or "agent" not in user.roles:
        raise ApiError(404, f"There is no agent {user_id}.", code="not_found")
    return user


@blueprint.get("/agents")
@requires(*MANAGERS)
@documented("Agents with their profiles and states", response=AgentOut, many=True)
def list_agents() -> Any:
    users = db.session.execute(sa.select(User).where(User.active.is_(True))
                               .order_by(User.username)).scalars()
    result = [_agent_dict(user) for user in users if "agent" in user.roles]
    db.session.commit()
    return jsonify(result)


@blueprint.get("/agents/me")
@requires("agent")
@documented("This agent: profile, state and the offers waiting for them", response=AgentOut)
def my_agent() -> Any:
    result = _agent_dict(current_user())
    db.session.commit()
    return jsonify(result)


@blueprint.put("/agents/<int:user_id>/state")
@requires("agent", *MANAGERS)
@documented("Change an agent's state", body=AgentStateIn, response=AgentOut,
            errors=(400, 403, 404),
            description="Agents change their own; admins and business users anyone's. "
                        "`busy` is set by the distributor.")
def change_state(user_id: int) -> Any:
    me = current_user()
    if user_id != me.id and not me.has_role(*MANAGERS):
        raise ApiError(403, "Agents change only their own state.", code="not_yours")
    user = _agent_user(user_id)
    data = json_body(AgentStateIn())
    agents.set_state(db.session, user, data["state"], data["reason"])
    db.session.commit()
    if data["state"] == "ready":
        wake_distributor(current_app)  # offer the oldest waiting interaction now
    return jsonify(_agent_dict(user))


@blueprint.put("/agents/<int:user_id>/profile")
@requires(*MANAGERS)
@documented("Set an agent's skills, channels, capacity and environments", body=AgentProfileIn,
            response=AgentOut, errors=(400, 404))
def change_profile(user_id: int) -> Any:
    user = _agent_user(user_id)
    data = json_body(AgentProfileIn())
    profile = agents.profile_of(db.session, user)
    if "environments" in data:
        data["environments"] = sorted(set(data["environments"]), key=ENVIRONMENTS.index)
    for key in ("skills", "channels", "capacity", "environments"):
        if key in data:
            setattr(profile, key, data[key])
    audit.record("agent.profile", f"user:{user.username}", fields=sorted(data))
    db.session.commit()
    return jsonify(_agent_dict(user))


def _chat_handover(interaction: Interaction, user: User) -> None:
    if interaction.channel == "voice":  # the caller's worker reads the acceptance and dials
        voice_desk.hand_to_agent(interaction)
        return
    if interaction.channel != "chat":
        raise ApiError(409, f"{interaction.channel} interactions are answered on their own "
                            "channel (softphone).", code="wrong_channel")
    try:
        chat_service(current_app).host.accept(interaction.session_id, agent=user.username,
                                              name=user.display_name or user.username)
    except (ChatStateError, SessionNotFoundError):
        raise ApiError(409, "The customer is no longer waiting.", code="customer_left") from None


@blueprint.post("/agents/me/offers/<int:interaction_id>/accept")
@requires("agent")
@documented("Accept an offer", response=AgentOut, errors=(404, 409),
            description="409 when the offer rang out (RONA), was withdrawn or the customer "
                        "left.")
def accept(interaction_id: int) -> Any:
    user = current_user()
    agents.accept_offer(db.session, interaction_id, user, _chat_handover)
    return jsonify(_agent_dict(user))


@blueprint.post("/agents/me/offers/<int:interaction_id>/decline")
@requires("agent")
@documented("Decline an offer: it goes to the next agent", response=AgentOut, errors=(409,))
def decline(interaction_id: int) -> Any:
    user = current_user()
    agents.decline_offer(db.session, interaction_id, user)
    return jsonify(_agent_dict(user))
