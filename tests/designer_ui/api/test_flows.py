"""Flow drafts: create, open, save with ETag/If-Match, the edit lock, validate, list, delete."""

from __future__ import annotations

from collections.abc import Callable

from tests.designer_ui.helpers import Api, broken_flow, hello_flow


def test_create_open_and_list(developer: Api) -> None:
    created = developer.create_flow(hello_flow())
    assert created.headers["ETag"] == '"1"'
    assert created.headers["Location"] == "/api/v1/flows/hello"
    opened = developer.get("flows/hello")
    assert opened.status_code == 200
    assert opened.json["document"]["name"] == "Hello"
    assert opened.json["problems"] == []
    assert opened.json["updated_by"] == "developer"
    listing = developer.get("flows").json
    assert [flow["id"] for flow in listing] == ["hello"]
    assert listing[0]["latest_version"] is None and listing[0]["environments"] == {}


def test_create_refuses_existing_id_and_non_flows(developer: Api) -> None:
    developer.create_flow(hello_flow())
    assert developer.post("flows", json={"document": hello_flow()}).status_code == 409
    bad = developer.post("flows", json={"document": {"format": "other", "id": "x"}})
    assert bad.status_code == 400 and bad.json["error"]["code"] == "invalid_document"
    bad_id = developer.post("flows", json={"document": hello_flow("Not A Slug")})
    assert bad_id.status_code == 400
    missing = developer.post("flows", json={})
    assert missing.status_code == 400 and "document" in missing.json["error"]["details"]["fields"]


def test_list_filters(developer: Api) -> None:
    developer.create_flow(hello_flow("alpha", name="Alpha line"))
    developer.create_flow(hello_flow("beta", name="Beta", kind="module"))
    assert [f["id"] for f in developer.get("flows?q=alpha").json] == ["alpha"]
    assert [f["id"] for f in developer.get("flows?kind=module").json] == ["beta"]
    assert developer.get("flows?kind=nonsense").status_code == 400


def test_save_needs_matching_if_match(developer: Api) -> None:
    developer.create_flow(hello_flow())
    document = hello_flow(name="Renamed")
    assert developer.put("flows/hello", json={"document": document}).status_code == 428
    saved = developer.put("flows/hello", json={"document": document}, headers={"If-Match": '"1"'})
    assert saved.status_code == 200, saved.json
    assert saved.json["revision"] == 2 and saved.headers["ETag"] == '"2"'
    assert developer.get("flows/hello").json["document"]["name"] == "Renamed"


def test_stale_if_match_gets_412_with_current_draft(developer: Api, as_role: Callable[..., Api]) -> None:
    developer.create_flow(hello_flow())
    other = as_role("developer", username="other-dev")
    first = other.put("flows/hello", json={"document": hello_flow(name="Theirs")},
                      headers={"If-Match": '"1"'})
    assert first.status_code == 200
    mine = developer.put("flows/hello", json={"document": hello_flow(name="Mine")},
                         headers={"If-Match": '"1"'})
    assert mine.status_code == 412
    current = mine.json["error"]["details"]["current"]
    assert current["document"]["name"] == "Theirs" and current["revision"] == 2
    assert developer.get("flows/hello").json["document"]["name"] == "Theirs"


def test_drafts_with_problems_are_saved_and_reported(developer: Api) -> None:
    created = developer.create_flow(broken_flow())
    assert any(p["severity"] == "error" for p in created.json["problems"])
    assert developer.get("flows/broken").json["document"]["blocks"]["welcome"]["next"] == {
        "next": "nowhere"}


def test_document_id_must_match_url(developer: Api) -> None:
    developer.create_flow(hello_flow())
    response = developer.put("flows/hello", json={"document": hello_flow("other")},
                             headers={"If-Match": '"1"'})
    assert response.status_code == 400


def test_lock_held_by_another_user_gives_423(developer: Api, as_role: Callable[..., Api]) -> None:
    developer.create_flow(hello_flow())
    locked = developer.post("flows/hello/lock")
    assert locked.status_code == 200 and locked.json["holder"] == "developer"
    other = as_role("developer", username="other-dev")
    refused = other.put("flows/hello", json={"document": hello_flow(name="Theirs")},
                        headers={"If-Match": '"1"'})
    assert refused.status_code == 423
    assert refused.json["error"]["details"]["lock"]["holder"] == "developer"
    assert "developer" in refused.json["error"]["message"]
    assert other.post("flows/hello/lock").status_code == 423
    assert other.delete("flows/hello/lock").status_code == 423
    assert developer.get("flows").json[0]["lock"]["holder"] == "developer"
    mine = developer.put("flows/hello", json={"document": hello_flow(name="Mine")},
                         headers={"If-Match": '"1"'})
    assert mine.status_code == 200
    assert developer.delete("flows/hello/lock").status_code == 204
    assert other.post("flows/hello/lock").status_code == 200


def test_expired_lock_does_not_block(app, developer: Api, as_role: Callable[..., Api]) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from designer_ui.extensions import db
    from designer_ui.models import EditLock
    from designer_ui.models.base import utcnow

    developer.create_flow(hello_flow())
    developer.post("flows/hello/lock")
    with app.app_context():
        db.session.get(EditLock, "hello").expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    other = as_role("developer", username="other-dev")
    assert other.post("flows/hello/lock").json["holder"] == "other-dev"


def test_business_users_may_change_only_prompts(developer: Api, business: Api) -> None:
    developer.create_flow(hello_flow())
    prompts = hello_flow(prompts={"greeting": {"en-US": {"tts": "Hi"}}})
    assert business.put("flows/hello", json={"document": prompts},
                        headers={"If-Match": '"1"'}).status_code == 200
    renamed = hello_flow(name="Other", prompts={"greeting": {"en-US": {"tts": "Hi"}}})
    assert business.put("flows/hello", json={"document": renamed},
                        headers={"If-Match": '"2"'}).status_code == 403


def test_validate_draft_or_given_document(developer: Api) -> None:
    developer.create_flow(hello_flow())
    assert developer.post("flows/hello/validate").json == {"problems": []}
    problems = developer.post("flows/hello/validate", json={"document": broken_flow("hello")})
    assert problems.status_code == 200
    assert any(p["block_id"] == "welcome" for p in problems.json["problems"])
    unloadable = developer.post("flows/hello/validate", json={"document": {"format": "x"}})
    assert unloadable.json["problems"][0]["severity"] == "error"


def test_delete_flow(developer: Api) -> None:
    developer.create_flow(hello_flow())
    assert developer.delete("flows/hello").status_code == 204
    assert developer.get("flows/hello").status_code == 404
    assert developer.delete("flows/hello").json["error"]["code"] == "not_found"


def test_json_is_required(developer: Api) -> None:
    response = developer.post("flows", data="document=1",
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    garbled = developer.post("flows", data="{nope", headers={"Content-Type": "application/json"})
    assert garbled.status_code == 400 and garbled.json["error"]["code"] == "invalid_json"


def test_body_size_limits(app, developer: Api) -> None:  # type: ignore[no-untyped-def]
    big = "x" * (1024 * 1024 + 10)
    response = developer.post("expressions/check", json={"expression": big})
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"
    flow = hello_flow(description="d" * (3 * 512 * 1024))
    assert developer.post("flows", json={"document": flow}).status_code == 201
