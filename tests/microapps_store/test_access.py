"""Who may call each store and installed-MicroApps endpoint, written out from docs/api-v1.md;
the table must name every endpoint the blueprints have. Also the OpenAPI description of them,
and that READMEs reach pages only as escaped HTML."""

from __future__ import annotations

import re
import warnings

from flask import Flask

from designer_ui.api.docs import build_spec
from microapps_store.package import render_readme
from tests.designer_ui.conftest import add_user, add_users_with_tokens, login
from tests.designer_ui.helpers import Api

ANY = frozenset({"admin", "developer", "reviewer", "business", "agent"})
DEV = frozenset({"admin", "developer"})
REVIEW = frozenset({"admin", "reviewer"})
DEV_OR_REVIEW = DEV | REVIEW
IDENTITIES = {role: [role] for role in ANY}
VERSION = "/store/microapps/<publisher>/<name>/versions/<version>"
INSTALLED = "/microapps/installed/<publisher>/<name>/<version>"

RULES: list[tuple[str, str, frozenset[str]]] = [
    ("GET", "/store/microapps", ANY), ("GET", "/store/categories", ANY),
    ("GET", "/store/microapps/<publisher>/<name>", ANY), ("GET", VERSION, ANY),
    ("GET", f"{VERSION}/package", ANY), ("POST", f"{VERSION}/installs", DEV),
    ("GET", "/store/resolve", ANY),
    ("POST", f"{VERSION}/deprecate", DEV_OR_REVIEW), ("POST", f"{VERSION}/yank", DEV_OR_REVIEW),
    ("POST", "/store/submissions", DEV), ("GET", "/store/submissions", DEV_OR_REVIEW),
    ("GET", "/store/reviews", REVIEW), ("GET", "/store/reviews/<publisher>/<name>/<version>", REVIEW),
    ("POST", "/store/reviews/<publisher>/<name>/<version>", REVIEW),
    ("GET", "/microapps/installed", ANY), ("POST", "/microapps/installed/plan", ANY),
    ("POST", "/microapps/installed", DEV), ("POST", "/microapps/installed/package", DEV),
    ("GET", INSTALLED, ANY), ("DELETE", INSTALLED, DEV),
]
VALUES = {"publisher": "acme", "name": "greeter", "version": "1.0.0"}


def concrete(rule: str) -> str:
    return "/api/v1" + re.sub(r"<(\w+)>", lambda match: VALUES[match.group(1)], rule)


def test_the_table_covers_every_endpoint(session_app: Flask) -> None:
    actual = {(method, rule.rule) for rule in session_app.url_map.iter_rules()
              if rule.endpoint.split(".")[0] in ("store", "store_reviews", "microapps")
              for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    assert actual == {(method, "/api/v1" + rule) for method, rule, _ in RULES}


def test_roles(app: Flask) -> None:
    tokens = add_users_with_tokens(app, IDENTITIES)
    for method, rule, allowed in RULES:
        url = concrete(rule)
        assert app.test_client().open(url, method=method, json={}).status_code == 401, url
        for identity, token in tokens.items():
            response = Api(app.test_client(), token=token).open(method, url, json={})
            refused = response.status_code in (401, 403) and response.json["error"]["code"] in (
                "forbidden", "unauthorized")
            assert refused == (identity not in allowed), (identity, method, url,
                                                          response.status_code, response.json)


def test_cookie_sessions_need_the_csrf_header(app: Flask) -> None:
    add_user(app, "root", ["admin"])
    session = login(app, "root")
    for method, rule, _ in RULES:
        if method != "GET":
            response = session.client.open(concrete(rule), method=method, json={})
            assert response.json["error"]["code"] == "csrf_failed", rule


def test_openapi_describes_the_store(session_app: Flask) -> None:
    with warnings.catch_warnings(record=True) as caught, session_app.app_context():
        warnings.simplefilter("always")
        spec = build_spec(session_app)
    ours = [str(w.message) for w in caught if re.search(r"name (Store|MicroApp|Installed)",
                                                         str(w.message))]
    assert ours == []
    submit = spec["paths"]["/store/submissions"]["post"]
    assert "application/zip" in submit["requestBody"]["content"]
    assert submit["x-roles"] == ["developer"] and {"409", "413", "422"} <= set(submit["responses"])
    review = spec["paths"]["/store/reviews/{publisher}/{name}/{version}"]["post"]
    assert review["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/StoreReviewIn")
    plan = spec["paths"]["/microapps/installed/plan"]["post"]
    assert plan["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/MicroAppPlanOut")
    assert "StoreReviewDetail" in spec["components"]["schemas"]


def test_readmes_are_rendered_safely() -> None:
    html = render_readme("# Title\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) "
                         "<img src=x onerror=alert(1)> ![pixel](https://tracker.example/p.gif)\n\n"
                         "| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert "<h1>Title</h1>" in html and "<table>" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and 'href="javascript' not in html
