"""`designer test PATH…`: run flow tests (`*.flowtest.yaml`) as CI does."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--junit", "junit", type=click.Path(dir_okay=False, path_type=Path),
              help="Write JUnit XML results to this file.")
@click.option("--coverage", is_flag=True, help="Report blocks and ports no case took.")
@click.option("--min-coverage", type=float, default=None,
              help="Fail when port coverage of any flow is below this percentage.")
@click.option("--module-path", "module_paths", multiple=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Another folder to find modules in (installed MicroApps).")
def test_command(paths: tuple[Path, ...], junit: Path | None, coverage: bool,
                 min_coverage: float | None, module_paths: tuple[Path, ...]) -> None:
    """Run the flow tests found in PATHS (files or folders; default: the current folder)."""
    from runtime.flowtests.cli_support import run_from_cli

    code = run_from_cli(list(paths) or [Path(".")], junit=junit, coverage=coverage,
                        min_coverage=min_coverage, module_paths=list(module_paths),
                        echo=click.echo)
    raise SystemExit(code)
