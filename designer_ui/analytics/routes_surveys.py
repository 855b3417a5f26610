"""`GET /api/v1/analytics/surveys`: survey results per question, JSON or CSV."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from designer_ui.analytics import surveys
from designer_ui.analytics.blueprint import blueprint, connection, filters_from, readers, respond
from designer_ui.analytics.query_args import AnalyticsQuery
from designer_ui.analytics.schemas import AnalyticsRangeOut
from designer_ui.api.docs import documented


class AnalyticsSurveysQuery(AnalyticsQuery):
    queue = fields.String(load_default=None, validate=validate.Length(min=1, max=100))
    agent = fields.String(load_default=None, validate=validate.Length(min=1, max=100))
    survey = fields.String(load_default=None, validate=validate.Length(min=1, max=64))
    group_by = fields.String(load_default=None, validate=validate.OneOf(surveys.GROUPS),
                             metadata={"description": "Figures per queue, agent, flow or day "
                                                      "(UTC)."})


class SurveyQuestionOut(Schema):
    survey = fields.String(required=True)
    question = fields.String(required=True)
    type = fields.String(required=True, metadata={"description": "scale, yes_no or text"})
    scale = fields.Integer(allow_none=True)
    group = fields.String(allow_none=True)
    responses = fields.Integer(required=True)
    average = fields.Float(allow_none=True, metadata={"description": "Scale: mean answer; "
                                                                     "yes/no: share of yes."})
    distribution = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    latest = fields.List(fields.String(), metadata={"description": "Text questions: the "
                                                                   "newest answers."})


class AnalyticsSurveysOut(Schema):
    range = fields.Nested(AnalyticsRangeOut, required=True)
    queue = fields.String(allow_none=True)
    agent = fields.String(allow_none=True)
    survey = fields.String(allow_none=True)
    group_by = fields.String(allow_none=True)
    truncated = fields.Boolean(required=True)
    questions = fields.List(fields.Nested(SurveyQuestionOut), required=True)


@blueprint.get("/analytics/surveys")
@readers
@documented("Survey results per question: responses, average and distribution of answers, "
            "filtered by queue, agent, flow and period, optionally grouped",
            query=AnalyticsSurveysQuery, response=AnalyticsSurveysOut,
            description="Add `format=csv` for CSV.")
def surveys_view() -> Any:
    filters, args = filters_from(AnalyticsSurveysQuery())
    with connection() as conn:
        body = surveys.survey_figures(conn, filters, queue=args.get("queue"),
                                      agent=args.get("agent"), survey=args.get("survey"),
                                      group_by=args.get("group_by"))
    return respond(args, body, surveys.CSV_COLUMNS, surveys.csv_rows, "analytics-surveys.csv")
