"""Import and export: zips with modules, JSON bodies, and hostile archives refused."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from tests.designer_ui.helpers import Api, hello_flow


def module_user(flow_id: str = "main") -> dict[str, Any]:
    return hello_flow(flow_id, blocks={
        "welcome": {"type": "play_message", "props": {"prompts": [{"tts": "Hello"}]},
                    "next": {"next": "check"}},
        "check": {"type": "module", "props": {"module": "helper@latest"}}})


def module(flow_id: str = "helper") -> dict[str, Any]:
    return hello_flow(flow_id, kind="module")


def make_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def post_zip(api: Api, data: bytes, if_match: str | None = None) -> Any:
    headers = {"Content-Type": "application/zip"}
    if if_match is not None:
        headers["If-Match"] = if_match
    return api.post("import", data=data, headers=headers)


def test_export_includes_called_modules(developer: Api) -> None:
    developer.create_flow(module())
    developer.create_flow(module_user())
    developer.put("flows/main/tests", json={"yaml": "flow: main\ncases: [{name: a}]\n"})
    response = developer.get("export?flows=main")
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["flows/helper.json", "flows/main.json", "manifest.json",
                                          "tests/main.flowtest.yaml"]
    assert json.loads(archive.read("manifest.json"))["flows"] == ["main", "helper"]
    assert developer.get("export?flows=nope").status_code == 404
    assert developer.get("export").status_code == 400
    single = developer.get("flows/main/export")
    assert json.loads(single.data)["id"] == "main" and "main.json" in single.headers["Content-Disposition"]


def test_zip_round_trip(developer: Api, as_role) -> None:  # type: ignore[no-untyped-def]
    developer.create_flow(module())
    developer.create_flow(module_user())
    exported = developer.get("export?flows=main").data
    other = as_role("developer", username="elsewhere")
    developer.delete("flows/main")
    developer.delete("flows/helper")
    result = post_zip(other, exported)
    assert result.status_code == 200, result.json
    assert sorted(result.json["imported"]) == ["helper", "main"]
    assert result.json["problems"] == {}
    assert other.get("flows/main").json["document"] == module_user()
    unconfirmed = post_zip(other, exported)
    assert unconfirmed.status_code == 428
    details = unconfirmed.json["error"]["details"]
    assert details["existing"] == {"helper": '"1"', "main": '"1"'}
    again = post_zip(other, exported, if_match=details["if_match"])
    assert again.status_code == 200 and other.get("flows/main").json["revision"] == 2


def test_json_import(developer: Api) -> None:
    single = developer.post("import", json=hello_flow("one"))
    assert single.json["imported"] == ["one"]
    several = developer.post("import", json={"flows": [hello_flow("two"), hello_flow("Bad Id")]})
    assert several.json["imported"] == ["two"]
    assert several.json["problems"]["flows[1]"][0]["code"] == "invalid_document"
    assert developer.post("import", json={"other": 1}).status_code == 400
    assert developer.post("import", data=b"x", headers={"Content-Type": "text/plain"}).status_code == 415


def test_path_traversal_is_refused(developer: Api) -> None:
    for name in ("../evil.json", "flows/../../evil.json", "/etc/evil.json", "a\\..\\b.json",
                 "C:/evil.json"):
        data = make_zip({name: json.dumps(hello_flow("evil")).encode()})
        response = post_zip(developer, data)
        assert response.status_code == 400, name
        assert response.json["error"]["code"] == "unsafe_archive"
    assert developer.get("flows/evil").status_code == 404


def test_archive_limits(developer: Api) -> None:
    assert post_zip(developer, b"not a zip").json["error"]["code"] == "invalid_archive"
    many = make_zip({f"f{index}.txt": b"" for index in range(1001)})
    assert post_zip(developer, many).status_code == 413
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.json", b"0" * (21 * 1024 * 1024))
    assert post_zip(developer, buffer.getvalue()).status_code == 413


def test_bad_members_are_reported_not_fatal(developer: Api) -> None:
    data = make_zip({"flows/good.json": json.dumps(hello_flow("good")).encode(),
                     "flows/bad.json": b"{not json", "readme.txt": b"hi"})
    result = post_zip(developer, data).json
    assert result["imported"] == ["good"]
    assert result["problems"]["flows/bad.json"][0]["code"] == "json_syntax"


def test_import_skips_flows_locked_by_others(developer: Api, as_role) -> None:  # type: ignore[no-untyped-def]
    developer.create_flow(hello_flow())
    developer.post("flows/hello/lock")
    other = as_role("developer", username="other-dev")
    result = other.post("import", json=hello_flow(name="Theirs"), headers={"If-Match": '"1"'}).json
    assert result["imported"] == [] and result["problems"]["hello"][0]["code"] == "locked"


def test_replacing_a_draft_needs_if_match_and_loses_nothing(developer: Api) -> None:
    developer.create_flow(hello_flow())
    developer.put("flows/hello", json={"document": hello_flow(name="Work in progress")},
                  headers={"If-Match": '"1"'})
    missing = developer.post("import", json=hello_flow(name="Imported"))
    assert missing.status_code == 428
    assert missing.json["error"]["details"]["existing"] == {"hello": '"2"'}
    stale = developer.post("import", json=hello_flow(name="Imported"), headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    both = developer.post("import", json={"flows": [hello_flow("new-one"), hello_flow(name="x")]})
    assert both.status_code == 428
    assert developer.get("flows/new-one").status_code == 404
    draft = developer.get("flows/hello").json
    assert draft["revision"] == 2 and draft["document"]["name"] == "Work in progress"
    stale_set = developer.post("import", json={"flows": [hello_flow(name="x")]},
                               headers={"If-Match": '"import-0000000000000000"'})
    assert stale_set.status_code == 412
    replaced = developer.post("import", json=hello_flow(name="Imported"), headers={"If-Match": '"2"'})
    assert replaced.status_code == 200 and replaced.json["imported"] == ["hello"]
    assert developer.get("flows/hello").json["document"]["name"] == "Imported"
    confirmed = developer.post("import", json={"flows": [hello_flow("new-one"), hello_flow(name="y")]},
                               headers={"If-Match": both.json["error"]["details"]["if_match"]})
    assert confirmed.status_code == 412  # 'hello' changed since that answer
    fresh = confirmed.json["error"]["details"]["if_match"]
    done = developer.post("import", json={"flows": [hello_flow("new-one"), hello_flow(name="y")]},
                          headers={"If-Match": fresh})
    assert done.status_code == 200 and sorted(done.json["imported"]) == ["hello", "new-one"]


def test_importing_a_file_into_one_flow_needs_if_match_and_loses_nothing(developer: Api) -> None:
    developer.create_flow(hello_flow())
    developer.put("flows/hello", json={"document": hello_flow(name="Work in progress")},
                  headers={"If-Match": '"1"'})
    exported = hello_flow("exported-elsewhere", name="From a file")
    missing = developer.post("flows/hello/import", json=exported)
    assert missing.status_code == 428 and missing.json["error"]["message"]
    stale = developer.post("flows/hello/import", json=exported, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json["error"]["details"]["current"]["revision"] == 2
    draft = developer.get("flows/hello").json
    assert draft["revision"] == 2 and draft["document"]["name"] == "Work in progress"
    assert developer.get("flows/exported-elsewhere").status_code == 404
    done = developer.post("flows/hello/import", json=exported, headers={"If-Match": '"2"'})
    assert done.status_code == 200 and done.json["imported"] == ["hello"]
    draft = developer.get("flows/hello").json
    assert draft["document"]["name"] == "From a file" and draft["document"]["id"] == "hello"
    assert developer.post("flows/nobody/import", json=exported,
                          headers={"If-Match": "*"}).status_code == 404
    assert developer.post("flows/hello/import", json={"not": "a flow"},
                          headers={"If-Match": "*"}).status_code == 400
