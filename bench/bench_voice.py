"""Voice capacity: how many concurrent calls a pool carries with clean audio and no failures.

Every call runs a menu loop (a prompt, a key, an answer prompt, the menu again) driven by SIPp;
an RTP meter listens to a sample of the calls (largest gap, sound present) and checks that each
sampled stream lasted the whole call (a shorter one is a failed sample, reported as such).
Figures per step: calls answered and failed, CPU and memory per call (workers and Kamailio,
from /proc; the CPU also by thread: the workers' loop, RTP and bridge threads, Kamailio),
answer→first audio (RTP) and key→next prompt (worker-side) latencies.
The same load against a bare pjsua2 pool that only answers and plays one file gives the
baseline. Everything runs on 127.0.0.1 and every step is bounded in time.

    python bench/bench_voice.py --steps 40 --hold 15
    python bench/bench_voice.py --bare-only --steps 100
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from runtime.voice import Supervisor, VoiceSettings  # noqa: E402
from runtime.voice.cdr import read_cdrs  # noqa: E402
from tests.runtime.voice.rtp_meter import RtpMeter, short_streams  # noqa: E402
from tests.runtime.voice.sipp import Scenario  # noqa: E402

SIP_PORT = 46000
SAMPLE = 12
METER_BASE = 47000
BULK_MEDIA = 36000
MENU_FLOW = {
    "format": "designer-flow", "format_version": 1, "id": "bench-menu", "name": "Bench menu",
    "kind": "application", "channels": ["voice"],
    "phases": {"self_service": "menu"},
    "blocks": {
        "menu": {"type": "menu", "props": {
            "prompts": [{"tts": "For sales press one. For support press two."}],
            "options": [{"key": "1", "label": "Sales"}, {"key": "2", "label": "Support"}],
            "retries": 5, "timeout_ms": 8000},
            "next": {"1": "answer", "2": "answer"}},
        "answer": {"type": "play_message",
                   "props": {"prompts": [{"tts": "Thank you. Back to the menu."}]},
                   "next": {"next": "menu"}},
    },
}

BARE_WORKER = r'''
import sys, time, signal, pjsua2 as pj
port, rtp, wav, poll = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
calls = {}
class Call(pj.Call):
    def onCallState(self, prm):
        if self.getInfo().state == pj.PJSIP_INV_STATE_DISCONNECTED:
            self.player = None
            calls.pop(id(self), None)
    def onCallMediaState(self, prm):
        info = self.getInfo()
        for i, m in enumerate(info.media):
            if m.type == pj.PJMEDIA_TYPE_AUDIO and m.status == pj.PJSUA_CALL_MEDIA_ACTIVE:
                self.player = pj.AudioMediaPlayer(); self.player.createPlayer(wav, 0)
                self.player.startTransmit(self.getAudioMedia(i))
class Acc(pj.Account):
    def onIncomingCall(self, prm):
        c = Call(self, prm.callId); calls[id(c)] = c
        op = pj.CallOpParam(); op.statusCode = 200 if len(calls) <= 4 else 486; c.answer(op)
ep = pj.Endpoint(); ep.libCreate(); cfg = pj.EpConfig()
cfg.uaConfig.threadCnt = 0; cfg.uaConfig.mainThreadOnly = True; cfg.uaConfig.maxCalls = 4
cfg.logConfig.level = 0; cfg.logConfig.consoleLevel = 0
cfg.medConfig.noVad = True; cfg.medConfig.clockRate = 8000; cfg.medConfig.sndClockRate = 8000
cfg.medConfig.ecTailLen = 0
ep.libInit(cfg); tc = pj.TransportConfig(); tc.port = port; tc.boundAddress = "127.0.0.1"
ep.transportCreate(pj.PJSIP_TRANSPORT_UDP, tc); ep.audDevManager().setNullDev()
for c in ep.codecEnum2():
    ep.codecSetPriority(c.codecId, 255 if c.codecId.startswith(("PCMU", "PCMA")) else 0)
ep.libStart(); ac = pj.AccountConfig(); ac.idUri = f"sip:bare@127.0.0.1:{port}"
ac.mediaConfig.transportConfig.port = rtp; ac.mediaConfig.transportConfig.portRange = 40
ac.mediaConfig.transportConfig.boundAddress = "127.0.0.1"
acc = Acc(); acc.create(ac)
stop = []
signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
print("READY", flush=True)
while not stop:
    ep.libHandleEvents(poll)
ep.hangupAllCalls()
for _ in range(20):
    ep.libHandleEvents(10)
calls.clear(); acc.shutdown(); ep.libDestroy()
'''


def proc_stats(pids: list[int]) -> tuple[float, int]:
    """CPU seconds (user+system) and resident bytes of these processes now."""
    ticks = os.sysconf("SC_CLK_TCK")
    cpu, rss = 0.0, 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / ticks
            rss += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return cpu, rss


THREAD_ROLES = {"media": "rtp", "clock": "bridge"}
"""pjmedia's RTP thread and the null sound device's clock, which drives the conference bridge
(their thread names); the worker's main thread is its loop; any other thread is `other`."""


def thread_cpu(pids: list[int], workers: set[int]) -> dict[str, float]:
    """CPU seconds so far by role: the workers' threads (loop, rtp, bridge, other) and the
    Kamailio processes (all the other pids)."""
    ticks = os.sysconf("SC_CLK_TCK")
    seconds: dict[str, float] = {}
    for pid in pids:
        try:
            tasks = list(Path(f"/proc/{pid}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            try:
                fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
                name = (task / "comm").read_text().strip()
            except (OSError, IndexError):
                continue
            if pid not in workers:
                role = "kamailio"
            elif task.name == str(pid):
                role = "loop"
            else:
                role = THREAD_ROLES.get(name, "other")
            seconds[role] = seconds.get(role, 0.0) + (int(fields[11]) + int(fields[12])) / ticks
    return seconds


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(entry, "stat").read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                    found.append(int(entry.name))
            except (OSError, IndexError):
                continue
    return found


def sipp_totals(output: str) -> tuple[int, int]:
    def last(label: str) -> int:
        found = re.findall(rf"{label}\s+\|\s+\d+\s+\|\s+(\d+)", output)
        return int(found[-1]) if found else -1

    return last("Successful call"), last("Failed call")


def finish_sipp(process: subprocess.Popen[str], timeout_s: float) -> tuple[int, int]:
    """Wait for a SIPp run (killed after `timeout_s`); its successful and failed calls, 0 for a
    total it did not print."""
    try:
        output, _ = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    done, failed = sipp_totals(output)
    return max(done, 0), max(failed, 0)


def menu_scenario(name: str, rounds: int, period_ms: int, *, keys: str,
                  audio_port: str) -> Scenario:
    """The menu loop: `keys` "dtmf" (RFC 4733 from SIPp's media port) or "info" (SIP INFO)."""
    steps: list[tuple[Any, ...]] = []
    for index in range(rounds):
        steps += [("pause", period_ms), (keys, "1" if index % 2 else "2")]
    steps += [("pause", 1500), ("bye",)]
    return Scenario(name, steps, ani="+15557770000", audio_port=audio_port)


def sipp_command(xml: Path, calls: int, rate: float, port: int, media_port: int, hold_s: int,
                 inject: Path | None = None, target_port: int = SIP_PORT) -> list[str]:
    return ["sipp", "-sf", str(xml), *(["-inf", str(inject)] if inject else []),
            "-s", "18005550199", "-i", "127.0.0.1", "-p", str(port), "-mi", "127.0.0.1",
            "-mp", str(media_port), "-m", str(calls), "-r", str(rate), "-l", str(calls),
            "-nostdin", "-timeout", f"{hold_s + 90}s", "-timeout_error", "-recv_timeout",
            "15000", f"127.0.0.1:{target_port}"]


def run_load(folder: Path, calls: int, hold_s: int, rate: int) -> dict[str, Any]:
    """`calls` calls at `rate`/s, each holding about `hold_s` seconds.

    pjmedia sends its RTP wherever the caller's RTP comes from (symmetric RTP), so a caller
    whose SDP names one port and whose keys come from another is heard at the second one from
    the first key on. The bulk of the calls therefore name SIPp's own per-call media port
    (`[auto_media_port]`), from which SIPp plays their RFC 4733 keys; the sampled calls (a
    second SIPp process) name a meter port and press their keys by SIP INFO, so no caller RTP
    moves their stream away from the meter. Every sampled stream must last the whole call,
    otherwise it counts as a failed sample."""
    period = 2600
    rounds = max(hold_s * 1000 // (period + 400), 2)
    call_ms = rounds * (period + 200) + 1500
    folder.mkdir(parents=True, exist_ok=True)
    sample_ports = [METER_BASE + 2 * i for i in range(min(SAMPLE, calls))]
    bulk_calls = calls - len(sample_ports)
    inject = folder / "ports.csv"
    inject.write_text("SEQUENTIAL\n" + "".join(f"{port};\n" for port in sample_ports))
    runs = []
    for name, count, keys, audio_port, sip_port, media_port, pace in (
            ("bench", bulk_calls, "dtmf", "[auto_media_port]", SIP_PORT + 900, BULK_MEDIA,
             rate),
            ("bench-sampled", len(sample_ports), "info", "[field0]", SIP_PORT + 930,
             SIP_PORT + 940, max(1.0, rate * len(sample_ports) / calls))):
        if count:
            xml = folder / f"{name}.xml"
            xml.write_text(menu_scenario(name, rounds, period, keys=keys,
                                         audio_port=audio_port).xml(folder))
            runs.append((name, xml, count, pace, sip_port, media_port))
    meter = RtpMeter(sample_ports, limit_s=hold_s + 120)
    started = time.monotonic()
    processes = [subprocess.Popen(
        sipp_command(xml, count, pace, sip_port, media_port, hold_s,
                     inject if name == "bench-sampled" else None),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
        cwd=folder) for name, xml, count, pace, sip_port, media_port in runs]
    totals = [finish_sipp(process, hold_s + 150) for process in processes]
    ok, failed = sum(done for done, _ in totals), sum(lost for _, lost in totals)
    stats = meter.stop()
    short = short_streams(stats, call_ms)
    complete = [stats[port] for port in sample_ports if port not in short]
    return {"calls": calls, "successful": ok, "failed": failed,
            "seconds": round(time.monotonic() - started, 1),
            "sampled": len(sample_ports), "sample_call_ms": call_ms,
            "failed_samples": len(short),
            "sample_stream_s": sorted(round(stats[p].stream_ms / 1000, 1) for p in sample_ports),
            "max_rtp_gap_ms": round(max((s.max_gap_ms for s in complete), default=-1), 1),
            "sampled_with_sound": sum(1 for s in complete if s.sound_packets > 50),
            "answer_to_audio_ms_rtp": sorted(
                round((s.first_sound_at - s.first_at) * 1000, 1) for s in complete
                if s.first_sound_at and s.first_at)}


def measure(pids_of: Any, folder: Path, calls: int, hold_s: int, rate: int,
            workers: set[int] | None = None) -> dict[str, Any]:
    """`run_load` with the CPU and memory of the processes `pids_of()` gives; `workers` (the
    media workers among them) also splits their CPU by thread (`cpu_ms_per_call_second_by`)."""
    import threading

    samples: list[tuple[float, int]] = []
    stop = threading.Event()

    def sampler() -> None:
        while not stop.wait(1.0):
            samples.append(proc_stats(pids_of()))

    cpu0, _ = proc_stats(pids_of())
    threads0 = thread_cpu(pids_of(), workers or set())
    thread = threading.Thread(target=sampler, daemon=True)
    thread.start()
    figures = run_load(folder, calls, hold_s, rate)
    stop.set()
    thread.join()
    cpu1, _ = proc_stats(pids_of())
    threads1 = thread_cpu(pids_of(), workers or set())
    peak_rss = max((rss for _, rss in samples), default=0)
    busy_s = max(figures["seconds"], 1)
    figures["cpu_percent_total"] = round((cpu1 - cpu0) / busy_s * 100, 1)
    figures["cpu_ms_per_call_second"] = round((cpu1 - cpu0) * 1000 / (calls * hold_s), 2)
    if workers:
        figures["cpu_ms_per_call_second_by"] = {
            role: round((threads1[role] - threads0.get(role, 0.0)) * 1000 / (calls * hold_s), 2)
            for role in sorted(threads1)}
    figures["rss_mb_total"] = round(peak_rss / 2**20, 1)
    figures["rss_mb_per_call"] = round(peak_rss / 2**20 / calls, 2)
    return figures


def voice_pool(folder: Path, workers: int, poll_ms: int, *, sip_port: int = SIP_PORT,
               rtp_base: int = 30000, rtp_span: int = 40, **overrides: Any) -> Supervisor:
    """A started pool answering MENU_FLOW; `overrides` are further `VoiceSettings` fields."""
    flows = folder / "flows"
    flows.mkdir(parents=True, exist_ok=True)
    (flows / "bench-menu.json").write_text(json.dumps(MENU_FLOW))
    settings = VoiceSettings(
        sip_port=sip_port, worker_sip_base=sip_port + 10, rtp_base=rtp_base, rtp_span=rtp_span,
        workers=workers, instance_dir=str(folder / "instance"), speech=False,
        analytics="none", kamailio="on", poll_ms=poll_ms, probe_interval_s=5, flood_requests=0,
        flow_source={"factory": "runtime.voice.file_source:open_file_source",
                     "options": {"paths": [str(flows)], "default_flow": "bench-menu"}},
        **overrides)
    supervisor = Supervisor(settings)
    supervisor.start()
    return supervisor


def bare_pool(folder: Path, workers: int, poll_ms: int) -> tuple[list[subprocess.Popen[bytes]],
                                                                   Any]:
    from runtime.voice.audio_files import duration_ms
    from runtime.voice.kamailio import (
        dispatcher_list,
        kamailio_binary,
        kamailio_command,
        kamailio_config,
        module_dir,
    )
    from runtime.voice.supervisor import sip_ping
    from runtime.voice.tts import Synthesizer

    folder.mkdir(parents=True, exist_ok=True)
    wav = Synthesizer(folder / "tts").synthesize("For sales press one. For support press two.",
                                                  "en-US")
    assert duration_ms(wav) > 0
    script = folder / "bare_worker.py"
    script.write_text(BARE_WORKER)
    processes = [subprocess.Popen([sys.executable, str(script), str(SIP_PORT + 10 + i),
                                   str(30000 + 40 * i), str(wav), str(poll_ms)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for i in range(workers)]
    for i in range(workers):
        deadline = time.monotonic() + 30
        while not sip_ping("127.0.0.1", SIP_PORT + 10 + i) and time.monotonic() < deadline:
            time.sleep(0.1)
    listing = folder / "dispatcher.list"
    listing.write_text(dispatcher_list([("127.0.0.1", SIP_PORT + 10 + i) for i in range(workers)]))
    config = folder / "kamailio.cfg"
    config.write_text(kamailio_config(host="127.0.0.1", port=SIP_PORT, list_file=listing,
                                      mpath=str(module_dir()), probe_s=5))
    kamailio = subprocess.Popen(kamailio_command(str(kamailio_binary()), config, folder),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not sip_ping("127.0.0.1", SIP_PORT) and time.monotonic() < deadline:
        time.sleep(0.1)
    return processes, kamailio


def latencies(cdr_path: str) -> dict[str, Any]:
    records = read_cdrs(cdr_path)
    answer = [r["metrics"].get("answer_to_audio_ms") for r in records
              if r["metrics"] and r["metrics"].get("answer_to_audio_ms") is not None]
    keys = [value for r in records if r["metrics"]
            for value in r["metrics"].get("dtmf_to_prompt_ms", [])]

    def pct(values: list[float], q: float) -> float | None:
        return round(statistics.quantiles(values, n=100)[int(q) - 1], 1) if len(values) > 2 \
            else None

    return {"answer_to_audio_ms_p50": pct(answer, 50), "answer_to_audio_ms_p95": pct(answer, 95),
            "dtmf_to_prompt_ms_p50": pct(keys, 50), "dtmf_to_prompt_ms_p95": pct(keys, 95),
            "dtmf_to_prompt_samples": len(keys)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", default="100,200,400")
    parser.add_argument("--hold", type=int, default=30, help="seconds each call lasts")
    parser.add_argument("--rate", type=int, default=40, help="new calls per second")
    parser.add_argument("--poll-ms", type=int, default=20)
    parser.add_argument("--bare-only", action="store_true")
    parser.add_argument("--no-bare", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results: dict[str, list[dict[str, Any]]] = {"voice": [], "bare": []}
    for calls in [int(step) for step in args.steps.split(",")]:
        workers = -(-calls // 4) + max(2, calls // 40)
        if not args.bare_only:
            with tempfile.TemporaryDirectory(prefix="bench-voice-") as folder:
                pool = voice_pool(Path(folder), workers, args.poll_ms)
                try:
                    time.sleep(1.0)
                    figures = measure(lambda pool=pool: [p for p in pool.worker_pids() if p] + (
                        [pool.kamailio.process.pid, *children_of(pool.kamailio.process.pid)]
                        if pool.kamailio and pool.kamailio.process else []),
                        Path(folder) / "sipp", calls, args.hold, args.rate,
                        workers={p for p in pool.worker_pids() if p})
                finally:
                    pool.stop()
                figures.update(latencies(pool.settings.cdr_path), workers=workers)
            results["voice"].append(figures)
            print(json.dumps({"pool": "voice", **figures}), flush=True)
        if not args.no_bare:
            with tempfile.TemporaryDirectory(prefix="bench-bare-") as folder:
                processes, kamailio = bare_pool(Path(folder), workers, args.poll_ms)
                try:
                    time.sleep(1.0)
                    figures = measure(lambda processes=processes, kamailio=kamailio: [
                        p.pid for p in processes] + [kamailio.pid, *children_of(kamailio.pid)],
                        Path(folder) / "sipp", calls, args.hold, args.rate,
                        workers={p.pid for p in processes})
                finally:
                    for process in [*processes, kamailio]:
                        process.terminate()
                    for process in [*processes, kamailio]:
                        try:
                            process.wait(10)
                        except subprocess.TimeoutExpired:
                            process.kill()
                figures["workers"] = workers
            results["bare"].append(figures)
            print(json.dumps({"pool": "bare", **figures}), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
