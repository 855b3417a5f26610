"""The Surveys view's figures: per survey question, responses, average and the distribution of
answers, optionally grouped by queue, agent, flow or day, from `survey_results`.

Scale and yes/no answers are counted per answer value in SQL (at most 11 values a question);
free-text questions count responses and list the latest few answers. Grouping by agent or day
could yield many rows, so a result stops at `MAX_ROWS` aggregated rows and says so.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from designer_ui.analytics.filters import Filters, iso
from designer_ui.analytics.tables import TABLES

GROUPS = ("queue", "agent", "flow", "day")
MAX_ROWS = 10_000
"""Aggregated rows one response may hold (questions by answer values by groups)."""
LATEST_TEXTS = 20
"""Free-text answers listed per question (the newest)."""


def _group_column(group_by: str | None) -> sa.ColumnElement[Any] | None:
    results = TABLES.survey_results
    if group_by == "queue":
        return results.c.queue
    if group_by == "agent":
        return results.c.agent
    if group_by == "flow":
        return results.c.flow_id
    if group_by == "day":
        return sa.cast(sa.func.floor(results.c.ts / 86400), sa.BigInteger)
    return None


def _conditions(filters: Filters, queue: str | None, agent: str | None,
                survey: str | None) -> list[sa.ColumnElement[bool]]:
    results = TABLES.survey_results
    found = [results.c.ts >= filters.start, results.c.ts < filters.end,
             results.c.dim_id.in_(filters.dimension_ids())]
    for column, value in ((results.c.queue, queue), (results.c.agent, agent),
                          (results.c.survey, survey)):
        if value is not None:
            found.append(column == value)
    return found


def _group_value(group_by: str | None, value: Any) -> Any:
    if group_by == "day" and value is not None:
        return (iso(int(value) * 86400) or "")[:10]
    return value


def survey_figures(conn: sa.Connection, filters: Filters, *, queue: str | None = None,
                   agent: str | None = None, survey: str | None = None,
                   group_by: str | None = None) -> dict[str, Any]:
    results = TABLES.survey_results
    group = _group_column(group_by)
    keys: list[sa.ColumnElement[Any]] = [results.c.survey, results.c.question, results.c.type,
                                         results.c.scale]
    if group is not None:
        keys.append(group.label("grp"))
    where = _conditions(filters, queue, agent, survey)
    query = (sa.select(*keys, results.c.score, sa.func.count().label("n"))
             .where(*where).group_by(*keys, results.c.score)
             .order_by(*keys, results.c.score).limit(MAX_ROWS + 1))
    rows = list(conn.execute(query))
    truncated = len(rows) > MAX_ROWS
    questions: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows[:MAX_ROWS]:
        grp = _group_value(group_by, row.grp) if group is not None else None
        key = (row.survey, row.question, grp)
        entry = questions.get(key)
        if entry is None:
            entry = questions[key] = _empty(row.survey, row.question, row.type, row.scale,
                                            group_by, grp)
        entry["responses"] += row.n
        if row.score is not None:
            entry["_sum"] += row.score * row.n
            entry["_scored"] += row.n
            label = _answer_label(row.type, row.score)
            entry["distribution"][label] = entry["distribution"].get(label, 0) + row.n
    for entry in questions.values():
        scored = entry.pop("_scored")
        total = entry.pop("_sum")
        entry["average"] = round(total / scored, 4) if scored else None
        if entry["type"] == "text":
            entry["latest"] = _latest_texts(conn, where, entry["survey"], entry["question"])
    return {"range": filters.describe(), "queue": queue, "agent": agent, "survey": survey,
            "group_by": group_by, "truncated": truncated, "questions": list(questions.values())}


def _empty(survey: str, question: str, kind: str, scale: int | None, group_by: str | None,
           grp: Any) -> dict[str, Any]:
    distribution: dict[str, int] = {}
    if kind == "scale" and scale:
        distribution = {str(n): 0 for n in range(1, scale + 1)}
    elif kind == "yes_no":
        distribution = {"yes": 0, "no": 0}
    entry: dict[str, Any] = {"survey": survey, "question": question, "type": kind,
                             "scale": scale, "responses": 0, "distribution": distribution,
                             "_sum": 0.0, "_scored": 0}
    if group_by:
        entry["group"] = grp
    return entry


def _answer_label(kind: str, score: float) -> str:
    if kind == "yes_no":
        return "yes" if score >= 1 else "no"
    return str(int(score)) if float(score).is_integer() else str(score)


def _latest_texts(conn: sa.Connection, where: list[sa.ColumnElement[bool]], survey: str,
                  question: str) -> list[str]:
    results = TABLES.survey_results
    query = (sa.select(results.c.answer)
             .where(*where, results.c.survey == survey, results.c.question == question)
             .order_by(results.c.ts.desc()).limit(LATEST_TEXTS))
    return [row.answer for row in conn.execute(query) if row.answer]


def csv_rows(body: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per question (and group): the distribution as `answer=count` pairs."""
    return [{**{key: entry.get(key) for key in ("group", "survey", "question", "type",
                                                "scale", "responses", "average")},
             "distribution": " ".join(f"{answer}={count}"
                                      for answer, count in entry["distribution"].items())}
            for entry in body["questions"]]


CSV_COLUMNS = ("group", "survey", "question", "type", "scale", "responses", "average",
               "distribution")
