"""`business_hours`: branch on whether the contact center is open, closed or on a holiday."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from interpreter.blocktype import BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.business_calendar import (
    ScheduleError,
    business_status,
    parse_schedule,
    parse_special_days,
)
from interpreter.compiler import BlockCompiler
from interpreter.engine.errors import FlowRuntimeError
from interpreter.engine.run import BlockRun
from interpreter.fields import JSONValue


class BusinessHoursProps(Schema):
    hours = fields.String(load_default=None, allow_none=True,
                          validate=validate.Regexp(r"^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}$"))
    schedule = fields.Dict(keys=fields.String(), values=JSONValue(), load_default=None,
                           allow_none=True)
    special_days = fields.List(JSONValue(), load_default=list)
    timezone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))

    @validates_schema
    def _one_source(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data.get("hours") is None) == (data.get("schedule") is None):
            raise ValidationError("Give either 'hours' (a Business Hours name) or an inline "
                                  "'schedule', not both.", "hours")


class BusinessHours(BlockType):
    name = "business_hours"
    editor = EditorInfo("Business hours", "Business controls", "clock",
                        "Checks the current time against business hours and special days: "
                        "'open', 'closed' or 'holiday'.", color="#9f7f3f")
    props_schema = BusinessHoursProps
    editor_fields = (
        FieldInfo("hours", "Business hours", "The named Business Hours to check (or give a "
                  "schedule below).", summary=True),
        FieldInfo("schedule", "Weekly schedule", "Opening hours per day, for this block only.",
                  widget="weekly_schedule"),
        FieldInfo("special_days", "Special days", "Holidays and days with their own hours."),
        FieldInfo("timezone", "Time zone", "The business's time zone; overrides the "
                  "schedule's own.", widget="timezone"),
    )
    phases = frozenset({"initialize", "self_service", "assisted_service"})
    static_ports = ("open", "closed", "holiday")

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        compiled = dict(props)
        if props["schedule"] is not None:
            try:
                compiled["parsed"] = (parse_schedule(props["schedule"]),
                                      parse_special_days(props["special_days"]))
            except ScheduleError as exc:
                compiler.problem("schedule", str(exc))
        return compiled

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        parsed = props.get("parsed")
        if parsed is None and props["hours"] is not None:
            resource = run.host.business_hours(props["hours"])
            try:
                parsed = (parse_schedule(resource.schedule),
                          parse_special_days(resource.special_days))
            except ScheduleError as exc:
                raise FlowRuntimeError("ResourceError", f"business hours '{props['hours']}': "
                                       f"{exc}") from None
        if parsed is None:
            raise FlowRuntimeError("ResourceError", "no schedule to check")
        schedule, special_days = parsed
        return business_status(schedule, special_days, run.host.now(), props["timezone"])
