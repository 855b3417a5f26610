"""Designer API speed: saving and publishing a 500-block flow through the real application.

Builds the Designer with `create_app` in a temporary instance folder (SQLite, as `make run`
uses), logs a developer in with a session cookie and CSRF token (as the editor does), creates
`bench.flowgen.mixed_flow(500)` and takes its edit lock. Figures, each the median of ten runs:

- `save`: `PUT /api/v1/flows/{id}` with `If-Match`, moving one block each time (the editor's
  autosave: the whole document, validated, stored, audited, answered with its problems);
- `publish`: `POST /api/v1/flows/{id}/versions` right after such a save (the editor's order:
  the draft is saved, then published), timed alone;
- `publish, cold`: the same with the process's memo of validation results emptied first, as
  when another worker saved the draft.

Requests go through Flask's test client in this process, so the figures are the server's work
without a network; CPU time is printed beside wall-clock time because a shared machine
inflates the latter. `--profile` prints the top of a cProfile of saves and publishes instead.
Run: `python bench/bench_designer_api.py`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import logging
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from bench.flowgen import mixed_flow

BLOCKS = 500
RUNS = 10
WARMUP = 2
TARGET_MS = 200.0
USERNAME = "bench-dev"
PASSWORD = "bench password 500"


class Session:
    """A developer's logged-in test client for one flow."""

    def __init__(self, client: FlaskClient, csrf: str, flow_id: str, etag: str):
        self.client, self.csrf, self.flow_id, self.etag = client, csrf, flow_id, etag
        self.saves = 0

    def _check(self, response: Any, status: int) -> Any:
        if response.status_code != status:
            raise RuntimeError(f"{response.request.method} {response.request.path}: "
                               f"{response.status_code} {response.get_data(as_text=True)[:500]}")
        return response.get_json()

    def save(self, document: dict[str, Any]) -> None:
        self.saves += 1
        block = document["blocks"]["wrapup"]
        block["ui"] = {**block["ui"], "x": 80 + self.saves % 40}
        response = self.client.put(f"/api/v1/flows/{self.flow_id}", json={"document": document},
                                   headers={"If-Match": self.etag, "X-CSRF-Token": self.csrf})
        body = self._check(response, 200)
        if any(problem["severity"] == "error" for problem in body["problems"]):
            raise RuntimeError(f"the generated flow has errors: {body['problems'][:3]}")
        self.etag = response.headers["ETag"]

    def publish(self) -> None:
        self._check(self.client.post(f"/api/v1/flows/{self.flow_id}/versions",
                                     json={"comment": "bench"},
                                     headers={"X-CSRF-Token": self.csrf}), 201)


@contextmanager
def designer_session(blocks: int = BLOCKS) -> Iterator[tuple[Session, dict[str, Any]]]:
    from designer_ui.app import create_app
    from designer_ui.extensions import db
    from designer_ui.models import User

    logging.getLogger("alembic").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-designer-api-") as folder:
        app = create_app({"INSTANCE_PATH": folder, "SECRET_KEY": "bench-designer-api"})
        with app.app_context():
            db.session.add(User(username=USERNAME, display_name="Bench", roles=["developer"],
                                active=True, password_hash=generate_password_hash(
                                    PASSWORD, method="pbkdf2:sha256:1000")))
            db.session.commit()
        client = app.test_client()
        login = client.post("/api/v1/auth/login",
                            json={"username": USERNAME, "password": PASSWORD})
        if login.status_code != 200:
            raise RuntimeError(f"log-in failed: {login.status_code} {login.get_data(as_text=True)}")
        csrf = login.get_json()["csrf_token"]
        document = mixed_flow(blocks)
        created = client.post("/api/v1/flows", json={"document": document},
                              headers={"X-CSRF-Token": csrf})
        if created.status_code != 201:
            raise RuntimeError(f"creating the flow failed: {created.status_code} "
                               f"{created.get_data(as_text=True)[:500]}")
        flow_id = document["id"]
        locked = client.post(f"/api/v1/flows/{flow_id}/lock", headers={"X-CSRF-Token": csrf})
        if locked.status_code != 200:
            raise RuntimeError(f"taking the lock failed: {locked.status_code}")
        try:
            yield Session(client, csrf, flow_id, created.headers["ETag"]), document
        finally:
            with app.app_context():
                db.engine.dispose()


class Timings:
    """Wall-clock and CPU milliseconds of repeated calls."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def measure(self, call: Any) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        self.cpu.append((time.process_time() - cpu) * 1000)
        self.wall.append((time.perf_counter() - wall) * 1000)

    def figures(self, name: str) -> dict[str, float]:
        return {f"{name}_ms_median": statistics.median(self.wall),
                f"{name}_ms_worst": max(self.wall),
                f"{name}_cpu_ms_median": statistics.median(self.cpu)}


def _forget_validations() -> None:
    """Empty the Designer's memo of validation results, when it has one."""
    from designer_ui.services import flows

    forget = getattr(flows, "forget_validations", None)
    if forget is not None:
        forget()


def run(blocks: int = BLOCKS, runs: int = RUNS) -> dict[str, Any]:
    saves, publishes, cold = Timings(), Timings(), Timings()
    with designer_session(blocks) as (session, document):
        size = len(json.dumps({"document": document}).encode())
        for _ in range(WARMUP):
            session.save(document)
            session.publish()
        for _ in range(runs):
            saves.measure(lambda: session.save(document))
            publishes.measure(session.publish)
        for _ in range(runs):
            _forget_validations()
            cold.measure(session.publish)
    return {"blocks": blocks, "runs": runs, "body_bytes": size, **saves.figures("save"),
            **publishes.figures("publish"), **cold.figures("publish_cold")}


def profile(blocks: int = BLOCKS, runs: int = RUNS, top: int = 35) -> str:
    with designer_session(blocks) as (session, document):
        for _ in range(WARMUP):
            session.save(document)
            session.publish()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(runs):
            session.save(document)
            session.publish()
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def _verdict(value: float) -> str:
    return "ok" if value < TARGET_MS else "OVER the target"


def _line(label: str, figures: dict[str, Any], name: str) -> str:
    median = figures[f"{name}_ms_median"]
    return (f"  {label}: median {median:.1f} ms, worst {figures[f'{name}_ms_worst']:.1f} ms, "
            f"CPU {figures[f'{name}_cpu_ms_median']:.1f} ms "
            f"(target < {TARGET_MS:.0f} ms: {_verdict(median)})")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--blocks", type=int, default=BLOCKS)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--profile", action="store_true",
                        help="print a cProfile of saves and publishes instead of the figures")
    args = parser.parse_args(argv)
    if args.profile:
        print(profile(args.blocks, args.runs))
        return
    figures = run(args.blocks, args.runs)
    print(f"Designer API, {figures['blocks']}-block mixed flow "
          f"({figures['body_bytes'] / 1024:,.0f} KiB), SQLite, Flask test client, "
          f"median of {figures['runs']}")
    print(_line("save (PUT /flows/{id}, If-Match)", figures, "save"))
    print(_line("publish after save (POST /flows/{id}/versions)", figures, "publish"))
    print(_line("publish, cold (validation memo emptied)", figures, "publish_cold"))


if __name__ == "__main__":
    main()
