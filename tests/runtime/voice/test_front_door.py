"""The front door (Kamailio) relays in-dialog requests only to the pool's exact worker
addresses, answers unparsable requests 400 instead of dropping them, blocks floods from one
address (pike) and serves SIP over TLS when asked. A real Kamailio, stub workers."""

from __future__ import annotations

import datetime
import socket
import ssl
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from runtime.voice.kamailio import FloodLimit, TlsListener
from tests.runtime.voice.front_door import FrontDoor, exchange, request

PORT = 53000
OUTSIDER = 53090


@pytest.fixture(scope="module")
def door(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FrontDoor]:
    front = FrontDoor(tmp_path_factory.mktemp("front-door"), PORT)
    yield front
    front.close()


@pytest.fixture
def outsider() -> Iterator[socket.socket]:
    """Something listening on the workers' host at a port that is not a worker's."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", OUTSIDER))
    sock.settimeout(1.0)
    yield sock
    sock.close()


def status(answer: str | None) -> str:
    return answer.split("\r\n", 1)[0] if answer else "no answer"


def assert_nothing_arrives(sock: socket.socket) -> None:
    with pytest.raises(TimeoutError):
        sock.recv(65535)


def test_in_dialog_requests_reach_the_workers(door: FrontDoor) -> None:
    worker = door.workers[1]
    answer = exchange(request("INFO", f"sip:w@127.0.0.1:{worker.port}", local_port=53101),
                      PORT, local_port=53101)
    assert status(answer) == "SIP/2.0 200 OK"
    assert "INFO" in worker.methods()


def test_an_in_dialog_request_to_another_port_is_refused_and_not_delivered(
        door: FrontDoor, outsider: socket.socket) -> None:
    answer = exchange(request("INFO", f"sip:w@127.0.0.1:{OUTSIDER}", local_port=53102),
                      PORT, local_port=53102)
    assert status(answer).startswith("SIP/2.0 403")
    assert_nothing_arrives(outsider)


def test_a_route_through_the_front_door_does_not_open_the_relay(
        door: FrontDoor, outsider: socket.socket) -> None:
    via_us = request("INFO", f"sip:w@127.0.0.1:{OUTSIDER}", local_port=53103,
                     extra=(f"Route: <sip:127.0.0.1:{PORT};lr>",))
    assert status(exchange(via_us, PORT, local_port=53103)).startswith("SIP/2.0 403")
    onwards = request("INFO", f"sip:w@127.0.0.1:{door.workers[0].port}", local_port=53104,
                      extra=(f"Route: <sip:127.0.0.1:{OUTSIDER};lr>",))
    assert status(exchange(onwards, PORT, local_port=53104)).startswith("SIP/2.0 403")
    assert_nothing_arrives(outsider)


def test_a_request_uri_naming_the_front_door_is_refused_without_a_loop(door: FrontDoor) -> None:
    answer = exchange(request("INFO", f"sip:127.0.0.1:{PORT}", local_port=53105), PORT,
                      local_port=53105)
    assert status(answer) == "SIP/2.0 404 No dialog here"


def test_a_worker_reaches_its_caller_through_the_front_door(
        door: FrontDoor, outsider: socket.socket) -> None:
    worker = door.workers[0]
    tag = uuid.uuid4().hex[:8]
    bye = (f"BYE sip:caller@127.0.0.1:{OUTSIDER} SIP/2.0\r\n"
           f"Via: SIP/2.0/UDP 127.0.0.1:{worker.port};branch=z9hG4bK{tag}\r\n"
           f"Route: <sip:127.0.0.1:{PORT};lr>\r\n"
           f"From: <sip:w@127.0.0.1:{worker.port}>;tag={tag}\r\n"
           f"To: <sip:caller@127.0.0.1>;tag=caller\r\nCall-ID: {tag}@worker\r\n"
           "CSeq: 3 BYE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n")
    worker.sock.sendto(bye.encode(), ("127.0.0.1", PORT))
    assert outsider.recv(65535).startswith(b"BYE ")


@pytest.mark.parametrize("case", ["no Call-ID", "no From", "two Content-Lengths"])
def test_requests_the_parser_rejects_get_400(door: FrontDoor, case: str) -> None:
    local = 53110 + ["no Call-ID", "no From", "two Content-Lengths"].index(case)
    broken = request("INVITE", f"sip:18005550100@127.0.0.1:{PORT}", local_port=local,
                     to_tag=False,
                     drop=("Call-ID",) if case == "no Call-ID" else
                     ("From",) if case == "no From" else (),
                     extra=("Content-Length: 0",) if case == "two Content-Lengths" else ())
    answer = exchange(broken, PORT, local_port=local)
    assert status(answer) == "SIP/2.0 400 Bad Request"
    assert f"127.0.0.1:{local};branch=" in str(answer)
    assert all("INVITE" not in worker.methods() for worker in door.workers)


def test_pike_blocks_a_flood_from_one_address(tmp_path: Path) -> None:
    front = FrontDoor(tmp_path, PORT + 100, flood=FloodLimit(requests=20, window_s=2))
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 53120))
            for _ in range(100):
                sock.sendto(request("OPTIONS", f"sip:127.0.0.1:{PORT + 100}", to_tag=False,
                                    local_port=53120), ("127.0.0.1", PORT + 100))
            time.sleep(0.5)
        blocked = exchange(request("OPTIONS", f"sip:127.0.0.1:{PORT + 100}", to_tag=False,
                                   local_port=53121), PORT + 100, local_port=53121)
        assert blocked is None
        other = exchange(request("OPTIONS", f"sip:127.0.0.2:{PORT + 100}", to_tag=False,
                                 local_port=53122), PORT + 100, local_port=53122,
                         host="127.0.0.2")
        assert status(other) == "SIP/2.0 200 OK"
    finally:
        front.close()


def test_a_refusal_is_sent_once_when_the_caller_acknowledges_it(tmp_path: Path) -> None:
    """Every worker busy (486): the door answers 503 from its transaction; the caller's ACK must
    end that transaction, not leave the 503 to be resent into an overloaded door."""
    front = FrontDoor(tmp_path, PORT + 200, invite_status="486 Busy Here")
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.bind(("127.0.0.1", 53230))
            sock.settimeout(0.2)
            invite = request("INVITE", f"sip:18005550100@127.0.0.1:{PORT + 200}",
                             local_port=53230, to_tag=False,
                             extra=("Contact: <sip:caller@127.0.0.1:53230>",)).decode()
            sock.sendto(invite.encode(), ("127.0.0.1", PORT + 200))
            refusal = _final_answer(sock, 5.0)
            assert refusal is not None and refusal.startswith("SIP/2.0 503"), refusal
            sock.sendto(_ack_for(invite, refusal), ("127.0.0.1", PORT + 200))
            resent = []
            deadline = time.monotonic() + 3.0  # timer G resends at 0.5 s, 1.5 s, ...
            while time.monotonic() < deadline:
                try:
                    resent.append(sock.recv(65535).decode("utf-8", "replace"))
                except TimeoutError:
                    continue
        assert [status(answer) for answer in resent] == []
        assert all("INVITE" in worker.methods() for worker in front.workers)  # both were tried
    finally:
        front.close()


def _final_answer(sock: socket.socket, wait_s: float) -> str | None:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            answer = sock.recv(65535).decode("utf-8", "replace")
        except TimeoutError:
            continue
        if not answer.startswith("SIP/2.0 1"):
            return answer
    return None


def _ack_for(invite: str, answer: str) -> bytes:
    """The ACK of a non-2xx answer: the INVITE's Via, From and Call-ID, the answer's To."""
    def header(message: str, name: str) -> str:
        return next(line for line in message.split("\r\n")
                    if line.lower().startswith(name.lower() + ":"))
    ruri = invite.split("\r\n", 1)[0].split(" ")[1]
    cseq = header(invite, "CSeq").split(":", 1)[1].split()[0]
    lines = [f"ACK {ruri} SIP/2.0", header(invite, "Via"), header(invite, "From"),
             header(answer, "To"), header(invite, "Call-ID"), f"CSeq: {cseq} ACK",
             "Max-Forwards: 70", "Content-Length: 0"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "sip.crt", folder / "sip.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_options_over_tls(tmp_path: Path) -> None:
    cert, key = self_signed(tmp_path)
    tls_port = PORT + 205
    front = FrontDoor(tmp_path, PORT + 200, tls=TlsListener(tls_port, cert, key))
    try:
        context = ssl.create_default_context(cafile=str(cert))
        context.check_hostname = False
        with socket.create_connection(("127.0.0.1", tls_port), timeout=5) as raw, \
                context.wrap_socket(raw) as conn:
            local = conn.getsockname()[1]
            tag = uuid.uuid4().hex[:8]
            conn.sendall((f"OPTIONS sip:127.0.0.1:{tls_port};transport=tls SIP/2.0\r\n"
                          f"Via: SIP/2.0/TLS 127.0.0.1:{local};branch=z9hG4bK{tag}\r\n"
                          f"From: <sip:probe@127.0.0.1>;tag={tag}\r\n"
                          f"To: <sip:127.0.0.1:{tls_port}>\r\nCall-ID: {tag}@tls\r\n"
                          "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
                          ).encode())
            answer = conn.recv(65535).decode()
            version = conn.version()
        assert answer.startswith("SIP/2.0 200 OK"), answer
        assert version in ("TLSv1.2", "TLSv1.3")
    finally:
        front.close()
