"""How large a flow document the Designer accepts, measured one way everywhere.

One oversized flow made every simulator start cost seconds and megabytes of database, and a
saved flow is compiled, validated and copied again by every run, test and export. Create,
update, validate, import and simulate therefore refuse documents larger than the app config
key `FLOW_DOCUMENT_MAX_BYTES` (2 MB by default; env `DESIGNER_FLOW_DOCUMENT_MAX_BYTES`),
measured as compact UTF-8 JSON so formatting does not count.
"""

from __future__ import annotations

import json
from typing import Any

from flask import current_app

from designer_ui.errors import ApiError

DEFAULT_FLOW_DOCUMENT_MAX_BYTES = 2 * 1024 * 1024


def document_bytes(document: Any) -> int:
    """The size of `document` as compact UTF-8 JSON."""
    return len(json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def flow_document_limit() -> int:
    return int(current_app.config.get("FLOW_DOCUMENT_MAX_BYTES",
                                      DEFAULT_FLOW_DOCUMENT_MAX_BYTES))


def oversize_message(document: Any) -> str | None:
    """Why `document` is refused for its size, or None when it is small enough."""
    size, limit = document_bytes(document), flow_document_limit()
    if size <= limit:
        return None
    return (f"The flow document is {_megabytes(size)} MB; flows may be at most "
            f"{_megabytes(limit)} MB. Split it into modules.")


def check_flow_size(document: Any) -> None:
    """413 (`payload_too_large`) when `document` is larger than the configured limit."""
    message = oversize_message(document)
    if message is not None:
        raise ApiError(413, message, details={"bytes": document_bytes(document),
                                              "limit": flow_document_limit()})


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"
