"""`designer validate FILE…`: check flow documents as the Designer does on publish."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from blocks import shared_registry
from interpreter.problems import Problem, has_errors
from interpreter.validation import validate_document
from runtime.flow_library import FlowLibrary, find_flow_files


def validate_paths(paths: list[Path]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    registry = shared_registry()
    for path in find_flow_files(paths):
        library = FlowLibrary.around(path)
        try:
            source = path.read_bytes()
        except OSError as exc:
            results.append({"file": str(path), "ok": False, "problems": [
                {"severity": "error", "code": "io", "message": f"cannot read: {exc.strerror}"}]})
            continue
        if not _may_be_flow(source):
            results.append({"file": str(path), "ok": True, "skipped": True, "problems": []})
            continue
        _, problems = validate_document(source, registry, modules=library.flow)
        results.append({"file": str(path), "ok": not has_errors(problems),
                        "problems": [p.to_dict() for p in problems]})
    return results


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate_command(paths: tuple[Path, ...], as_json: bool, strict: bool) -> None:
    """Validate flow documents (files, or folders searched for flow JSON files).

    Exits with status 1 when any flow has errors (or warnings, with --strict).
    """
    results = validate_paths(list(paths))
    skipped = [r for r in results if r.get("skipped")]
    results = [r for r in results if not r.get("skipped")]
    failed = [r for r in results if not r["ok"] or (strict and r["problems"])]
    if as_json:
        click.echo(json.dumps({"ok": not failed, "files": results}, indent=2))
    else:
        for result in results:
            status = click.style("ok", fg="green") if result["ok"] else click.style("FAILED", fg="red")
            click.echo(f"{result['file']}: {status}")
            for problem in result["problems"]:
                click.echo(f"  {Problem(**_problem_args(problem)).describe()}")
        errors = sum(1 for r in results for p in r["problems"] if p["severity"] == "error")
        warnings = sum(1 for r in results for p in r["problems"] if p["severity"] == "warning")
        for result in skipped:
            click.echo(f"{result['file']}: skipped (not a flow document)")
        click.echo(f"{len(results)} flow(s) checked: {errors} error(s), {warnings} warning(s)")
    if not results:
        raise click.ClickException("no flow documents found")
    raise SystemExit(1 if failed else 0)


def _may_be_flow(source: bytes) -> bool:
    """False for JSON objects that are plainly something else (a manifest, a bot definition):
    no `format` and no `blocks` key. Anything unreadable is checked, and reported."""
    try:
        data = json.loads(source)
    except (ValueError, RecursionError):
        return True
    return not isinstance(data, dict) or "format" in data or "blocks" in data


def _problem_args(problem: dict[str, Any]) -> dict[str, Any]:
    return {"severity": problem["severity"], "code": problem.get("code", ""),
            "message": problem["message"], "block_id": problem.get("block_id"),
            "path": problem.get("path", ""), "line": problem.get("line"),
            "column": problem.get("column")}


__all__ = ["has_errors", "validate_command", "validate_paths"]
