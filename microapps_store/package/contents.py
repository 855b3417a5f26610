"""A package's contents, read and checked: layout, manifest, hashes, flows, tests, audio.

`read_package` is the one way bytes become a `Package`; everything after it (flow validation,
tests, install) may trust the layout and the hashes. The layout is fixed so a reviewer knows
where to look and nothing else can ride along:

    microapp.json   README.md   flows/<flow id>.json   tests/<name>.flowtest.yaml   audio/<name>.wav
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import wave
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from interpreter.flow_model import FORMAT_NAME
from microapps_store.errors import PackageError, PackageProblem
from microapps_store.package.archive import DEFAULT_LIMITS, Limits, read_members
from microapps_store.package.manifest import (
    MANIFEST_NAME,
    entry_flow_id,
    load_manifest,
    publisher_of,
)

README_NAME = "README.md"
TEST_SUFFIX = ".flowtest.yaml"
LAYOUT = (
    (re.compile(r"^flows/[a-z0-9][a-z0-9-]{0,63}\.json$"), "flow"),
    (re.compile(r"^tests/[A-Za-z0-9_][A-Za-z0-9_.-]*\.flowtest\.yaml$"), "test"),
    (re.compile(r"^audio/[A-Za-z0-9_][A-Za-z0-9_.-]*\.wav$"), "audio"),
)
MAX_README_BYTES = 256 * 1024


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kind_of(path: str) -> str | None:
    if path in (MANIFEST_NAME, README_NAME):
        return path
    return next((kind for pattern, kind in LAYOUT if pattern.match(path)), None)


@dataclass(frozen=True)
class Package:
    """A verified package: its manifest, files, flows (by id) and its own sha256."""

    manifest: dict[str, Any]
    files: Mapping[str, bytes]
    sha256: str
    flows: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.manifest["name"])

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    @property
    def ref(self) -> str:
        return f"{self.name}@{self.version}"

    @property
    def publisher(self) -> str:
        return publisher_of(self.name)

    @property
    def entry_id(self) -> str:
        return entry_flow_id(self.name)

    @property
    def dependencies(self) -> dict[str, str]:
        return dict(self.manifest.get("dependencies", {}))

    @property
    def readme(self) -> str:
        return self.files[README_NAME].decode("utf-8")

    @property
    def tests(self) -> dict[str, bytes]:
        return {path: data for path, data in self.files.items() if kind_of(path) == "test"}


def _layout_problems(files: Mapping[str, bytes]) -> list[PackageProblem]:
    problems = [PackageProblem("unexpected_file", f"'{path}' has no place in a package (allowed: "
                               "microapp.json, README.md, flows/*.json, tests/*.flowtest.yaml, "
                               "audio/*.wav).", path)
                for path in sorted(files) if kind_of(path) is None]
    for required in (MANIFEST_NAME, README_NAME):
        if required not in files:
            problems.append(PackageProblem("missing_file", f"The package has no {required}.",
                                           required))
    if not any(kind_of(path) == "test" for path in files):
        problems.append(PackageProblem("missing_tests", "The package has no flow tests "
                                       "(tests/*.flowtest.yaml); every MicroApp ships its own."))
    return problems


def hash_problems(manifest: dict[str, Any], files: Mapping[str, bytes]) -> list[PackageProblem]:
    """Every file but the manifest listed with its sha256, and nothing listed that is absent."""
    listed: dict[str, str] = manifest.get("files", {})
    problems: list[PackageProblem] = []
    for path in sorted(set(files) - {MANIFEST_NAME}):
        if path not in listed:
            problems.append(PackageProblem("unlisted_file", f"'{path}' is not in the manifest's "
                                           "'files' table, so its content cannot be trusted.", path))
        elif sha256(files[path]) != listed[path]:
            problems.append(PackageProblem("hash_mismatch", f"'{path}' does not match its sha256 "
                                           f"in the manifest (expected {listed[path][:12]}…, got "
                                           f"{sha256(files[path])[:12]}…): it was changed after "
                                           "packing.", path))
    for path in sorted(set(listed) - set(files)):
        problems.append(PackageProblem("missing_file", f"'{path}' is listed in the manifest but "
                                       "not in the package.", path))
    return problems


def _json(path: str, data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PackageError("invalid_json", f"'{path}' is not UTF-8 JSON: {exc}.",
                           problems=[PackageProblem("invalid_json", str(exc), path)]) from None


def _content_problems(files: Mapping[str, bytes]) -> list[PackageProblem]:
    problems: list[PackageProblem] = []
    for path, data in sorted(files.items()):
        kind = kind_of(path)
        if kind in (README_NAME, "test"):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(PackageProblem("encoding", f"'{path}' is not UTF-8 text.", path))
            if kind == README_NAME and len(data) > MAX_README_BYTES:
                problems.append(PackageProblem("readme_too_large", f"The README is larger than "
                                               f"{MAX_README_BYTES // 1024} KB.", path))
        elif kind == "audio":
            try:
                with wave.open(io.BytesIO(data)) as audio:
                    audio.getnframes()
            except (wave.Error, EOFError):
                problems.append(PackageProblem("invalid_audio", f"'{path}' is not a WAV file.",
                                               path))
    return problems


def _flows(manifest: dict[str, Any], files: Mapping[str, bytes]) -> dict[str, dict[str, Any]]:
    flows: dict[str, dict[str, Any]] = {}
    problems: list[PackageProblem] = []
    entry = entry_flow_id(manifest["name"])
    for path in sorted(p for p in files if kind_of(p) == "flow"):
        document = _json(path, files[path])
        expected = path[len("flows/"):-len(".json")]
        if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
            problems.append(PackageProblem("not_a_flow", f"'{path}' is not a flow document.", path))
        elif document.get("id") != expected:
            problems.append(PackageProblem("flow_id", f"'{path}' holds flow "
                                           f"'{document.get('id')}'; the file must be named after "
                                           "its flow id.", path))
        elif document.get("kind") != "module":
            problems.append(PackageProblem("not_a_module", f"Flow '{expected}' is not a module "
                                           "(\"kind\": \"module\"); a MicroApp ships modules.", path))
        elif expected != entry and not expected.startswith(f"{entry}-"):
            problems.append(PackageProblem("flow_id", f"Flow '{expected}' must be named "
                                           f"'{entry}' or start with '{entry}-', so MicroApps of "
                                           "one publisher never share a flow id.", path))
        else:
            flows[expected] = document
    if entry not in flows and not problems:
        problems.append(PackageProblem("missing_entry", f"The package has no flows/{entry}.json: "
                                       f"the module that '{manifest['name']}' calls.",
                                       f"flows/{entry}.json"))
    if problems:
        raise PackageError(problems[0].code, problems[0].message, problems=problems)
    return flows


def read_package(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Package:
    """Bytes of a `.mapp` to a Package; raises PackageError with every problem of one kind."""
    files = read_members(data, limits)
    problems = _layout_problems(files)
    if problems:
        raise PackageError(problems[0].code, problems[0].message, problems=problems)
    manifest = load_manifest(_json(MANIFEST_NAME, files[MANIFEST_NAME]))
    problems = hash_problems(manifest, files) or _content_problems(files)
    if problems:
        raise PackageError(problems[0].code, problems[0].message, problems=problems)
    return Package(manifest=manifest, files=dict(files), sha256=sha256(data),
                   flows=_flows(manifest, files))
