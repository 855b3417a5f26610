"""Bounds on what one user's simulations may cost: sessions kept, steps per request, history.

Any signed-in user may simulate, so a huge or looping flow must not let one of them fill the
database or keep a worker busy. Each bound is an app config key (env `DESIGNER_<KEY>`):

| key | meaning | default |
|---|---|---|
| `SIMULATOR_MAX_SESSIONS_PER_USER` | sessions kept per user; starting one more evicts the oldest | 5 |
| `SIMULATOR_STEP_BUDGET` | blocks one request may run, mocks' automatic answers included | 5000 |
| `SIMULATOR_HISTORY_ENTRIES` | transcript entries and trace blocks kept per session | 500 |
| `SIMULATOR_HISTORY_MAX_BYTES` | JSON size of transcript and trace kept per session | 524288 |
| `SIMULATOR_STATE_MAX_BYTES` | JSON size of the engine state kept per session | 4194304 |

History is trimmed from the oldest end; a trimmed session says so (`history_trimmed`), and
can no longer be turned into a test case, since its beginning is gone.

The engine already bounds what a session stores (`FLOW_MAX_VALUE_SIZE`, `FLOW_MAX_STATE_SIZE`,
runtime/turn_budget.py): a flow storing more takes the block's error port. Those count
elements and characters; the state's JSON text is a small multiple of that, so the byte
limit here is a last guard: a step whose state is larger is refused (422 `state_too_large`)
and nothing of it is stored.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app

from designer_ui.errors import ApiError
from designer_ui.extensions import db
from designer_ui.models import SimulatorSession, User
from runtime.sessions.codec import dump_json, load_json

TRIMMED = "history_trimmed"
DEFAULT_STATE_MAX_BYTES = 4 * 1024 * 1024


def _config(key: str) -> int:
    return int(current_app.config[key])


def step_budget() -> int:
    return _config("SIMULATOR_STEP_BUDGET")


def saved_state(state: dict[str, Any]) -> Any:
    """`state` as the database gives it back, refused (422) when its JSON is over
    `SIMULATOR_STATE_MAX_BYTES`; UnsavableValueError when it is not plain JSON."""
    text = dump_json(state)
    limit = int(current_app.config.get("SIMULATOR_STATE_MAX_BYTES", DEFAULT_STATE_MAX_BYTES))
    if len(text) > limit:  # ASCII: dump_json escapes everything else
        raise ApiError(422, f"The flow cannot go on: its session state would take "
                       f"{len(text):,} bytes, more than the {limit:,} a simulation may keep.",
                       code="state_too_large", details={"bytes": len(text), "limit": limit})
    return load_json(text)


def make_room(user: User) -> None:
    """Delete the user's oldest sessions so that one more fits under the per-user cap."""
    keep = max(_config("SIMULATOR_MAX_SESSIONS_PER_USER") - 1, 0)
    older = db.session.scalars(
        db.select(SimulatorSession.id).where(SimulatorSession.owner_id == user.id)
        .order_by(SimulatorSession.updated_at.desc(), SimulatorSession.created_at.desc())
        .offset(keep)).all()
    if older:
        db.session.execute(db.delete(SimulatorSession).where(SimulatorSession.id.in_(older)))


def trimmed_history(transcript: list[Any], trace: list[str],
                    settings: dict[str, Any]) -> tuple[list[Any], list[str], dict[str, Any]]:
    """Transcript and trace cut to the configured count and size, newest kept; `settings`
    records whether anything was cut."""
    entries = _config("SIMULATOR_HISTORY_ENTRIES")
    max_bytes = _config("SIMULATOR_HISTORY_MAX_BYTES")
    cut = len(transcript) > entries or len(trace) > entries
    transcript, trace = transcript[-entries:], trace[-entries:]
    sizes = [_size(entry) for entry in transcript]
    total = sum(sizes) + _size(trace)
    drop = 0
    while total > max_bytes and drop < len(transcript):
        total -= sizes[drop]
        drop += 1
    while total > max_bytes and trace:
        total -= _size(trace[0]) + 1
        trace = trace[1:]
        cut = True
    if drop:
        transcript, cut = transcript[drop:], True
    if cut:
        settings = {**settings, TRIMMED: True}
    return transcript, trace, settings


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")).encode("utf-8"))
