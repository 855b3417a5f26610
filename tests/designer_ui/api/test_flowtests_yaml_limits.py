"""The Designer refuses flow tests built to expand (billion laughs) with a clear 400, fast."""

from __future__ import annotations

import io
import json
import time
import zipfile

from tests.designer_ui.helpers import Api, hello_flow
from tests.runtime.test_safe_yaml import LAUGHS


def test_saving_billion_laughs_is_a_quick_400_naming_the_line(developer: Api) -> None:
    developer.create_flow(hello_flow())
    began = time.perf_counter()
    response = developer.put("flows/hello/tests", json={"yaml": "flow: hello\n" + LAUGHS})
    assert time.perf_counter() - began < 2
    assert response.status_code == 400
    error = response.json["error"]
    assert error["code"] == "invalid_yaml" and "anchors ('&a') are not allowed" in error["message"]
    assert error["details"] == {"line": 2, "column": 4}
    assert developer.get("flows/hello/tests").json["yaml"] == ""


def test_an_imported_archive_keeps_its_flows_but_not_such_tests(developer: Api) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("flows/hello.json", json.dumps(hello_flow()))
        zipped.writestr("tests/hello.flowtest.yaml", "flow: hello\n" + LAUGHS)
    response = developer.post("import", data=archive.getvalue(),
                              headers={"Content-Type": "application/zip"})
    assert response.status_code == 200, response.json
    assert response.json["imported"] == ["hello"]
    problem = response.json["problems"]["tests/hello.flowtest.yaml"][0]
    assert problem["code"] == "invalid_yaml" and "anchors" in problem["message"]
    assert developer.get("flows/hello/tests").json["yaml"] == ""
