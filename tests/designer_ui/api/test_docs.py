"""The OpenAPI document and its browsable page."""

from __future__ import annotations

from flask import Flask


def test_openapi_document_covers_every_endpoint(app: Flask) -> None:
    spec = app.test_client().get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path, method in [("/flows", "post"), ("/flows/{flow_id}", "put"),
                         ("/simulator/sessions", "post"), ("/business/hours/{name}", "put"),
                         ("/environments/{env}/flows/{flow_id}", "put"), ("/import", "post")]:
        assert method in paths[path], (path, method)
    put_flow = paths["/flows/{flow_id}"]["put"]
    assert put_flow["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/DocumentIn")
    assert {"412", "423", "401", "403"} <= set(put_flow["responses"])
    assert put_flow["x-roles"] == ["developer", "business"]
    assert "FlowSummary" in spec["components"]["schemas"]
    rules = [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")]
    documented = sum(len(ops) for ops in paths.values())
    assert documented == sum(len((rule.methods or set()) - {"HEAD", "OPTIONS"}) for rule in rules)


def test_docs_page_is_plain_html(app: Flask) -> None:
    response = app.test_client().get("/api/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Content-Security-Policy" in response.headers
    body = response.data.decode()
    assert "/flows/{flow_id}" in body and "<script" not in body
