"""Which addresses flows may call: public ones, and what the administrator allow-lists."""

from __future__ import annotations

import ipaddress

import pytest

from runtime.effects import AddressPolicy, AddressRefusedError, is_public
from runtime.effects.addresses import resolve

INTERNAL = [
    "10.0.0.5", "172.16.3.4", "192.168.1.1", "127.0.0.1", "169.254.169.254", "0.0.0.0",
    "100.64.0.1", "224.0.0.251", "240.0.0.1", "255.255.255.255", "198.18.0.1",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
    "::ffff:10.0.0.5", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
    "64:ff9b::a00:5", "2002:a00:5::1", "2001:db8::1",
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8",
          "64:ff9b::808:808"]


@pytest.mark.parametrize("address", INTERNAL)
def test_internal_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are(address: str) -> None:
    assert is_public(ipaddress.ip_address(address))


def test_the_allow_list_takes_networks_addresses_and_names() -> None:
    policy = AddressPolicy.from_setting("10.1.0.0/16, 127.0.0.1 crm.internal,*.corp.example "
                                        "fd00::/8")
    assert policy.vet("10.1.2.3", 80) == "10.1.2.3"
    assert policy.vet("127.0.0.1", 80) == "127.0.0.1"
    assert policy.vet("[fd00::7]", 443) == "fd00::7"
    assert policy.vet("::ffff:10.1.9.9", 80) == str(ipaddress.ip_address("::ffff:10.1.9.9"))
    assert policy.host_allowed("crm.internal") and policy.host_allowed("a.b.corp.example")
    assert not policy.host_allowed("corp.example") and not policy.host_allowed("crm.internal.x")
    with pytest.raises(AddressRefusedError, match=r"not allowed \(10\.2\.0\.1\)"):
        policy.vet("10.2.0.1", 80)


def test_names_are_checked_on_what_they_resolve_to() -> None:
    answers = {"public.example": ["10.0.0.9", "8.8.4.4"], "inside.example": ["192.168.0.2"],
               "crm.internal": ["10.9.9.9"]}
    policy = AddressPolicy(["crm.internal"], resolver=lambda host, port: answers[host])
    assert policy.vet("public.example", 443) == "8.8.4.4"
    assert policy.vet("crm.internal", 443) == "10.9.9.9"
    with pytest.raises(AddressRefusedError,
                       match=r"^requests to private addresses are not allowed \(192\.168\.0\.2\)$"):
        policy.vet("inside.example", 443)


@pytest.mark.parametrize("entry", ["not a host!", "http://x.example/", "10.0.0.0/33"])
def test_bad_allow_list_entries_are_refused(entry: str) -> None:
    with pytest.raises(ValueError, match="HTTP_ALLOWLIST"):
        AddressPolicy([entry])


def test_the_system_resolver_answers_for_localhost() -> None:
    assert "127.0.0.1" in resolve("localhost", 80) or "::1" in resolve("localhost", 80)
    with pytest.raises(AddressRefusedError, match="cannot be resolved"):
        resolve("bad host name", 80)
