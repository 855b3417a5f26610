"""Markup in names, labels and prompts is data: stored as given, served as JSON that browsers
never sniff as HTML, and escaped in every HTML page the server renders."""

from __future__ import annotations

from flask import Flask

from tests.designer_ui.helpers import Api, hello_flow

SCRIPT = "<script>alert('x')</script>"


def test_markup_is_stored_as_data_and_served_as_json(app: Flask, developer: Api,
                                                     business: Api) -> None:
    document = hello_flow(name=SCRIPT, description=f"<img src=x onerror=alert(1)>{SCRIPT}")
    document["blocks"]["welcome"]["label"] = SCRIPT
    document["blocks"]["welcome"]["props"]["prompts"] = [{"tts": SCRIPT}]
    developer.create_flow(document)
    business.put("prompts/greeting", json={"texts": {"en-US": SCRIPT}})
    business.put("business/tables/vip", json={"rows": [{"key": SCRIPT, "v": SCRIPT}]})
    for path in ("flows", "flows/hello", "prompts/greeting", "business/tables/vip",
                 "flows/hello/versions"):
        response = developer.get(path)
        assert response.mimetype == "application/json", path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert developer.get("flows").json[0]["name"] == SCRIPT
    assert developer.get("flows/hello").json["document"]["blocks"]["welcome"]["label"] == SCRIPT
    assert developer.get("prompts/greeting").json["texts"]["en-US"] == SCRIPT
    error = developer.get(f"flows/{SCRIPT}")
    assert error.mimetype == "application/json" and error.status_code == 404


def test_html_pages_escape_and_carry_a_csp(app: Flask, developer: Api) -> None:
    developer.create_flow(hello_flow(name=SCRIPT))
    client = app.test_client()
    for path in ("/", "/editor/", f"/editor/{SCRIPT}", "/api/docs"):
        response = client.get(path)
        assert response.mimetype == "text/html", path
        assert "Content-Security-Policy" in response.headers
        assert SCRIPT.encode() not in response.data, path
    export = developer.get("flows/hello/export")
    assert export.mimetype == "application/json"
    assert "attachment" in export.headers["Content-Disposition"]
