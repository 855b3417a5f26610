"""What became of each call a voice bench placed: answered, refused at the door, or failed.

The SIPp caller is bench_voice's menu loop (keys by SIP INFO, so no caller RTP moves a stream
away from where its SDP points; the Route set on its in-dialog requests) with three additions:
an optional 503 before the 200, which it ACKs and logs with its Retry-After, a log line when
the call is answered and one when it ended as planned. SIPp's error file adds what the log
cannot say: the calls aborted on an unexpected message (a BYE from the service, another final
response) or a timeout, with the time. Every call is named by its Call-ID; the audio port of
each call comes from an inject file (`[field0]`), so sampled calls can point at an RTP meter
and the others at one socket that nobody reads.
"""

from __future__ import annotations

import re
import shutil
import socket
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.bench_voice import menu_scenario

ANSWER_ANCHOR = '<recv response="200" rtd="true" rrs="true"/>'
DOOR_RECV = """<recv response="503" optional="true" next="refused">
    <action><ereg regexp="[0-9]+" search_in="hdr" header="Retry-After:" check_it="false"
      assign_to="retry"/></action>
  </recv>
  <recv response="200" rtd="true" rrs="true">
    <action><gettimeofday assign_to="answer_s,answer_us"/>
      <log message="ANSWERED [call_id] [field0] [$answer_s] [$answer_us]"/></action>
  </recv>"""
ENDINGS = """  <nop next="over"><action><log message="DONE [call_id] [field0]"/></action></nop>
  <label id="refused"/>
  <send><![CDATA[
ACK sip:[service]@[remote_ip]:[remote_port] SIP/2.0
[last_Via:]
[last_From:]
[last_To:]
[last_Call-ID:]
CSeq: 1 ACK
Max-Forwards: 70
Content-Length: 0

  ]]></send>
  <nop><action><log message="REFUSED [call_id] [field0] retry=[$retry]"/></action></nop>
  <label id="over"/>
  <nop/>
</scenario>
"""
CALLER_BYE = re.compile(r"(  <send><!\[CDATA\[\nBYE \[next_url\] )")
HANGUP_LOG = ('  <nop><action><gettimeofday assign_to="hangup_s,hangup_us"/>'
              '<log message="HANGUP [call_id] [field0] [$hangup_s] [$hangup_us]"/></action></nop>\n')
"""Logged just before the caller's own BYE, so a bench can tell a caller who hung up from a
call the service lost."""
IN_DIALOG_REQUEST = re.compile(r"(\n(?:ACK|INFO|BYE) \[next_url\] SIP/2\.0\nVia: [^\n]*\n)")
"""The caller's requests inside the dialog: they get the Route set Kamailio recorded, as a
compliant phone sends it (without it Kamailio's dialog module cannot tell that the call ended,
and keeps the dialog until its timeout)."""
ERROR_ENTRY = re.compile(r"\d{4}-\d\d-\d\d\t[\d:.]+\t(?P<at>\d+\.\d+): ")
"""The start of an entry of SIPp's error file: some entries end without a newline."""
UNEXPECTED_BYE = re.compile(r"unexpected BYE for call: (?P<call>\S+)")
CALL_ID = re.compile(r"Call-I[dD][ :]+'?(?P<call>[^',\s]+)")
RECEIVED_STATUS = re.compile(r"received 'SIP/2\.0 (?P<code>\d{3})")
LATE_MESSAGE = re.compile(r"received '(?:SIP/2\.0 )?(\S+)")
RECEIVED_BYE = re.compile(r"received 'BYE ")
PERIOD_MS = 2600
"""The menu loop's key period, as bench_voice."""


def call_plan(hold_s: int) -> tuple[int, int]:
    """Menu rounds per call and the call's length in ms (answer to hang-up), as bench_voice."""
    rounds = max(hold_s * 1000 // (PERIOD_MS + 400), 2)
    return rounds, rounds * (PERIOD_MS + 200) + 1500


def door_scenario(name: str, rounds: int, period_ms: int, folder: Path) -> str:
    """The menu loop's XML with the door's outcomes logged (see the module's docstring)."""
    xml = menu_scenario(name, rounds, period_ms, keys="info", audio_port="[field0]").xml(folder)
    if xml.count(ANSWER_ANCHOR) != 1 or not xml.endswith("</scenario>\n"):
        raise RuntimeError("the menu scenario's XML no longer has the expected shape")
    xml = IN_DIALOG_REQUEST.sub(lambda match: match[1] + "[routes]\n", xml)
    xml, hangups = CALLER_BYE.subn(lambda match: HANGUP_LOG + match[1], xml)
    if hangups != 1:
        raise RuntimeError("the menu scenario's XML no longer has one BYE of the caller's")
    return xml.replace(ANSWER_ANCHOR, DOOR_RECV)[: -len("</scenario>\n")] + ENDINGS


def write_inject(path: Path, audio_ports: list[int]) -> Path:
    """One line per call, in the order SIPp places them: the port its SDP names."""
    path.write_text("SEQUENTIAL\n" + "".join(f"{port};\n" for port in audio_ports))
    return path


class RtpSink:
    """A bound UDP socket nobody reads: the unsampled calls' audio goes there and is dropped
    by the kernel once its buffer is full (no ICMP errors back to the workers)."""

    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.sock.bind((host, port))
        self.port = port

    def close(self) -> None:
        self.sock.close()


@dataclass
class CallOutcome:
    call_id: str
    audio_port: int | None = None
    answered_at: float | None = None
    done: bool = False
    refused: bool = False
    retry_after: str = ""
    bye_at: float | None = None
    """When the service's BYE reached the caller (SIPp aborted the call on it)."""
    hung_up_at: float | None = None
    """When the caller sent its own BYE (the end of its script)."""
    error: str = ""

    @property
    def kind(self) -> str:
        """answered, refused, or what went wrong."""
        if self.refused:
            return "refused" if self.retry_after else "503 without Retry-After"
        if self.answered_at is not None:
            if self.done:
                return "answered"
            return "answered then hung up by the service" if self.bye_at else \
                "answered then failed"
        return self.error or "no answer"


@dataclass
class SippOutcomes:
    calls: dict[str, CallOutcome] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    """Error lines no call could be told from."""
    late_messages: Counter[str] = field(default_factory=Counter)
    """Messages for calls SIPp had already finished, by kind ("503", "BYE", ...): the
    retransmissions of a peer that did not take the caller's last message as an answer."""

    def call(self, call_id: str) -> CallOutcome:
        return self.calls.setdefault(call_id, CallOutcome(call_id))

    def kinds(self) -> Counter[str]:
        return Counter(outcome.kind for outcome in self.calls.values())


def read_outcomes(log_path: Path, error_path: Path) -> SippOutcomes:
    """Every call SIPp logged or reported an error for, by Call-ID."""
    outcomes = SippOutcomes()
    if log_path.exists():
        for line in log_path.read_text(errors="replace").splitlines():
            parts = line.split()
            if len(parts) < 3 or parts[0] not in ("ANSWERED", "DONE", "REFUSED", "HANGUP"):
                continue
            outcome = outcomes.call(parts[1])
            outcome.audio_port = int(parts[2]) if parts[2].isdigit() else None
            if parts[0] == "ANSWERED" and len(parts) >= 5:
                outcome.answered_at = float(parts[3]) + float(parts[4]) / 1e6
            elif parts[0] == "HANGUP" and len(parts) >= 5:
                outcome.hung_up_at = float(parts[3]) + float(parts[4]) / 1e6
            elif parts[0] == "DONE":
                outcome.done = True
            elif parts[0] == "REFUSED":
                outcome.refused = True
                outcome.retry_after = parts[3].partition("=")[2] if len(parts) > 3 else ""
    if error_path.exists():
        text = error_path.read_text(errors="replace")
        starts = list(ERROR_ENTRY.finditer(text))
        for match, following in zip(starts, [*starts[1:], None]):
            end = following.start() if following else len(text)
            _error_entry(outcomes, text[match.end():end], float(match["at"]))
    return outcomes


def _error_entry(outcomes: SippOutcomes, text: str, at: float) -> None:
    if text.startswith("Dead call "):
        late = LATE_MESSAGE.search(text)
        outcomes.late_messages[late[1] if late else "other"] += 1
        return
    bye = UNEXPECTED_BYE.search(text)
    named = bye or CALL_ID.search(text)
    if named is None:
        outcomes.errors.append(text[:300])
        return
    outcome = outcomes.call(named["call"])
    if bye is not None or RECEIVED_BYE.search(text):
        outcome.bye_at = outcome.bye_at or at
        return
    status = RECEIVED_STATUS.search(text)
    if outcome.error:
        return
    if status is not None:
        outcome.error = f"final response {status['code']}"
    elif "timeout" in text.lower():
        outcome.error = "timeout"
    else:
        outcome.error = "failed: " + text[:120]


def keep_files(folder: Path, target: Path) -> None:
    """SIPp's scenario, logs and error file and the pool's process logs, for a closer look."""
    target.mkdir(parents=True, exist_ok=True)
    for path in [*folder.glob("sipp/*"), *folder.glob("instance/*.log")]:
        if path.is_file() and path.suffix in (".xml", ".log", ".errors", ".csv"):
            shutil.copy2(path, target / path.name)
