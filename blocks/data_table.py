"""`data_table`: look a row up by key in a Business Controls data table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, fields, validate

from interpreter.blocktype import BlockType, EditorInfo, FieldInfo, Outcome
from interpreter.compiler import BlockCompiler
from interpreter.engine.run import BlockRun
from interpreter.expressions import UNDEFINED, to_js_string
from interpreter.fields import Expression, identifier


class DataTableProps(Schema):
    table = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$"))
    key = Expression(required=True)
    columns = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=64)),
                          values=identifier(), load_default=dict)


class DataTable(BlockType):
    name = "data_table"
    editor = EditorInfo("Data table lookup", "Data", "table",
                        "Finds the row whose key equals the expression in a data table "
                        "(Business Controls) and copies the chosen columns into variables; "
                        "'notfound' when there is no such row.", color="#7f5f9f")
    props_schema = DataTableProps
    editor_fields = (
        FieldInfo("table", "Data table", "The Business Controls data table to look in.",
                  summary=True),
        FieldInfo("key", "Key", "An expression giving the row to look up."),
        FieldInfo("columns", "Columns to variables", "Column name and the variable it is "
                  "copied into."),
    )
    static_ports = ("next", "notfound")

    def resources(self, props: Mapping[str, Any]) -> list[tuple[str, str, str]]:
        return [("table", "data_table", props["table"])]

    def compile(self, props: dict[str, Any], compiler: BlockCompiler) -> Any:
        return {**props, "key": compiler.expression("key", props["key"])}

    def written_variables(self, props: Any) -> list[tuple[str, str]]:
        return [(f"columns.{column}", variable) for column, variable in props["columns"].items()]

    def enter(self, run: BlockRun, props: Any) -> Outcome:
        key = to_js_string(run.eval(props["key"]))
        row = run.host.table_row(props["table"], key)
        if row is None:
            return "notfound"
        for column, variable in props["columns"].items():
            value = row.get(column, UNDEFINED)
            is_int = isinstance(value, int) and not isinstance(value, bool)
            run.set(variable, float(value) if is_int else value,
                    secure=run.reads_secret(props["key"]))
        return "next"
