"""Security headers on every response: JSON is never sniffed as HTML, and HTML pages get a
Content Security Policy that allows only this server's own scripts."""

from __future__ import annotations

from flask import Flask, Response, current_app

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def add_security_headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    mimetype = response.mimetype  # parsed from the header on every read
    if mimetype == "text/html":
        response.headers["Content-Security-Policy"] = _with_softphone(CONTENT_SECURITY_POLICY)
    if mimetype == "application/json":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _with_softphone(policy: str) -> str:
    """The agent desk's softphone connects to Kamailio's WebSocket (SOFTPHONE_WS_URL), another
    origin: only that one address is added to connect-src."""
    ws_url = str(current_app.config.get("SOFTPHONE_WS_URL") or "") if current_app else ""
    if not ws_url.startswith(("ws://", "wss://")) or any(c in ws_url for c in " ;,'\"\r\n"):
        return policy
    return policy.replace("connect-src 'self'", f"connect-src 'self' {ws_url}")


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)
