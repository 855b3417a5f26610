"""Callbacks under load: the REST API on PostgreSQL, and the dialer's pace over real SIP.

1. **API**: the Designer served by its production command (docs/designer.md: gunicorn, 4
   gevent workers) on PostgreSQL (database `test` on 127.0.0.1, a schema of its own), with the
   dialer off. An open-loop generator (a process of its own, gevent) sends a fixed rate of
   requests whatever the answers take, a mix of availability, create (with an idempotency key,
   and a replayed key now and then, which must be refused as a duplicate), get, list,
   reschedule and cancel. Latency counts from each request's planned start, so a slow server
   cannot hide its queue. Figures: achieved rate, p50/p95/p99, errors, and the generator's
   own CPU (so a saturated generator shows). Target: 200 requests/s with p99 < 50 ms.
2. **Dialer**: due callbacks on PostgreSQL, the serving Designer's dialer thread at
   `CALLBACK_CALLS_PER_MINUTE=60`, a voice pool (Kamailio and media workers) taking the orders,
   a SIPp UAS answering as the customers (each presses 1, by SIP INFO) and a second one as the
   agents (answers, talks two seconds, hangs up), with `--inbound` callers (6) in the same
   pool all along (bench_voice.py's menu loop). Figures: orders and calls placed in the first
   and the busiest minute against the pace and per 10 s, callbacks completed and failed, and
   an RTP meter on a sample of the customers' media and on every inbound caller's (largest
   gap; a stream shorter than its call is a failed sample, as in bench_voice.py).

Everything runs on 127.0.0.1 and every step is bounded in time.

    python bench/bench_callbacks.py                 # both, about two minutes
    python bench/bench_callbacks.py --api-seconds 60 --rate 300
    python bench/bench_callbacks.py --only api
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))

from bench.bench_voice import children_of  # noqa: E402
from bench.callbacks_setup import (  # noqa: E402
    CALLER_ID,
    QUEUE,
    auth,
    bench_schema,
    designer_app,
    release,
)

HTTP_PORT = 64800
START_S = 300
"""Four workers importing the Designer on a busy two-core machine can take a minute."""
WARMUP_REQUESTS = 400
REQUEST_TIMEOUT_S = 60
"""Long enough that the server finishes every request it took: the CPU it used is then
divided by the requests it really served."""
KEEP_ALIVE_REUSE_S = 1.0
"""gunicorn closes a connection idle for its keep-alive time (2 s); the generator reuses one
only within half of it."""
API_TARGET_RATE, API_TARGET_P99_MS = 200, 50.0
MIX = ("availability", "create", "availability", "get", "list", "create", "get",
       "availability", "reschedule", "cancel")
"""One round of the request mix: 30 % availability, 20 % create, 20 % get, 10 % each of list,
reschedule and cancel."""


# -- 1. the REST API ------------------------------------------------------------------------


def slot_times(days: int = 5, slot_minutes: int = 30) -> list[str]:
    """Bookable slot starts from tomorrow on (the bench queue is always open)."""
    start = (datetime.now(UTC) + timedelta(days=1)).replace(hour=0, minute=0, second=0,
                                                             microsecond=0)
    return [(start + timedelta(minutes=slot_minutes * n)).isoformat()
            for n in range(days * 24 * 60 // slot_minutes)]


def prepare_api(app: Any, targets: int) -> dict[str, Any]:
    """Rules that let the load book freely, and scheduled callbacks to get, reschedule and
    cancel (booked through the API, in this process)."""
    client = app.test_client()
    rules = client.put(f"/api/v1/callbacks/rules/{QUEUE}", headers=auth(), json={
        "slot_capacity": 10_000, "max_open_per_number": 100, "slot_minutes": 30})
    if rules.status_code != 200:
        raise RuntimeError(f"rules: {rules.status_code} {rules.get_data(as_text=True)[:300]}")
    slots = slot_times()
    ids = []
    for n in range(targets):
        response = client.post("/api/v1/callbacks", headers=auth(), json={
            "number": f"+1650555{n % 10_000:04d}", "queue": QUEUE,
            "desired_time": slots[n % len(slots)], "data": {"order": n}})
        if response.status_code != 201:
            raise RuntimeError(f"booking: {response.status_code} "
                               f"{response.get_data(as_text=True)[:300]}")
        ids.append(response.get_json()["id"])
    return {"ids": ids, "slots": slots}


def serve(url: str, folder: Path, log: Path) -> subprocess.Popen[bytes]:
    """The documented production command (docs/designer.md), bound to 127.0.0.1."""
    env = {**os.environ, "DATABASE_URL": url, "DESIGNER_INSTANCE": str(folder),
           "SECRET_KEY": "bench-callbacks", "CALLBACK_DIALER": "off",
           "CALLBACK_CALLER_ID": CALLER_ID}
    env.setdefault("BOT_CREDENTIALS_KEY", _fernet_key())
    command = [str(Path(sys.executable).parent / "gunicorn"), "-w", "4", "-k", "gevent",
               "--worker-connections", "10000", "-b", f"127.0.0.1:{HTTP_PORT}",
               "designer_ui.app:create_app()"]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log.open("wb"),
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:]}")
        if _answers(f"/api/v1/callbacks/rules/{QUEUE}"):
            return process
        time.sleep(0.3)
    stop(process)
    raise RuntimeError(f"gunicorn did not answer within {START_S} s")


def _fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


def _answers(path: str) -> bool:
    import http.client

    try:
        connection = http.client.HTTPConnection("127.0.0.1", HTTP_PORT, timeout=30)
        connection.request("GET", path, headers=auth())
        ok = connection.getresponse().status == 200
        connection.close()
        return ok
    except OSError:
        return False


def stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def server_errors(log: Path) -> dict[str, int]:
    """The exceptions the server logged, by their last line (what a 500 was)."""
    found: dict[str, int] = {}
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    for index, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = index + 1
            while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
                end += 1
            if end < len(lines):
                found[lines[end][:160]] = found.get(lines[end][:160], 0) + 1
    return found


def run_api(seconds: float, rate: int, targets: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-callbacks-api-") as folder, \
            bench_schema("bench_callbacks_api") as url:
        app = designer_app(url, Path(folder))
        plan = prepare_api(app, targets)
        release(app)
        server = serve(url, Path(folder), Path(folder) / "gunicorn.log")
        try:
            plan_file = Path(folder) / "plan.json"
            plan_file.write_text(json.dumps(plan))
            result = subprocess.run(
                [sys.executable, __file__, "--generator", str(plan_file), "--rate", str(rate),
                 "--api-seconds", str(seconds), "--server-pid", str(server.pid)],
                capture_output=True, text=True, timeout=seconds + 600, check=False, cwd=ROOT)
            if result.returncode != 0:
                raise RuntimeError(f"the generator failed: {result.stderr[-3000:]}")
            figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        finally:
            stop(server)
        figures["server_errors"] = server_errors(Path(folder) / "gunicorn.log")
    figures["prebooked"] = targets
    return figures


def process_cpu_s(pids: list[int]) -> float:
    """CPU seconds (user + system) these processes have used so far."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            continue
    return total


def generate(plan_file: Path, rate: int, seconds: float, server_pid: int) -> dict[str, Any]:
    """The open-loop generator (run in a process of its own, gevent-patched by `main`).
    A closed-loop warm-up first reaches every server worker, then the timed open loop."""
    import resource

    import gevent
    from gevent.queue import LifoQueue

    plan = json.loads(plan_file.read_text())
    ids, slots = plan["ids"], plan["slots"]
    cancel_ids = ids[: len(ids) // 2]
    keep_ids = ids[len(ids) // 2:]
    connections: LifoQueue[Any] = LifoQueue()
    latencies: dict[str, list[float]] = {kind: [] for kind in set(MIX)}
    errors: dict[str, int] = {}
    counters = {"created": 0, "replays": 0, "cancelled": 0}
    created_keys: list[str] = []

    def connection() -> Any:
        """A kept-alive connection used within the server's keep-alive time, else a new one
        (a client, like a browser, does not send on a connection the server may be closing)."""
        import http.client

        while True:
            try:
                client, last_used = connections.get_nowait()
            except gevent.queue.Empty:
                return http.client.HTTPConnection("127.0.0.1", HTTP_PORT,
                                                  timeout=REQUEST_TIMEOUT_S)
            if time.monotonic() - last_used < KEEP_ALIVE_REUSE_S:
                return client
            client.close()

    def request(number: int, kind: str, planned: float) -> None:
        method, path, body, expected = _request_of(number, kind, ids=keep_ids,
                                                   cancel_ids=cancel_ids, slots=slots,
                                                   counters=counters, keys=created_keys)
        headers = {**auth(), "Content-Type": "application/json"}
        if kind == "create" and body is not None:
            headers["Idempotency-Key"] = body.pop("idempotency_key")
        client = connection()
        try:
            client.request(method, path, body=json.dumps(body) if body is not None else None,
                           headers=headers)
            response = client.getresponse()
            response.read()
            status = response.status
        except Exception as exc:  # a broken connection is an error of this request
            client.close()
            errors[f"{kind}: {type(exc).__name__}"] = errors.get(
                f"{kind}: {type(exc).__name__}", 0) + 1
            return
        connections.put((client, time.monotonic()))
        latencies[kind].append((time.perf_counter() - planned) * 1000)
        if kind == "create" and status == 201:
            created_keys.append(headers["Idempotency-Key"])  # replayed later: refused
        if status not in expected:
            errors[f"{kind}: {status}"] = errors.get(f"{kind}: {status}", 0) + 1

    def warm_up(lane: int) -> None:
        reads = ("availability", "get", "list")
        for index in range(WARMUP_REQUESTS // 8):
            request(lane * 1000 + index, reads[index % 3], time.perf_counter())

    warm = [gevent.spawn(warm_up, lane) for lane in range(8)]
    gevent.joinall(warm, timeout=240)
    for values in latencies.values():
        values.clear()
    errors.clear()
    server = [server_pid, *children_of(server_pid)]
    server_cpu0 = process_cpu_s(server)
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    greenlets = []
    total = int(rate * seconds)
    for number in range(total):
        planned = started + number / rate
        delay = planned - time.perf_counter()
        if delay > 0:
            gevent.sleep(delay)
        greenlets.append(gevent.spawn(request, number, MIX[number % len(MIX)], planned))
    sent_s = time.perf_counter() - started
    gevent.joinall(greenlets, timeout=REQUEST_TIMEOUT_S + 30)
    elapsed = time.perf_counter() - started
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    server_cpu_s = process_cpu_s(server) - server_cpu0
    cpu_s = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
    every = sorted(value for values in latencies.values() for value in values)
    answered = len(every)
    return {"planned_rate": rate, "seconds": round(seconds, 1), "requests": total,
            "answered": answered, "achieved_rate": round(answered / elapsed, 1),
            "send_rate": round(total / sent_s, 1),
            "p50_ms": _pct(every, 50), "p95_ms": _pct(every, 95), "p99_ms": _pct(every, 99),
            "max_ms": round(every[-1], 1) if every else None,
            "p99_ms_by_kind": {kind: _pct(sorted(values), 99)
                               for kind, values in sorted(latencies.items())},
            "errors": sum(errors.values()), "errors_by_kind": errors,
            "duplicate_replays": counters["replays"],
            "server_cpu_ms_per_request": round(server_cpu_s * 1000 / max(answered, 1), 2),
            "server_cpu_percent": round(server_cpu_s / elapsed * 100, 1),
            "load_average": round(os.getloadavg()[0], 1),
            "generator_cpu_s": round(cpu_s, 2),
            "generator_cpu_percent": round(cpu_s / elapsed * 100, 1)}


def _request_of(number: int, kind: str, *, ids: list[int], cancel_ids: list[int],
                slots: list[str], counters: dict[str, int], keys: list[str]
                ) -> tuple[str, str, dict[str, Any] | None, tuple[int, ...]]:
    """Method, path, body and the statuses that count as answered correctly."""
    base = "/api/v1/callbacks"
    if kind == "availability":
        day = (datetime.now(UTC) + timedelta(days=1 + number % 4)).strftime("%Y-%m-%d")
        return ("GET", f"{base}/availability?queue={QUEUE}&from={day}T00:00:00Z"
                       f"&to={day}T23:59:00Z", None, (200,))
    if kind == "create":
        if keys and number % 50 == 1:  # a client retrying a booking it already made
            counters["replays"] += 1
            return ("POST", base, {"number": "+14155550000", "queue": QUEUE,
                                   "idempotency_key": keys[-1]}, (409,))
        counters["created"] += 1
        key = f"bench-{uuid.uuid4().hex}"
        return ("POST", base, {"number": f"+1415555{counters['created'] % 10_000:04d}",
                               "queue": QUEUE, "idempotency_key": key,
                               "data": {"reason": "bench"}}, (201,))
    if kind == "get":
        return ("GET", f"{base}/{ids[number % len(ids)]}", None, (200,))
    if kind == "list":
        return ("GET", f"{base}?queue={QUEUE}&state=scheduled&limit=50", None, (200,))
    if kind == "reschedule":
        return ("PATCH", f"{base}/{ids[number % len(ids)]}",
                {"desired_time": slots[(number * 7) % len(slots)]}, (200,))
    counters["cancelled"] += 1
    return ("DELETE", f"{base}/{cancel_ids[counters['cancelled'] % len(cancel_ids)]}", None,
            (200,) if counters["cancelled"] <= len(cancel_ids) else (200, 409))


def _pct(values: list[float], q: int) -> float | None:
    if len(values) < 3:
        return None
    return round(statistics.quantiles(values, n=100)[q - 1], 1)


# -- entry point ----------------------------------------------------------------------------


def _api_lines(api: dict[str, Any]) -> list[str]:
    verdict = ("meets the target" if api["achieved_rate"] >= API_TARGET_RATE * 0.98
               and (api["p99_ms"] or 1e9) < API_TARGET_P99_MS and api["errors"] == 0
               else "BELOW the target")
    return [
        f"REST API on PostgreSQL (gunicorn -w 4 -k gevent), open loop at "
        f"{api['planned_rate']}/s for {api['seconds']:g} s, {api['prebooked']} callbacks booked",
        f"  achieved {api['achieved_rate']:.1f} req/s ({api['answered']}/{api['requests']} "
        f"answered), p50 {api['p50_ms']} ms, p95 {api['p95_ms']} ms, p99 {api['p99_ms']} ms, "
        f"max {api['max_ms']} ms",
        f"  errors {api['errors']} {api['errors_by_kind'] or ''}; duplicate replays refused "
        f"as such: {api['duplicate_replays']}".rstrip(),
        f"  server exceptions: {api.get('server_errors') or 'none'}",
        "  p99 by request: " + ", ".join(f"{kind} {value}" for kind, value
                                          in api["p99_ms_by_kind"].items()),
        f"  server CPU {api['server_cpu_ms_per_request']} ms per request "
        f"({api['server_cpu_percent']} % of one core; 1-min load average "
        f"{api['load_average']} on {os.cpu_count()} cores)",
        f"  generator CPU {api['generator_cpu_s']} s ({api['generator_cpu_percent']} % of one "
        f"core)",
        f"  target {API_TARGET_RATE}/s with p99 < {API_TARGET_P99_MS:.0f} ms and no errors: "
        f"{verdict}"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--only", choices=("api", "dialer"))
    parser.add_argument("--rate", type=int, default=API_TARGET_RATE, help="API requests/s")
    parser.add_argument("--api-seconds", type=float, default=20.0)
    parser.add_argument("--targets", type=int, default=1200,
                        help="scheduled callbacks booked before the API load")
    parser.add_argument("--dialer-seconds", type=float, default=60.0)
    parser.add_argument("--pace", type=int, default=60, help="CALLBACK_CALLS_PER_MINUTE")
    parser.add_argument("--workers", type=int, default=6, help="voice media workers")
    parser.add_argument("--inbound", type=int, default=6,
                        help="inbound callers kept in the pool during the dialer run")
    parser.add_argument("--generator", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--server-pid", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.generator is not None:
        print(json.dumps(generate(args.generator, args.rate, args.api_seconds,
                                  args.server_pid)), flush=True)
        return 0
    results: dict[str, Any] = {}
    lines: list[str] = []
    if args.only in (None, "api"):
        results["api"] = run_api(args.api_seconds, args.rate, args.targets)
        lines += _api_lines(results["api"])
    if args.only in (None, "dialer"):
        from bench.bench_callbacks_dialer import dialer_lines, run_dialer

        results["dialer"] = run_dialer(args.dialer_seconds, args.pace, args.workers,
                                       args.inbound)
        lines += dialer_lines(results["dialer"])
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    if "--generator" in sys.argv:
        from gevent import monkey

        monkey.patch_all()
    sys.exit(main())
