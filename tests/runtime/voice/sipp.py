"""Test callers: SIPp scenarios written from a list of steps, run against the voice service.

Steps: `("pause", ms)`, `("dtmf", "1#")` (RFC 4733 events from SIPp's DTMF captures, see
`dtmf_pcap`),
`("info", "5")` (SIP INFO with application/dtmf-relay), `("bye",)` (the caller hangs up),
`("wait_bye", ms)` (the service hangs up), `("wait_refer", ms)` (a blind transfer: answer 202,
check the Refer-To, send NOTIFY 200, then expect the BYE). In-dialog requests use the worker's
Contact as Request-URI and go through the front door (the pool's Kamailio forwards them).
"""

from __future__ import annotations

import math
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.runtime.voice.dtmf_pcap import key_sequence_pcap

HEAD = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<!DOCTYPE scenario SYSTEM "sipp.dtd">
<scenario name="{name}">
"""
DIALOG = """From: <sip:{ani}@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
Contact: <sip:caller@[local_ip]:[local_port]>
Max-Forwards: 70"""
INVITE = """  <send retrans="500"><![CDATA[
INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
{dialog}
CSeq: 1 INVITE
X-Test-Case: {name}
Content-Type: application/sdp
Content-Length: [len]

v=0
o=caller 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio {audio_port} RTP/AVP {payloads}
{rtpmaps}
  ]]></send>
  <recv response="100" optional="true"/>
  <recv response="180" optional="true"/>
  <recv response="183" optional="true"/>
  <recv response="200" rtd="true" rrs="true"/>
  <send><![CDATA[
ACK [next_url] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
{dialog}
CSeq: 1 ACK
Content-Length: 0

  ]]></send>
"""
CODECS = "0 101"
RTPMAPS = "a=rtpmap:0 PCMU/8000\na=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15"


@dataclass
class Scenario:
    name: str
    steps: list[tuple]
    ani: str = "+15551230001"
    audio_port: str = "[media_port]"
    payloads: str = CODECS
    rtpmaps: str = RTPMAPS

    def xml(self, folder: Path) -> str:
        dialog = DIALOG.format(ani=self.ani)
        parts = [HEAD.format(name=self.name),
                 INVITE.format(dialog=dialog, name=self.name, audio_port=self.audio_port,
                               payloads=self.payloads, rtpmaps=self.rtpmaps)]
        cseq = 2
        for index, step in enumerate(self.steps):
            kind = step[0]
            if kind == "pause":
                parts.append(f'  <pause milliseconds="{step[1]}"/>\n')
            elif kind == "dtmf":
                pcap = key_sequence_pcap(step[1], folder / f"{self.name}-{index}.pcap",
                                         step=index)
                parts.append(f'  <nop><action><exec play_pcap_audio="{pcap}"/></action></nop>\n'
                             f'  <pause milliseconds="{400 * len(step[1])}"/>\n')
            elif kind == "info":
                for key in step[1]:
                    parts.append(_request("INFO", cseq, dialog, "Content-Type: application/"
                                          "dtmf-relay\n", f"Signal={key}\nDuration=160\n"))
                    parts.append('  <recv response="200"/>\n  <pause milliseconds="200"/>\n')
                    cseq += 1
            elif kind == "bye":
                parts.append(_request("BYE", cseq, dialog))
                parts.append('  <recv response="200"/>\n')
                cseq += 1
            elif kind == "wait_bye":
                parts.append(f'  <recv request="BYE" timeout="{step[1]}"/>\n' + RESPOND_200)
            elif kind == "wait_refer":
                parts.append(f'  <recv request="REFER" timeout="{step[1]}">\n'
                             '    <action><ereg regexp="Refer-To: *&lt;?([^&gt;;\\r\\n]*)" '
                             'search_in="msg" check_it="true" assign_to="whole,referto"/>'
                             '<log message="REFER-TO [$referto] IN [$whole]"/></action>\n  </recv>\n')
                parts.append(RESPOND_202)
                parts.append(_notify(dialog))
                parts.append('  <recv response="200" optional="true"/>\n')
                parts.append('  <recv request="BYE" timeout="10000"/>\n' + RESPOND_200)
        parts.append("</scenario>\n")
        return "".join(parts)


def _request(method: str, cseq: int, dialog: str, headers: str = "", body: str = "") -> str:
    return (f"  <send><![CDATA[\n{method} [next_url] SIP/2.0\n"
            "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
            f"{dialog}\nCSeq: {cseq} {method}\n{headers}Content-Length: [len]\n\n{body}"
            "  ]]></send>\n")


def _notify(dialog: str) -> str:
    return ("  <send><![CDATA[\nNOTIFY [next_url] SIP/2.0\n"
            "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n"
            f"{dialog}\nCSeq: 10 NOTIFY\nEvent: refer\nSubscription-State: terminated;"
            "reason=noresource\nContent-Type: message/sipfrag;version=2.0\n"
            "Content-Length: [len]\n\nSIP/2.0 200 OK\n  ]]></send>\n")


RESPOND_200 = """  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

  ]]></send>
"""
RESPOND_202 = RESPOND_200.replace("200 OK", "202 Accepted")


@dataclass
class SippRun:
    returncode: int
    stdout: str
    log: str
    errors: str


def run_sipp(scenario: Scenario, folder: Path, *, target: str, service: str, port: int,
             media_port: int, calls: int = 1, rate: float = 1.0, limit: int | None = None,
             timeout_s: float = 60.0, extra: list[str] | None = None) -> SippRun:
    """Run one SIPp process to completion (bounded by `timeout_s`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{scenario.name}.xml"
    path.write_text(scenario.xml(folder))
    log = folder / f"{scenario.name}.log"
    errors = folder / f"{scenario.name}.errors"
    command = ["sipp", "-sf", str(path), "-s", service, "-i", "127.0.0.1", "-p", str(port),
               "-mi", "127.0.0.1", "-mp", str(media_port), "-m", str(calls), "-r", str(rate),
               "-l", str(limit or calls), "-nostdin", "-trace_logs", "-log_file", str(log),
               "-trace_err", "-error_file", str(errors), "-timeout", f"{int(timeout_s)}s",
               "-timeout_error", *(extra or []), target]
    result = subprocess.run(command, capture_output=True, text=True, errors="replace",
                            timeout=timeout_s + 30,
                            cwd=folder)
    return SippRun(result.returncode, result.stdout + result.stderr,
                   log.read_text() if log.exists() else "",
                   errors.read_text() if errors.exists() else "")


AGENT_ANSWER = """  <send><![CDATA[
SIP/2.0 180 Ringing
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpAgent[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:agent@[local_ip]:[local_port]>
Content-Length: 0

  ]]></send>
  <send retrans="500"><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpAgent[call_number]
[last_Call-ID:]
[last_CSeq:]
Contact: <sip:agent@[local_ip]:[local_port]>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=agent 1 1 IN IP4 [local_ip]
s=-
c=IN IP4 [media_ip]
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
  ]]></send>
  <recv request="ACK" crlf="true"/>
"""
AGENT_REJECT = """  <send><![CDATA[
SIP/2.0 {code} Busy Here
[last_Via:]
[last_From:]
[last_To:];tag=[pid]SIPpAgent[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

  ]]></send>
  <recv request="ACK" crlf="true"/>
"""


def agent_xml(name: str, *, reject: int | None = None, pcap: Path | None = None,
              bye_timeout_ms: int = 20000) -> str:
    """A called party (UAS) for bridged transfers: logs the INVITE it gets, then either rejects
    it with `reject` or answers, plays `pcap` (RTP) and waits for the worker's BYE."""
    parts = [HEAD.format(name=name),
             '  <recv request="INVITE" crlf="true">\n'
             '    <action><ereg regexp="^INVITE ([^ ]*)" search_in="msg" check_it="true" '
             'assign_to="whole,ruri"/><log message="INVITE-TO [$ruri] IN [$whole]"/></action>\n'
             '  </recv>\n']
    if reject is not None:
        parts.append(AGENT_REJECT.format(code=reject))
    else:
        parts.append(AGENT_ANSWER)
        if pcap is not None:
            parts.append(f'  <nop><action><exec play_pcap_audio="{pcap}"/></action></nop>\n')
        parts.append(f'  <recv request="BYE" timeout="{bye_timeout_ms}"/>\n' + RESPOND_200)
    parts.append("</scenario>\n")
    return "".join(parts)


def start_agent(xml: str, name: str, folder: Path, *, port: int, media_port: int,
                timeout_s: float = 30.0) -> subprocess.Popen[str]:
    """Start a SIPp UAS on `port` that takes one call (wait with `finish_agent`)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.xml"
    path.write_text(xml)
    command = ["sipp", "-sf", str(path), "-i", "127.0.0.1", "-p", str(port), "-mi", "127.0.0.1",
               "-mp", str(media_port), "-m", "1", "-nostdin", "-trace_logs", "-log_file",
               str(folder / f"{name}.log"), "-trace_err", "-error_file",
               str(folder / f"{name}.errors"), "-timeout", f"{int(timeout_s)}s",
               "-timeout_error"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, errors="replace", cwd=folder)


def finish_agent(process: subprocess.Popen[str], name: str, folder: Path,
                 timeout_s: float = 40.0) -> SippRun:
    try:
        output, _ = process.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    log, errors = folder / f"{name}.log", folder / f"{name}.errors"
    return SippRun(process.returncode, output,
                   log.read_text() if log.exists() else "",
                   errors.read_text() if errors.exists() else "")


def tone_pcap(target: Path, *, seconds: float = 1.5, hertz: int = 440, level: int = 8000
              ) -> Path:
    """A capture of PCMU RTP (20 ms packets) carrying a sine tone, for `play_pcap_audio`."""
    from tests.runtime.voice.speech_rtp import FRAME, ulaw

    out = bytearray(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    for index in range(int(seconds / 0.02)):
        samples = (round(level * math.sin(2 * math.pi * hertz * (index * FRAME + n) / 8000))
                   for n in range(FRAME))
        rtp = struct.pack("!BBHII", 0x80, 0, 2000 + index, 32000 + index * FRAME, 0xA6E47) \
            + bytes(ulaw(sample) for sample in samples)
        udp = struct.pack("!HHHH", 6000, 6002, 8 + len(rtp), 0) + rtp
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), index & 0xFFFF, 0, 64, 17, 0,
                         bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])) + udp
        frame = b"\x00" * 12 + b"\x08\x00" + ip
        when = index * 0.02
        out += struct.pack("<IIII", int(when), int((when % 1) * 1e6), len(frame), len(frame))
        out += frame
    target.write_bytes(bytes(out))
    return target
