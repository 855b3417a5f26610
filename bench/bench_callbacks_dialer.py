"""The callback dialer's pace over real SIP, with inbound calls alongside (part 2 of
bench_callbacks.py).

Due callbacks on PostgreSQL; the serving Designer's dialer thread (`start_dialer_thread`) at
`CALLBACK_CALLS_PER_MINUTE`; a voice pool (Kamailio and media workers) taking the orders and
calling a SIPp UAS that answers as every customer (it keeps the pool's Record-Route, waits,
presses 1 by SIP INFO and waits for the BYE); a second SIPp UAS answers as the agents (talks
two seconds, a tone as RTP, and hangs up). At the same time a SIPp UAC keeps `inbound` callers
in the same pool, each running bench_voice.py's menu loop (prompt, key by SIP INFO, answer
prompt, menu again) for about 13 s. A sample of the customers' SDP, and every inbound caller's,
names RTP meter ports, so the worker's audio to them is measured: largest gap (each packet timed
by the kernel's receive time, as the dialer thread shares this process with the meter), and a
stream shorter than its call is a failed sample. Gaps over 40 ms are sorted into those one
worker had alone and those several workers had at once, a stall of the shared machine
(`rtp_stalls.py`). The flows' prompts are synthesised before the run (a warm TTS cache).

Figures: orders (claims) and calls placed (INVITEs the customers received) per minute against
the pace and per 10 s (the spread), callbacks completed and failed (by reason), the customers'
RTP sample, and the inbound calls (completed, failed, their RTP).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.bench_voice import MENU_FLOW, finish_sipp, menu_scenario
from bench.callbacks_setup import CALLER_ID, QUEUE, bench_schema, designer_app, release
from bench.rtp_stalls import StallMeter, sorted_gaps
from tests.runtime.voice.outbound_flow import returning_call_flow

POOL_PORT = 64000
RTP_BASE = 64100
RTP_SPAN = 40
CUSTOMER_PORT = 64500
CUSTOMER_MEDIA = 64520
AGENT_PORT = 64600
AGENT_MEDIA = 64620
METER_BASE = 64700
SAMPLE = 8
CALL_MS = 2500 + 2000
"""A sampled customer's stream lasts at least the wait before the key plus the agent's talk."""
INBOUND_PORT = 64550
INBOUND_MEDIA = 64560
INBOUND_METER_BASE = 64800
INBOUND_ROUNDS = 4
INBOUND_PERIOD_MS = 2600
INBOUND_CALL_MS = INBOUND_ROUNDS * (INBOUND_PERIOD_MS + 200) + 1500
"""An inbound caller's call, answer to hang-up (bench_voice.py's menu loop, keys by SIP INFO)."""
SETTLE_S = 30
"""After the run, time for the calls in progress to end."""
OUTBOUND_FLOW = returning_call_flow(QUEUE, 6000)
HEAD = ('<?xml version="1.0" encoding="ISO-8859-1" ?>\n'
        '<!DOCTYPE scenario SYSTEM "sipp.dtd">\n<scenario name="{name}">\n')
REPLY_HEADERS = ("[last_Via:]\n[last_From:]\n[last_To:];tag=[pid]SIPpBench[call_number]\n"
                 "[last_Call-ID:]\n[last_CSeq:]\n[last_Record-Route:]\n"
                 "Contact: <sip:bench@[local_ip]:[local_port]>\n")
ANSWER = ("  <send><![CDATA[\nSIP/2.0 180 Ringing\n" + REPLY_HEADERS + "Content-Length: 0\n\n"
          "  ]]></send>\n  <send retrans=\"500\"><![CDATA[\nSIP/2.0 200 OK\n" + REPLY_HEADERS
          + "Content-Type: application/sdp\nContent-Length: [len]\n\nv=0\n"
          "o=bench 1 1 IN IP4 [local_ip]\ns=-\nc=IN IP4 [media_ip]\nt=0 0\n"
          "m=audio {media} RTP/AVP 0\na=rtpmap:0 PCMU/8000\n  ]]></send>\n"
          "  <recv request=\"ACK\" crlf=\"true\"/>\n")
RECEIVE_INVITE = ('  <recv request="INVITE" crlf="true" rrs="true">\n    <action>\n'
                  '      <ereg regexp=".*" search_in="hdr" header="From:" check_it="true" '
                  'assign_to="caller"/>\n'
                  '      <ereg regexp=".*" search_in="hdr" header="Call-ID:" check_it="true" '
                  'assign_to="callid"/>\n'
                  '      <log message="INVITE [clock_tick] [$callid]"/>\n'
                  "    </action>\n  </recv>\n")
IN_DIALOG = ("Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
             "From: <sip:bench@[local_ip]:[local_port]>;tag=[pid]SIPpBench[call_number]\n"
             "To:[$caller]\nCall-ID: [call_id]\n[routes]\nMax-Forwards: 70\n")
CUSTOMER = (HEAD.format(name="customer") + RECEIVE_INVITE + ANSWER.format(media="[field0]")
            + '  <pause milliseconds="2500"/>\n'
            "  <send><![CDATA[\nINFO [next_url] SIP/2.0\n" + IN_DIALOG
            + "CSeq: 1 INFO\nContent-Type: application/dtmf-relay\nContent-Length: [len]\n\n"
            "Signal=1\nDuration=160\n  ]]></send>\n  <recv response=\"200\"/>\n"
            '  <recv request="BYE" timeout="40000"/>\n'
            "  <send><![CDATA[\nSIP/2.0 200 OK\n[last_Via:]\n[last_From:]\n[last_To:]\n"
            "[last_Call-ID:]\n[last_CSeq:]\nContent-Length: 0\n\n  ]]></send>\n</scenario>\n")
AGENT = (HEAD.format(name="agent") + RECEIVE_INVITE + ANSWER.format(media="[media_port]")
         + '  <nop><action><exec play_pcap_audio="{voice}"/></action></nop>\n'
         '  <pause milliseconds="2000"/>\n'
         "  <send retrans=\"500\"><![CDATA[\nBYE [next_url] SIP/2.0\n" + IN_DIALOG
         + "CSeq: 2 BYE\nContent-Length: 0\n\n  ]]></send>\n  <recv response=\"200\"/>\n"
         "</scenario>\n")


def sipp_uas(xml: str, name: str, folder: Path, port: int, media: int, calls: int,
             timeout_s: float, inject: Path | None = None) -> subprocess.Popen[str]:
    path = folder / f"{name}.xml"
    path.write_text(xml)
    command = ["sipp", "-sf", str(path), *(["-inf", str(inject)] if inject else []),
               "-i", "127.0.0.1", "-p", str(port), "-mi", "127.0.0.1", "-mp", str(media),
               "-m", str(calls), "-nostdin", "-trace_logs", "-log_file",
               str(folder / f"{name}.log"), "-timeout", f"{int(timeout_s)}s"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace", cwd=folder)


def book_due(app: Any, count: int) -> None:
    from designer_ui.callbacks import settings_of
    from designer_ui.callbacks.booking import BookingRequest, CallbackBooking
    from designer_ui.extensions import db

    with app.app_context():
        booking = CallbackBooking(db.session, settings_of(app))
        for n in range(count):
            booking.book(BookingRequest(queue=QUEUE, number=f"+1415555{n:04d}",
                                        data={"reason": f"bench {n}"}))


def voice_pool(folder: Path, workers: int) -> Any:
    """The pool: the outbound flow for the callbacks, bench_voice.py's menu for every inbound
    number."""
    from runtime.voice import Supervisor
    from runtime.voice.settings import VoiceSettings

    flows = folder / "flows"
    flows.mkdir(parents=True, exist_ok=True)
    (flows / "returning-call.json").write_text(json.dumps(OUTBOUND_FLOW))
    (flows / f"{MENU_FLOW['id']}.json").write_text(json.dumps(MENU_FLOW))
    settings = VoiceSettings(
        sip_port=POOL_PORT, worker_sip_base=POOL_PORT + 10, rtp_base=RTP_BASE,
        rtp_span=RTP_SPAN, workers=workers, instance_dir=str(folder / "voice"), speech=False,
        analytics="none", kamailio="on", probe_interval_s=2, poll_ms=20, flood_requests=0,
        admission_cpu_percent=100.0, max_session_s=60,
        flow_source={"factory": "runtime.voice.file_source:open_file_source", "options": {
            "paths": [str(flows)], "default_flow": MENU_FLOW["id"],
            "queues": {QUEUE: {"uri": f"sip:agent@127.0.0.1:{AGENT_PORT}", "mode": "bridge"}}}},
        callback_dial_desk="designer_ui.callbacks.voice:designer_dial_desk",
        callback_trunk=f"127.0.0.1:{CUSTOMER_PORT}", callback_ring_s=15, callback_poll_ms=200)
    pool = Supervisor(settings)
    pool.start()
    return pool


def warm_prompts(pool: Any) -> list[Path]:
    """Synthesise both flows' prompts into the pool's TTS cache, as in a pool that has been
    answering calls: in a cold pool the first calls make every worker run the synthesiser at
    once, a burst of CPU that stalls every call's audio on two cores (gaps of 50-75 ms on
    several workers at once in the first seconds): start-up, not the dialer."""
    from runtime.voice.tts import Synthesizer

    settings = pool.settings
    synthesizer = Synthesizer(settings.cache_dir, settings.tts_engine, settings.tts_rate)
    flows: list[dict[str, Any]] = [OUTBOUND_FLOW, MENU_FLOW]
    return [synthesizer.synthesize(prompt["tts"], "en-US")
            for flow in flows for block in flow["blocks"].values()
            for prompt in block["props"].get("prompts", []) if "tts" in prompt]


def inbound_ports(concurrent: int, seconds: float) -> list[int]:
    """A meter port for every inbound call: `concurrent` callers for about `seconds`."""
    calls = concurrent * max(1, math.ceil(seconds * 1000 / INBOUND_CALL_MS)) \
        if concurrent > 0 else 0
    return [INBOUND_METER_BASE + 2 * n for n in range(calls)]


def inbound_callers(folder: Path, ports: list[int], concurrent: int,
                    seconds: float) -> subprocess.Popen[str] | None:
    """A SIPp UAC keeping `concurrent` callers in the pool, one call for each of `ports`, the
    call's SDP naming that meter port (keys by SIP INFO, so no caller RTP moves the worker's
    stream away from the meter)."""
    if not ports:
        return None
    calls = len(ports)
    inject = folder / "inbound-ports.csv"
    inject.write_text("SEQUENTIAL\n" + "".join(f"{port};\n" for port in ports))
    xml = folder / "inbound.xml"
    xml.write_text(menu_scenario("inbound", INBOUND_ROUNDS, INBOUND_PERIOD_MS, keys="info",
                                 audio_port="[field0]").xml(folder))
    command = ["sipp", "-sf", str(xml), "-inf", str(inject), "-s", "18005550199",
               "-i", "127.0.0.1", "-p", str(INBOUND_PORT), "-mi", "127.0.0.1",
               "-mp", str(INBOUND_MEDIA), "-m", str(calls), "-r", "2", "-l", str(concurrent),
               "-nostdin", "-timeout", f"{int(seconds + SETTLE_S + 30)}s", "-timeout_error",
               "-recv_timeout", "15000", f"127.0.0.1:{POOL_PORT}"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors="replace", cwd=folder)
    return process


def finish_inbound(process: subprocess.Popen[str] | None, timeout_s: float) -> tuple[int, int]:
    """The inbound callers' successful and failed calls (SIPp's totals)."""
    if process is None:
        return 0, 0
    return finish_sipp(process, timeout_s)


def rtp_figures(stats: dict[int, Any], ports: list[int], call_ms: float) -> dict[str, Any]:
    """The streams that came (a port whose call was never placed has none): how many, how
    many shorter than their call (failed samples), the largest gap of the others."""
    from tests.runtime.voice.rtp_meter import short_streams

    heard = {port: stats[port] for port in ports if stats[port].stream_ms > 0}
    short = short_streams(heard, call_ms)
    whole = [stream for port, stream in heard.items() if port not in short]
    return {"streams": len(heard), "failed_samples": len(short),
            "max_gap_ms": round(max((s.max_gap_ms for s in whole), default=-1), 1),
            "stream_s": [round(stats[p].stream_ms / 1000, 1) for p in ports if p in heard]}


def per_ten_seconds(moments: list[float], start: float, seconds: float) -> list[int]:
    """Events in each 10 s from `start` (the last slot may be shorter)."""
    slots = [0] * max(1, math.ceil(seconds / 10))
    for moment in moments:
        index = int((moment - start) // 10)
        if 0 <= index < len(slots):
            slots[index] += 1
    return slots


def media_port(call: int, step: int, sample_ports: list[int]) -> int:
    """Every `step`-th customer's SDP names a meter port; the others SIPp's own."""
    index = call // step
    return sample_ports[index] if call % step == 0 and index < len(sample_ports) \
        else CUSTOMER_MEDIA


def per_minute(moments: list[float]) -> tuple[int, int]:
    """Events in the first minute from the first one, and in the busiest sliding minute."""
    if not moments:
        return 0, 0
    moments = sorted(moments)
    first = sum(1 for moment in moments if moment < moments[0] + 60)
    busiest, start = 0, 0
    for end, moment in enumerate(moments):
        while moment - moments[start] >= 60:
            start += 1
        busiest = max(busiest, end - start + 1)
    return first, busiest


def run_dialer(seconds: float, pace: int, workers: int, inbound: int = 6) -> dict[str, Any]:
    from designer_ui.callbacks.dialer_loop import start_dialer_thread
    from designer_ui.extensions import db
    from designer_ui.models import CallbackAttempt, CallbackRequest
    from tests.runtime.voice.sipp import tone_pcap

    expected = max(1, int(pace * seconds / 60))
    with tempfile.TemporaryDirectory(prefix="bench-callbacks-dialer-") as name, \
            bench_schema("bench_callbacks_dialer") as url:
        folder = Path(name)
        app = designer_app(url, folder / "designer",
                           CALLBACK_CALLS_PER_MINUTE=pace,
                           CALLBACK_DIALER_TICK_SECONDS=1,
                           CALLBACK_FLOWS={QUEUE: OUTBOUND_FLOW["id"]})
        book_due(app, expected + pace // 2)  # never short of due callbacks
        sample_ports = [METER_BASE + 2 * n for n in range(SAMPLE)]
        caller_ports = inbound_ports(inbound, seconds)
        limit = seconds + SETTLE_S + 30
        # timed by the kernel: this process also runs the dialer thread and the Designer
        meter = StallMeter(sample_ports + caller_ports, rtp_base=RTP_BASE, rtp_span=RTP_SPAN,
                           limit_s=limit + 30)
        saved = {key: os.environ.get(key) for key in ("CALLBACK_DATABASE_URL",
                                                      "CALLBACK_FLOWS", "CALLBACK_CALLER_ID")}
        os.environ.update(CALLBACK_DATABASE_URL=url, CALLBACK_CALLER_ID=CALLER_ID,
                          CALLBACK_FLOWS=json.dumps({QUEUE: OUTBOUND_FLOW["id"]}))
        pool, phones = None, []
        try:
            pool = voice_pool(folder, workers)
            warm_prompts(pool)
            sipp = folder / "sipp"
            sipp.mkdir()
            inject = sipp / "media.csv"
            step = max(1, expected // SAMPLE)
            inject.write_text("SEQUENTIAL\n" + "".join(
                f"{media_port(n, step, sample_ports)};\n" for n in range(expected * 2)))
            phones.append(sipp_uas(CUSTOMER, "customer", sipp, CUSTOMER_PORT, CUSTOMER_MEDIA,
                                   expected * 2, limit, inject))
            voice = tone_pcap(sipp / "agent-voice.pcap", seconds=2.2)
            phones.append(sipp_uas(AGENT.replace("{voice}", str(voice)), "agent", sipp,
                                   AGENT_PORT, AGENT_MEDIA, expected * 2, limit))
            time.sleep(2.0)  # the workers are up and polling
            began = time.time()
            callers = inbound_callers(sipp, caller_ports, inbound, seconds)
            phones += [callers] if callers is not None else []
            thread = start_dialer_thread(app)
            time.sleep(seconds)
            thread.stop()
            time.sleep(SETTLE_S)
            inbound_done, inbound_failed = finish_inbound(callers, 30)
        finally:
            stats = meter.stop()
            for process in phones:
                if process.poll() is None:
                    process.kill()
                process.communicate()
            if pool is not None:
                pool.stop()
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
        with app.app_context():
            attempts = db.session.execute(db.select(CallbackAttempt)).scalars().all()
            claims = [a.started_at.replace(tzinfo=UTC).timestamp() for a in attempts]
            results = Counter(a.result for a in attempts)
            failed_reasons = Counter(a.reason for a in attempts if a.result == "failed")
            states = Counter(db.session.execute(db.select(CallbackRequest.state)).scalars())
            abandoned = db.session.execute(db.select(db.func.count(CallbackRequest.id)).where(
                CallbackRequest.reason == "abandoned after connect")).scalar()
        release(app)
        log = sipp / "customer.log"
        invites = [int(line.split()[1]) / 1000 for line in log.read_text().splitlines()
                   if line.startswith("INVITE ")] if log.exists() else []
    customers = rtp_figures(stats, sample_ports, CALL_MS)
    callers_rtp = rtp_figures(stats, caller_ports, INBOUND_CALL_MS)
    orders_first, orders_busiest = per_minute(claims)
    calls_first, calls_busiest = per_minute(invites)
    return {"pace": pace, "seconds": seconds, "workers": workers,
            "run_started": datetime.fromtimestamp(began, UTC).isoformat(),
            "orders": len(claims), "orders_first_minute": orders_first,
            "orders_busiest_minute": orders_busiest,
            "orders_per_10s": per_ten_seconds(claims, began, seconds),
            "orders_most_in_one_second": max(Counter(int(c) for c in claims).values(),
                                             default=0),
            "calls_placed": len(invites), "calls_first_minute": calls_first,
            "calls_busiest_minute": calls_busiest,
            "calls_per_10s": per_ten_seconds(invites, min(invites, default=0.0), seconds),
            "attempt_results": dict(results), "failed_reasons": dict(failed_reasons),
            "callback_states": dict(states), "abandoned_after_connect": abandoned,
            "rtp_sampled": customers["streams"],
            "rtp_failed_samples": customers["failed_samples"],
            "rtp_max_gap_ms": customers["max_gap_ms"], "rtp_stream_s": customers["stream_s"],
            "inbound_concurrent": inbound, "inbound_calls": inbound_done,
            "inbound_failed": inbound_failed, "inbound_rtp": callers_rtp,
            "gaps_over_40ms": sorted_gaps(meter.gaps)}


def dialer_lines(figures: dict[str, Any]) -> list[str]:
    pace = figures["pace"]
    callers, gaps = figures["inbound_rtp"], figures["gaps_over_40ms"]
    return [
        f"Dialer at CALLBACK_CALLS_PER_MINUTE={pace} for {figures['seconds']:g} s, "
        f"{figures['workers']} media workers, customers and agents on SIPp, "
        f"{figures['inbound_concurrent']} inbound callers alongside",
        f"  orders {figures['orders']} (first minute {figures['orders_first_minute']}, "
        f"busiest minute {figures['orders_busiest_minute']}; pace {pace}); per 10 s "
        f"{figures['orders_per_10s']}, at most {figures['orders_most_in_one_second']} in one "
        "second",
        f"  calls placed {figures['calls_placed']} (first minute "
        f"{figures['calls_first_minute']}, busiest minute {figures['calls_busiest_minute']}); "
        f"per 10 s {figures['calls_per_10s']}",
        f"  attempts {figures['attempt_results']}; callbacks {figures['callback_states']}, "
        f"{figures['abandoned_after_connect']} abandoned after connect",
        f"  failures {figures['failed_reasons'] or 'none'}",
        f"  customers' RTP sample: {figures['rtp_sampled']} streams, "
        f"{figures['rtp_failed_samples']} shorter than their call, largest gap "
        f"{figures['rtp_max_gap_ms']} ms (lengths in call order {figures['rtp_stream_s']} s)",
        f"  inbound calls {figures['inbound_calls']} completed, {figures['inbound_failed']} "
        f"failed; RTP: {callers['streams']} streams, {callers['failed_samples']} shorter than "
        f"their call ({INBOUND_CALL_MS / 1000:g} s), largest gap {callers['max_gap_ms']} ms",
        f"  gaps over 40 ms: largest of one worker alone {gaps['alone_max_ms']} ms "
        f"({gaps['alone_over_60']} over 60 ms), largest of several workers at once (the "
        f"machine) {gaps['together_max_ms']} ms ({gaps['together_over_60']} over 60 ms)"]
