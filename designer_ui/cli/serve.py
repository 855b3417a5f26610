"""`designer serve`: the Designer, REST API and chat runtime in one process."""

from __future__ import annotations

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8080, show_default=True, type=int)
@click.option("--examples/--no-examples", default=False, help="Load the example flows.")
def serve_command(host: str, port: int, examples: bool) -> None:
    """Serve the Designer (development server)."""
    from designer_ui.app import create_app

    app = create_app({"LOAD_EXAMPLES": examples})
    click.echo(f"Designer listening on http://{host}:{port}/")
    app.run(host=host, port=port, debug=False, use_reloader=False)
