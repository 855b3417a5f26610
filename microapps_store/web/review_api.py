"""The review queue (`/api/v1/store/reviews`, reviewers): what waits, everything a reviewer
reads about one version, and the decision (approve → published, reject with a comment)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify

from microapps_store.store import review
from microapps_store.store.catalog import find_version
from microapps_store.web.common import commit, handle_microapp_errors, microapp_name
from microapps_store.web.http import current_user, documented, json_body, requires
from microapps_store.web.schemas import StoreReviewDetail, StoreReviewIn, StoreVersionSummary

blueprint = Blueprint("store_reviews", __name__)
handle_microapp_errors(blueprint)


@blueprint.get("/store/reviews")
@requires("reviewer")
@documented("Versions waiting for review, oldest first", response=StoreVersionSummary, many=True)
def review_queue() -> Any:
    return jsonify(review.queue())


@blueprint.get("/store/reviews/<publisher>/<name>/<version>")
@requires("reviewer")
@documented("Everything to review a version: README, flows (for a read-only canvas), tests, "
            "check results and the diff against the previous published version",
            response=StoreReviewDetail, errors=(404,))
def review_version(publisher: str, name: str, version: str) -> Any:
    return review.review_detail(find_version(microapp_name(publisher, name), version))


@blueprint.post("/store/reviews/<publisher>/<name>/<version>")
@requires("reviewer")
@documented("Approve (publish) or reject a pending version, with a comment", body=StoreReviewIn,
            response=StoreVersionSummary, errors=(404, 409),
            description="A reviewer cannot review their own submission (403); rejecting needs a "
                        "comment (400).")
def decide_version(publisher: str, name: str, version: str) -> Any:
    data = json_body(StoreReviewIn())
    row = review.decide(microapp_name(publisher, name), version, data["decision"],
                        data["comment"], current_user().username)
    commit("Someone else reviewed this version at the same moment.")
    return row.summary()
