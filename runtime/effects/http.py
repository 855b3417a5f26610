"""Carries out a flow's `HttpRequest` effects for real, within safe limits.

The `http` block lets business users call any web service, so the executor bounds what a call
may cost and reach: only http/https; the block's timeout (capped) covers the whole exchange,
redirects included; bodies over a size cap are refused; every connection goes to an address
vetted by the `AddressPolicy` (the connection is made to that very IP, with the name in the Host
header and TLS SNI, so a second DNS answer cannot swap it); redirects are followed by hand, at
most three, each checked the same way. Every failure becomes `HttpResponse(error=…)` with a
sentence a business user can read in `system.LastError`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import urllib3
from urllib3.exceptions import (
    HTTPError,
    LocationParseError,
    NewConnectionError,
    SSLError,
    TimeoutError,
)
from urllib3.util import parse_url

from interpreter.engine.effects import HttpRequest
from interpreter.engine.events import HttpResponse
from runtime.effects.addresses import AddressPolicy, AddressRefusedError

DEFAULT_MAX_TIMEOUT_MS = 30_000
DEFAULT_MAX_RESPONSE_BYTES = 1_048_576
DEFAULT_MAX_REDIRECTS = 3
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 65_536
USER_AGENT = "contact-flow-designer-runtime/0.1"
CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


class HttpCallError(Exception):
    """A call that failed; the message goes to the flow as the response's error."""


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return host if self.port == default else f"{host}:{self.port}"


def parse_target(url: str) -> Target:
    try:
        parts = parse_url(url)
    except LocationParseError:
        raise HttpCallError(f"'{url[:200]}' is not a valid URL") from None
    scheme = (parts.scheme or "").lower()
    if scheme not in ("http", "https"):
        raise HttpCallError(f"only http and https URLs are allowed, not '{url[:200]}'")
    if not parts.host:
        raise HttpCallError(f"the URL '{url[:200]}' has no host")
    port = parts.port or (443 if scheme == "https" else 80)
    return Target(scheme, parts.host.strip("[]"), port, parts.request_uri)


class HttpExecutor:
    """Performs `HttpRequest` effects: `executor.execute(effect) -> HttpResponse`."""

    def __init__(self, policy: AddressPolicy | None = None, *,
                 max_timeout_ms: int = DEFAULT_MAX_TIMEOUT_MS,
                 max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
                 max_redirects: int = DEFAULT_MAX_REDIRECTS, ca_certs: str | None = None):
        self.policy = policy or AddressPolicy()
        self.max_timeout_ms = max_timeout_ms
        self.max_response_bytes = max_response_bytes
        self.max_redirects = max_redirects
        self.ca_certs = ca_certs

    def execute(self, effect: HttpRequest) -> HttpResponse:
        timeout_ms = max(1, min(effect.timeout_ms, self.max_timeout_ms))
        try:
            return self._call(effect, time.monotonic() + timeout_ms / 1000.0, timeout_ms)
        except (HttpCallError, AddressRefusedError) as exc:
            return HttpResponse(error=str(exc))
        except Exception as exc:
            return HttpResponse(error=f"the request could not be made ({_reason(exc)})")

    __call__ = execute

    def _call(self, effect: HttpRequest, deadline: float, timeout_ms: int) -> HttpResponse:
        method, url = effect.method.upper(), effect.url
        headers = {"User-Agent": USER_AGENT, **effect.headers}
        body = effect.body.encode("utf-8") if effect.body is not None else None
        if body is not None and not any(name.lower() == "content-type" for name in headers):
            headers["Content-Type"] = _guess_content_type(effect.body or "")
        target = parse_target(url)
        for hop in range(self.max_redirects + 1):
            address = self.policy.vet(target.host, target.port)
            response = self._send(target, address, method, headers, body, deadline, timeout_ms)
            location = response.headers.get("Location")
            if response.status not in REDIRECTS or not location:
                return self._answer(response, target, deadline, timeout_ms)
            response.drain_conn()
            response.release_conn()
            if hop == self.max_redirects:
                raise HttpCallError(f"the web service redirected more than {self.max_redirects} "
                                    "times")
            url = urljoin(url, location)
            following = parse_target(url)
            if response.status == 303 or (response.status in (301, 302) and method == "POST"):
                method, body = "GET", None
                headers = {k: v for k, v in headers.items()
                           if k.lower() not in ("content-type", "content-length")}
            if (following.host, following.port) != (target.host, target.port):
                headers = {k: v for k, v in headers.items() if k.lower() not in CREDENTIAL_HEADERS}
            target = following
        raise AssertionError("unreachable")

    def _send(self, target: Target, address: str, method: str, headers: dict[str, str],
              body: bytes | None, deadline: float, timeout_ms: int) -> urllib3.BaseHTTPResponse:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise HttpCallError(_too_slow(timeout_ms))
        timeout = urllib3.Timeout(connect=remaining, read=remaining)
        pool: urllib3.HTTPConnectionPool
        if target.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                address, target.port, maxsize=1, retries=False, timeout=timeout,
                server_hostname=target.host, assert_hostname=target.host,
                cert_reqs="CERT_REQUIRED", ca_certs=self.ca_certs)
        else:
            pool = urllib3.HTTPConnectionPool(address, target.port, maxsize=1, retries=False,
                                              timeout=timeout)
        try:
            return pool.urlopen(method, target.path, body=body,
                                headers={**headers, "Host": target.host_header}, redirect=False,
                                retries=False, preload_content=False, assert_same_host=False,
                                release_conn=False)
        except NewConnectionError:
            raise HttpCallError(f"could not connect to {target.host} (port {target.port})"
                                ) from None
        except TimeoutError:
            raise HttpCallError(_too_slow(timeout_ms)) from None
        except SSLError as exc:
            raise HttpCallError(f"a secure connection to {target.host} failed ({_reason(exc)})"
                                ) from None
        except HTTPError as exc:
            raise HttpCallError(f"the request to {target.host} failed ({_reason(exc)})") from None
        finally:
            pool.close()

    def _answer(self, response: urllib3.BaseHTTPResponse, target: Target, deadline: float,
                timeout_ms: int) -> HttpResponse:
        too_large = HttpCallError(f"the response from {target.host} is too large (more than "
                                  f"{self.max_response_bytes} bytes)")
        try:
            declared = int(response.headers.get("Content-Length") or 0)
            if declared > self.max_response_bytes:
                raise too_large
            chunks: list[bytes] = []
            size = 0
            for chunk in response.stream(CHUNK):
                size += len(chunk)
                if size > self.max_response_bytes:
                    raise too_large
                if time.monotonic() > deadline:
                    raise HttpCallError(_too_slow(timeout_ms))
                chunks.append(chunk)
        except TimeoutError:
            raise HttpCallError(_too_slow(timeout_ms)) from None
        except (HTTPError, ValueError) as exc:
            raise HttpCallError(f"the response from {target.host} broke off ({_reason(exc)})"
                                ) from None
        finally:
            response.release_conn()
            response.close()
        headers = {name: response.headers[name] for name in response.headers}
        return HttpResponse(status=response.status,
                            body=_decode(b"".join(chunks), response.headers.get("Content-Type")),
                            headers=headers)


def _decode(raw: bytes, content_type: str | None) -> Any:
    """JSON bodies as values, everything else as text."""
    media, _, params = (content_type or "").partition(";")
    charset = "utf-8"
    for param in params.split(";"):
        key, _, value = param.strip().partition("=")
        if key.lower() == "charset" and value:
            charset = value.strip('"')
    try:
        text = raw.decode(charset, "replace")
    except LookupError:
        text = raw.decode("utf-8", "replace")
    media = media.strip().lower()
    if media == "application/json" or media.endswith("+json"):
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text


def _guess_content_type(body: str) -> str:
    try:
        json.loads(body)
    except ValueError:
        return "text/plain; charset=utf-8"
    return "application/json"


def _too_slow(timeout_ms: int) -> str:
    return f"the web service did not answer within {timeout_ms} ms"


def _reason(exc: Exception) -> str:
    text = str(exc.args[-1] if exc.args else exc)
    return text[:200] or type(exc).__name__
