"""`milestone`: mark that a session reached a business step, for analytics and tests."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from interpreter.blocktype import BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.engine.effects import Milestone as MilestoneEffect
from interpreter.engine.run import BlockRun


class MilestoneProps(Schema):
    name = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,99}$", error="A milestone name uses letters, digits, "
                                                     "spaces and _ . -"))


class Milestone(BlockType):
    name = "milestone"
    editor = EditorInfo("Milestone", "Reporting", "flag",
                        "Records that the caller reached this point; milestones appear in "
                        "analytics funnels and flow tests.", color="#6d8f4f")
    props_schema = MilestoneProps
    editor_fields = (
        FieldInfo("name", "Milestone name", "The name analytics counts when a call passes here.",
                  summary=True),
    )

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        run.emit(MilestoneEffect(run.block_id, props["name"]))
        run.record("milestone", {"name": props["name"]})
        return "next"
