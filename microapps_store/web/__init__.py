"""Mounts the store in an app: its settings, the host interfaces it works through, its
blueprints under `/api/v1`, and, in a Designer, the installed-MicroApps API and the look-up
that lets the Designer's module resolver find installed MicroApps.

Settings (in a Designer also as `DESIGNER_<NAME>` environment variables): `MICROAPPS_STORE_URL`
and `MICROAPPS_STORE_TOKEN` point a Designer at a remote store (default: its own), and
`MICROAPPS_PACKAGE_MAX_BYTES` caps an uploaded package (10 MB).
"""

from __future__ import annotations

from flask import Flask

from microapps_store import models  # noqa: F401  (the tables must be known to the metadata)
from microapps_store.columns import StoreBase
from microapps_store.host import HOST_KEY, StoreHost
from microapps_store.installed.lookup import installed_document
from microapps_store.web import installed_api, review_api, store_api

DEFAULTS = {"MICROAPPS_STORE_URL": None, "MICROAPPS_STORE_TOKEN": None,
            "MICROAPPS_PACKAGE_MAX_BYTES": 10 * 1024 * 1024}
MODULE_SOURCE_KEY = "installed_modules"
STORE_METADATA = StoreBase.metadata
"""The store's tables; a host creates them (a Designer's migrations, or the standalone store)."""


def init_store(app: Flask, host: StoreHost) -> None:
    for key, value in DEFAULTS.items():
        app.config.setdefault(key, value)
    app.extensions[HOST_KEY] = host
    for module in (store_api, review_api):
        app.register_blueprint(module.blueprint, url_prefix="/api/v1")
    if host.installs is not None:
        app.register_blueprint(installed_api.blueprint, url_prefix="/api/v1")
        app.extensions[MODULE_SOURCE_KEY] = installed_document
