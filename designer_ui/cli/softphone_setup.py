"""`designer serve --ws-port`: one softphone secret for the Designer and its voice pool.

The Designer signs agents' SIP credentials and the pool's Kamailio checks them, so both need
the same secret. It is `DESIGNER_SOFTPHONE_SECRET` when set, otherwise a random one kept in
the instance folder (like the session key), and it reaches the pool through the environment,
never its command line.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask

SECRET_FILE = "softphone_secret"


def instance_softphone_secret(folder: Path) -> str:
    path = folder / SECRET_FILE
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


def softphone_config(app: Flask, host: str, ws_port: int) -> dict[str, str]:
    """Configure the app's softphone credential endpoint; what the voice pool needs."""
    secret = str(app.config.get("SOFTPHONE_SECRET") or "") \
        or instance_softphone_secret(Path(app.instance_path))
    app.config["SOFTPHONE_SECRET"] = secret
    if not app.config.get("SOFTPHONE_WS_URL"):
        app.config["SOFTPHONE_WS_URL"] = f"ws://{host}:{ws_port}"
    app.config.setdefault("SOFTPHONE_DOMAIN", host)
    return {"ws_port": str(ws_port), "secret": secret}
