"""MicroApps installed in this Designer (`/api/v1/microapps/installed…`): list, plan an install
or update (what changes, which flows would break), install from the configured store, install
an uploaded package, read one, and remove one nobody uses."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from microapps_store.errors import StoreError
from microapps_store.installed import service
from microapps_store.installed.lookup import installed_rows, installed_version
from microapps_store.installed.sources import configured_source
from microapps_store.installed.usage import usages
from microapps_store.package import read_package, render_readme
from microapps_store.web.common import commit, handle_microapp_errors, microapp_name, zip_body
from microapps_store.web.http import (
    body_limit,
    created,
    current_user,
    documented,
    json_body,
    no_content,
    requires,
)
from microapps_store.web.schemas import (
    InstalledMicroAppDetail,
    InstalledMicroAppOut,
    MicroAppInstallIn,
    MicroAppInstallOut,
    MicroAppPlanOut,
)

blueprint = Blueprint("microapps", __name__)
handle_microapp_errors(blueprint)


@blueprint.get("/microapps/installed")
@requires()
@documented("MicroApps installed here (every version)", response=InstalledMicroAppOut, many=True)
def list_installed() -> Any:
    rows = sorted(installed_rows(), key=lambda row: (row.name, row.installed_at))
    return jsonify([row.summary() for row in rows])


@blueprint.post("/microapps/installed/plan")
@requires()
@documented("What installing or updating `name@range` would do: packages, input/output "
            "changes, and the flows that would move to the new version or break",
            body=MicroAppInstallIn, response=MicroAppPlanOut, errors=(409, 502))
def plan_install() -> Any:
    data = json_body(MicroAppInstallIn())
    return service.plan(data["name"], data["range"], configured_source())


@blueprint.post("/microapps/installed")
@requires("developer")
@documented("Install `name@range` and its dependencies from the configured store",
            body=MicroAppInstallIn, response=MicroAppInstallOut, status=201, errors=(409, 410, 422, 502),
            description="All or nothing: any refusal leaves nothing installed.")
def install_microapp() -> Any:
    data = json_body(MicroAppInstallIn())
    result = service.install(data["name"], data["range"], configured_source(),
                             current_user().username)
    commit("This MicroApp was installed at the same moment by someone else.")
    return created(result)


@blueprint.post("/microapps/installed/package")
@requires("developer")
@body_limit("MICROAPPS_PACKAGE_MAX_BYTES")
@documented("Install an uploaded package (.mapp) whose dependencies are installed already",
            response=InstalledMicroAppOut, status=201, content_type="application/zip",
            errors=(409, 413, 415, 422))
def install_upload() -> Any:
    row = service.install_upload(zip_body(), current_user().username)
    commit("This MicroApp was installed at the same moment by someone else.")
    return created(row.summary())


@blueprint.get("/microapps/installed/<publisher>/<name>/<version>")
@requires()
@documented("One installed version: manifest, README, flow documents and who calls it",
            response=InstalledMicroAppDetail, errors=(404,))
def get_installed(publisher: str, name: str, version: str) -> Any:
    row = installed_version(microapp_name(publisher, name), version)
    if row is None:
        raise StoreError(404, "not_found", f"{publisher}/{name}@{version} is not installed here.")
    readme = read_package(row.archive).readme
    return {**row.summary(), "manifest": row.manifest, "readme_html": render_readme(readme),
            "documents": row.flows,
            "used_by": [usage.to_dict() for usage in usages(row.publisher, set(row.flows))]}


@blueprint.delete("/microapps/installed/<publisher>/<name>/<version>")
@requires("developer")
@documented("Remove an installed version no flow uses", status=204, errors=(404, 409))
def uninstall_microapp(publisher: str, name: str, version: str) -> Any:
    service.uninstall(microapp_name(publisher, name), version, current_user().username)
    commit("Try again.")
    return no_content()
