"""Assisted service: callers waiting in a voice queue, offers to agents who become
ready, and the audio once an agent answers.

A Designer app (its distributor thread on, as when it serves) and a voice pool whose workers
read the same database; the line's flow says hello and routes to the voice queue `support`,
whose in-queue flow announces the caller's position every few seconds over the queue music.

1. Waiting callers: N SIPp callers wait with no agent ready; an RTP meter samples some of
   them for the whole wait (largest gap between packets; a stream shorter than the call, or
   one with no sound, is a failed sample, never a clean one). Pool: ceil(N / 4) workers.
2. Offer latency: while they wait, agents become ready one at a time through the agent API
   (`PUT /agents/{id}/state`, as the desk does); the time runs from sending that request to
   the first `GET /agents/me` (polled every 10 ms, as a desk would) that lists the offer, and
   the offer must be the oldest waiting call. The agent then goes not ready, which hands the
   offer back, and the next agent follows after a random fraction of a distributor tick.
3. Answer -> audio: one caller at a time is queued and accepted by an agent whose phone (a
   SIPp UAS) answers the worker's INVITE at once; from the 200 OK it sent (SIPp's message
   trace) to the first packet carrying the caller's tone at the agent's RTP socket, and to
   the first packet carrying the agent's tone at the caller's. The agent's phone talks from
   the first packet it gets (symmetric RTP), the caller from its first prompt on.

    python bench/bench_queue.py                 # about 2.5 minutes: 40 callers
    python bench/bench_queue.py --full          # full size: 300 callers
    python bench/bench_queue.py --tick 0.1      # a faster distributor (QUEUE_TICK_SECONDS)
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402

from bench.bench_voice import finish_sipp, sipp_command  # noqa: E402
from designer_ui.app import create_app  # noqa: E402
from designer_ui.extensions import db  # noqa: E402
from designer_ui.models.queues import WAITING, Interaction  # noqa: E402
from runtime.voice import Supervisor, VoiceSettings  # noqa: E402
from tests.designer_ui.browser.queue_phone_rig import (  # noqa: E402
    finish_caller,
    start_caller,
    stop_caller,
)
from tests.designer_ui.conftest import add_users_with_tokens  # noqa: E402
from tests.designer_ui.helpers import Api  # noqa: E402
from tests.runtime.voice.helpers import running  # noqa: E402
from tests.runtime.voice.queue_agents import QUEUE, line_flow, tone_payloads  # noqa: E402
from tests.runtime.voice.rtp_meter import RtpMeter, StreamStats, short_streams  # noqa: E402
from tests.runtime.voice.sipp import Scenario, finish_agent  # noqa: E402
from tests.runtime.voice.speech_rtp import RtpSpeaker  # noqa: E402
from tests.runtime.voice.test_designer_queue import (  # noqa: E402
    agent_hangs_up_xml,
    in_queue_flow,
)
from tests.runtime.voice.tone_meter import ToneMeter  # noqa: E402

NUMBER = "+18005553300"
POOL_SIP = 33000
"""The front door; workers listen from POOL_SIP + 10 (at most 90 workers)."""
RTP_BASE, RTP_SPAN = 33200, 20
BULK_SIP, BULK_MEDIA = 34800, 35000
SAMPLED_SIP, SAMPLED_MEDIA, METER_BASE = 34820, 34830, 34900
CALLER_SIP, CALLER_MEDIA, CALLER_METER = 34840, 34850, 34860
AGENT_SIP, AGENT_MEDIA, AGENT_METER = 34870, 34880, 34890
SAMPLED = 12
CALLS_PER_WORKER = 4
GAP_TARGET_MS, OFFER_TARGET_MS, AUDIO_TARGET_MS = 60.0, 200.0, 300.0
CALLER_TONE_HZ, AGENT_TONE_HZ = 1000, 440
"""Neither is near a queue music note (523, 659, 784 Hz)."""
AGENT_HOLD_MS = 2500
ROUTE_TIMEOUT_S = 120
"""The line's `route` waits this long at most: a caller's wait must end before."""
SOUND_PACKETS = 50
"""A sampled wait with fewer packets carrying sound heard neither music nor announcements."""


# -- the Designer and the pool -----------------------------------------------------------------


def designer_app(folder: Path, database_url: str, tick_s: float) -> Flask:
    return create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": "bench-queue",
                       "TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
                       "QUEUE_DISTRIBUTOR": "on", "QUEUE_TICK_SECONDS": tick_s})


def staff(app: Flask, agents: int) -> tuple[Api, dict[str, Api]]:
    """The line and the queue published; `agents` agents (offline) and the one who answers
    calls in the third measurement (`desk`)."""
    names = [f"agent{index:03d}" for index in range(agents)] + ["desk"]
    tokens = add_users_with_tokens(app, {"boss": ["admin", "developer", "business"],
                                         **{name: ["agent"] for name in names}})
    admin = Api(app.test_client(), token=tokens["boss"])
    for document in (in_queue_flow(), line_flow()):
        _ok(admin.create_flow(document), 201)
        _ok(admin.post(f"flows/{document['id']}/versions", json={"comment": "v1"}), 201)
        _ok(admin.put(f"environments/test/flows/{document['id']}", json={"version": 1}), 200)
    _ok(admin.post("entry-points", json={"kind": "phone", "address": NUMBER,
                                         "flow_id": line_flow()["id"], "environment": "test"}),
        201)
    _ok(admin.post("queues", json={"name": QUEUE, "channels": ["voice"], "skills": {},
                                   "in_queue_flows": {"voice": in_queue_flow()["id"]},
                                   "max_wait_seconds": 300, "rona_seconds": 30}), 201)
    return admin, {name: Api(app.test_client(), token=tokens[name]) for name in names}


def _ok(response: Any, status: int) -> Any:
    if response.status_code != status:
        raise RuntimeError(f"{response.request.path}: {response.status_code} {response.json}")
    return response.json


@contextmanager
def voice_pool(folder: Path, database_url: str, workers: int) -> Iterator[Supervisor]:
    settings = VoiceSettings(
        sip_port=POOL_SIP, worker_sip_base=POOL_SIP + 10, rtp_base=RTP_BASE, rtp_span=RTP_SPAN,
        workers=workers, calls_per_worker=CALLS_PER_WORKER,
        instance_dir=str(folder / "instance"), tts_rate=320, speech=False, analytics="none",
        kamailio="on", probe_interval_s=5, flood_requests=0, poll_ms=20,
        admission_cpu_percent=100.0,
        flow_source={"factory": "designer_ui.voice_source:open_designer_source", "options": {
            "database_url": database_url, "instance_path": str(folder / "designer-worker"),
            "audio_cache": str(folder / "audio"),
            "agent_uri": f"sip:agent-{{username}}@127.0.0.1:{AGENT_SIP}"}})
    with running(settings) as supervisor:
        yield supervisor


def waiting_ids(app: Flask) -> list[int]:
    """The waiting interactions, the one to offer first first (priority, then longest wait)."""
    with app.app_context():
        try:
            rows = db.session.execute(
                db.select(Interaction.id).where(Interaction.state == WAITING)
                .order_by(Interaction.priority.desc(), Interaction.enqueued_at, Interaction.id))
            return [row[0] for row in rows]
        finally:
            db.session.remove()


def wait_for_waiting(app: Flask, count: int, timeout_s: float) -> int:
    deadline = time.monotonic() + timeout_s
    found = 0
    while time.monotonic() < deadline:
        found = len(waiting_ids(app))
        if found >= count:
            break
        time.sleep(0.5)
    return found


# -- 1. waiting callers ------------------------------------------------------------------------


class GapMeter(RtpMeter):
    """`RtpMeter` that also notes each gap longer than the target: (seconds into the stream,
    gap ms), so a report can tell a stall at the start of the wait from one in the middle."""

    def __init__(self, ports: list[int], limit_s: float):
        self.gaps: dict[int, list[tuple[float, float]]] = {port: [] for port in ports}
        self._port_of: dict[int, int] = {}
        super().__init__(ports, limit_s=limit_s)
        self._port_of = {id(stats): port for port, stats in self.stats.items()}

    def _packet(self, stats: StreamStats, data: bytes, now: float) -> None:  # type: ignore[override]
        last = stats.last_at
        RtpMeter._packet(stats, data, now)
        port = self._port_of.get(id(stats))
        if port is not None and last is not None and stats.first_at is not None \
                and (now - last) * 1000 > GAP_TARGET_MS and stats.last_at == now:
            self.gaps[port].append((round(last - stats.first_at, 1), round((now - last) * 1000)))


def _meter_main(ports: list[int], limit_s: float, stop: Any, results: Any) -> None:
    meter = GapMeter(ports, limit_s)
    results.put("ready")
    stop.wait(limit_s)
    stats = meter.stop()
    results.put((stats, meter.gaps))


class MeterProcess:
    """`RtpMeter` in a process of its own, so the Designer's requests in this process (the
    interpreter lock) do not delay when its packets are seen."""

    def __init__(self, ports: list[int], limit_s: float):
        context = multiprocessing.get_context("spawn")
        self.stop_event = context.Event()
        self.results: Any = context.Queue()
        self.process = context.Process(target=_meter_main, daemon=True,
                                       args=(ports, limit_s, self.stop_event, self.results))
        self.process.start()
        if self.results.get(timeout=60) != "ready":
            raise RuntimeError("the RTP meter process did not start")

    def stop(self) -> tuple[dict[int, StreamStats], dict[int, list[tuple[float, float]]]]:
        """The streams and, per port, the gaps over the target (seconds in, ms)."""
        self.stop_event.set()
        stats, gaps = self.results.get(timeout=30)
        self.process.join(10)
        return stats, gaps


@dataclass
class WaitingCallers:
    """The two SIPp processes (bulk and sampled) and the meter of the sampled calls."""

    processes: list[subprocess.Popen[str]]
    meter: MeterProcess
    ports: list[int]
    call_ms: int
    started: float


def start_waiting_callers(folder: Path, calls: int, hold_s: int, rate: float) -> WaitingCallers:
    """`calls` callers, each hanging up after `hold_s`; the sampled ones name a meter port as
    their audio address, the others SIPp's own media ports."""
    folder.mkdir(parents=True, exist_ok=True)
    ports = [METER_BASE + 2 * index for index in range(min(SAMPLED, calls))]
    inject = folder / "ports.csv"
    inject.write_text("SEQUENTIAL\n" + "".join(f"{port};\n" for port in ports))
    meter = MeterProcess(ports, hold_s + 180.0)
    processes = []
    for name, count, audio_port, sip_port, media_port in (
            ("waiting", calls - len(ports), "[auto_media_port]", BULK_SIP, BULK_MEDIA),
            ("waiting-sampled", len(ports), "[field0]", SAMPLED_SIP, SAMPLED_MEDIA)):
        if not count:
            continue
        xml = folder / f"{name}.xml"
        xml.write_text(Scenario(name, [("pause", hold_s * 1000), ("bye",)], ani="+15553300000",
                                audio_port=audio_port).xml(folder))
        pace = rate if name == "waiting" else max(1.0, rate * len(ports) / calls)
        command = sipp_command(xml, count, pace, sip_port, media_port, hold_s,
                               inject if name == "waiting-sampled" else None,
                               target_port=POOL_SIP)
        command[command.index("-s") + 1] = NUMBER.lstrip("+")
        processes.append(subprocess.Popen(command, stdout=subprocess.PIPE,
                                          stderr=subprocess.STDOUT, text=True, errors="replace",
                                          cwd=folder))
    return WaitingCallers(processes, meter, ports, hold_s * 1000, time.monotonic())


def finish_waiting_callers(callers: WaitingCallers, timeout_s: float) -> dict[str, Any]:
    totals = [finish_sipp(process, timeout_s) for process in callers.processes]
    ok, failed = sum(done for done, _ in totals), sum(lost for _, lost in totals)
    stats, gaps = callers.meter.stop()
    short = set(short_streams(stats, callers.call_ms))
    silent = {port for port in callers.ports if stats[port].sound_packets < SOUND_PACKETS}
    clean = [stats[port] for port in callers.ports if port not in short | silent]
    return {"successful": ok, "failed": failed, "sampled": len(callers.ports),
            "failed_samples": len(short | silent),
            "sample_stream_s": sorted(round(stats[p].stream_ms / 1000, 1) for p in callers.ports),
            "sound_s_per_sample": sorted(round(stats[p].sound_ms / 1000, 1)
                                         for p in callers.ports),
            "max_rtp_gap_ms": round(max((s.max_gap_ms for s in clean), default=-1.0), 1),
            "gap_ms_per_sample": sorted(round(stats[p].max_gap_ms) for p in callers.ports),
            "gaps_over_target": [gap for port in callers.ports for gap in gaps[port]]}


# -- 2. offer latency --------------------------------------------------------------------------


def offer_latencies(app: Flask, agents: dict[str, Api], samples: int,
                    tick_s: float) -> dict[str, Any]:
    """Agents become ready one at a time; ms from the ready request to the offer on their
    desk, and whether it was the oldest waiting call."""
    latencies: list[float] = []
    oldest = missed = left = 0
    names = [name for name in agents if name != "desk"][:samples]
    for name in names:
        agent = agents[name]
        agent_id = _ok(agent.get("agents/me"), 200)["id"]
        expected = waiting_ids(app)[:1]
        started = time.perf_counter()
        _ok(agent.put(f"agents/{agent_id}/state", json={"state": "ready"}), 200)
        offers: list[dict[str, Any]] = []
        while not offers and time.perf_counter() - started < 10 * tick_s + 5:
            offers = _ok(agent.get("agents/me"), 200)["offers"]
            if not offers:
                time.sleep(0.01)
        if offers:
            latencies.append((time.perf_counter() - started) * 1000)
            if [int(offers[0]["id"])] == expected:
                oldest += 1
            elif expected and expected[0] not in waiting_ids(app):
                left += 1  # the oldest call ended (its caller hung up) before the round
        else:
            missed += 1
        # not ready hands the offer back: the same call stays the oldest for the next agent
        _ok(agent.put(f"agents/{agent_id}/state", json={"state": "not_ready"}), 200)
        time.sleep(random.uniform(0, tick_s))
    return {"samples": len(latencies), "no_offer": missed, "oldest": oldest,
            "oldest_left": left, **percentiles(latencies)}


# -- 3. answer -> audio ------------------------------------------------------------------------


TRACE_STAMP = re.compile(r"^-{10,} (\d{4}-\d\d-\d\d[ \t]\d\d:\d\d:\d\d\.\d+)", re.M)


def traced_at(trace: str, direction: str, first_line: str) -> float | None:
    """When SIPp sent or received (`direction`) the first message starting with `first_line`
    (wall clock, from its message trace)."""
    for block in re.split(r"(?m)^(?=-{10,} \d{4}-)", trace):
        found = TRACE_STAMP.match(block)
        if found and f"message {direction}" in block and f"\n{first_line}" in block:
            stamp = found.group(1).replace("\t", " ")
            return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S.%f").timestamp()
    return None


def answer_to_audio(app: Flask, pool: Supervisor, desk: Api, samples: int,
                    tick_s: float) -> dict[str, Any]:
    """One call at a time: queued, offered to `desk`, accepted; the agent's phone answers."""
    desk_id = _ok(desk.get("agents/me"), 200)["id"]
    _ok(desk.put(f"agents/{desk_id}/state", json={"state": "ready"}), 200)
    at_agent: list[float] = []
    at_caller: list[float] = []
    dialled: list[float] = []
    failed: list[str] = []
    folder = Path(pool.settings.instance) / "answer"
    for index in range(samples):
        figures = one_answer(app, pool, desk, folder, index, tick_s)
        if isinstance(figures, str):
            failed.append(figures)
            _ok(desk.put(f"agents/{desk_id}/state", json={"state": "ready"}), 200)
            continue
        at_agent.append(figures[0])
        at_caller.append(figures[1])
        dialled.append(figures[2])
    _ok(desk.put(f"agents/{desk_id}/state", json={"state": "offline"}), 200)
    return {"samples": len(at_agent), "failed": failed,
            "at_agent": percentiles(at_agent), "at_caller": percentiles(at_caller),
            "accept_to_invite": percentiles(dialled)}


def one_answer(app: Flask, pool: Supervisor, desk: Api, folder: Path, index: int,
               tick_s: float) -> tuple[float, float, float] | str:
    """(ms to the caller's tone at the agent, ms to the agent's tone at the caller) after the
    200 OK, and ms from the accept to the INVITE at the agent's phone; or why the sample
    failed."""
    name = f"desk-phone-{index}"
    folder.mkdir(parents=True, exist_ok=True)
    script, trace = folder / f"{name}.xml", folder / f"{name}_messages.log"
    script.write_text(agent_hangs_up_xml("desk-phone", AGENT_METER, AGENT_HOLD_MS))
    phone = subprocess.Popen(
        ["sipp", "-sf", str(script), "-i", "127.0.0.1", "-p", str(AGENT_SIP), "-mi",
         "127.0.0.1", "-mp", str(AGENT_MEDIA), "-m", "1", "-nostdin", "-trace_msg",
         "-message_file", str(trace), "-timeout", "60s", "-timeout_error"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
        cwd=folder)
    caller_meter = ToneMeter([CALLER_METER], AGENT_TONE_HZ)
    agent_meter = ToneMeter([AGENT_METER], CALLER_TONE_HZ)
    heard, got = caller_meter.stats[CALLER_METER], agent_meter.stats[AGENT_METER]
    caller_meter.speakers.append(RtpSpeaker(caller_meter.by_port[CALLER_METER],
                                            lambda: heard.peer, tone_payloads(40, CALLER_TONE_HZ)))
    agent_meter.speakers.append(RtpSpeaker(agent_meter.by_port[AGENT_METER], lambda: got.peer,
                                           tone_payloads(AGENT_HOLD_MS / 1000, AGENT_TONE_HZ)))
    caller = start_caller(pool, Scenario(f"answered-{index}", [("wait_bye", 40000)],
                                         ani=f"+1555331{index:04d}",
                                         audio_port=str(CALLER_METER)),
                          number=NUMBER, port=CALLER_SIP, media_port=CALLER_MEDIA, timeout_s=60)
    offset = time.time() - time.monotonic()
    try:
        accepted = accept_next_offer(desk, 20 + 5 * tick_s)
        result = finish_agent(phone, name, folder, timeout_s=40)
        finish_caller(caller, timeout_s=15)  # the flow hangs up once the agent has
    finally:
        stop_caller(caller)
        caller_meter.stop()
        agent_meter.stop()
        if phone.poll() is None:
            phone.kill()
            phone.communicate()
    if accepted is None:
        return f"sample {index}: no offer reached the desk (or the accept failed)"
    text = trace.read_text(errors="replace") if trace.exists() else ""
    sent, invited = traced_at(text, "sent", "SIP/2.0 200 OK"), traced_at(text, "received",
                                                                           "INVITE sip:")
    if sent is None or invited is None:
        return f"sample {index}: the agent's phone sent no 200 OK ({result.returncode})"
    answered = sent - offset
    to_agent = [at for at in agent_meter.tone_at[AGENT_METER] if at >= answered]
    to_caller = [at for at in caller_meter.tone_at[CALLER_METER] if at >= answered]
    if not to_agent or not to_caller:
        return (f"sample {index}: no tone heard after the answer (agent heard "
                f"{len(to_agent)}, caller heard {len(to_caller)} packets)")
    return ((to_agent[0] - answered) * 1000, (to_caller[0] - answered) * 1000,
            (invited - accepted) * 1000)


def accept_next_offer(desk: Api, timeout_s: float) -> float | None:
    """The desk accepts the first offer it sees (polling every 50 ms); when the accept
    returned (wall clock), None when there was no offer or the accept failed."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        offers = _ok(desk.get("agents/me"), 200)["offers"]
        if offers:
            response = desk.post(f"agents/me/offers/{offers[0]['id']}/accept")
            return time.time() if response.status_code == 200 else None
        time.sleep(0.05)
    return None


# -- figures -----------------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"p50_ms": None, "p95_ms": None, "max_ms": None}
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 \
        else [values[0]] * 99
    return {"p50_ms": round(cuts[49], 1), "p95_ms": round(cuts[94], 1),
            "max_ms": round(max(values), 1)}


def verdict(value: float | None, target: float, failures: int, what: str = "samples") -> str:
    if failures:
        return f"FAILED {what}: {failures}"
    if value is None:
        return "NO DATA"
    return "meets the target" if value <= target else "OVER the target"


SETUP_S = 5.0
"""The first seconds of a stream: the answer, the hello prompt, the enqueue."""


def gaps_line(gaps: list[tuple[float, float]]) -> str:
    """How many gaps over the target came during the call's set-up and how many during the
    wait itself, and the largest few (seconds into the stream, ms)."""
    early = sum(1 for at, _ in gaps if at < SETUP_S)
    largest = sorted(gaps, key=lambda gap: -gap[1])[:6]
    return (f"   gaps over {GAP_TARGET_MS:.0f} ms in all samples: {early} in the first "
            f"{SETUP_S:.0f} s, {len(gaps) - early} later; largest (s in, ms): {largest}")


def report(args: argparse.Namespace, workers: int, waiting: dict[str, Any],
           offers: dict[str, Any], answers: dict[str, Any]) -> list[str]:
    lines = [f"Assisted service: {args.waiting} waiting callers on {workers} workers, "
             f"distributor tick {args.tick:g} s, worker queue poll "
             f"{os.environ.get('VOICE_QUEUE_POLL_MS', '1000')} ms",
             f"1. waiting callers: {waiting['successful']} completed, {waiting['failed']} failed; "
             f"{waiting['sampled']} sampled for the whole {args.hold} s wait",
             f"   largest RTP gap {waiting['max_rtp_gap_ms']} ms (target <= {GAP_TARGET_MS:.0f}): "
             + verdict(waiting["max_rtp_gap_ms"] if waiting["max_rtp_gap_ms"] >= 0 else None,
                       GAP_TARGET_MS, waiting["failed_samples"] + waiting["failed"],
                       f"calls ({waiting['failed']}) and samples "
                       f"({waiting['failed_samples']}), in all"),
             f"   largest gap per sample (ms): {waiting['gap_ms_per_sample']}",
             gaps_line(waiting["gaps_over_target"]),
             f"   sampled streams (s): {waiting['sample_stream_s']}",
             f"   sound heard per sample (s): {waiting['sound_s_per_sample']}",
             f"2. offer latency (ready request -> offer on the agent's desk, GET /agents/me): "
             f"{offers['samples']} samples, oldest call offered {offers['oldest']}/"
             f"{offers['samples']} (another: {offers['samples'] - offers['oldest']}, of which "
             f"{offers['oldest_left']} after the oldest caller had hung up), no offer "
             f"{offers['no_offer']}",
             f"   p50 {offers['p50_ms']} ms, p95 {offers['p95_ms']} ms, max {offers['max_ms']} ms "
             f"(target p95 <= {OFFER_TARGET_MS:.0f}): "
             + verdict(offers["p95_ms"], OFFER_TARGET_MS,
                       offers["no_offer"] + offers["samples"] - offers["oldest"]
                       - offers["oldest_left"]),
             f"3. answer -> audio (agent's 200 OK -> first tone packet): {answers['samples']} "
             f"samples, {len(answers['failed'])} failed"]
    for side in ("at_agent", "at_caller"):
        figures = answers[side]
        lines.append(f"   {side.replace('_', ' ')}: p50 {figures['p50_ms']} ms, p95 "
                     f"{figures['p95_ms']} ms, max {figures['max_ms']} ms (target p95 <= "
                     f"{AUDIO_TARGET_MS:.0f}): "
                     + verdict(figures["p95_ms"], AUDIO_TARGET_MS, len(answers["failed"])))
    dialled = answers["accept_to_invite"]
    lines.append(f"   (no target) accept on the desk -> INVITE at the agent's phone: p50 "
                 f"{dialled['p50_ms']} ms, p95 {dialled['p95_ms']} ms, max {dialled['max_ms']} ms")
    lines.extend(f"   {reason}" for reason in answers["failed"][:5])
    return lines


def run(args: argparse.Namespace, folder: Path) -> list[str]:
    workers = math.ceil(args.waiting / CALLS_PER_WORKER)
    if workers > 90:
        raise SystemExit("at most 360 waiting callers (the pool's port plan)")
    database_url = args.database_url or f"sqlite:///{folder / 'designer.db'}"
    app = designer_app(folder / "designer", database_url, args.tick)
    _, agents = staff(app, args.offers)
    try:
        with voice_pool(folder, database_url, workers) as pool:
            callers = start_waiting_callers(folder / "waiting", args.waiting, args.hold,
                                            args.rate)
            queued = wait_for_waiting(app, args.waiting, args.waiting / args.rate + 30)
            if queued < args.waiting:
                print(f"only {queued} of {args.waiting} callers reached the queue",
                      file=sys.stderr)
            offers = offer_latencies(app, agents, args.offers, args.tick)
            left = args.hold - (time.monotonic() - callers.started)
            waiting = finish_waiting_callers(callers, max(left, 0) + 120)
            wait_for_empty_queue(app, 30)
            answers = answer_to_audio(app, pool, agents["desk"], args.answers, args.tick)
    finally:
        queues = app.extensions.get("designer_queues")
        if queues is not None and queues.thread is not None:
            queues.thread.stop()
        with app.app_context():
            db.engine.dispose()
    return report(args, workers, waiting, offers, answers)


def wait_for_empty_queue(app: Flask, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while waiting_ids(app) and time.monotonic() < deadline:
        time.sleep(0.5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--waiting", type=int, default=40, help="callers waiting at once")
    parser.add_argument("--hold", type=int, default=50, help="seconds each caller waits")
    parser.add_argument("--rate", type=float, default=10.0, help="new callers per second")
    parser.add_argument("--offers", type=int, default=20, help="offer latency samples")
    parser.add_argument("--answers", type=int, default=10, help="answer -> audio samples")
    parser.add_argument("--tick", type=float, default=1.0,
                        help="the distributor's QUEUE_TICK_SECONDS (the product default is 1)")
    parser.add_argument("--database-url", default="",
                        help="the Designer database the workers share (default: a SQLite file)")
    parser.add_argument("--full", action="store_true",
                        help="full size: 300 callers waiting 100 s, 40 offers, 20 answers")
    args = parser.parse_args(argv)
    if args.full:
        args.waiting, args.hold, args.rate = 300, 100, 20.0
        args.offers, args.answers = max(args.offers, 40), max(args.answers, 20)
    if args.hold >= ROUTE_TIMEOUT_S - 10:
        parser.error(f"--hold must be below {ROUTE_TIMEOUT_S - 10} s (the route's timeout)")
    os.environ.setdefault("BOT_CREDENTIALS_KEY", "")
    if not os.environ["BOT_CREDENTIALS_KEY"]:
        from cryptography.fernet import Fernet

        os.environ["BOT_CREDENTIALS_KEY"] = Fernet.generate_key().decode()
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as folder:
        print("\n".join(run(args, Path(folder))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
