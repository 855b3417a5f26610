"""What one flow-test run from the Designer may cost: the runner's bounds, and one run per user
at a time."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask

from designer_ui.api import flowtests as flowtests_api
from tests.designer_ui.helpers import Api, hello_flow


def many_cases(count: int) -> str:
    return "flow: hello\nchannel: voice\ncases:\n" + "".join(
        f"  - name: case {number}\n    steps: [expect: {{say: Hello}}]\n"
        for number in range(1, count + 1))


def test_cases_past_the_maximum_are_reported_not_run(
        developer: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    developer.create_flow(hello_flow())
    developer.put("flows/hello/tests", json={"yaml": many_cases(5)})
    monkeypatch.setenv("FLOWTEST_MAX_CASES", "3")
    results = developer.post("flows/hello/tests/run").json
    assert results["passed"] == 3 and results["failed"] == 2
    assert [case["passed"] for case in results["cases"]] == [True, True, True, False, False]
    message = results["cases"][3]["message"]
    assert message.startswith("Not run: ") and "FLOWTEST_MAX_CASES" in message
    assert developer.get("flows/hello/tests").json["last_results"]["failed"] == 2


def test_cases_after_the_cpu_budget_is_spent_are_reported_not_run(
        developer: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    developer.create_flow(hello_flow())
    developer.put("flows/hello/tests", json={"yaml": many_cases(3)})
    monkeypatch.setenv("FLOWTEST_MAX_CPU_SECONDS", "0.000001")
    results = developer.post("flows/hello/tests/run").json
    assert results["passed"] == 0 and results["failed"] == 3
    for case in results["cases"]:
        assert case["message"].startswith("Not run: the run used its CPU time budget")


def held_runs(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The first run waits inside the runner until released; the events say it started and
    release it."""
    started, release = threading.Event(), threading.Event()
    real: Callable[..., Any] = flowtests_api.run_tests

    def run_tests(*args: Any) -> Any:
        if not started.is_set():
            started.set()
            assert release.wait(60)
        return real(*args)

    monkeypatch.setattr(flowtests_api, "run_tests", run_tests)
    return started, release


def test_a_user_runs_one_test_run_at_a_time(
        developer: Api, as_role: Callable[..., Api], app: Flask,
        monkeypatch: pytest.MonkeyPatch) -> None:
    developer.create_flow(hello_flow())
    developer.put("flows/hello/tests", json={"yaml": many_cases(1)})
    started, release = held_runs(monkeypatch)
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(
            lambda: Api(app.test_client(), token=developer.token).post("flows/hello/tests/run"))
        assert started.wait(60)
        try:
            refused = developer.post("flows/hello/tests/run")
            assert refused.status_code == 429
            assert refused.json["error"]["code"] == "too_many_requests"
            assert int(refused.headers["Retry-After"]) > 0
            other = as_role("business").post("flows/hello/tests/run")
            assert other.status_code == 200 and other.json["passed"] == 1
        finally:
            release.set()
        assert first.result().status_code == 200
    assert developer.post("flows/hello/tests/run").status_code == 200


def test_the_number_of_runs_per_user_is_configurable(
        developer: Api, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    developer.create_flow(hello_flow())
    developer.put("flows/hello/tests", json={"yaml": many_cases(1)})
    monkeypatch.setitem(app.config, "FLOWTEST_MAX_RUNS_PER_USER", 2)
    started, release = held_runs(monkeypatch)
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(
            lambda: Api(app.test_client(), token=developer.token).post("flows/hello/tests/run"))
        assert started.wait(60)
        try:
            assert developer.post("flows/hello/tests/run").status_code == 200
        finally:
            release.set()
        assert first.result().status_code == 200
