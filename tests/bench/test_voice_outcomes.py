"""The voice benches' call accounting: a real SIPp caller against SIPp services that refuse,
answer, or answer and then hang up; the outcome of every call read back from SIPp's files."""

from __future__ import annotations

import subprocess
from pathlib import Path

from bench.voice_outcomes import door_scenario, read_outcomes, write_inject
from tests.runtime.voice.sipp import RESPOND_200

SERVICE_PORT, CALLER_PORT, MEDIA_PORT, AUDIO_PORT = 37700, 37710, 37720, 37730
NOBODY_PORT = 37740
REFUSE = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="refuse">
  <recv request="INVITE" crlf="true"/>
  <send><![CDATA[
SIP/2.0 503 Overloaded
[last_Via:]
[last_From:]
[last_To:];tag=[pid]Door[call_number]
[last_Call-ID:]
[last_CSeq:]
{retry}Content-Length: 0

  ]]></send>
  <recv request="ACK"/>
</scenario>
"""
ANSWER_THEN_HANG_UP = """<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="answer">
  <recv request="INVITE" crlf="true"/>
  <send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]Svc[call_number]
[last_Call-ID:]
[last_CSeq:]
Record-Route: <sip:127.0.0.1:{port};lr;did=abc.1>
Contact: <sip:svc@127.0.0.1:{port}>
Content-Type: application/sdp
Content-Length: [len]

v=0
o=svc 1 1 IN IP4 127.0.0.1
s=-
c=IN IP4 127.0.0.1
t=0 0
m=audio [media_port] RTP/AVP 0
a=rtpmap:0 PCMU/8000
  ]]></send>
  <recv request="ACK">
    <action><ereg regexp="Route: [^\r\n]*did=abc.1[^\r\n]*" search_in="msg"
      check_it="true" assign_to="route"/><log message="ROUTE [$route]"/></action>
  </recv>
  <pause milliseconds="300"/>
  <send><![CDATA[
BYE sip:caller@127.0.0.1:{caller} SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
[last_To:]
[last_From:]
[last_Call-ID:]
CSeq: 7 BYE
Max-Forwards: 70
Content-Length: 0

  ]]></send>
  <recv response="200"/>
</scenario>
"""

ANSWER_AND_LISTEN = (ANSWER_THEN_HANG_UP[:ANSWER_THEN_HANG_UP.index("  <pause milliseconds")]
                     + '  <recv request="INFO"/>\n' + RESPOND_200
                     + '  <recv request="INFO"/>\n' + RESPOND_200
                     + '  <recv request="BYE"/>\n' + RESPOND_200 + "</scenario>\n")


def place_one_call(folder: Path, service_xml: str) -> tuple[Path, Path]:
    """One caller with the benches' scenario against one SIPp service; the caller's log and
    error file."""
    (folder / "service.xml").write_text(service_xml)
    (folder / "caller.xml").write_text(door_scenario("caller", 2, 1000, folder))
    inject = write_inject(folder / "ports.csv", [AUDIO_PORT])
    service = subprocess.Popen(
        ["sipp", "-sf", str(folder / "service.xml"), "-i", "127.0.0.1", "-p", str(SERVICE_PORT),
         "-mp", str(MEDIA_PORT + 10), "-m", "1", "-nostdin", "-trace_logs", "-log_file",
         str(folder / "service.log"), "-timeout", "20s"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
    try:
        subprocess.run(
            ["sipp", "-sf", str(folder / "caller.xml"), "-inf", str(inject), "-s", "100",
             "-i", "127.0.0.1", "-p", str(CALLER_PORT), "-mp", str(MEDIA_PORT), "-m", "1",
             "-nostdin", "-trace_logs", "-log_file", str(folder / "caller.log"), "-trace_err",
             "-error_file", str(folder / "caller.errors"), "-timeout", "15s",
             "-recv_timeout", "5000",
             f"127.0.0.1:{SERVICE_PORT}"],
            capture_output=True, timeout=30, check=False, cwd=folder)
    finally:
        service.wait(20)
    return folder / "caller.log", folder / "caller.errors"


def test_a_503_with_retry_after_is_a_refusal(tmp_path: Path) -> None:
    outcomes = read_outcomes(*place_one_call(tmp_path, REFUSE.format(retry="Retry-After: 5\n")))
    [call] = outcomes.calls.values()
    assert call.kind == "refused" and call.retry_after == "5" and call.audio_port == AUDIO_PORT
    assert call.answered_at is None and not call.done


def test_a_503_without_retry_after_is_not_a_clean_refusal(tmp_path: Path) -> None:
    outcomes = read_outcomes(*place_one_call(tmp_path, REFUSE.format(retry="")))
    assert [call.kind for call in outcomes.calls.values()] == ["503 without Retry-After"]


def test_a_bye_from_the_service_is_timed_and_the_route_set_is_sent(tmp_path: Path) -> None:
    xml = ANSWER_THEN_HANG_UP.replace("{port}", str(SERVICE_PORT)).replace(
        "{caller}", str(CALLER_PORT))
    outcomes = read_outcomes(*place_one_call(tmp_path, xml))
    [call] = outcomes.calls.values()
    assert call.kind == "answered then hung up by the service"
    assert call.answered_at is not None and call.bye_at is not None
    assert 0.2 <= call.bye_at - call.answered_at < 5.0
    assert "ROUTE Route: <sip:127.0.0.1:37700;lr;did=abc.1>" in (tmp_path / "service.log"
                                                                 ).read_text()


def test_a_call_nobody_answers_is_a_timeout(tmp_path: Path) -> None:
    (tmp_path / "caller.xml").write_text(door_scenario("caller", 2, 1000, tmp_path))
    inject = write_inject(tmp_path / "ports.csv", [AUDIO_PORT])
    subprocess.run(["sipp", "-sf", str(tmp_path / "caller.xml"), "-inf", str(inject), "-s", "1",
                    "-i", "127.0.0.1", "-p", str(CALLER_PORT), "-mp", str(MEDIA_PORT), "-m",
                    "1", "-nostdin", "-trace_logs", "-log_file", str(tmp_path / "caller.log"),
                    "-trace_err", "-error_file", str(tmp_path / "caller.errors"),
                    "-recv_timeout", "1000", "-timeout", "10s", f"127.0.0.1:{NOBODY_PORT}"],
                   capture_output=True, timeout=30, check=False, cwd=tmp_path)
    outcomes = read_outcomes(tmp_path / "caller.log", tmp_path / "caller.errors")
    assert [(call.call_id.endswith("@127.0.0.1"), call.kind)
            for call in outcomes.calls.values()] == [(True, "timeout")]


def test_no_sipp_files_means_no_calls(tmp_path: Path) -> None:
    outcomes = read_outcomes(tmp_path / "missing.log", tmp_path / "missing.errors")
    assert not outcomes.calls and not outcomes.errors


def test_the_callers_own_hang_up_is_timed(tmp_path: Path) -> None:
    """A soak tells a caller who hung up itself (just as its worker died) from a call the
    service lost: the caller's BYE is logged with its time."""
    xml = ANSWER_AND_LISTEN.replace("{port}", str(SERVICE_PORT))
    outcomes = read_outcomes(*place_one_call(tmp_path, xml))
    [call] = outcomes.calls.values()
    assert call.kind == "answered" and call.bye_at is None
    assert call.answered_at is not None and call.hung_up_at is not None
    assert 2.0 <= call.hung_up_at - call.answered_at < 10.0
