"""The `designer` command: validate, run, test flows; print the schema; serve the Designer."""

from __future__ import annotations

import click

from designer_ui.cli.analytics import analytics_group
from designer_ui.cli.microapp import microapp_group, store_command
from designer_ui.cli.retention import retention_group
from designer_ui.cli.runtime import runtime_command
from designer_ui.cli.schema import schema_command
from designer_ui.cli.serve import serve_command
from designer_ui.cli.simulate import run_command
from designer_ui.cli.test import test_command
from designer_ui.cli.user import user_group
from designer_ui.cli.validate import validate_command
from designer_ui.cli.voice import voice_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="contact-flow-designer", prog_name="designer")
def main() -> None:
    """Design, test and run contact-center call and chat flows."""


main.add_command(validate_command)
main.add_command(run_command)
main.add_command(test_command)
main.add_command(schema_command)
main.add_command(serve_command)
main.add_command(runtime_command)
main.add_command(user_group)
main.add_command(analytics_group)
main.add_command(retention_group)
main.add_command(microapp_group)
main.add_command(voice_command)
main.add_command(store_command)
