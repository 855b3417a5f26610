"""The MicroApps a Designer ships with (`examples/microapps/`), published into its own store
when it starts with examples (`LOAD_EXAMPLES`), so a new instance has a useful store at once.

Each folder is packed and checked as `designer microapp pack` does, except that the flow tests
are left to CI (`designer test examples`) to keep start-up quick; versions the store already
has are skipped, so restarts change nothing. Folders whose dependencies are not in the store
yet wait until those are published.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from microapps_store.errors import MicroAppError
from microapps_store.host import session
from microapps_store.package import build_package, read_package
from microapps_store.package.manifest import MANIFEST_NAME
from microapps_store.store.catalog import StoreCatalog
from microapps_store.store.submissions import SYSTEM_USER, submit


def builtin_folders(examples: Path) -> list[Path]:
    root = examples / "microapps"
    return sorted(path.parent for path in root.glob(f"*/{MANIFEST_NAME}")) if root.is_dir() else []


def publish_builtins(app: Flask) -> list[str]:
    """Publish every built-in MicroApp version the store lacks; returns the refs published."""
    pending = {folder: build_package(folder) for folder in builtin_folders(
        Path(app.config["EXAMPLES_DIR"]))}
    published: list[str] = []
    while pending:
        progress = False
        for folder, data in list(pending.items()):
            package = read_package(data)
            catalog = StoreCatalog()
            if any(c.version == package.version for c in catalog.candidates(package.name)):
                del pending[folder]
                continue
            if not all(catalog.candidates(dep) for dep in package.dependencies):
                continue
            try:
                row = submit(data, SYSTEM_USER, run_tests=False, publish=True, as_system=True)
            except MicroAppError as exc:
                app.logger.warning("built-in MicroApp %s not published: %s", folder.name,
                                   exc.describe())
            else:
                published.append(row.ref)
            del pending[folder]
            progress = True
        if not progress:
            for folder in pending:
                app.logger.warning("built-in MicroApp %s not published: its dependencies are "
                                   "missing", folder.name)
            break
    session().commit()
    return published
