"""Every change lands in the audit log with who, when and what."""

from __future__ import annotations

from tests.designer_ui.helpers import Api, hello_flow


def test_changes_are_audited(developer: Api, admin: Api) -> None:
    developer.create_flow(hello_flow())
    developer.put("flows/hello", json={"document": hello_flow(name="B")}, headers={"If-Match": '"1"'})
    developer.post("flows/hello/versions", json={"comment": "go"})
    developer.put("environments/dev/flows/hello", json={"version": 1})
    entries = admin.get("audit?flow=hello").json
    assert [e["action"] for e in entries] == ["environment.promote", "flow.publish", "flow.save",
                                              "flow.create"]
    assert all(e["user"] == "developer" and e["at"].endswith("Z") for e in entries)
    assert entries[1]["details"]["version"] == 1
    assert admin.get("audit?user=nobody").json == []
    assert developer.get("audit").status_code == 403
