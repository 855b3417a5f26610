"""`terminate`: end the interaction (hang up / close the chat); finalize still runs."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from interpreter.blocktype import BlockType, EditorInfo, FieldInfo, Outcome, Terminate
from interpreter.engine.run import BlockRun


class TerminateProps(Schema):
    reason = fields.String(load_default="terminate", validate=validate.Length(min=1, max=100))


class TerminateBlock(BlockType):
    name = "terminate"
    editor = EditorInfo("Terminate", "Flow control", "phone-off",
                        "Ends the call or chat. The finalize phase runs afterwards.",
                        color="#8f4f4f")
    props_schema = TerminateProps
    editor_fields = (
        FieldInfo("reason", "Reason", "Recorded in analytics as why the interaction ended.",
                  summary=True),
    )
    static_ports = ()

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        return Terminate(props["reason"])
