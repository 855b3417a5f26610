"""Request and response shapes of the store and installed-MicroApps endpoints: request bodies
are loaded with them (unknown fields refused); responses are described by them in OpenAPI."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from microapps_store.package.manifest import CATEGORIES, MICROAPP_NAME
from microapps_store.store.review import DECISIONS


class StoreBrowseQuery(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    category = fields.String(load_default=None, validate=validate.OneOf(CATEGORIES))
    tag = fields.String(load_default=None, validate=validate.Length(max=64))


class StoreDownloadQuery(Schema):
    count = fields.Boolean(load_default=False, metadata={
        "description": "Ignored: a download never counts as an install (POST .../installs "
                       "does); accepted so that older clients keep working."})


class StoreInstallOut(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)
    install_count = fields.Integer(required=True)


class StoreResolveQuery(Schema):
    name = fields.String(required=True, validate=validate.Regexp(MICROAPP_NAME))
    range = fields.String(load_default="latest", validate=validate.Length(max=100))


class MicroAppInstallIn(Schema):
    name = fields.String(required=True, validate=validate.Regexp(MICROAPP_NAME))
    range = fields.String(load_default="latest", validate=validate.Length(min=1, max=100))


class StoreReviewIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    comment = fields.String(load_default="", validate=validate.Length(max=5000))


class StoreDeprecateIn(Schema):
    message = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class StoreYankIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class MicroAppListing(Schema):
    name = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    category = fields.String(required=True, metadata={"enum": list(CATEGORIES)})
    tags = fields.List(fields.String())
    icon = fields.String()
    latest_version = fields.String(required=True)
    versions = fields.Integer()
    install_count = fields.Integer()
    deprecated = fields.String(allow_none=True)


class StoreCategoryOut(Schema):
    category = fields.String(required=True)
    count = fields.Integer(required=True)


class StoreVersionSummary(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": ["pending", "published", "rejected"]})
    title = fields.String()
    category = fields.String()
    submitted_by = fields.String()
    submitted_at = fields.String()
    reviewed_by = fields.String(allow_none=True)
    reviewed_at = fields.String(allow_none=True)
    review_comment = fields.String()
    deprecated = fields.String(allow_none=True)
    yanked = fields.String(allow_none=True)
    install_count = fields.Integer()
    sha256 = fields.String()
    size = fields.Integer()
    dependencies = fields.Dict(keys=fields.String(), values=fields.String())


class MicroAppDetail(MicroAppListing):
    owner = fields.String()
    manifest = fields.Dict()
    readme = fields.String(metadata={"description": "Markdown as written by the author"})
    readme_html = fields.String(metadata={"description": "Rendered; raw HTML escaped"})
    all_versions = fields.List(fields.Nested(StoreVersionSummary))


class StoreVersionDetail(StoreVersionSummary):
    manifest = fields.Dict()
    readme = fields.String()
    readme_html = fields.String()
    checks = fields.Dict(metadata={"description": "Automated checks: flow problems, tests"})


class StoreSubmissionOut(StoreVersionSummary):
    checks = fields.Dict(metadata={"description": "The automated checks the package passed: "
                                                  "flow problems (warnings), test cases"})


class StoreReviewDetail(StoreVersionDetail):
    flows = fields.Dict(metadata={"description": "Flow documents by id, for a read-only canvas"})
    tests = fields.Dict(metadata={"description": "Flow-test files by path"})
    changes = fields.Dict(allow_none=True, metadata={
        "description": "Against the previous published version: inputs/outputs/dependencies "
                       "and per-flow block diffs"})


class StoreResolvedPackage(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)
    dependencies = fields.Dict(keys=fields.String(), values=fields.String())
    deprecated = fields.String(allow_none=True)
    sha256 = fields.String()


class StoreResolutionOut(Schema):
    packages = fields.List(fields.Nested(StoreResolvedPackage), required=True)
    warnings = fields.List(fields.String())


class InstalledMicroAppOut(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)
    title = fields.String()
    inputs = fields.Dict()
    outputs = fields.Dict()
    flows = fields.List(fields.String())
    source = fields.String()
    requested = fields.Boolean()
    sha256 = fields.String()
    installed_at = fields.String()
    installed_by = fields.String(allow_none=True)


class InstalledMicroAppDetail(InstalledMicroAppOut):
    manifest = fields.Dict()
    readme_html = fields.String()
    documents = fields.Dict(metadata={"description": "Flow documents by id"})
    used_by = fields.List(fields.Dict())


class MicroAppPlanItem(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)
    action = fields.String(required=True, metadata={"enum": ["install", "add_version", "present"]})
    current = fields.String(allow_none=True)
    deprecated = fields.String(allow_none=True)
    changes = fields.Dict(allow_none=True)
    callers = fields.List(fields.Dict())
    breaking = fields.List(fields.Dict(), metadata={
        "description": "Calling module blocks that would move to this version and stop working"})


class MicroAppPlanOut(Schema):
    request = fields.String()
    packages = fields.List(fields.Nested(MicroAppPlanItem))
    notes = fields.List(fields.String())


class MicroAppInstallOut(Schema):
    installed = fields.List(fields.Nested(InstalledMicroAppOut))
    present = fields.List(fields.String())
    warnings = fields.List(fields.String())
