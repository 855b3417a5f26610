"""The `route` block's props that take either a fixed value or an expression.

A flow may fix a route's queue, skills and priority (`"priority": 5`) or compute them
(`"priority": "Customer.vip ? 90 : 10"`), so a VIP found by a CRM look-up gets priority in one
block. Old flows keep their fixed values unchanged; a string where a fixed value would be a
list, a number or an object is an expression. This module holds the fields (with their JSON
Schema) and turns evaluated values into the fixed shapes the `Route` effect carries.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

from interpreter.engine.errors import FlowRuntimeError
from interpreter.expressions import to_js_string, to_number
from interpreter.fields import MAX_EXPRESSION_LENGTH, Template

TARGET_TYPES = ("queue", "agent", "sip")
MAX_SKILLS = 50
MAX_SKILL_LENGTH = 64
MAX_PRIORITY = 100
MAX_SKILL_LEVEL = 10
SKILL_WITH_LEVEL = re.compile(r"^(?P<name>.+):(?P<level>[0-9]{1,2})$")
EXPRESSION_SCHEMA: dict[str, Any] = {"type": "string", "minLength": 1,
                                     "maxLength": MAX_EXPRESSION_LENGTH,
                                     "x-designer-kind": "expression"}


class TargetSchema(Schema):
    type = fields.String(load_default="queue", validate=validate.OneOf(TARGET_TYPES))
    value = Template(required=True)


TARGET_OBJECT_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["value"],
    "properties": {"type": {"enum": list(TARGET_TYPES)},
                   "value": {"type": "string", "maxLength": MAX_EXPRESSION_LENGTH,
                             "x-designer-kind": "template"}}}


def _expression(value: str) -> str:
    if not value.strip() or len(value) > MAX_EXPRESSION_LENGTH:
        raise ValidationError(f"An expression is 1 to {MAX_EXPRESSION_LENGTH} characters.")
    return value


class TargetField(fields.Field):
    """`{"type": "queue", "value": "sales"}`, or an expression giving a queue name or such an
    object."""

    def __init__(self, **kwargs: Any):
        schema = {"oneOf": [TARGET_OBJECT_SCHEMA, EXPRESSION_SCHEMA]}
        super().__init__(metadata={"json_schema": schema}, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            return _expression(value)
        if isinstance(value, dict):
            loaded: dict[str, Any] = TargetSchema().load(value)
            return loaded
        raise ValidationError("A target is an object {type, value} or an expression.")


class SkillsField(fields.Field):
    """A list of skill names (`"billing"`, or `"billing:3"` for at least level 3), or an
    expression giving such a list or an object of names and levels."""

    def __init__(self, **kwargs: Any):
        fixed = {"type": "array", "maxItems": MAX_SKILLS,
                 "items": {"type": "string", "minLength": 1, "maxLength": MAX_SKILL_LENGTH}}
        super().__init__(metadata={"json_schema": {"oneOf": [fixed, EXPRESSION_SCHEMA]}},
                         **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            return _expression(value)
        if not isinstance(value, list) or len(value) > MAX_SKILLS:
            raise ValidationError(f"Skills are a list of at most {MAX_SKILLS} names or an "
                                  "expression.")
        for skill in value:
            if not isinstance(skill, str) or not 1 <= len(skill) <= MAX_SKILL_LENGTH:
                raise ValidationError(f"A skill is a name of 1 to {MAX_SKILL_LENGTH} characters.")
        return list(value)


class PriorityField(fields.Field):
    """A whole number 0-100, or an expression giving one."""

    def __init__(self, **kwargs: Any):
        fixed = {"type": "integer", "minimum": 0, "maximum": MAX_PRIORITY}
        super().__init__(metadata={"json_schema": {"oneOf": [fixed, EXPRESSION_SCHEMA]}},
                         **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            return _expression(value)
        if isinstance(value, bool) or not isinstance(value, int | float) or (
                isinstance(value, float) and not value.is_integer()):
            raise ValidationError("A priority is a whole number or an expression.")
        if not 0 <= value <= MAX_PRIORITY:
            raise ValidationError(f"A priority is 0 to {MAX_PRIORITY}.")
        return int(value)


def route_error(message: str) -> FlowRuntimeError:
    return FlowRuntimeError("RouteError", message)


def evaluated_priority(value: Any) -> int:
    """An expression's priority as a whole number 0-100 (rounded and clamped)."""
    number = to_number(value)
    if math.isnan(number):
        raise route_error(f"the route priority '{to_js_string(value)}' is not a number")
    return int(min(MAX_PRIORITY, max(0, round(number))))


def evaluated_skills(value: Any) -> tuple[str, ...]:
    """An expression's skills as `name` / `name:level` strings."""
    if isinstance(value, Mapping):
        pairs = [(str(name), value[name]) for name in value]
        skills = [f"{name}:{evaluated_level(name, level)}" for name, level in pairs]
    elif isinstance(value, list | tuple):
        skills = [to_js_string(item) for item in value]
    elif isinstance(value, str):
        skills = [part.strip() for part in value.split(",") if part.strip()]
    else:
        raise route_error("route skills are a list of names or an object of names and levels")
    if len(skills) > MAX_SKILLS or any(not 1 <= len(s) <= MAX_SKILL_LENGTH for s in skills):
        raise route_error(f"route skills are at most {MAX_SKILLS} names of 1 to "
                          f"{MAX_SKILL_LENGTH} characters")
    return tuple(skills)


def evaluated_level(name: str, level: Any) -> int:
    number = to_number(level)
    if math.isnan(number):
        raise route_error(f"the level of skill '{name}' is not a number")
    return int(min(MAX_SKILL_LEVEL, max(1, round(number))))


def evaluated_target(value: Any) -> tuple[str, str]:
    """An expression's target as (type, value): a string is a queue name."""
    if isinstance(value, Mapping):
        kind = to_js_string(value.get("type", "queue"))
        if kind not in TARGET_TYPES:
            raise route_error(f"the route target type '{kind}' is not one of "
                              f"{', '.join(TARGET_TYPES)}")
        return kind, to_js_string(value.get("value", "")).strip()
    return "queue", to_js_string(value).strip()


def skill_requirement(skill: str) -> tuple[str, int]:
    """`"billing:3"` -> ("billing", 3); a plain name needs level 1."""
    found = SKILL_WITH_LEVEL.match(skill)
    if found is None:
        return skill, 1
    return found["name"], max(1, min(MAX_SKILL_LEVEL, int(found["level"])))
