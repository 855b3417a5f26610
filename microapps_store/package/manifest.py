"""`microapp.json`: what a MicroApp is, what it needs and what it is made of.

The schema is strict, as the flow format is: unknown keys anywhere are refused, names and
versions have one spelling, and the `files` table (sha256 of every other file) is part of it,
so a package that was changed after packing is caught. A source folder's manifest has no
`files`; `designer microapp pack` writes them.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from interpreter.flow_model import FORMAT_VERSION, VARIABLE_TYPES
from microapps_store import versions
from microapps_store.errors import PackageError, PackageProblem

MANIFEST_NAME = "microapp.json"
MANIFEST_FORMAT = "designer-microapp"
MANIFEST_FORMAT_VERSION = 1
SLUG = r"[a-z0-9][a-z0-9-]{0,63}"
MICROAPP_NAME = re.compile(rf"^{SLUG}/{SLUG}$")
RESOURCE_NAME = r"^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,63}$"
CATEGORIES = ("authentication", "scheduling", "callbacks", "surveys", "bots", "payments",
              "routing", "notifications", "utilities")
BOT_PROVIDERS = ("lex", "dialogflow_es", "dialogflow_cx", "native")


class Strict(Schema):
    class Meta:
        unknown = RAISE


def _name_list() -> fields.List:
    return fields.List(fields.String(validate=validate.Regexp(RESOURCE_NAME)), load_default=list,
                       validate=validate.Length(max=50))


class ParameterSchema(Strict):
    type = fields.String(required=True, validate=validate.OneOf(VARIABLE_TYPES))
    description = fields.String(load_default="", validate=validate.Length(max=500))


class BotRequirementSchema(Strict):
    name = fields.String(required=True, validate=validate.Regexp(RESOURCE_NAME))
    provider = fields.String(load_default=None, allow_none=True,
                             validate=validate.OneOf(BOT_PROVIDERS))
    description = fields.String(load_default="", validate=validate.Length(max=500))


class BusinessRequirementsSchema(Strict):
    hours = _name_list()
    special_days = _name_list()
    emergency = _name_list()
    tables = _name_list()


class RequiresSchema(Strict):
    bots = fields.List(fields.Nested(BotRequirementSchema), load_default=list,
                       validate=validate.Length(max=20))
    business = fields.Nested(BusinessRequirementsSchema, load_default=lambda: {
        "hours": [], "special_days": [], "emergency": [], "tables": []})


def _semver(value: str) -> None:
    if not versions.is_version(value):
        raise ValidationError(f"'{value}' is not a semantic version such as 1.0.0.")


def _range(value: str) -> None:
    if not versions.is_range(value):
        raise ValidationError(f"'{value}' is not a version range such as ^1.2 or >=1.0 <3.")


class ManifestSchema(Strict):
    format = fields.String(required=True, validate=validate.Equal(MANIFEST_FORMAT))
    format_version = fields.Integer(required=True, strict=True,
                                    validate=validate.Equal(MANIFEST_FORMAT_VERSION))
    name = fields.String(required=True, validate=validate.Regexp(
        MICROAPP_NAME, error="'{input}' is not a MicroApp name such as 'acme/pin-check' "
                             "(publisher/name, lower-case letters, digits and dashes)."))
    version = fields.String(required=True, validate=_semver)
    title = fields.String(required=True, validate=validate.Length(min=1, max=80))
    description = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    tags = fields.List(fields.String(validate=validate.Regexp(rf"^{SLUG}$")), load_default=list,
                       validate=validate.Length(max=10))
    icon = fields.String(load_default="package", validate=validate.Regexp(rf"^{SLUG}$"))
    license = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9][A-Za-z0-9.+() -]{0,63}$"))
    designer_format_version = fields.Integer(required=True, strict=True,
                                             validate=validate.Range(min=1))
    inputs = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_]*$")),
                         values=fields.Nested(ParameterSchema), load_default=dict)
    outputs = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_]*$")),
                          values=fields.Nested(ParameterSchema), load_default=dict)
    dependencies = fields.Dict(keys=fields.String(validate=validate.Regexp(MICROAPP_NAME)),
                               values=fields.String(validate=_range), load_default=dict)
    requires = fields.Nested(RequiresSchema, load_default=lambda: RequiresSchema().load({}))
    files = fields.Dict(keys=fields.String(), values=fields.String(
        validate=validate.Regexp(r"^[0-9a-f]{64}$", error="not a sha256 hex digest")))

    @validates_schema
    def _consistent(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("name") in data.get("dependencies", {}):
            raise ValidationError("A MicroApp cannot depend on itself (a dependency cycle).",
                                  "dependencies")


def entry_flow_id(name: str) -> str:
    """The module flow a MicroApp's name calls: `acme/pin-check` → flow `pin-check`."""
    return name.partition("/")[2]


def publisher_of(name: str) -> str:
    return name.partition("/")[0]


def flatten_messages(messages: Any, path: str = "") -> list[PackageProblem]:
    if isinstance(messages, dict):
        found: list[PackageProblem] = []
        for key, value in messages.items():
            if key in ("key", "value") and path:
                found.extend(flatten_messages(value, path))
            else:
                found.extend(flatten_messages(value, f"{path}.{key}" if path else str(key)))
        return found
    if isinstance(messages, list) and all(isinstance(item, str) for item in messages):
        return [PackageProblem("manifest", _reword(message, path), f"{MANIFEST_NAME}:{path}")
                for message in messages]
    if isinstance(messages, list):
        return [problem for item in messages for problem in flatten_messages(item, path)]
    return [PackageProblem("manifest", str(messages), f"{MANIFEST_NAME}:{path}")]


def _reword(message: str, path: str) -> str:
    key = path.rsplit(".", 1)[-1] or "manifest"
    if message == "Unknown field.":
        return f"Unknown key '{key}' (unknown keys are refused)."
    if message == "Missing data for required field.":
        return f"'{key}' is required."
    return message


def load_manifest(document: Any, *, packaged: bool = True) -> dict[str, Any]:
    """The checked manifest; raises PackageError listing every problem."""
    if not isinstance(document, dict):
        raise PackageError("manifest", f"{MANIFEST_NAME} must be a JSON object.")
    try:
        manifest: dict[str, Any] = ManifestSchema().load(document)
    except ValidationError as exc:
        problems = flatten_messages(exc.messages)
        raise PackageError("manifest", f"{MANIFEST_NAME} is not valid: {problems[0].message}",
                           problems=problems) from None
    if packaged and "files" not in manifest:
        raise PackageError("manifest", f"{MANIFEST_NAME} has no 'files' table of sha256 hashes; "
                           "build packages with `designer microapp pack`.")
    if manifest["designer_format_version"] > FORMAT_VERSION:
        raise PackageError("designer_format_version", f"{manifest['name']} {manifest['version']} "
                           f"needs flow format version {manifest['designer_format_version']}; "
                           f"this Designer reads up to version {FORMAT_VERSION}. Upgrade the "
                           "Designer first.")
    return manifest
