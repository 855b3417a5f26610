"""`designer microapp pack`: a MicroApp source folder to the bytes of a `.mapp`.

Only files that have a place in a package are taken (see `contents.LAYOUT`); the manifest gets
the sha256 of each of them under `files`. The zip is reproducible (sorted names, fixed dates),
so packing the same folder twice gives the same package hash.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from microapps_store.errors import PackageError
from microapps_store.package.archive import write_members
from microapps_store.package.contents import kind_of, sha256
from microapps_store.package.manifest import MANIFEST_NAME, load_manifest

SKIPPED_FOLDERS = {"__pycache__", "node_modules"}


def source_files(folder: Path) -> dict[str, bytes]:
    """The files of the folder that go into the package, by package path."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") or part in SKIPPED_FOLDERS for part in relative.parts):
            continue
        if path.is_symlink():
            raise PackageError("symlink", f"'{relative.as_posix()}' is a symbolic link; a "
                               "package holds plain files only.")
        if path.is_file() and kind_of(relative.as_posix()) is not None:
            found[relative.as_posix()] = path.read_bytes()
    return found


def read_source_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise PackageError("missing_file", f"{folder} has no {MANIFEST_NAME}; create one with "
                           "`designer microapp init`.")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackageError("invalid_json", f"{path} is not UTF-8 JSON: {exc}.") from None
    load_manifest(document, packaged=False)
    return dict(document)


def build_package(folder: Path) -> bytes:
    document = read_source_manifest(folder)
    files = {path: data for path, data in source_files(folder).items() if path != MANIFEST_NAME}
    document.pop("files", None)
    document["files"] = {path: sha256(data) for path, data in sorted(files.items())}
    files[MANIFEST_NAME] = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()
    return write_members(files)


def package_file_name(manifest: dict[str, Any]) -> str:
    """`acme/pin-check` 1.2.0 → `acme-pin-check-1.2.0.mapp`."""
    return f"{str(manifest['name']).replace('/', '-')}-{manifest['version']}.mapp"
