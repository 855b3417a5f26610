"""Fuzzing the REST API: every route under /api/v1 from the app's URL map, called as an admin
and anonymously with hostile bodies, path values and query strings, on SQLite and PostgreSQL.
No answer may be a 500, every refusal has the error shape, and the app still works after.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from designer_ui.analytics import running_writer
from designer_ui.extensions import db
from tests.designer_ui.conftest import add_token, add_user, build_app, empty_tables
from tests.designer_ui.fuzz_inputs import assert_handled, deep_json, request_for
from tests.designer_ui.helpers import hello_flow

FUZZ_SETTINGS = {"CHAT_STREAM_SECONDS": 0.2, "CHAT_KEEPALIVE_SECONDS": 0.1,
                 "CHAT_POLL_SECONDS": 0.05, "CHAT_RATE_IP": "100000/60",
                 "CHAT_RATE_SESSION": "100000/60", "LOGIN_MAX_FAILURES": 100000}


class FuzzTarget:
    """An app with a flow and a published version; each admin request by a new admin."""

    def __init__(self, app: Flask):
        self.app = app
        self.admins = 0
        self.rules = sorted((rule for rule in app.url_map.iter_rules()
                             if rule.rule.startswith("/api/v1/")), key=lambda rule: rule.rule)

    def fresh_admin(self) -> str:
        """A new admin's token: the fuzz may deactivate users and revoke tokens."""
        self.admins += 1
        return add_token(self.app, add_user(self.app, f"fuzz-admin-{self.admins}", ["admin"]))

    def send(self, request: dict[str, Any], *, admin: bool, record: bool = True) -> None:
        headers = {"Authorization": f"Bearer {self.fresh_admin()}"} if admin else {}
        client = self.app.test_client()
        response = client.open(headers=headers, **request)
        if record:
            event(f"{'admin' if admin else 'anonymous'} {response.status_code}")
        try:
            assert_handled(response, request)
        finally:
            response.close()

    def still_works(self) -> None:
        client = self.app.test_client()
        headers = {"Authorization": f"Bearer {self.fresh_admin()}"}
        assert client.get("/api/v1/flows/hello", headers=headers).status_code == 200
        created = client.post("/api/v1/flows", headers=headers,
                              json={"document": hello_flow("after-fuzz")})
        assert created.status_code in (201, 409), created.json


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[FuzzTarget]:
    app = build_app(request.param, tmp_path_factory.mktemp(f"fuzz-{request.param}"), request,
                    **FUZZ_SETTINGS)
    with app.app_context():
        empty_tables()
    token = add_token(app, add_user(app, "fuzz-admin", ["admin"]))
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/flows", headers=headers,
                       json={"document": hello_flow()}).status_code == 201
    assert client.post("/api/v1/flows/hello/versions", headers=headers,
                       json={"comment": "v1"}).status_code == 201
    yield FuzzTarget(app)
    writer = running_writer(app)
    if writer is not None:
        writer.stop()
    with app.app_context():
        db.session.rollback()
        empty_tables()
        db.engine.dispose()


FUZZ_EXAMPLES = int(os.environ.get("DESIGNER_FUZZ_EXAMPLES", "300"))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_route_answers_500_to_an_admin(target: FuzzTarget, data: st.DataObject) -> None:
    rule = data.draw(st.sampled_from(target.rules), label="rule")
    target.send(data.draw(request_for(target.app, rule), label="request"), admin=True)


@settings(max_examples=FUZZ_EXAMPLES // 3, deadline=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_route_answers_500_to_anyone(target: FuzzTarget, data: st.DataObject) -> None:
    rule = data.draw(st.sampled_from(target.rules), label="rule")
    target.send(data.draw(request_for(target.app, rule), label="request"), admin=False)


def test_every_route_refuses_json_10000_deep(target: FuzzTarget) -> None:
    for rule in target.rules:
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH"}):
            url = re.sub(r"<int:\w+>", "1", re.sub(r"<(\w+)>", "hello", rule.rule))
            for kind in ("list", "object"):
                target.send({"method": method, "path": url, "data": deep_json(kind=kind),
                             "content_type": "application/json"}, admin=True, record=False)
    target.still_works()


def test_the_app_still_works_after_the_fuzz(target: FuzzTarget) -> None:
    target.still_works()
