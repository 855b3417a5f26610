"""HTTP to another Designer: its store (publish, browse, resolve, download) and its installed
MicroApps (install a package into it). Used by the CLI and by a Designer whose store is remote.

Plain `urllib` with a bearer token; redirects are refused so the token is never sent to a host
the user did not name. API errors come back as `StoreError` with the server's code and message.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from microapps_store.errors import StoreError

API = "/api/v1"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class DesignerClient:
    def __init__(self, base_url: str, token: str | None, timeout: float = 60.0):
        self.base_url = base_url.rstrip("/")
        if self.base_url.endswith(API):
            self.base_url = self.base_url[: -len(API)]
        self.token = token
        self.timeout = timeout
        self._opener = urllib.request.build_opener(_NoRedirects)

    def request(self, method: str, path: str, *, data: bytes | None = None,
                content_type: str = "application/json", query: dict[str, str] | None = None
                ) -> bytes:
        url = f"{self.base_url}{API}{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            raise self._api_error(exc) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreError(502, "store_unreachable", f"Cannot reach {self.base_url}: "
                             f"{reason}.") from None

    def _api_error(self, exc: urllib.error.HTTPError) -> StoreError:
        try:
            error = json.loads(exc.read().decode("utf-8"))["error"]
            return StoreError(exc.code, error.get("code", "error"), error["message"],
                              details=error.get("details") or {})
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            return StoreError(exc.code, "http_error", f"{self.base_url} answered HTTP {exc.code}.")

    def get_json(self, path: str, query: dict[str, str] | None = None) -> Any:
        return json.loads(self.request("GET", path, query=query))

    def post_json(self, path: str, body: Any) -> Any:
        return json.loads(self.request("POST", path, data=json.dumps(body).encode()))

    def versions(self, name: str) -> list[dict[str, Any]]:
        """Every published version of a MicroApp (yanked ones flagged); [] when unknown."""
        try:
            detail = self.get_json(f"/store/microapps/{_quote(name)}")
        except StoreError as exc:
            if exc.status == 404:
                return []
            raise
        return list(detail["all_versions"])

    def download(self, name: str, version: str) -> bytes:
        """A package's bytes (the store does not count a download as an install)."""
        return self.request("GET", f"/store/microapps/{_quote(name)}/versions/"
                                   f"{_quote(version)}/package")

    def record_install(self, name: str, version: str) -> None:
        """Tell the store that `name@version` was installed (after the install succeeded)."""
        self.post_json(f"/store/microapps/{_quote(name)}/versions/{_quote(version)}/installs", {})

    def submit(self, data: bytes) -> dict[str, Any]:
        return dict(json.loads(self.request("POST", "/store/submissions", data=data,
                                            content_type="application/zip")))

    def search(self, text: str = "") -> list[dict[str, Any]]:
        return list(self.get_json("/store/microapps", {"q": text} if text else None))

    def install_package(self, data: bytes) -> dict[str, Any]:
        """Install a `.mapp` into this Designer (its dependencies must be installed already)."""
        return dict(json.loads(self.request("POST", "/microapps/installed/package", data=data,
                                            content_type="application/zip")))

    def installed(self) -> list[dict[str, Any]]:
        return list(self.get_json("/microapps/installed"))


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="/")
