"""Chat turns per second, and their latency, through the real chat runtime: `designer runtime`
(gunicorn, 2 workers, threaded) with the Redis session store, driven over loopback.

The flow makes every turn enter 20 blocks: the visitor's answer resumes an input block, 16
assignments and a segmentation run, a message is sent, and the input block waits again. Each
virtual visitor has its own session and sends its next message as soon as the previous answer
arrives (closed loop), on a kept-alive connection; load generator processes run beside the
server on the same machine, so they compete with it for the CPU. Targets: at least 500 turns/s,
p99 under 50 ms. Since the machine is shared, the server's CPU time per turn (from /proc) is
printed too: it does not depend on what else runs. Two runs: as shipped (every turn's ~40
analytics events go to the analytics writer) and the chat runtime alone. Each is bounded (a
few seconds of warm-up, then `--seconds`).
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
DESIGNER = Path(sys.executable).parent / "designer"
REDIS_URL = "redis://127.0.0.1:6379/0"
TARGET_TURNS_PER_S, TARGET_P99_MS = 500.0, 50.0
ASSIGNMENTS = 16
ENTRY = "bench"


def turn_flow() -> dict[str, Any]:
    """ask (input) → 16 assignments → segmentation → say → ask: 20 blocks per turn."""
    chain = [f"a{i}" for i in range(ASSIGNMENTS)]
    blocks: dict[str, Any] = {
        "ask": {"type": "input", "props": {"prompts": [{"tts": "Say something."}],
                                           "variable": "said", "grammar": "text",
                                           "timeout_ms": 0},
                "next": {"next": chain[0], "noinput": "ask", "nomatch": "ask"}},
        "check": {"type": "segmentation", "props": {"conditions": [
            {"name": "many", "expression": "n > 1000000"}]},
            "next": {"many": "say", "default": "say"}},
        "say": {"type": "play_message", "props": {"prompts": [{"tts": "Turn {{ n }}: {{ said }}"}]},
                "next": {"next": "ask"}},
    }
    for index, name in enumerate(chain):
        following = chain[index + 1] if index + 1 < len(chain) else "check"
        blocks[name] = {"type": "assign", "props": {"assignments": [
            {"variable": "n", "expression": "n + 1"}]}, "next": {"next": following}}
    return {"format": "designer-flow", "format_version": 1, "id": "bench-chat",
            "name": "Chat bench", "channels": ["chat"], "languages": ["en-US"],
            "variables": {"n": {"type": "number", "default": 0},
                          "said": {"type": "string", "default": None}},
            "phases": {"self_service": "ask"}, "blocks": blocks}


def prepare(instance: Path) -> None:
    """The Designer database with the bench flow published at the `bench` chat entry."""
    from designer_ui.app import create_app
    from designer_ui.extensions import db
    from designer_ui.models import EntryPoint, EnvironmentBinding, Flow, FlowVersion

    app = create_app({"INSTANCE_PATH": str(instance), "SECRET_KEY": "bench"})
    document = turn_flow()
    with app.app_context():
        flow = Flow(id=document["id"])
        flow.set_document(document)
        db.session.add(flow)
        db.session.flush()
        db.session.add(FlowVersion(flow_id=flow.id, number=1, document=document))
        db.session.add(EnvironmentBinding(environment="live", flow_id=flow.id, version=1))
        db.session.add(EntryPoint(kind="chat", address=ENTRY, flow_id=flow.id,
                                  environment="live", fields={}))
        db.session.commit()
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(instance: Path, port: int, prefix: str, *, analytics: bool
                 ) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "DESIGNER_INSTANCE": str(instance), "SECRET_KEY": "bench",
                   "SESSION_STORE": f"{REDIS_URL}?prefix={prefix}", "CHAT_RATE_IP": "off",
                   "CHAT_RATE_SESSION": "off",
                   "DESIGNER_ANALYTICS_ENABLED": "true" if analytics else "false"}
    return subprocess.Popen([str(DESIGNER), "runtime", "--port", str(port), "--workers", "2",
                             "--threads", "16"], env=environment, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)


def wait_ready(port: int, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the runtime exited: {server.stderr.read().decode()[-2000:]}"
                               if server.stderr else "the runtime exited")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/api/v1/chat/sessions/none")
            if connection.getresponse().status == 404:
                connection.close()
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the runtime did not start in time")


class Visitor:
    """One visitor on a kept-alive connection: a session, then turn after turn."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.session = self._call("POST", f"/api/v1/chat/{ENTRY}/sessions", {})["session"]["id"]
        self.count = 0

    def _call(self, method: str, path: str, body: Any) -> Any:
        self.connection.request(method, path, body=json.dumps(body),
                                headers={"Content-Type": "application/json"})
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 400:
            raise RuntimeError(f"{response.status}: {data[:300]!r}")
        return json.loads(data)

    def turn(self) -> None:
        self.count += 1
        self._call("POST", f"/api/v1/chat/sessions/{self.session}/messages",
                   {"text": f"hello {self.count}", "client_message_id": f"c{self.count}"})


def generate(port: int, visitors: int, warmup_s: float, seconds: float,
             results: Any) -> None:
    """A load generator process: `visitors` threads; their latencies in the measured window."""
    start_at = time.monotonic() + warmup_s
    stop_at = start_at + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def run() -> None:
        visitor = Visitor(port)
        mine: list[float] = []
        while True:
            began = time.monotonic()
            if began >= stop_at:
                break
            try:
                visitor.turn()
            except (OSError, RuntimeError, http.client.HTTPException):
                with lock:
                    errors[0] += 1
                visitor = Visitor(port)
                continue
            if began >= start_at:
                mine.append(time.monotonic() - began)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=run) for _ in range(visitors)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((latencies, errors[0]))


def server_cpu_s(master: int) -> float:
    """CPU seconds used so far by the gunicorn master and its workers (from /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except OSError:
        return float("nan")
    total = 0.0
    for pid in [str(master), *children]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def measure(port: int, master: int, processes: int, visitors: int, warmup_s: float,
            seconds: float) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    workers = [context.Process(target=generate, args=(port, visitors, warmup_s, seconds, results))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    time.sleep(warmup_s)
    cpu_before = server_cpu_s(master)
    time.sleep(seconds)
    cpu_used = server_cpu_s(master) - cpu_before
    latencies: list[float] = []
    errors = 0
    for _ in workers:
        found, failed = results.get(timeout=warmup_s + seconds + 60)
        latencies.extend(found)
        errors += failed
    for worker in workers:
        worker.join(10)
    latencies.sort()
    ms = [value * 1000 for value in latencies]
    return {"turns": len(ms), "turns_per_s": len(ms) / seconds, "errors": errors,
            "p50_ms": statistics.median(ms) if ms else float("nan"),
            "p99_ms": ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else float("nan"),
            "max_ms": ms[-1] if ms else float("nan"), "visitors": processes * visitors,
            "server_cpu_ms": cpu_used * 1000 / len(ms) if ms else float("nan")}


def run(analytics: bool, args: argparse.Namespace) -> dict[str, Any]:
    """One measurement on a fresh runtime: the figures of `measure`."""
    prefix = f"cfd-bench-{uuid.uuid4().hex[:8]}:"
    with tempfile.TemporaryDirectory(prefix="bench-chat-") as folder:
        instance = Path(folder)
        prepare(instance)
        port = free_port()
        server = start_server(instance, port, prefix, analytics=analytics)
        try:
            wait_ready(port, server)
            return measure(port, server.pid, args.processes, args.visitors, args.warmup,
                           args.seconds)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(20)
            _drop_prefix(prefix)


def report(label: str, figures: dict[str, Any]) -> None:
    verdict = ("meets" if figures["turns_per_s"] >= TARGET_TURNS_PER_S
               and figures["p99_ms"] < TARGET_P99_MS else "misses")
    cpu = figures["server_cpu_ms"]
    print(f"{label}")
    print(f"  turns/s        {figures['turns_per_s']:10.0f}   (target >= {TARGET_TURNS_PER_S:.0f})")
    print(f"  latency p50    {figures['p50_ms']:10.1f} ms")
    print(f"  latency p99    {figures['p99_ms']:10.1f} ms (target < {TARGET_P99_MS:.0f})")
    print(f"  latency max    {figures['max_ms']:10.1f} ms")
    print(f"  server CPU     {cpu:10.2f} ms per turn (gunicorn master + workers), "
          f"{1000 / cpu:.0f} turns per CPU-second")
    print(f"  turns {figures['turns']}, errors {figures['errors']}; {verdict} the targets")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="measured time per run")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--processes", type=int, default=2, help="load generator processes")
    parser.add_argument("--visitors", type=int, default=3, help="visitors per process")
    parser.add_argument("--analytics", choices=("both", "on", "off"), default="both",
                        help="run with the analytics writer (the default set-up), without, or both")
    args = parser.parse_args()
    print(f"chat turns of 20 blocks, `designer runtime` (gunicorn, 2 workers) + Redis, "
          f"{args.processes * args.visitors} closed-loop visitors over loopback, "
          f"{args.seconds:.0f} s measured per run, {os.cpu_count()} CPUs shared with the load "
          "generator (and whatever else runs)")
    if args.analytics in ("both", "on"):
        report("with analytics events recorded (as shipped)", run(True, args))
    if args.analytics in ("both", "off"):
        report("chat runtime alone (ANALYTICS_ENABLED=false)", run(False, args))


def _drop_prefix(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


if __name__ == "__main__":
    main()
