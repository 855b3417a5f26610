"""Hostile input for the HTTP fuzz tests: JSON that nests absurdly deep, numbers no column
holds, lone surrogates and NULs, wrong types; path and query values of the same kind; and the
check every answer must pass (below 500, and an API error in the project's error shape).

The requests are built for a route of the app's URL map, with the field names of the schemas
the view declares (`documented`), so the values reach the code behind the first check.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlencode

from flask import Flask
from hypothesis import strategies as st
from marshmallow import Schema
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

HUGE_NUMBERS = [2**31, 2**63, 10**20, -(10**20), 99999999999999999999, 10**30, 1e308, -1e308]
NASTY_TEXT = ["\ud800", "a\udfffb", "\x00", "nul\x00", "\ufeff", "\U0001f600", "../../etc",
              "%00", "' OR 1=1 --", "<script>", "x" * 5000, "", " ", "null", "-1", "1e999",
              "99999999999999999999", "999999999999999999999999999999", "\u202e", "é"]
COMMON_KEYS = ["after", "limit", "offset", "q", "from", "to", "since", "until", "version",
               "environment", "flow_id", "queue", "skill", "name", "id", "status", "kind",
               "granularity", "language", "a", "b", "page", "revision"]
INT_PATH_VALUES = ["0", "1", "2", "2147483647", "2147483648", "99999999999999999999",
                   "9" * 30, "-1", "00000000000000000001"]
DEEP = 10_000

texts = st.one_of(st.sampled_from(NASTY_TEXT),
                  st.text(st.characters(codec=None, exclude_categories=()), max_size=40))
numbers = st.one_of(st.integers(), st.sampled_from(HUGE_NUMBERS),
                    st.floats(allow_nan=False, allow_infinity=False))
scalars = st.one_of(st.none(), st.booleans(), numbers, texts)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)), max_leaves=12)


def deep_json(depth: int = DEEP, kind: str = "list") -> str:
    """`depth` nested arrays (or objects), as text: no encoder would produce it."""
    if kind == "list":
        return "[" * depth + "]" * depth
    return '{"a":' * depth + "1" + "}" * depth


raw_bodies = st.one_of(
    st.sampled_from([deep_json(), deep_json(kind="object"), deep_json(1000), deep_json(200),
                     '{"a": NaN}', '{"a": Infinity}', '{"a": 1e999}', '{"a": "\\ud800"}',
                     '{"\\udc00": 1}', '{"a": "\\u0000"}', '"just a string"', "null", "[]",
                     "{", "1" * 5000, '{"a": ' + "1" * 5000 + "}", "\xff\xfe", ""]),
    st.text(max_size=60))


def schema_keys(schema: type[Schema] | None) -> list[str]:
    if schema is None:
        return []
    return [field.data_key or name for name, field in schema().fields.items()]


def view_meta(app: Flask, rule: Rule) -> dict[str, Any]:
    return getattr(app.view_functions[rule.endpoint], "openapi", None) or {}


@st.composite
def body_for(draw: st.DrawFn, keys: list[str]) -> tuple[str, str]:
    """A body (text, content type): a schema-shaped object with hostile values, random JSON,
    raw text that is barely JSON, or a non-JSON content type."""
    kind = draw(st.sampled_from(["shaped", "shaped", "json", "raw", "form"]))
    if kind == "shaped" and keys:
        chosen = draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys)))
        value = {key: draw(json_values) for key in chosen}
        if draw(st.booleans()):
            value[draw(st.sampled_from(keys))] = json.loads(deep_json(draw(st.sampled_from(
                [40, 63, 64, 65, 300]))))
        return json.dumps(value), "application/json"
    if kind in ("shaped", "json"):
        return json.dumps(draw(json_values)), "application/json"
    if kind == "raw":
        return draw(raw_bodies), "application/json"
    return draw(st.text(max_size=40)), draw(st.sampled_from(
        ["application/x-www-form-urlencoded", "text/plain", "application/zip", "text/csv"]))


def path_value(converter: str) -> st.SearchStrategy[str]:
    if converter.endswith("IntegerConverter"):
        return st.one_of(st.sampled_from(INT_PATH_VALUES),
                         st.integers(min_value=0).map(str))
    return st.one_of(st.sampled_from(["hello", "main", "1", "dev", "live", "en-US", "acme"]),
                     texts.filter(lambda text: "/" not in text and text not in ("", ".", "..")))


@st.composite
def request_for(draw: st.DrawFn, app: Flask, rule: Rule) -> dict[str, Any]:
    """Keyword arguments for `client.open` that call `rule` with hostile input."""
    methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
    method = draw(st.sampled_from(methods))
    url = rule.rule
    for name, converter in rule._converters.items():
        value = draw(path_value(type(converter).__name__))
        encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
        url = re.sub(rf"<(?:\w+:)?{name}>", encoded.replace("\\", "\\\\"), url)
    meta = view_meta(app, rule)
    query_keys = schema_keys(meta.get("query")) + COMMON_KEYS
    query = draw(st.dictionaries(st.sampled_from(query_keys), texts.map(
        lambda text: text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")),
        max_size=4))
    request: dict[str, Any] = {"method": method, "path": url + ("?" + urlencode(query)
                                                             if query else "")}
    if method in ("POST", "PUT", "PATCH", "DELETE") and draw(st.integers(0, 9)) > 0:
        text, content_type = draw(body_for(schema_keys(meta.get("body"))))
        request["data"] = text.encode("utf-8", "surrogatepass")
        request["content_type"] = content_type
    return request


def assert_handled(response: TestResponse, request: dict[str, Any]) -> None:
    """No 500, and every API refusal in the error shape."""
    status = response.status_code
    assert status < 500, (request["method"], request["path"], status,
                          response.get_data(as_text=True)[:500])
    if status >= 400 and request["path"].startswith("/api/"):
        try:  # the standard parser: the app's own refuses what it may echo back (a NUL)
            body = json.loads(response.get_data())
        except ValueError:
            body = None
        assert isinstance(body, dict) and set(body) == {"error"}, (request, body)
        assert {"code", "message", "details"} <= set(body["error"]), (request, body)
