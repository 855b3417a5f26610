"""MicroApp packages built in code for the tests: good ones from the scaffold, and bad ones by
rewriting a good package's zip member by member."""

from __future__ import annotations

import io
import json
import stat
import uuid
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from microapps_store.package import build_package, scaffold, sha256
from microapps_store.package.archive import FIXED_TIMESTAMP


def microapp_folder(parent: Path, name: str = "acme/greeter", version: str = "1.0.0", *,
                    dependencies: dict[str, str] | None = None, calls: str | None = None,
                    edit: Callable[[dict[str, Any], dict[str, Any]], None] | None = None) -> Path:
    """A scaffolded MicroApp; `calls` adds a module block calling another greeter-like module
    (input customer_name, output greeted) between the greeting and the return."""
    folder = scaffold(parent / uuid.uuid4().hex[:8], name)
    manifest_path = folder / "microapp.json"
    flow_id = name.partition("/")[2]
    flow_path = folder / "flows" / f"{flow_id}.json"
    manifest = json.loads(manifest_path.read_text())
    flow = json.loads(flow_path.read_text())
    manifest["version"] = version
    manifest["dependencies"] = dict(dependencies or {})
    if calls:
        flow["blocks"]["greet"]["next"] = {"next": "call"}
        flow["blocks"]["call"] = {"type": "module", "label": "Call", "props": {
            "module": calls, "inputs": {"customer_name": "customer_name"},
            "outputs": {"greeted": "greeted"}}, "next": {"next": "done"}}
    if edit is not None:
        edit(manifest, flow)
    manifest_path.write_text(json.dumps(manifest, indent=2))
    flow_path.write_text(json.dumps(flow, indent=2))
    return folder


def package_bytes(parent: Path, name: str = "acme/greeter", version: str = "1.0.0",
                  **kwargs: Any) -> bytes:
    return build_package(microapp_folder(parent, name, version, **kwargs))


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(files: dict[str, bytes] | list[tuple[zipfile.ZipInfo | str, bytes]], *,
          rehash: bool = False) -> bytes:
    """A zip of these members, written as given (duplicates and odd names included); with
    `rehash` the manifest's hash table is recomputed first so only the intended flaw remains."""
    items = list(files.items()) if isinstance(files, dict) else list(files)
    if rehash:
        manifest_index = next(i for i, (name, _) in enumerate(items) if _name(name) == "microapp.json")
        manifest = json.loads(items[manifest_index][1])
        manifest["files"] = {_name(name): sha256(data) for name, data in items
                             if _name(name) != "microapp.json"}
        items[manifest_index] = ("microapp.json", json.dumps(manifest).encode())
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in items:
                archive.writestr(name, data)
    return buffer.getvalue()


def _name(name: zipfile.ZipInfo | str) -> str:
    return name.filename if isinstance(name, zipfile.ZipInfo) else name


def symlink_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, FIXED_TIMESTAMP)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def with_manifest(data: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    files = members(data)
    manifest = json.loads(files["microapp.json"])
    change(manifest)
    files["microapp.json"] = json.dumps(manifest).encode()
    return rezip(files)


def with_flow(data: bytes, flow_id: str, change: Callable[[dict[str, Any]], None]) -> bytes:
    files = members(data)
    flow = json.loads(files[f"flows/{flow_id}.json"])
    change(flow)
    files[f"flows/{flow_id}.json"] = json.dumps(flow).encode()
    return rezip(files, rehash=True)
