"""The store's REST API (`/api/v1/store/…`): browse and search, download and resolve for
installs, submit (developers), deprecate and yank. Reviews are in `review_api`."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from microapps_store.package import package_file_name
from microapps_store.store import browse, review, submissions
from microapps_store.web.common import (
    attachment,
    commit,
    handle_microapp_errors,
    microapp_name,
    zip_body,
)
from microapps_store.web.http import (
    body_limit,
    created,
    current_user,
    documented,
    json_body,
    query_args,
    requires,
)
from microapps_store.web.schemas import (
    MicroAppDetail,
    MicroAppListing,
    StoreBrowseQuery,
    StoreCategoryOut,
    StoreDeprecateIn,
    StoreDownloadQuery,
    StoreInstallOut,
    StoreResolutionOut,
    StoreResolveQuery,
    StoreSubmissionOut,
    StoreVersionDetail,
    StoreVersionSummary,
    StoreYankIn,
)

blueprint = Blueprint("store", __name__)
handle_microapp_errors(blueprint)
VERSION_PATH = "/store/microapps/<publisher>/<name>/versions/<version>"


@blueprint.get("/store/microapps")
@requires()
@documented("Published MicroApps (`?q=` text, `?category=`, `?tag=`), most installed first",
            query=StoreBrowseQuery, response=MicroAppListing, many=True)
def list_microapps() -> Any:
    args = query_args(StoreBrowseQuery())
    return jsonify(browse.search(args["q"], args["category"], args["tag"]))


@blueprint.get("/store/categories")
@requires()
@documented("The store's categories with how many MicroApps each has", response=StoreCategoryOut,
            many=True)
def list_categories() -> Any:
    return jsonify(browse.categories())


@blueprint.get("/store/microapps/<publisher>/<name>")
@requires()
@documented("A published MicroApp: README (Markdown and safe HTML), manifest, every version",
            response=MicroAppDetail, errors=(404,))
def get_microapp(publisher: str, name: str) -> Any:
    return browse.detail(microapp_name(publisher, name))


def _may_moderate() -> bool:
    return current_user().has_role("reviewer")


@blueprint.get(VERSION_PATH)
@requires()
@documented("One version: manifest, README, automated checks (unpublished ones: reviewers and "
            "the version's submitter only)", response=StoreVersionDetail, errors=(404,))
def get_version(publisher: str, name: str, version: str) -> Any:
    return browse.version_detail(microapp_name(publisher, name), version,
                                 may_see_unpublished=_may_moderate(),
                                 viewer=current_user().username)


@blueprint.get(f"{VERSION_PATH}/package")
@requires()
@documented("Download a published package (.mapp); not counted as an install",
            query=StoreDownloadQuery, produces="application/zip", errors=(404, 410),
            description="Yanked versions answer 410: new installs are refused.")
def download_package(publisher: str, name: str, version: str) -> Any:
    query_args(StoreDownloadQuery())
    row = browse.download(microapp_name(publisher, name), version)
    return attachment(row.archive, package_file_name(row.manifest))


@blueprint.post(f"{VERSION_PATH}/installs")
@requires("developer")
@documented("Report one install of a published version (what the install counts show)",
            response=StoreInstallOut, errors=(404, 410),
            description="Installers call this after an install succeeded, not for plans.")
def report_install(publisher: str, name: str, version: str) -> Any:
    row = browse.record_install(microapp_name(publisher, name), version)
    commit("Try again.")
    return {"name": row.name, "version": row.version, "install_count": row.install_count}


@blueprint.get("/store/resolve")
@requires()
@documented("What installing `name@range` takes from this store (dependencies first)",
            query=StoreResolveQuery, response=StoreResolutionOut, errors=(409,))
def resolve_install() -> Any:
    args = query_args(StoreResolveQuery())
    return browse.resolution(args["name"], args["range"])


@blueprint.post("/store/submissions")
@requires("developer")
@body_limit("MICROAPPS_PACKAGE_MAX_BYTES")
@documented("Submit a package (.mapp): automated checks, then the review queue",
            response=StoreSubmissionOut, status=201, content_type="application/zip",
            errors=(403, 409, 413, 415, 422),
            description="Refused packages are not stored: 400 unsafe or malformed package, "
                        "413 too large, 409 version exists or dependencies cannot be resolved, "
                        "422 flows invalid or flow tests failing.")
def submit_package() -> Any:
    user = current_user()
    row = submissions.submit(zip_body(), user.username, is_admin=user.has_role("admin"))
    commit("This version was submitted at the same moment by someone else.")
    return created({**row.summary(), "checks": row.checks})


@blueprint.get("/store/submissions")
@requires("developer", "reviewer")
@documented("Submissions and their status: a developer's own, or all for reviewers",
            response=StoreVersionSummary, many=True)
def list_submissions() -> Any:
    user = current_user()
    return jsonify(submissions.submissions_of(None if _may_moderate() else user.username))


@blueprint.post(f"{VERSION_PATH}/deprecate")
@requires("developer", "reviewer")
@documented("Deprecate a published version (installs still work, with a warning)",
            body=StoreDeprecateIn, response=StoreVersionSummary, errors=(404, 409))
def deprecate_version(publisher: str, name: str, version: str) -> Any:
    data = json_body(StoreDeprecateIn())
    row = review.deprecate(microapp_name(publisher, name), version, data["message"],
                           current_user().username, _may_moderate())
    commit("Try again.")
    return row.summary()


@blueprint.post(f"{VERSION_PATH}/yank")
@requires("developer", "reviewer")
@documented("Yank a published version: new installs are refused, installed copies keep working",
            body=StoreYankIn, response=StoreVersionSummary, errors=(404, 409))
def yank_version(publisher: str, name: str, version: str) -> Any:
    data = json_body(StoreYankIn())
    row = review.yank(microapp_name(publisher, name), version, data["reason"],
                      current_user().username, _may_moderate())
    commit("Try again.")
    return row.summary()
