"""Bot endpoints go through the HTTP block's address policy: refused forms, origins, and a
registry connector that vets the endpoint before every turn (nothing reaches a refused host)."""

from __future__ import annotations

import pytest

from runtime.bots import RegistryBotConnector, StaticDefinitions
from runtime.bots.endpoint_policy import (
    EndpointOrigin,
    EndpointRefusedError,
    endpoint_origin,
    same_origin,
    vet_endpoint,
)
from runtime.bots.lex import LexConnector
from runtime.effects.addresses import AddressPolicy
from tests.bots_servers import LexServer
from tests.runtime.bots.conftest import FAST_RETRY, turn
from tests.runtime.bots.scripts import lex_definition

REFUSED = {
    "loopback": "http://127.0.0.1:8080",
    "metadata": "http://169.254.169.254/latest/meta-data/",
    "name resolving to loopback": "http://localhost:8080",
    "file scheme": "file:///etc/passwd",
    "IPv6 loopback": "http://[::1]:8080",
    "decimal IP": "http://2130706433/",
    "hex IP": "http://0x7f000001/",
    "IPv4-mapped IPv6": "http://[::ffff:127.0.0.1]/",
    "private range": "https://10.0.0.5/",
    "bare loopback host:port": "127.0.0.1:443",
    "other scheme": "gopher://example.com/",
    "user info": "http://user:secret@example.com/",
}


@pytest.mark.parametrize("endpoint", REFUSED.values(), ids=REFUSED.keys())
def test_the_default_policy_refuses(endpoint: str) -> None:
    with pytest.raises(EndpointRefusedError):
        vet_endpoint(endpoint, AddressPolicy())


def test_public_names_pass_only_when_every_address_is_public() -> None:
    public = AddressPolicy(resolver=lambda host, port: ["93.184.216.34"])
    vet_endpoint("https://lex.example.com", public)
    vet_endpoint("dialogflow.example.com:443", public)
    rebinding = AddressPolicy(resolver=lambda host, port: ["93.184.216.34", "127.0.0.1"])
    with pytest.raises(EndpointRefusedError, match=r"127\.0\.0\.1"):
        vet_endpoint("https://lex.example.com", rebinding)


def test_the_allow_list_opens_exactly_what_it_names() -> None:
    vet_endpoint("http://127.0.0.1:9000", AddressPolicy(["127.0.0.1"]))
    vet_endpoint("https://lex.internal", AddressPolicy(["lex.internal"],
                                                       resolver=lambda host, port: ["10.0.0.9"]))
    with pytest.raises(EndpointRefusedError):
        vet_endpoint("http://169.254.169.254/", AddressPolicy(["127.0.0.1"]))


def test_origins() -> None:
    assert endpoint_origin("HTTP://Lex.Example.com:8080/x") == EndpointOrigin(
        "http", "lex.example.com", 8080)
    assert endpoint_origin("dialogflow.example.com") == EndpointOrigin(
        "https", "dialogflow.example.com", 443)
    assert same_origin("https://a.example.com/", "https://a.example.com:443/other")
    assert not same_origin("https://a.example.com", "http://a.example.com")
    assert not same_origin("https://a.example.com", "https://b.example.com")
    assert not same_origin("http://127.0.0.1:1", "http://127.0.0.1:2")
    assert not same_origin(None, "https://a.example.com") and same_origin(None, "")


def test_the_registry_connector_vets_the_endpoint_before_every_turn(lex: LexServer) -> None:
    definitions = {"OrderBot": lex_definition(lex.url, max_retries=0)}
    connectors = {"lex": LexConnector(retry=FAST_RETRY)}
    refused = RegistryBotConnector(StaticDefinitions(definitions), connectors,
                                   endpoint_policy=AddressPolicy())
    answer = refused.turn(turn("OrderBot", "a large pizza"))
    assert answer.state == "failed" and "not allowed" in (answer.error or "")
    assert lex.requests == []
    allowed = RegistryBotConnector(StaticDefinitions(definitions), connectors,
                                   endpoint_policy=AddressPolicy(["127.0.0.1"]))
    assert allowed.turn(turn("OrderBot", "a large pizza")).error is None
    assert len(lex.requests) == 1
