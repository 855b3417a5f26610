"""`designer microapp …`: make, check, publish and install MicroApps.

    designer microapp init acme/pin-check            scaffold a folder that packs as it is
    designer microapp pack pin-check/                validate, run its flow tests, write the .mapp
    designer microapp verify acme-pin-check-0.1.0.mapp
    designer microapp publish FILE --store URL --token TOKEN
    designer microapp install acme/pin-check@^1 [--store URL --token T] [--into DIR | --designer URL]
    designer microapp list [--store URL | --into DIR | --designer URL]
    designer microapp store                          serve the store on its own

Without `--designer` or `--into`, installs and listings use the local Designer instance
(`DESIGNER_INSTANCE` / `DATABASE_URL`, as `designer serve`); without `--store`, packages come
from the store that instance uses.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from microapps_store.errors import MicroAppError

STORE_OPTIONS = (
    click.option("--store", "store_url", envvar="DESIGNER_STORE_URL",
                 help="A store's base URL (another Designer), e.g. http://127.0.0.1:8080."),
    click.option("--token", envvar="DESIGNER_STORE_TOKEN", help="API token for --store."),
)
DESIGNER_OPTIONS = (
    click.option("--designer", "designer_url", help="Install into this Designer over its API."),
    click.option("--designer-token", envvar="DESIGNER_TOKEN", help="API token for --designer."),
)


def _with(options: tuple[Callable[..., Any], ...]) -> Callable[[Callable[..., Any]], Any]:
    def decorate(command: Callable[..., Any]) -> Any:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


@contextmanager
def refusals() -> Iterator[None]:
    """MicroApp refusals as a one-line error with the details below it, exit status 1."""
    try:
        yield
    except MicroAppError as exc:
        raise click.ClickException(exc.describe()) from None


def _split(spec: str) -> tuple[str, str]:
    name, _, selector = spec.partition("@")
    return name, selector or "latest"


def _remote(store_url: str | None, token: str | None) -> Any:
    from microapps_store.client import DesignerClient
    from microapps_store.installed.sources import RemoteStore

    return RemoteStore(DesignerClient(store_url, token)) if store_url else None


@contextmanager
def local_instance() -> Iterator[Any]:
    from designer_ui.app import create_app
    from designer_ui.extensions import db

    app = create_app({"BOT_CREDENTIALS_KEY_REQUIRED": False})  # a tool, not a server
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


@click.group("microapp")
def microapp_group() -> None:
    """Make, check, publish and install MicroApps (packaged module flows)."""


@microapp_group.command("init")
@click.argument("name")
@click.option("--dir", "parent", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Where to create the MicroApp's folder.")
@click.option("--title", help="A title for the store (default: from the name).")
def init_command(name: str, parent: Path, title: str | None) -> None:
    """Create a MicroApp folder for NAME (publisher/name) with a manifest, a module flow, a
    flow test and a README."""
    from microapps_store.package import scaffold

    with refusals():
        folder = scaffold(parent, name, title)
    click.echo(f"Created {folder}: edit flows/, tests/ and README.md, then "
               f"`designer microapp pack {folder}`.")


def _dependency_source(files: tuple[Path, ...], store_url: str | None, token: str | None) -> Any:
    from microapps_store.package import FileSource

    if store_url:
        return _remote(store_url, token)
    return FileSource([path.read_bytes() for path in files]) if files else None


def _report(verification: Any) -> None:
    data = verification.to_dict()
    click.echo(f"{data['name']} {data['version']}  sha256 {data['sha256']}")
    for name, version in data["dependencies"].items():
        click.echo(f"  depends on {name}@{version}")
    for flow_id, problems in data["flows"].items():
        for problem in problems:
            click.echo(f"  {problem['severity']}: {flow_id} {problem.get('block_id', '')}: "
                       f"{problem['message']}")
    for warning in data["warnings"]:
        click.echo(f"  warning: {warning}")
    if data["tests"] is not None:
        click.echo(f"  flow tests: {data['tests']['passed']} passed")


@microapp_group.command("pack")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="The .mapp to write (default: <publisher>-<name>-<version>.mapp here).")
@click.option("--dependency", "dependencies", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A dependency's .mapp (repeat); or use --store.")
@_with(STORE_OPTIONS)
def pack_command(folder: Path, output: Path | None, dependencies: tuple[Path, ...],
                 store_url: str | None, token: str | None) -> None:
    """Validate FOLDER's flows, run its flow tests, and write the package."""
    from microapps_store.package import build_package, package_file_name, verify_package

    with refusals():
        data = build_package(folder)
        verification = verify_package(data, source=_dependency_source(dependencies, store_url,
                                                                      token))
    target = output or Path(package_file_name(verification.package.manifest))
    target.write_bytes(data)
    _report(verification)
    click.echo(f"Wrote {target} ({len(data)} bytes).")


@microapp_group.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dependency", "dependencies", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-tests", is_flag=True, help="Skip running the package's flow tests.")
@_with(STORE_OPTIONS)
def verify_command(file: Path, dependencies: tuple[Path, ...], no_tests: bool,
                   store_url: str | None, token: str | None) -> None:
    """Check a .mapp as a store does: archive, manifest, hashes, flows, flow tests."""
    from microapps_store.package import verify_package

    with refusals():
        verification = verify_package(file.read_bytes(), run_tests=not no_tests,
                                      source=_dependency_source(dependencies, store_url, token))
    _report(verification)
    click.echo("OK")


@microapp_group.command("publish")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--store", "store_url", envvar="DESIGNER_STORE_URL", required=True)
@click.option("--token", envvar="DESIGNER_STORE_TOKEN", required=True)
def publish_command(file: Path, store_url: str, token: str) -> None:
    """Submit FILE to a store; it goes to the review queue once its checks pass."""
    from microapps_store.client import DesignerClient

    with refusals():
        result = DesignerClient(store_url, token).submit(file.read_bytes())
    click.echo(f"Submitted {result['name']}@{result['version']}: {result['status']} "
               "(a reviewer publishes it).")


@microapp_group.command("install")
@click.argument("spec", metavar="NAME[@RANGE]")
@_with(STORE_OPTIONS + DESIGNER_OPTIONS)
@click.option("--into", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Install into this folder (for `designer test --module-path`).")
@click.option("--plan", "plan_only", is_flag=True,
              help="Show what would change and which flows would break; install nothing.")
def install_command(spec: str, store_url: str | None, token: str | None,
                    designer_url: str | None, designer_token: str | None, folder: Path | None,
                    plan_only: bool) -> None:
    """Install NAME (publisher/name) at the newest version RANGE allows, with dependencies."""
    name, selector = _split(spec)
    with refusals():
        if folder is not None or designer_url:
            _install_elsewhere(name, selector, store_url, token, designer_url, designer_token,
                               folder)
            return
        with local_instance():
            _install_local(name, selector, _remote(store_url, token), plan_only)


def _install_elsewhere(name: str, selector: str, store_url: str | None, token: str | None,
                       designer_url: str | None, designer_token: str | None,
                       folder: Path | None) -> None:
    from microapps_store.client import DesignerClient
    from microapps_store.installed.folder import install_into_folder
    from microapps_store.installed.remote import install_into_designer
    from microapps_store.installed.sources import configured_source

    if designer_url:
        designer = DesignerClient(designer_url, designer_token)
        if store_url:
            refs = install_into_designer(designer, name, selector, _remote(store_url, token))
        else:
            result = designer.post_json("/microapps/installed", {"name": name, "range": selector})
            refs = [f"{item['name']}@{item['version']}" for item in result["installed"]]
        click.echo(f"Installed into {designer_url}: {', '.join(refs) or 'nothing new'}.")
        return
    assert folder is not None
    if store_url:
        refs = install_into_folder(folder, name, selector, _remote(store_url, token))
    else:
        with local_instance():
            from designer_ui.extensions import db

            refs = install_into_folder(folder, name, selector, configured_source())
            db.session.commit()
    click.echo(f"Installed into {folder}: {', '.join(refs)}.")


def _install_local(name: str, selector: str, source: Any, plan_only: bool) -> None:
    from designer_ui.extensions import db
    from microapps_store.installed import service
    from microapps_store.installed.sources import configured_source

    source = source or configured_source()
    plan = service.plan(name, selector, source)
    for item in plan["packages"]:
        click.echo(f"{item['action']:12} {item['name']}@{item['version']}"
                   + (f"  (installed: {item['current']})" if item.get("current") else ""))
        for caller in item.get("breaking", []):
            click.echo(f"  BREAKS {caller['flow']} ({caller['source']}) block {caller['block']}: "
                       + "; ".join(caller["reasons"]))
    for note in plan["notes"]:
        click.echo(f"note: {note}")
    if plan_only:
        return
    result = service.install(name, selector, source, f"cli:{getpass.getuser()}")
    db.session.commit()
    installed = [f"{item['name']}@{item['version']}" for item in result["installed"]]
    click.echo(f"Installed {', '.join(installed) or 'nothing new'}.")


@microapp_group.command("list")
@_with(STORE_OPTIONS + DESIGNER_OPTIONS)
@click.option("--into", "folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_command(store_url: str | None, token: str | None, designer_url: str | None,
                 designer_token: str | None, folder: Path | None, as_json: bool) -> None:
    """Installed MicroApps (local instance, --designer or --into), or a store's (--store)."""
    from microapps_store.client import DesignerClient

    with refusals():
        if store_url:
            items = DesignerClient(store_url, token).search()
        elif designer_url:
            items = DesignerClient(designer_url, designer_token).installed()
        elif folder is not None:
            from microapps_store.installed.folder import folder_contents

            items = folder_contents(folder)
        else:
            from microapps_store.installed.lookup import installed_rows

            with local_instance():
                items = [row.summary() for row in installed_rows()]
    if as_json:
        click.echo(json.dumps(items, indent=2))
        return
    for item in items:
        version = item.get("latest_version") or item.get("version")
        click.echo(f"{item['name']}@{version}  {item.get('title') or ''}")


@microapp_group.command("store")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8090, show_default=True, type=int)
@click.option("--database", "database_url", envvar="MICROAPPS_STORE_DATABASE_URL",
              help="The store's database (default: SQLite store.sqlite in --instance).")
@click.option("--instance", "instance_path", type=click.Path(file_okay=False),
              default="store-instance", show_default=True,
              help="Folder for the store's SQLite database.")
@click.option("--builtins/--no-builtins", default=True, show_default=True,
              help="Publish the built-in MicroApps first.")
def store_command(host: str, port: int, database_url: str | None, instance_path: str,
                  builtins: bool) -> None:
    """Serve the MicroApps store on its own (development server); API-token users come from
    MICROAPPS_STORE_USERS. Designers use it as MICROAPPS_STORE_URL."""
    from microapps_store.builtins import publish_builtins
    from microapps_store.standalone import create_store_app

    config = {"MICROAPPS_STORE_DATABASE_URL": database_url} if database_url else {}
    app = create_store_app(config, instance_path=str(Path(instance_path).resolve()))
    if builtins:
        with app.app_context():
            published = publish_builtins(app)
        click.echo(f"Published {len(published)} built-in MicroApps.")
    click.echo(f"MicroApps store listening on http://{host}:{port}/api/v1/store/microapps")
    app.run(host=host, port=port, debug=False, use_reloader=False)
