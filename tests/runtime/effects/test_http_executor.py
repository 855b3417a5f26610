"""The HTTP executor against a real local web service (127.0.0.1, allow-listed explicitly)."""

from __future__ import annotations

import time

import pytest

from interpreter.engine.effects import HttpRequest
from runtime.effects import AddressPolicy, HttpExecutor

LOCAL = AddressPolicy(["127.0.0.1/32"])


def request(url: str, method: str = "GET", *, timeout_ms: int = 2000, body: str | None = None,
            headers: dict[str, str] | None = None) -> HttpRequest:
    return HttpRequest("lookup", method, url, headers or {}, body, timeout_ms)


@pytest.fixture
def executor() -> HttpExecutor:
    return HttpExecutor(LOCAL)


def test_json_bodies_become_values(executor: HttpExecutor, service: str) -> None:
    response = executor.execute(request(f"{service}/json"))
    assert response.error is None and response.status == 200
    assert response.body == {"status": "shipped", "items": 2}
    assert response.headers["Content-Type"] == "application/json"


def test_other_bodies_stay_text(executor: HttpExecutor, service: str) -> None:
    response = executor.execute(request(f"{service}/text"))
    assert response.body == "plain words"


def test_error_statuses_are_answers_not_errors(executor: HttpExecutor, service: str) -> None:
    response = executor.execute(request(f"{service}/status/503"))
    assert response.error is None and response.status == 503 and response.body == {"error": "nope"}


def test_a_post_sends_its_body_with_a_content_type(executor: HttpExecutor, service: str) -> None:
    response = executor.execute(request(f"{service}/echo", "POST", body='{"id": 7}',
                                        headers={"Authorization": "Bearer t"}))
    assert response.body == {"method": "POST", "body": '{"id": 7}', "type": "application/json",
                             "auth": "Bearer t"}


def test_the_connection_goes_to_the_vetted_address_under_the_name() -> None:
    from tests.runtime.effects.web_service import running_service

    with running_service() as base:
        port = base.rsplit(":", 1)[1]
        resolved: list[str] = []

        def resolver(host: str, port: int) -> list[str]:
            resolved.append(host)
            return ["127.0.0.1"]

        executor = HttpExecutor(AddressPolicy(["crm.internal"], resolver=resolver))
        response = executor.execute(request(f"http://crm.internal:{port}/host"))
        assert response.body == {"host": f"crm.internal:{port}"}
        assert resolved == ["crm.internal"]
        refused = HttpExecutor(AddressPolicy(resolver=resolver)).execute(
            request(f"http://crm.internal:{port}/host"))
        assert refused.error == "requests to private addresses are not allowed (127.0.0.1)"


def test_private_addresses_are_refused_without_an_allow_list(service: str) -> None:
    response = HttpExecutor().execute(request(f"{service}/json"))
    assert response.error == "requests to private addresses are not allowed (127.0.0.1)"
    assert response.status == 0


@pytest.mark.parametrize("url, address", [
    ("http://10.0.0.5/x", "10.0.0.5"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ("http://[::1]:8080/", "::1"),
    ("http://[::ffff:10.0.0.5]/", "::ffff:10.0.0.5"),
    ("http://0.0.0.0/", "0.0.0.0"),
])
def test_internal_targets_are_refused_before_connecting(url: str, address: str) -> None:
    response = HttpExecutor(LOCAL).execute(request(url))
    assert response.error == f"requests to private addresses are not allowed ({address})"


def test_redirects_are_followed(executor: HttpExecutor, service: str) -> None:
    response = executor.execute(request(f"{service}/redirect/json"))
    assert response.status == 200 and response.body == {"status": "shipped", "items": 2}


def test_a_see_other_redirect_turns_a_post_into_a_get(executor: HttpExecutor,
                                                       service: str) -> None:
    response = executor.execute(request(f"{service}/redirect/see-other", "POST", body="x"))
    assert response.status == 200 and response.body == {"status": "shipped", "items": 2}


@pytest.mark.parametrize("target, address", [("private", "10.0.0.5"),
                                             ("metadata", "169.254.169.254")])
def test_a_redirect_to_a_private_address_is_refused(executor: HttpExecutor, service: str,
                                                    target: str, address: str) -> None:
    response = executor.execute(request(f"{service}/redirect/{target}"))
    assert response.error == f"requests to private addresses are not allowed ({address})"


def test_redirect_loops_stop_after_three(executor: HttpExecutor, service: str) -> None:
    response = executor.execute(request(f"{service}/redirect/loop"))
    assert response.error == "the web service redirected more than 3 times"


def test_slow_services_time_out(executor: HttpExecutor, service: str) -> None:
    started = time.monotonic()
    response = executor.execute(request(f"{service}/slow", timeout_ms=300))
    assert response.error == "the web service did not answer within 300 ms"
    assert time.monotonic() - started < 2


def test_timeouts_are_capped(service: str) -> None:
    executor = HttpExecutor(LOCAL, max_timeout_ms=250)
    response = executor.execute(request(f"{service}/slow", timeout_ms=60000))
    assert response.error == "the web service did not answer within 250 ms"


@pytest.mark.parametrize("path", ["/big", "/big-chunked"])
def test_large_responses_are_refused(executor: HttpExecutor, service: str, path: str) -> None:
    response = executor.execute(request(f"{service}{path}"))
    assert response.error == ("the response from 127.0.0.1 is too large (more than 1048576 "
                              "bytes)")


def test_the_size_cap_is_configurable(service: str) -> None:
    response = HttpExecutor(LOCAL, max_response_bytes=5).execute(request(f"{service}/text"))
    assert response.error is not None and "too large (more than 5 bytes)" in response.error


@pytest.mark.parametrize("url, message", [
    ("ftp://127.0.0.1/file", "only http and https URLs are allowed, not 'ftp://127.0.0.1/file'"),
    ("file:///etc/passwd", "only http and https URLs are allowed, not 'file:///etc/passwd'"),
    ("http:///nohost", "the URL 'http:///nohost' has no host"),
])
def test_only_web_urls_are_called(url: str, message: str) -> None:
    assert HttpExecutor(LOCAL).execute(request(url)).error == message


def test_refused_connections_are_reported(executor: HttpExecutor) -> None:
    response = executor.execute(request("http://127.0.0.1:9/x"))
    assert response.error == "could not connect to 127.0.0.1 (port 9)"


def test_tls_failures_are_reported(executor: HttpExecutor, service: str) -> None:
    response = executor.execute(request(service.replace("http:", "https:") + "/json"))
    assert response.error is not None
    assert response.error.startswith("a secure connection to 127.0.0.1 failed")


def test_unresolvable_names_are_reported() -> None:
    def resolver(host: str, port: int) -> list[str]:
        from runtime.effects import AddressRefusedError

        raise AddressRefusedError(f"the host name '{host}' cannot be resolved")

    response = HttpExecutor(AddressPolicy(resolver=resolver)).execute(
        request("http://nowhere.invalid/"))
    assert response.error == "the host name 'nowhere.invalid' cannot be resolved"
