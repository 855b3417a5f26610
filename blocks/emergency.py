"""`emergency`: branch on an emergency flag a business user can switch at any moment."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from interpreter.blocktype import BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.engine.run import BlockRun


class EmergencyProps(Schema):
    flag = fields.String(required=True,
                         validate=validate.Regexp(r"^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}$"))


class Emergency(BlockType):
    name = "emergency"
    editor = EditorInfo("Emergency", "Business controls", "alert-triangle",
                        "Takes 'on' while the named emergency flag is switched on in Business "
                        "Controls (a storm, an outage), otherwise 'off'.", color="#9f7f3f")
    props_schema = EmergencyProps
    editor_fields = (
        FieldInfo("flag", "Emergency flag", "The Business Controls flag to check: 'on' or "
                  "'off'.", summary=True),
    )
    phases = frozenset({"initialize", "self_service", "assisted_service"})
    static_ports = ("on", "off")

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        return "on" if run.host.emergency_flag(props["flag"]) else "off"
