"""`designer schema`: print the published JSON Schema of flow documents."""

from __future__ import annotations

import json

import click

from blocks import shared_registry
from interpreter.schema_export import document_schema, schema_to_json_schema


def full_document_schema() -> dict[str, object]:
    registry = shared_registry()
    props = {block_type.name: schema_to_json_schema(block_type.props_schema)
             for block_type in registry}
    return document_schema(props)


@click.command("schema")
@click.option("--blocks/--no-blocks", default=True,
              help="Include every block type's props schema (default) or only the structure.")
def schema_command(blocks: bool) -> None:
    """Print the JSON Schema of flow documents (format version 1)."""
    schema = full_document_schema() if blocks else document_schema()
    click.echo(json.dumps(schema, indent=2, sort_keys=False))
