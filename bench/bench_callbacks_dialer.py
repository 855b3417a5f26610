"""The callback dialer's pace over real SIP (part 2 of bench_callbacks.py).

Due callbacks on PostgreSQL; the serving Designer's dialer thread (`start_dialer_thread`) at
`CALLBACK_CALLS_PER_MINUTE`; a voice pool (Kamailio and media workers) taking the orders and
calling a SIPp UAS that answers as every customer (it keeps the pool's Record-Route, waits,
presses 1 by SIP INFO and waits for the BYE); a second SIPp UAS answers as the agents (talks
two seconds, a tone as RTP, and hangs up). A sample of the customers' SDP names RTP meter
ports, so the worker's audio to them is measured: largest gap, and a stream shorter than its
call is a failed sample.

Figures: orders (claims) and calls placed (INVITEs the customers received) per minute against
the pace, callbacks completed and failed (by reason), and the RTP sample.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.callbacks_setup import CALLER_ID, QUEUE, bench_schema, designer_app, release
from tests.runtime.voice.outbound_flow import returning_call_flow

POOL_PORT = 64000
RTP_BASE = 64100
CUSTOMER_PORT = 64500
CUSTOMER_MEDIA = 64520
AGENT_PORT = 64600
AGENT_MEDIA = 64620
METER_BASE = 64700
SAMPLE = 8
CALL_MS = 2500 + 2000
"""A sampled customer's stream lasts at least the wait before the key plus the agent's talk."""
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
    from runtime.voice import Supervisor
    from runtime.voice.settings import VoiceSettings

    flows = folder / "flows"
    flows.mkdir(parents=True, exist_ok=True)
    (flows / "returning-call.json").write_text(json.dumps(OUTBOUND_FLOW))
    settings = VoiceSettings(
        sip_port=POOL_PORT, worker_sip_base=POOL_PORT + 10, rtp_base=RTP_BASE, rtp_span=40,
        workers=workers, instance_dir=str(folder / "voice"), speech=False, analytics="none",
        kamailio="on", probe_interval_s=2, poll_ms=20, flood_requests=0,
        admission_cpu_percent=100.0, max_session_s=60,
        flow_source={"factory": "runtime.voice.file_source:open_file_source", "options": {
            "paths": [str(flows)],
            "queues": {QUEUE: {"uri": f"sip:agent@127.0.0.1:{AGENT_PORT}", "mode": "bridge"}}}},
        callback_dial_desk="designer_ui.callbacks.voice:designer_dial_desk",
        callback_trunk=f"127.0.0.1:{CUSTOMER_PORT}", callback_ring_s=15, callback_poll_ms=200)
    pool = Supervisor(settings)
    pool.start()
    return pool


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


def run_dialer(seconds: float, pace: int, workers: int) -> dict[str, Any]:
    from designer_ui.callbacks.dialer_loop import start_dialer_thread
    from designer_ui.extensions import db
    from designer_ui.models import CallbackAttempt, CallbackRequest
    from tests.runtime.voice.rtp_meter import RtpMeter, short_streams
    from tests.runtime.voice.sipp import tone_pcap

    expected = max(1, int(pace * seconds / 60))
    with tempfile.TemporaryDirectory(prefix="bench-callbacks-dialer-") as name, \
            bench_schema("bench_callbacks_dialer") as url:
        folder = Path(name)
        app = designer_app(url, folder / "designer", CALLBACK_CALLS_PER_MINUTE=pace,
                           CALLBACK_DIALER_TICK_SECONDS=1,
                           CALLBACK_FLOWS={QUEUE: OUTBOUND_FLOW["id"]})
        book_due(app, expected + pace // 2)  # never short of due callbacks
        saved = {key: os.environ.get(key) for key in ("CALLBACK_DATABASE_URL",
                                                      "CALLBACK_FLOWS", "CALLBACK_CALLER_ID")}
        os.environ.update(CALLBACK_DATABASE_URL=url, CALLBACK_CALLER_ID=CALLER_ID,
                          CALLBACK_FLOWS=json.dumps({QUEUE: OUTBOUND_FLOW["id"]}))
        pool = voice_pool(folder, workers)
        sipp = folder / "sipp"
        sipp.mkdir()
        sample_ports = [METER_BASE + 2 * n for n in range(SAMPLE)]
        inject = sipp / "media.csv"
        step = max(1, expected // SAMPLE)
        inject.write_text("SEQUENTIAL\n" + "".join(
            f"{media_port(n, step, sample_ports)};\n" for n in range(expected * 2)))
        limit = seconds + SETTLE_S + 30
        customer = sipp_uas(CUSTOMER, "customer", sipp, CUSTOMER_PORT, CUSTOMER_MEDIA,
                            expected * 2, limit, inject)
        voice = tone_pcap(sipp / "agent-voice.pcap", seconds=2.2)
        agent = sipp_uas(AGENT.replace("{voice}", str(voice)), "agent", sipp, AGENT_PORT,
                         AGENT_MEDIA, expected * 2, limit)
        meter = RtpMeter(sample_ports, limit_s=limit + 30)
        try:
            time.sleep(2.0)  # the workers are up and polling
            began = time.time()
            thread = start_dialer_thread(app)
            time.sleep(seconds)
            thread.stop()
            time.sleep(SETTLE_S)
        finally:
            stats = meter.stop()
            for process in (customer, agent):
                process.kill()
                process.communicate()
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
        release(app)
        log = sipp / "customer.log"
        invites = [int(line.split()[1]) / 1000 for line in log.read_text().splitlines()
                   if line.startswith("INVITE ")] if log.exists() else []
    short = short_streams({port: stats[port] for port in sample_ports}, CALL_MS)
    complete = [stats[port] for port in sample_ports if port not in short and
                stats[port].stream_ms > 0]
    orders_first, orders_busiest = per_minute(claims)
    calls_first, calls_busiest = per_minute(invites)
    return {"pace": pace, "seconds": seconds, "workers": workers,
            "run_started": datetime.fromtimestamp(began, UTC).isoformat(),
            "orders": len(claims), "orders_first_minute": orders_first,
            "orders_busiest_minute": orders_busiest,
            "calls_placed": len(invites), "calls_first_minute": calls_first,
            "calls_busiest_minute": calls_busiest,
            "attempt_results": dict(results), "failed_reasons": dict(failed_reasons),
            "callback_states": dict(states),
            "rtp_sampled": len([p for p in sample_ports if stats[p].stream_ms > 0]),
            "rtp_failed_samples": len([p for p in short if stats[p].stream_ms > 0]),
            "rtp_max_gap_ms": round(max((s.max_gap_ms for s in complete), default=-1), 1),
            "rtp_stream_s": [round(stats[p].stream_ms / 1000, 1) for p in sample_ports]}


def dialer_lines(figures: dict[str, Any]) -> list[str]:
    pace = figures["pace"]
    return [
        f"Dialer at CALLBACK_CALLS_PER_MINUTE={pace} for {figures['seconds']:g} s, "
        f"{figures['workers']} media workers, customers and agents on SIPp",
        f"  orders {figures['orders']} (first minute {figures['orders_first_minute']}, "
        f"busiest minute {figures['orders_busiest_minute']}; pace {pace})",
        f"  calls placed {figures['calls_placed']} (first minute "
        f"{figures['calls_first_minute']}, busiest minute {figures['calls_busiest_minute']})",
        f"  attempts {figures['attempt_results']}; callbacks {figures['callback_states']}",
        f"  failures {figures['failed_reasons'] or 'none'}",
        f"  RTP sample: {figures['rtp_sampled']} streams, {figures['rtp_failed_samples']} "
        f"shorter than their call, largest gap {figures['rtp_max_gap_ms']} ms "
        f"(lengths in call order {figures['rtp_stream_s']} s)"]
