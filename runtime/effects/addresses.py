"""Which network addresses a flow's HTTP requests may reach (protection against SSRF).

Flow authors write URLs, and URLs can point inside the network the runtime runs in: the cloud
metadata service, an admin console on localhost, a database. So every request is checked on the
address it will actually connect to, after resolving the name: private, loopback, link-local,
multicast, reserved and other non-global addresses are refused, IPv4 and IPv6 alike (including
IPv4 addresses embedded in IPv6 ones), unless the administrator allow-lists them with
`HTTP_ALLOWLIST`: CIDRs (`10.1.0.0/16`), single addresses, or host names (`crm.internal`,
`*.corp.example`).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
HOST_NAME = re.compile(r"^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")


class AddressRefusedError(Exception):
    """The request may not go to this host; the message says why, for `system.LastError`."""


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to (the system resolver), in its order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise AddressRefusedError(f"the host name '{host}' cannot be resolved") from None
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).partition("%")[0]
        if address not in addresses:
            addresses.append(address)
    return addresses


def embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), if any."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: IPAddress) -> bool:
    """True for addresses on the public internet only."""
    inner = embedded_ipv4(address)
    if inner is not None:
        if isinstance(address, ipaddress.IPv6Address) and (
                address.ipv4_mapped is not None or address in NAT64):
            return is_public(inner)
        if not is_public(inner):
            return False
    return not (address.is_private or address.is_loopback or address.is_link_local
                or address.is_multicast or address.is_reserved or address.is_unspecified
                or not address.is_global)


class AddressPolicy:
    """The administrator's allow-list, and the check every connection goes through."""

    def __init__(self, allow: Iterable[str] = (), *, resolver: Resolver = resolve):
        self.networks: list[Network] = []
        self.hosts: set[str] = set()
        self.domains: set[str] = set()
        self.resolver = resolver
        for entry in allow:
            self._add(entry.strip())

    @classmethod
    def from_setting(cls, value: str | None, *, resolver: Resolver = resolve) -> AddressPolicy:
        """From `HTTP_ALLOWLIST`: entries separated by commas or white space."""
        return cls([item for item in re.split(r"[\s,]+", value or "") if item], resolver=resolver)

    def _add(self, entry: str) -> None:
        if not entry:
            return
        try:
            self.networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            return
        except ValueError:
            pass
        name = entry.lower().rstrip(".")
        if not HOST_NAME.match(name):
            raise ValueError(f"HTTP_ALLOWLIST entry '{entry}' is neither a CIDR, an address nor "
                             "a host name")
        if name.startswith("*."):
            self.domains.add(name[2:])
        else:
            self.hosts.add(name)

    def host_allowed(self, host: str) -> bool:
        name = host.lower().rstrip(".")
        return name in self.hosts or any(name.endswith("." + domain) for domain in self.domains)

    def address_allowed(self, address: IPAddress) -> bool:
        if is_public(address):
            return True
        candidates: list[IPAddress] = [address]
        inner = embedded_ipv4(address)
        if inner is not None:
            candidates.append(inner)
        return any(candidate in network for candidate in candidates for network in self.networks
                   if candidate.version == network.version)

    def vet(self, host: str, port: int) -> str:
        """The address to connect to for `host`: the first one allowed.

        Raises AddressRefusedError naming the refused address when none is allowed.
        """
        bare = host.strip("[]")
        try:
            literal: IPAddress | None = ipaddress.ip_address(bare)
        except ValueError:
            literal = None
        addresses = [bare] if literal is not None else self.resolver(bare, port)
        if not addresses:
            raise AddressRefusedError(f"the host name '{host}' cannot be resolved")
        trusted_name = literal is None and self.host_allowed(bare)
        for text in addresses:
            address = ipaddress.ip_address(text)
            if trusted_name or self.address_allowed(address):
                return str(address)
        raise AddressRefusedError(f"requests to private addresses are not allowed ({addresses[0]})")
