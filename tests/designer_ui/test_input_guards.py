"""Bad input the API once answered with a 500: JSON nested 10,000 deep, lone surrogates and NULs
in stored text, version and id numbers no column holds, and the Python errors only malformed
input raises. Each is now a 400 or 404 in the error shape, and nothing is stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.exc import DataError
from werkzeug.test import TestResponse

from designer_ui.input_guards import MAX_URL_INTEGER, BoundedIntegerConverter
from designer_ui.security import public
from tests.designer_ui.conftest import build_app
from tests.designer_ui.helpers import Api, hello_flow

DEEP = "[" * 10_000 + "]" * 10_000
DEEP_OBJECT = '{"a":' * 10_000 + "1" + "}" * 10_000


def assert_error(response: TestResponse, status: int | tuple[int, ...],
                 code: str | tuple[str, ...]) -> None:
    statuses = status if isinstance(status, tuple) else (status,)
    codes = code if isinstance(code, tuple) else (code,)
    assert response.status_code in statuses, response.get_data(as_text=True)[:300]
    body = json.loads(response.get_data())
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] in codes, body


@pytest.mark.parametrize(("method", "path"), [
    ("POST", "flows"), ("PUT", "flows/hello"), ("POST", "flows/hello/validate"),
    ("POST", "import"), ("POST", "simulator/sessions"), ("POST", "expressions/check"),
    ("POST", "tokens"), ("POST", "users"), ("POST", "entry-points")])
def test_json_10000_deep_is_400(admin: Api, method: str, path: str) -> None:
    admin.create_flow(hello_flow())
    for body in (DEEP, DEEP_OBJECT, '{"document": ' + DEEP + "}"):
        response = admin.open(method, path, data=body, content_type="application/json")
        assert_error(response, 400, "json_too_deep")
    assert admin.get("flows/hello").status_code == 200


@pytest.mark.parametrize("name", ["\ud800", "ok\udfff", "a\x00b"])
def test_unstorable_text_is_400_and_stores_nothing(admin: Api, name: str) -> None:
    before = admin.get("tokens").json
    body = '{"name": ' + json.dumps(name) + "}"
    assert_error(admin.post("tokens", data=body, content_type="application/json"), 400,
                 "invalid_text")
    raw = ('{"name": "' + name + '"}').encode("utf-8", "surrogatepass")
    assert_error(admin.post("tokens", data=raw, content_type="application/json"), 400,
                 ("invalid_text", "invalid_json"))  # a raw NUL is not JSON at all
    assert admin.get("tokens").json == before


def test_unstorable_text_in_a_flow_is_400(admin: Api) -> None:
    admin.create_flow(hello_flow())
    document = hello_flow()
    document["blocks"]["welcome"]["props"]["prompts"][0]["tts"] = "Hi \ud83d"
    response = admin.put("flows/hello", json={"document": document, "revision": 1})
    assert_error(response, 400, "invalid_text")


@pytest.mark.parametrize("number", ["99999999999999999999", "9" * 30, str(MAX_URL_INTEGER + 1)])
def test_numbers_no_column_holds_are_404(admin: Api, number: str) -> None:
    admin.create_flow(hello_flow())
    assert admin.post("flows/hello/versions", json={}).status_code == 201
    for method, path in (("GET", f"flows/hello/versions/{number}"),
                         ("POST", f"flows/hello/versions/{number}/restore"),
                         ("PATCH", f"users/{number}"), ("DELETE", f"tokens/{number}"),
                         ("PUT", f"entry-points/{number}"),
                         ("DELETE", f"entry-points/{number}")):
        assert_error(admin.open(method, path, json={}), (404, 405),
                     ("not_found", "method_not_allowed"))
    assert admin.get(f"flows/hello/versions/{MAX_URL_INTEGER}").status_code == 404
    assert admin.get("flows/hello/versions/1").status_code == 200


def test_every_integer_in_a_url_is_bounded(session_app: Flask) -> None:
    converters = [converter for rule in session_app.url_map.iter_rules()
                  for converter in rule._converters.values()
                  if "Integer" in type(converter).__name__]
    assert converters and all(isinstance(c, BoundedIntegerConverter) for c in converters)
    assert all(c.max == MAX_URL_INTEGER for c in converters)


@pytest.fixture(scope="module")
def failing_app(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
                ) -> Flask:
    """A real app with one extra route that raises what a deep or odd value makes code raise."""
    app = build_app("sqlite", Path(tmp_path_factory.mktemp("guards")), request)
    failures: dict[str, Exception] = {
        "recursion": RecursionError("maximum recursion depth exceeded"),
        "unicode": UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
        "overflow": OverflowError("Python int too large to convert to SQLite INTEGER"),
        "data": DataError("INSERT", {}, Exception("integer out of range")),
    }

    def fail(kind: str) -> None:
        raise failures[kind]

    app.add_url_rule("/api/v1/test-failure/<kind>", view_func=public(fail))
    return app


@pytest.mark.parametrize(("kind", "code"), [
    ("recursion", "too_deep"), ("unicode", "invalid_text"), ("overflow", "out_of_range"),
    ("data", "invalid_value")])
def test_errors_only_bad_input_causes_are_400(failing_app: Flask, kind: str, code: str) -> None:
    response = failing_app.test_client().get(f"/api/v1/test-failure/{kind}")
    assert_error(response, 400, code)
