"""Bot endpoints obey the HTTP block's address policy.

A bot's `endpoint` replaces the provider's address, and whoever registers the bot chooses it. Left
unchecked it would let an editor make the runtime sign a request to the cloud metadata service,
an admin console on localhost or any host inside the network. So an endpoint must be an
http(s) URL or a bare `host[:port]` (the Dialogflow clients' form, spoken to over TLS), and its
host must resolve to addresses the `AddressPolicy` allows (public ones, or the administrator's
allow-list). Hosts check it when a bot is saved and again before every turn.

The origin (scheme, host, port) is also what stored credentials are bound to: when it changes,
the Designer drops them, so they never follow an endpoint to a new server.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from runtime.effects.addresses import AddressPolicy, AddressRefusedError

SCHEMES = ("http", "https")
BARE_ENDPOINT = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[^\s/:@\[\]?#]+)(:\d{1,5})?$")
"""`host`, `host:port`, `[v6]:port`: no scheme, path, user info or query."""


class EndpointRefusedError(AddressRefusedError):
    """The endpoint is malformed, not http(s), or on an address the policy refuses."""


@dataclass(frozen=True, slots=True)
class EndpointOrigin:
    scheme: str
    host: str
    port: int


def endpoint_origin(endpoint: str) -> EndpointOrigin:
    """Scheme, host and port of an endpoint; bare `host[:port]` counts as https."""
    text = endpoint.strip()
    if "://" in text:
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in SCHEMES:
            raise EndpointRefusedError(f"only http and https endpoints are allowed, not "
                                       f"'{text[:100]}'")
    elif BARE_ENDPOINT.match(text):
        parts, scheme = urlsplit(f"//{text}"), "https"
    else:
        raise EndpointRefusedError(f"'{text[:100]}' is neither an http(s) URL nor host:port")
    try:
        port = parts.port or (80 if scheme == "http" else 443)
    except ValueError:
        raise EndpointRefusedError(f"the endpoint '{text[:100]}' has an invalid port") from None
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise EndpointRefusedError(f"the endpoint '{text[:100]}' needs a host and no user info")
    return EndpointOrigin(scheme, parts.hostname.lower(), port)


def same_origin(before: str | None, after: str | None) -> bool:
    """Whether two endpoint settings reach the same server (None: the provider's own)."""
    if not before or not after:
        return not before and not after
    try:
        return endpoint_origin(before) == endpoint_origin(after)
    except EndpointRefusedError:
        return False


def vet_endpoint(endpoint: str, policy: AddressPolicy) -> None:
    """Refuse an endpoint unless every address its host resolves to is allowed.

    The provider SDKs resolve the name themselves and may use any of its addresses, so one
    refused address refuses the endpoint. Raises EndpointRefusedError saying why (a loopback,
    private, link-local or metadata address, a name resolving to one, a non-http(s) scheme).
    """
    origin = endpoint_origin(endpoint)
    shown = endpoint.strip()[:100]
    try:
        literal = ipaddress.ip_address(origin.host.strip("[]"))
    except ValueError:
        literal = None
    if literal is None and policy.host_allowed(origin.host):
        return
    try:
        addresses = ([str(literal)] if literal is not None
                     else policy.resolver(origin.host, origin.port))
    except AddressRefusedError as exc:
        raise EndpointRefusedError(f"the endpoint '{shown}' is not allowed: {exc}") from None
    if not addresses:
        raise EndpointRefusedError(f"the endpoint '{shown}' is not allowed: its host name "
                                   "cannot be resolved")
    for text in addresses:
        if not policy.address_allowed(ipaddress.ip_address(text)):
            raise EndpointRefusedError(f"the endpoint '{shown}' is not allowed: requests to "
                                       f"private addresses are not allowed ({text})")


GOOGLE_TOKEN_URIS = frozenset({"https://oauth2.googleapis.com/token",
                               "https://accounts.google.com/o/oauth2/token"})
"""Where a service account's signed assertion may be sent for an access token."""


def token_uri_problem(info: Mapping[str, Any]) -> str | None:
    """Why a service account key's `token_uri` is refused (it would receive the key's signed
    assertion, so it must be Google's token endpoint), or None."""
    uri = info.get("token_uri")
    if uri is None or uri in GOOGLE_TOKEN_URIS:
        return None
    return "the service account's token_uri must be Google's (https://oauth2.googleapis.com/token)"
