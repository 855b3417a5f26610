"""Callback settings: defaults, then the process environment, then the app's config.

Every limit here is listed in docs/security.md; each is a config key of the same name and an
environment variable of the same name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from runtime.callbacks import NumberRules

DEFAULTS: dict[str, Any] = {
    "CALLBACK_NUMBER_RULES": {},
    "CALLBACK_CALLER_ID": "",
    "CALLBACK_BOOKING_DAYS": 30,
    "CALLBACK_AVAILABILITY_MAX_DAYS": 14,
    "CALLBACK_EXPIRE_MINUTES": 120,
    "CALLBACK_DATA_MAX_BYTES": 8192,
    "CALLBACK_LIST_MAX": 500,
    "CALLBACK_NEXT_FREE_SLOTS": 5,
    "CALLBACK_REPORT_MAX_DAYS": 92,
}


def _value(config: Mapping[str, Any], key: str) -> Any:
    if key in config:
        return config[key]
    text = os.environ.get(key)
    if text is None:
        return DEFAULTS[key]
    if isinstance(DEFAULTS[key], int):
        return int(text)
    if isinstance(DEFAULTS[key], dict):
        return json.loads(text)
    return text


@dataclass(frozen=True)
class CallbackSettings:
    number_rules: dict[str, NumberRules] = field(default_factory=dict)
    caller_ids: dict[str, str] = field(default_factory=dict)
    """Environment -> the caller id outbound callbacks present ("*": every other one)."""
    booking_days: int = 30
    availability_max_days: int = 14
    expire_minutes: int = 120
    data_max_bytes: int = 8192
    list_max: int = 500
    next_free_slots: int = 5
    report_max_days: int = 92

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None = None) -> CallbackSettings:
        config = config or {}
        rules = _value(config, "CALLBACK_NUMBER_RULES") or {}
        if not isinstance(rules, Mapping):
            raise ValueError("CALLBACK_NUMBER_RULES maps environments to {allow, deny}")
        caller = _value(config, "CALLBACK_CALLER_ID")
        if isinstance(caller, str) and caller.strip().startswith("{"):
            caller = json.loads(caller)
        caller_ids = dict(caller) if isinstance(caller, Mapping) else {"*": str(caller or "")}
        return cls(number_rules={env: NumberRules.from_json(spec) for env, spec in rules.items()},
                   caller_ids={str(env): str(number) for env, number in caller_ids.items()},
                   booking_days=int(_value(config, "CALLBACK_BOOKING_DAYS")),
                   availability_max_days=int(_value(config, "CALLBACK_AVAILABILITY_MAX_DAYS")),
                   expire_minutes=int(_value(config, "CALLBACK_EXPIRE_MINUTES")),
                   data_max_bytes=int(_value(config, "CALLBACK_DATA_MAX_BYTES")),
                   list_max=int(_value(config, "CALLBACK_LIST_MAX")),
                   next_free_slots=int(_value(config, "CALLBACK_NEXT_FREE_SLOTS")),
                   report_max_days=int(_value(config, "CALLBACK_REPORT_MAX_DAYS")))

    def rules_for(self, environment: str) -> NumberRules:
        return self.number_rules.get(environment) or self.number_rules.get("*") or NumberRules()

    def caller_id_for(self, environment: str) -> str:
        return self.caller_ids.get(environment) or self.caller_ids.get("*", "")
